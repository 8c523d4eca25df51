"""Reusable reads about people: the account a person means, what they represent."""

from django.db.models import Q, QuerySet

from motcua.accounts.models import Representation, User
from motcua.accounts.scoping import scoped
from motcua.accounts.validators import normalize_phone


def find_account(identifier: str) -> User | None:
    """The account a person means by a user name, an e-mail address (any case) or a phone
    number (any formatting); None when nobody matches."""
    identifier = identifier.strip()
    if not identifier:
        return None
    condition = Q(username=identifier) | Q(email=identifier.lower())
    phone = normalize_phone(identifier)
    if phone.isdigit():
        condition |= Q(phone=phone)
    return User.objects.filter(condition).order_by("pk").first()


def representations_of(user: User) -> QuerySet[Representation]:
    """The organisations a citizen acts for, with the title under which they act."""
    rows = Representation.objects.select_related("organisation").order_by("organisation__name")
    return scoped(rows, user, unit_fields=(), owner_fields=("user",))
