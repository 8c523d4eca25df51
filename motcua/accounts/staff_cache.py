"""What a member of staff is, kept in the shared cache between requests: their memberships,
whether they confirmed an authenticator, the units whose dossiers they reach.

Every back-office request needs these, and reading them cost three queries before the page's
own work. They change only when a membership, a unit, an authenticator or the person's
account is saved or deleted: each such save renews one generation token once its transaction
commits (`forget_staff`, connected by `AccountsConfig.ready`), and a person's kept values
count only under the token they were computed after. A bulk update, which saves nothing,
shows after MOTCUA_STAFF_SECONDS. Without a shared cache (development, tests) nothing is
kept between requests; within a request, the values stay on the user object as before.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

from motcua.core.cache import new_token, remembered_seconds, renew_generations

T = TypeVar("T")

GENERATION_KEY = "accounts:staff:generation"
PERSON_KEY = "accounts:staff:{}"
DEFAULT_SECONDS = 300
_ATTRIBUTE = "_motcua_staff_kept"


def staff_seconds() -> int:
    """How long a person's values may be kept (0: never), MOTCUA_STAFF_SECONDS."""
    return remembered_seconds("MOTCUA_STAFF_SECONDS", DEFAULT_SECONDS)


def kept(user: Any, name: str, compute: Callable[[], T]) -> T:
    """`compute()` for `user` (its value named `name`), kept in the shared cache under the
    current generation; read once per user object, so once per request."""
    seconds = staff_seconds()
    if not seconds or not getattr(user, "pk", None):
        return compute()
    state: tuple[str | None, dict[str, Any], str] | None = getattr(user, _ATTRIBUTE, None)
    if state is None:
        key = PERSON_KEY.format(user.pk)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, new_token(), timeout=None)
            generation = cache.get(GENERATION_KEY)
        stored = found.get(key)
        # The generation is read before anything is computed: a value computed from data
        # older than a renewal is stored under the old token and never used again.
        values = dict(stored[1]) if stored and stored[0] == generation else {}
        state = (generation, values, key)
        setattr(user, _ATTRIBUTE, state)
    generation, values, key = state
    if name not in values:
        values[name] = compute()
        if generation is not None:
            cache.set(key, (generation, values), timeout=seconds)
    return values[name]


def forget_staff(sender: Any, **kwargs: Any) -> None:
    """After a membership, a unit, an authenticator or an account is saved or deleted, renew
    the generation once the transaction commits: everyone's values are read again. Signing
    in (which saves only `last_login`) changes none of them."""
    if not staff_seconds() or kwargs.get("update_fields") == frozenset({"last_login"}):
        return
    renew_generations(GENERATION_KEY)
