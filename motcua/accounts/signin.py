"""The two-step sign-in of staff who confirmed an authenticator app.

After the password step the account is not signed in yet: the session only remembers, for a
few minutes, who passed that step. The code step then signs the account in and marks the
session as verified (django-otp), in one go.
"""

import time
from typing import Any

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import login as auth_login
from django.http import HttpRequest, QueryDict
from django_otp import login as otp_login
from django_otp.models import Device

from motcua.accounts.backends import PhoneOrEmailBackend
from motcua.accounts.models import User
from motcua.accounts.totp import needs_otp_verification

PENDING_SESSION_KEY = "accounts.second_step"
PENDING_MAX_AGE_SECONDS = 5 * 60


def url_with_next(url: str, next_url: str | None) -> str:
    """`url` carrying the page to return to afterwards (as Django's redirect_to_login does)."""
    if not next_url:
        return url
    query = QueryDict(mutable=True)
    query[REDIRECT_FIELD_NAME] = next_url
    return f"{url}?{query.urlencode(safe='/')}"


def begin_second_step(request: HttpRequest, user: Any) -> None:
    """Remember that `user` (as returned by `authenticate`) passed the password step."""
    request.session[PENDING_SESSION_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "since": int(time.time()),
    }


def second_step_user(request: HttpRequest) -> User | None:
    """Whom the code step is for: the account that just passed the password step, or the
    signed-in account whose session has not given its code yet; None for nobody."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if pending is not None:
        if time.time() - pending["since"] <= PENDING_MAX_AGE_SECONDS:
            user = User.objects.filter(pk=pending["user"], is_active=True).first()
            if user is not None:
                return user
        del request.session[PENDING_SESSION_KEY]
    if needs_otp_verification(request.user):
        return request.user  # type: ignore[return-value]
    return None


def sign_in_new_account(request: HttpRequest, user: User) -> None:
    """Sign in an account that was just created (no password check to redo)."""
    auth_login(request, user, backend=f"{PhoneOrEmailBackend.__module__}.PhoneOrEmailBackend")


def complete_sign_in(request: HttpRequest, user: User, device: Device) -> None:
    """Sign `user` in (if the password step was just passed) and mark the session verified."""
    pending = request.session.pop(PENDING_SESSION_KEY, None)
    if pending is not None and pending["user"] == user.pk:
        auth_login(request, user, backend=pending["backend"])
    otp_login(request, device)
