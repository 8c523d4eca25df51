"""Who may use the back-office (and, with Django's `is_staff`, the admin site).

The rule: a signed-in, active staff account (`User.kind == "staff"`); and when that account
has confirmed an authenticator app, only a session that passed the code step. The
back-office views and the admin site (`motcua.accounts.admin_site`) both ask here.
"""

import enum
from typing import Any

from motcua.accounts.models import UserKind
from motcua.accounts.totp import needs_otp_verification


class BackofficeAccess(enum.Enum):
    GRANTED = "granted"
    SIGN_IN = "sign_in"  # nobody signed in
    SECOND_STEP = "second_step"  # signed in with a password, the TOTP code still due
    NOT_STAFF = "not_staff"  # a citizen's account


def backoffice_access(user: Any) -> BackofficeAccess:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return BackofficeAccess.SIGN_IN
    if user.kind != UserKind.STAFF:
        return BackofficeAccess.NOT_STAFF
    if needs_otp_verification(user):
        return BackofficeAccess.SECOND_STEP
    return BackofficeAccess.GRANTED
