"""Outgoing e-mail behind one interface, sent through Django's mail backend.

`EMAIL_BACKEND` and the `EMAIL_*` settings choose the transport (SMTP in production, the
console in development, memory in tests); a different kind of e-mail service is another
class with the same `send`.
"""

from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import make_msgid


class EmailProvider(Protocol):
    name: str

    def send(self, address: str, subject: str, body: str) -> str:
        """Send one message; return the provider's message id. Raise on failure."""
        ...


class DjangoMailProvider:
    name = "django"

    def __init__(self) -> None:
        self.connection = get_connection(fail_silently=False)

    def send(self, address: str, subject: str, body: str) -> str:
        message_id = make_msgid(domain=_sender_domain())
        EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            headers={"Message-ID": message_id},
            connection=self.connection,
        ).send(fail_silently=False)
        return message_id


def _sender_domain() -> str:
    sender = str(settings.DEFAULT_FROM_EMAIL).rstrip(">")
    return sender.rpartition("@")[2] or "localhost"


def configured_email_provider() -> EmailProvider:
    return DjangoMailProvider()
