"""Admin integration of the kernel: every admin edit is written to the audit trail too."""

import json
from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from motcua.core import audit
from motcua.core.models import AuditEvent


def _admin_message(message: Any) -> Any:
    """Django's change message is a JSON string (or a list); store it as structured data."""
    if isinstance(message, str):
        try:
            return json.loads(message)
        except ValueError:
            return message
    return message


class AuditedModelAdmin(admin.ModelAdmin):
    """Base for every ModelAdmin of the project: additions, changes and deletions made in the
    admin reach the same audit trail as the domain services' changes."""

    def log_addition(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        audit.record(
            "admin.add", obj, actor=request.user, data={"message": _admin_message(message)}
        )
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        audit.record(
            "admin.change", obj, actor=request.user, data={"message": _admin_message(message)}
        )
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        for obj in queryset:
            audit.record("admin.delete", obj, actor=request.user)
        return super().log_deletions(request, queryset)


class ReadOnlyAdminMixin:
    """For records that the admin shows and never writes: no add, change or delete (the
    view permission still opens the list and each record)."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only view of the trail: nobody adds, edits or deletes entries through the admin."""

    list_display = [
        "sequence",
        "occurred_at",
        "actor_label",
        "action",
        "target_label",
        "ip_address",
    ]
    list_filter = ["action", "target_type"]
    search_fields = ["target_label", "actor_label", "action", "target_id"]
    date_hierarchy = "occurred_at"
    show_full_result_count = False
