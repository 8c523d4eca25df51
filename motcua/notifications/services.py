"""Queueing messages in the outbox, and the operations on queued messages.

`enqueue` renders a message (`texts.py`: the province's own text or the default template
files) in the recipient's language and writes one outbox row per channel the recipient can
be reached by, in the caller's transaction; nothing is sent here (see `dispatch.py`).
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from motcua.core import audit
from motcua.dossiers.models import Dossier
from motcua.notifications import texts
from motcua.notifications.models import SECRET_PLACEHOLDER, Channel, Message, Status


@dataclass(frozen=True)
class Recipient:
    """Where a message goes: an e-mail address and/or a phone number, the account if there
    is one, and the language to write in (empty: the installation's, Vietnamese)."""

    email: str = ""
    phone: str = ""
    user: Any = None
    language: str = ""

    def address(self, channel: Channel) -> str:
        return (self.email if channel == Channel.EMAIL else self.phone).strip()

    @property
    def channels(self) -> tuple[Channel, ...]:
        return tuple(channel for channel in Channel if self.address(channel))


def recipient_for_user(user: Any) -> Recipient:
    return Recipient(
        email=user.email or "",
        phone=user.phone or "",
        user=user,
        language=getattr(user, "language", "") or "",
    )


def enqueue(
    recipient: Recipient,
    template: str,
    context: Mapping[str, Any],
    *,
    channels: Iterable[Channel] | None = None,
    dossier: Dossier | None = None,
    secret: str = "",
    now: datetime.datetime | None = None,
) -> list[Message]:
    """Queue `template` for `recipient` by each of `channels` (default: every channel the
    recipient has an address for). A `secret` is shown in the text as `{{ secret }}`; it is
    kept apart from the stored text and erased once the message is sent."""
    moment = now or timezone.now()
    language = recipient.language or settings.LANGUAGE_CODE
    wanted = recipient.channels if channels is None else tuple(channels)
    full_context = {**context, "secret": SECRET_PLACEHOLDER if secret else ""}
    own = texts.own_texts(template, language)
    messages = []
    for channel in wanted:
        address = recipient.address(channel)
        if not address:
            continue
        rendered = texts.render(template, channel, full_context, language, own.get(channel))
        messages.append(
            Message(
                channel=channel,
                address=address,
                recipient=recipient.user,
                dossier=dossier,
                template=template,
                language=language,
                subject=rendered.subject,
                body=rendered.body,
                secret=secret if SECRET_PLACEHOLDER in rendered.body else "",
                next_attempt_at=moment,
                created_at=moment,
            )
        )
    return Message.objects.bulk_create(messages)


def retry_now(messages: QuerySet[Message], actor: Any, now: datetime.datetime | None = None) -> int:
    """Send the chosen unsent messages at the dispatcher's next run; a message that had
    failed gets its attempts back. Sent messages are left alone. Returns how many."""
    moment = now or timezone.now()
    with transaction.atomic():
        # By primary key: the admin's queryset joins the dossier, which FOR UPDATE refuses.
        chosen = list(
            Message.objects.select_for_update()
            .filter(pk__in=list(messages.values_list("pk", flat=True)))
            .exclude(status=Status.SENT)
            .order_by("pk")
        )
        for message in chosen:
            if message.status == Status.FAILED:
                message.attempts = 0
            message.status = Status.PENDING
            message.next_attempt_at = moment
            message.save(update_fields=["status", "next_attempt_at", "attempts"])
            audit.record("notification.retry", message, actor=actor)
    return len(chosen)
