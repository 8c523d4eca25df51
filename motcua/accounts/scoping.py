"""The one rule for what rows a user may reach: `scoped(queryset, user, ...)`.

Every view, API endpoint and export that shows rows to a person starts from
`scoped(...)`, and then looks up the object it was asked for inside that queryset, so that
another unit's or another citizen's object is simply not found (404), never shown.

Who reaches what:

- anonymous and deactivated users: nothing;
- superusers and holders of an active system-administrator membership: every row;
- staff (`User.kind == "staff"`): rows whose unit field(s) point at a unit of one of their
  active memberships; for a role of `SUBTREE_ROLES` (supervisor) also every unit below it,
  at any depth;
- citizens: rows whose owner field(s) point at them, or at an organisation they represent.

How a domain app declares its fields: name, for each model, the paths (as in `filter()`,
through forward foreign keys) that lead to an `agencies.Unit` and to an owner, in one
function of the app's `queries.py` that every face then calls::

    def dossiers_for(user):
        return scoped(
            Dossier.objects.all(),
            user,
            unit_fields=("receiving_unit", "processing_unit"),  # staff of either unit
            owner_fields=("applicant", "organisation"),  # a User, or an Organisation
        )

A unit field may end at a foreign key to `Unit` (or be `"pk"` on `Unit` itself). An owner
field ends at a foreign key to the user model (the user's own rows) or to `Organisation`
(rows of every organisation the citizen represents), or is `"pk"` on one of them. A path
that leads anywhere else raises `ImproperlyConfigured` at once, for every user. A model
without owners passes `owner_fields=()` (citizens then see nothing); one without units
passes `unit_fields=()` (only unrestricted staff see it).

The answer is a lazy queryset: the memberships and representations are subqueries of the
one SQL query that fetches the rows, so the cost does not grow with the number of
memberships and no list of ids ever travels through Python.

For one row already read, `reaches_units(user, units)` answers the staff part of the same
rule in Python from the memberships `roles.memberships_of` keeps for the request, without a
query: a page that shows one object asks it first and runs the scoped query only when it
says no (the row may still be reached another way).
"""

from collections.abc import Iterable
from typing import Any, TypeVar, cast

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith

from motcua.accounts.models import (
    SUBTREE_ROLES,
    UNRESTRICTED_ROLES,
    Organisation,
    Representation,
    StaffMembership,
    UserKind,
)
from motcua.accounts.roles import memberships_of
from motcua.agencies.models import Unit

ModelT = TypeVar("ModelT", bound=models.Model)


def scoped(
    queryset: QuerySet[ModelT],
    user: Any,
    *,
    unit_fields: Iterable[str] = ("unit",),
    owner_fields: Iterable[str] = (),
) -> QuerySet[ModelT]:
    """The rows of `queryset` that `user` may reach (see the module's documentation)."""
    unit_paths = tuple(unit_fields)
    owner_paths = tuple(owner_fields)
    model = queryset.model
    for path in unit_paths:
        _expect_target(model, path, (Unit,))
    owner_targets = [
        (path, _expect_target(model, path, (get_user_model(), Organisation)))
        for path in owner_paths
    ]

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    if user.kind == UserKind.STAFF:
        return queryset.filter(_staff_condition(user, unit_paths))
    return queryset.filter(_owner_condition(user, owner_targets))


def reachable_units(user: Any) -> QuerySet[Unit]:
    """The units whose rows a member of staff reaches through their own memberships (their
    units, and the subtrees of their SUBTREE_ROLES memberships), as one lazy query."""
    grants = StaffMembership.objects.filter(user=user.pk, is_active=True).filter(
        Q(unit=OuterRef("pk"))
        | Q(StartsWith(OuterRef("path"), F("unit__path")), role__in=SUBTREE_ROLES)
    )
    return Unit.objects.filter(Exists(grants))


def reaches_units(user: Any, units: Iterable[Unit]) -> bool:
    """Whether `scoped` lets `user` reach a row whose unit fields point at `units`, answered
    from the user's memberships without a query: superusers and unrestricted staff reach
    every row, other staff a row of a unit of theirs or (SUBTREE_ROLES) below it. False for
    anyone else, citizens included (their rows are reached through owners, not units)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    memberships = memberships_of(user)  # () for anyone but staff
    if any(membership.role in UNRESTRICTED_ROLES for membership in memberships):
        return True
    return any(
        membership.unit_id == unit.pk
        or (membership.role in SUBTREE_ROLES and unit.path.startswith(membership.unit.path))
        for unit in units
        for membership in memberships
    )


def unrestricted_condition(user: Any) -> Q:
    """True, in the database, when a member of staff reaches every row whatever its unit
    (an active membership of an UNRESTRICTED_ROLES role; superusers are answered before)."""
    unrestricted = StaffMembership.objects.filter(
        user=user.pk, is_active=True, role__in=UNRESTRICTED_ROLES
    )
    return Q(Exists(unrestricted))


def _staff_condition(user: Any, unit_paths: tuple[str, ...]) -> Q:
    condition = unrestricted_condition(user)
    if unit_paths:
        units = reachable_units(user).values("pk")
        for path in unit_paths:
            condition |= Q(**{f"{path}__in": units})
    return condition


def _owner_condition(user: Any, owner_targets: list[tuple[str, type[models.Model]]]) -> Q:
    condition = Q(pk__in=[])  # no owner field: no row
    for path, target in owner_targets:
        if target is Organisation:
            represented = Representation.objects.filter(user=user.pk).values("organisation")
            condition |= Q(**{f"{path}__in": represented})
        else:
            condition |= Q(**{path: user.pk})
    return condition


def _expect_target(
    model: type[models.Model], path: str, targets: tuple[type[models.Model], ...]
) -> type[models.Model]:
    """The model that `path` leads to from `model`, which must be one of `targets`."""
    current = model
    try:
        for part in path.split("__"):
            field = current._meta.pk if part == "pk" else current._meta.get_field(part)
            if field is None:
                raise FieldDoesNotExist(part)
            if field.is_relation:
                current = cast(type[models.Model], field.related_model)
            elif not getattr(field, "primary_key", False):
                raise FieldDoesNotExist(part)
    except FieldDoesNotExist as error:
        raise ImproperlyConfigured(
            f"scoped(): {model.__name__} has no relation path {path!r} ({error})."
        ) from error
    if current not in targets:
        names = " or ".join(target.__name__ for target in targets)
        raise ImproperlyConfigured(
            f"scoped(): {model.__name__}.{path} leads to {current.__name__}, not to {names}."
        )
    return current
