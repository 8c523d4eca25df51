"""The outbox and the lateness warnings in the admin: read-only records, and one action,
"Retry now", for messages that wait or were given up. The province's own wording of each
message (`MessageText`) is edited here too."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.core.admin import AuditedModelAdmin
from motcua.notifications import services
from motcua.notifications.models import LatenessWarning, Message, MessageText, TemplateKey
from motcua.notifications.texts import VARIABLES


class ReadOnlyAdmin(AuditedModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "channel",
        "address",
        "template",
        "dossier",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "channel", "template"]
    search_fields = ["address", "dossier__code"]
    list_select_related = ["dossier"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["retry_now"]
    fields = readonly_fields = (
        "channel",
        "address",
        "recipient",
        "dossier",
        "template",
        "language",
        "subject",
        "body",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "provider",
        "provider_message_id",
        "created_at",
        "sent_at",
    )

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("notifications.change_message")

    @admin.action(description=_("Retry now"), permissions=["retry"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        count = services.retry_now(queryset, request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be sent at the dispatcher's next run.",
                "%(count)d messages will be sent at the dispatcher's next run.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(LatenessWarning)
class LatenessWarningAdmin(ReadOnlyAdmin):
    list_display = ["warned_at", "dossier", "step", "threshold", "due_at", "recipients"]
    list_filter = ["threshold"]
    search_fields = ["dossier__code"]
    list_select_related = ["dossier", "step"]
    date_hierarchy = "warned_at"
    show_full_result_count = False


@admin.register(MessageText)
class MessageTextAdmin(AuditedModelAdmin):
    list_display = ["template", "channel", "language", "updated_at"]
    list_filter = ["template", "channel", "language"]
    fields = ["template", "channel", "language", "subject", "body", "variables"]
    readonly_fields = ["variables"]

    @admin.display(description=_("Variables"))
    def variables(self, obj: MessageText | None) -> SafeString:
        """What each message may use, as {{ name }} (default texts: the files
        templates/notifications/<message>/subject.txt, email.txt, sms.txt)."""
        keys = [TemplateKey(obj.template)] if obj and obj.template else list(TemplateKey)
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "",
                "<dt>{}</dt><dd><code>{}</code></dd>",
                (
                    (key.label, " ".join(f"{{{{ {name} }}}}" for name in VARIABLES[key]))
                    for key in keys
                ),
            ),
        )
