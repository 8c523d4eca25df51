"""The dispatcher: sends the outbox's due messages, records what happened, retries later.

A run claims a batch of due messages in a short transaction (on PostgreSQL with
`SELECT ... FOR UPDATE SKIP LOCKED`, so that several workers share the queue without
waiting for each other; SQLite's immediate transactions serialise the claim instead). A
claim moves the message's next attempt `MOTCUA_NOTIFICATION_CLAIM_SECONDS` later, so a
worker that dies in the middle only delays it. Sending happens outside any transaction;
each result is written on its own: sent (the kept-apart secret is erased), or failed with
the error and the next attempt after an exponential backoff, or, after
`MOTCUA_NOTIFICATION_MAX_ATTEMPTS`, given up (status failed; the admin's "Retry now" sends
it again). A failing provider therefore delays a message and never loses it.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from motcua.notifications import conf
from motcua.notifications.email import EmailProvider, configured_email_provider
from motcua.notifications.models import SECRET_PLACEHOLDER, Channel, Message, Status
from motcua.notifications.sms import SmsProvider, configured_sms_provider

logger = logging.getLogger(__name__)

ERROR_MAX_LENGTH = 2000


@dataclass
class DispatchReport:
    sent: int = 0
    retrying: int = 0
    gave_up: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def claimed(self) -> int:
        return self.sent + self.retrying + self.gave_up


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failed attempt: the first wait doubled each time,
    up to the maximum."""
    seconds = conf.retry_seconds() * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, conf.retry_max_seconds()))


def claim(now: datetime.datetime, limit: int) -> list[Message]:
    """Take up to `limit` due messages for this worker (see the module's documentation)."""
    with transaction.atomic():
        due = Message.objects.filter(status=Status.PENDING, next_attempt_at__lte=now).order_by(
            "next_attempt_at", "id"
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        batch = list(due[:limit])
        Message.objects.filter(pk__in=[message.pk for message in batch]).update(
            attempts=F("attempts") + 1,
            next_attempt_at=now + datetime.timedelta(seconds=conf.claim_seconds()),
        )
    for message in batch:
        message.attempts += 1
    return batch


class _Providers:
    """The configured providers, created when first needed (once per run)."""

    def __init__(self) -> None:
        self._email: EmailProvider | None = None
        self._sms: SmsProvider | None = None

    def send(self, message: Message) -> tuple[str, str]:
        body = message.body.replace(SECRET_PLACEHOLDER, message.secret)
        if message.channel == Channel.EMAIL:
            if self._email is None:
                self._email = configured_email_provider()
            return self._email.name, self._email.send(message.address, message.subject, body)
        if self._sms is None:
            self._sms = configured_sms_provider()
        receipt = self._sms.send(message.address, body)
        return receipt.provider, receipt.message_id


def _delivered(message: Message, provider: str, message_id: str, now: datetime.datetime) -> None:
    Message.objects.filter(pk=message.pk).update(
        status=Status.SENT,
        sent_at=now,
        secret="",
        provider=provider[:50],
        provider_message_id=message_id[:255],
    )


def _failed(message: Message, error: Exception, now: datetime.datetime) -> bool:
    """Record a failed attempt; True if the message is given up."""
    text = f"{type(error).__name__}: {error}"[:ERROR_MAX_LENGTH]
    gave_up = message.attempts >= conf.max_attempts()
    Message.objects.filter(pk=message.pk).update(
        status=Status.FAILED if gave_up else Status.PENDING,
        next_attempt_at=now + backoff(message.attempts),
        last_error=text,
    )
    logger.warning(
        "Message %s (%s to %s) failed, attempt %s%s: %s",
        message.pk,
        message.channel,
        message.address,
        message.attempts,
        " (given up)" if gave_up else "",
        text,
    )
    return gave_up


def send_due_messages(
    now: datetime.datetime | None = None, *, batch_size: int | None = None, max_batches: int = 10
) -> DispatchReport:
    """Send what is due, batch after batch, until nothing is due or `max_batches` batches
    were sent (the next run goes on)."""
    size = batch_size or conf.batch_size()
    providers = _Providers()
    report = DispatchReport()
    for _batch in range(max_batches):
        moment = now or timezone.now()
        batch = claim(moment, size)
        for message in batch:
            try:
                provider, message_id = providers.send(message)
            except Exception as error:  # any provider error only delays the message
                finished = now or timezone.now()
                if _failed(message, error, finished):
                    report.gave_up += 1
                else:
                    report.retrying += 1
                report.errors.append(f"{message.pk}: {type(error).__name__}: {error}")
            else:
                _delivered(message, provider, message_id, now or timezone.now())
                report.sent += 1
        if len(batch) < size:
            break
    return report
