from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from motcua.accounts.models import User
from motcua.accounts.queries import find_account


class PhoneOrEmailBackend(ModelBackend):
    """Sign in with a phone number, an e-mail address or (for staff) a user name."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        user = find_account(username)
        if user is None:
            # Spend the same time as a real check, so that timing does not reveal accounts.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
