"""Shared steps of the sign-in tests."""

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows for the device right now."""
    device.refresh_from_db()
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(current_code(device)) + 1) % 10**device.digits:06d}"


def clear_throttle(device: TOTPDevice) -> None:
    """Skip django-otp's wait after a wrong code (1, 2, 4... seconds), so a test goes on."""
    device.refresh_from_db()
    device.throttle_reset()


def confirmed_device_for(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def signed_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None
