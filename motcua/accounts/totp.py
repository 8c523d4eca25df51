"""Time-based one-time passwords (TOTP) for staff: which device counts, and its QR code."""

import xml.etree.ElementTree as ET
from base64 import b32encode
from typing import Any

import qrcode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathImage

from motcua.accounts.staff_cache import kept

_CACHE_ATTRIBUTE = "_motcua_has_confirmed_totp"


def confirmed_device(user: Any) -> TOTPDevice | None:
    """The authenticator the user has confirmed (the first, should there be several)."""
    return TOTPDevice.objects.filter(user=user.pk, confirmed=True).order_by("pk").first()


def has_confirmed_device(user: Any) -> bool:
    """Whether a second step is asked of this user; kept on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached: bool | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = kept(
            user,
            "authenticator",
            lambda: TOTPDevice.objects.filter(user=user.pk, confirmed=True).exists(),
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_device_state(user: Any) -> None:
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def is_verified(user: Any) -> bool:
    """Whether this session passed the second step (django-otp's middleware tells)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def needs_otp_verification(user: Any) -> bool:
    """A signed-in user with a confirmed authenticator whose session has not used it yet."""
    return has_confirmed_device(user) and not is_verified(user)


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// address as an inline SVG QR code, with an accessible name."""
    image = qrcode.make(device.config_url, image_factory=SvgPathImage, box_size=8, border=2)
    svg = image.get_image()
    svg.set("role", "img")
    svg.set("aria-label", gettext("QR code to scan with your authenticator app"))
    svg.set("class", "totp-qr-code")
    svg.set("width", "220")
    svg.set("height", "220")
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308 (generated from our data)


def grouped_secret(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
