"""Outgoing SMS behind one interface; `SMS_PROVIDER` and `SMS_OPTIONS` choose the provider.

The `log` provider writes each message to the log: the working provider of development and
tests. A real gateway is added as another registered provider, tested against a local fake.
"""

import logging
import uuid
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

from motcua.core.providers import ProviderRegistry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmsReceipt:
    provider: str
    message_id: str


class SmsProvider(Protocol):
    name: str

    def send(self, phone: str, text: str) -> SmsReceipt: ...


sms_providers: ProviderRegistry[SmsProvider] = ProviderRegistry("SMS")


@sms_providers.register("log")
class LogSmsProvider:
    name = "log"

    def send(self, phone: str, text: str) -> SmsReceipt:
        message_id = f"log-{uuid.uuid4().hex}"
        logger.info("SMS %s to %s: %s", message_id, phone, text)
        return SmsReceipt(provider=self.name, message_id=message_id)


def configured_sms_provider() -> SmsProvider:
    return sms_providers.create(settings.SMS_PROVIDER, settings.SMS_OPTIONS)
