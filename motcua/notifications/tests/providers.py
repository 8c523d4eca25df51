"""Real providers for the tests, registered in the registries like any other provider and
chosen by the settings (SMS_PROVIDER, EMAIL_BACKEND), so the dispatcher runs unchanged."""

import smtplib
from collections.abc import Sequence
from typing import Any, ClassVar

from django.core.mail.backends.base import BaseEmailBackend

from motcua.notifications.sms import SmsReceipt, sms_providers


@sms_providers.register("flaky-test")
class FlakySmsProvider:
    """Fails the first `failures` sends (each with a gateway error), then delivers; what it
    delivered is kept in `delivered` (class-wide, reset by the tests' fixture)."""

    name = "flaky-test"
    attempts: ClassVar[int] = 0
    delivered: ClassVar[list[tuple[str, str]]] = []

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures

    @classmethod
    def reset(cls) -> None:
        cls.attempts = 0
        cls.delivered = []

    def send(self, phone: str, text: str) -> SmsReceipt:
        type(self).attempts += 1
        if type(self).attempts <= self.failures:
            raise ConnectionError(f"gateway unreachable (attempt {type(self).attempts})")
        type(self).delivered.append((phone, text))
        return SmsReceipt(provider=self.name, message_id=f"flaky-{len(type(self).delivered)}")


class BrokenEmailBackend(BaseEmailBackend):
    """An SMTP server that refuses every message."""

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
