"""Lock-out after repeated failed sign-ins, with django-axes (settings: AXES_*).

Axes counts failures per "username". People type the same account in many ways (a phone
number with or without +84 and spaces, an e-mail in any case, or the user name), so
`lockout_key` resolves what was typed to the account it means: five failures are five
failures of that account, however they were typed. Wrong TOTP codes count as failures too.
"""

from math import ceil
from typing import Any

from axes.conf import settings
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.accounts.queries import find_account
from motcua.accounts.validators import normalize_phone


def lockout_key(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """AXES_USERNAME_CALLABLE: the account's user name, or a normal form of what was typed."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = request.POST.get("username")
    identifier = str(typed or "").strip()
    account = find_account(identifier)
    if account is not None:
        return account.get_username()
    phone = normalize_phone(identifier)
    return phone if phone.isdigit() else identifier.lower()


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the lock-out page in the layout of the face that was used."""
    match = request.resolver_match
    face = "backoffice" if match is not None and match.namespace == "backoffice" else "portal"
    cool_off = get_cool_off(request)
    context = {
        "base_template": f"{face}/base.html",
        "face": face,
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(
        request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


def record_failed_second_step(request: HttpRequest, user: Any) -> None:
    """A wrong TOTP code counts like a wrong password towards the account's lock-out."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )


def is_locked_out(request: HttpRequest, user: Any) -> bool:
    """Whether the account is locked; if so the request is flagged, so that axes' middleware
    answers with the lock-out page."""
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_allowed(request, credentials):
        return False
    request.axes_locked_out = True  # type: ignore[attr-defined]
    request.axes_credentials = credentials  # type: ignore[attr-defined]
    return True
