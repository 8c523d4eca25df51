"""State-changing operations on people and their sign-in means, each with its audit event."""

import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User, UserKind
from motcua.accounts.totp import forget_device_state
from motcua.core import audit


def new_citizen_username() -> str:
    """Citizens sign in with their phone number or e-mail; the user name is only a stable
    internal handle, so that changing a phone number never collides with anybody."""
    return f"citizen-{secrets.token_hex(6)}"


def register_citizen(
    *, full_name: str, password: str, phone: str = "", email: str = "", cccd: str = ""
) -> User:
    with transaction.atomic():
        user = User(
            kind=UserKind.CITIZEN,
            username=new_citizen_username(),
            full_name=full_name,
            phone=phone,
            email=email,
            cccd=cccd,
        )
        user.set_password(password)
        user.save()
        audit.record("accounts.citizen_registered", user, actor=user)
    return user


def start_totp_enrolment(user: Any) -> TOTPDevice:
    """The user's authenticator waiting for confirmation, created on the first call (so that
    the QR code stays the same while the person sets up the app)."""
    waiting = TOTPDevice.objects.filter(user=user.pk, confirmed=False).order_by("pk").first()
    if waiting is not None:
        return waiting
    with transaction.atomic():
        device = TOTPDevice.objects.create(
            user=user, name=gettext("Authenticator app"), confirmed=False
        )
        audit.record("accounts.totp_enrolment_started", device, actor=user)
    return device


def confirm_totp_enrolment(device: TOTPDevice, *, actor: Any) -> None:
    """After the app proved it produces the right codes: from now on the account signs in
    with a code too. Other unconfirmed devices of the account are dropped."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user_id, confirmed=False).delete()
        audit.record("accounts.totp_confirmed", device, actor=actor)
    forget_device_state(actor)
