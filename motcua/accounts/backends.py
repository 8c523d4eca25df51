from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest

from motcua.accounts.models import User
from motcua.accounts.validators import normalize_phone


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
        identifier = username.strip()
        condition = Q(username=identifier) | Q(email=identifier.lower())
        phone = normalize_phone(identifier)
        if phone.isdigit():
            condition |= Q(phone=phone)
        user = User.objects.filter(condition).order_by("pk").first()
        if user is None:
            # Spend the same time as a real check, so that timing does not reveal accounts.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
