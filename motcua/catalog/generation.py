"""Answers computed from the catalogue, remembered until the catalogue changes.

The catalogue changes only when an administrator edits or imports it, while the public API
searches it on every keystroke of a portal or a partner's application. Its answers are kept
in the shared cache under a generation token that every write to a catalogue model renews
once its transaction commits (`forget_catalogue`, connected to the models' signals by the
app, and called by the importer, whose bulk inserts send no signal). A per-process cache
would not see another process's renewal: without a setting, answers are remembered only in
a shared cache (Redis in production). A change made behind Django's back (SQL, a restored
backup) shows once an answer's freshness has passed (`answers_seconds`, `core.recent`);
that time also bounds how long the answers to rare searches hold the cache's memory.
"""

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models.signals import m2m_changed, post_delete, post_save

from motcua.core.cache import generation as generation_of
from motcua.core.cache import remembered_seconds, renew_generations
from motcua.core.recent import recent

T = TypeVar("T")

GENERATION_KEY = "catalog:generation"
ANSWERS_DEFAULT_SECONDS = 300
SECONDS_SETTING = "MOTCUA_CATALOGUE_ANSWERS_SECONDS"


def answers_seconds() -> int:
    """How long an answer is remembered (0: never): MOTCUA_CATALOGUE_ANSWERS_SECONDS, by
    default five minutes with a shared cache (`core.cache.remembered_seconds`)."""
    return remembered_seconds(SECONDS_SETTING, ANSWERS_DEFAULT_SECONDS)


def remembered(
    question: tuple[Any, ...], compute: Callable[[], T], *, in_process: bool = False
) -> T:
    """`compute()`, shared through the cache by everyone who asks the same `question` (which
    must name all the request's facts the answer depends on besides the catalogue) while the
    catalogue does not change; one request computes, the others wait for it
    (`core.recent`). With `in_process`, also kept in this process (for answers nobody
    changes, such as text or tuples: never model instances)."""
    seconds = answers_seconds()
    if not seconds:
        return compute()
    generation = generation_of(GENERATION_KEY)
    if generation is None:
        return compute()
    digest = hashlib.sha256(repr((generation, question)).encode()).hexdigest()
    return recent(f"catalog:answer:{digest}", compute, fresh_for=seconds, in_process=in_process)


def forget_catalogue() -> None:
    """Renew the catalogue's token once the current transaction commits: every answer is
    computed again at its next request."""
    if answers_seconds():
        renew_generations(GENERATION_KEY)


def _written(**kwargs: Any) -> None:
    forget_catalogue()


def connect_signals() -> None:
    """Renew the token at every save or delete of a catalogue model, and of a unit (the
    catalogue is filtered by unit)."""
    from motcua.agencies.models import Unit
    from motcua.catalog.models import (
        Component,
        Fee,
        Field,
        Procedure,
        ProcedureVersion,
        ProcessStep,
        VersionUnit,
    )

    for model in (Field, Procedure, ProcedureVersion, VersionUnit, Component, Fee, ProcessStep):
        post_save.connect(_written, sender=model, dispatch_uid=f"catalog_saved_{model.__name__}")
        post_delete.connect(
            _written, sender=model, dispatch_uid=f"catalog_deleted_{model.__name__}"
        )
    post_save.connect(_written, sender=Unit, dispatch_uid="catalog_unit_saved")
    post_delete.connect(_written, sender=Unit, dispatch_uid="catalog_unit_deleted")
    m2m_changed.connect(
        _written, sender=ProcedureVersion.units.through, dispatch_uid="catalog_units_changed"
    )
