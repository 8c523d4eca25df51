"""What roles a member of staff holds, read once per user object (so once per request)."""

from typing import Any

from motcua.accounts.models import SUBTREE_ROLES, Role, StaffMembership, UserKind
from motcua.accounts.staff_cache import kept
from motcua.agencies.models import Unit

_CACHE_ATTRIBUTE = "_motcua_memberships"


def memberships_of(user: Any) -> tuple[StaffMembership, ...]:
    """The active memberships of a member of staff, with their units.

    The result is kept on the user object: `request.user` lives for one request, so a view
    that asks several times costs one query; and in the shared cache between requests
    (`staff_cache`). Citizens and anonymous users have none.
    """
    if not getattr(user, "is_authenticated", False) or user.kind != UserKind.STAFF:
        return ()
    cached: tuple[StaffMembership, ...] | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = kept(
            user,
            "memberships",
            lambda: tuple(
                StaffMembership.objects.filter(user=user, is_active=True)
                .select_related("unit")
                .order_by("unit__path", "role")
            ),
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def has_role(user: Any, role: Role | str, unit: Unit | None = None) -> bool:
    """Whether the user holds `role` (in `unit`, when given).

    A role of SUBTREE_ROLES held in a unit counts in all the units below it too: a supervisor
    of the province is a supervisor of each commune.
    """
    for membership in memberships_of(user):
        if membership.role != role:
            continue
        if unit is None or membership.unit_id == unit.pk:
            return True
        if role in SUBTREE_ROLES and unit.path.startswith(membership.unit.path):
            return True
    return False


def is_system_administrator(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.SYSTEM_ADMINISTRATOR)
