"""Finding the dossier a back-office URL names, among those the person may reach."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.http import Http404, HttpRequest

from motcua.accounts.roles import memberships_of
from motcua.accounts.scoping import reaches_units
from motcua.agencies.models import Unit
from motcua.backoffice.templatetags.backoffice_dossiers import ID_PREFIX
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import RowsOf, dossiers_for
from motcua.dossiers.states import State

# Joined to the dossier. Its units come by one query of their own, its people with the
# others the page names: PostgreSQL takes longer to plan a join of many tables (~3 ms for
# seven) than to run several small queries.
PAGE_RELATIONS = ("procedure_version__procedure", "procedure_version__field")
UNIT_FIELDS = ("receiving_unit", "holding_unit", "processing_unit")
_by_code = RowsOf(Dossier, "code", related=PAGE_RELATIONS)
_by_number = RowsOf(Dossier, "pk", related=PAGE_RELATIONS)


def reachable_dossier(request: HttpRequest, ref: str) -> Dossier:
    """The dossier with this code (or "so-<number>" before it has one) if the signed-in
    person may reach it (`dossiers.queries.dossiers_for`); 404 otherwise, so another unit's
    dossier is not even confirmed to exist. (The page sets its deadline status from the
    pauses it reads, `queries.deadline_status`.)"""
    if ref.startswith(ID_PREFIX):
        number = ref[len(ID_PREFIX) :]
        if not number.isdigit():
            raise Http404
        rows = _by_number.of(int(number))
    else:
        rows = _by_code.of(ref)
    # The code and the number are unique: no ordering, and the scoped query only if needed.
    if not rows:
        raise Http404
    found = rows[0]
    attach(Unit, [([found], field) for field in UNIT_FIELDS], known=member_units(request.user))
    if not _reaches(request.user, found):
        raise Http404
    return found


def member_units(user: Any) -> list[Unit]:
    """The units of the person's staff memberships, as `memberships_of` read them for the
    access check (none for anyone else): the dossiers an officer opens are mostly their own
    unit's, whose row then needs no query."""
    return [membership.unit for membership in memberships_of(user)]


def _reaches(user: Any, dossier: Dossier) -> bool:
    """Whether `dossiers_for(user)` holds the dossier. A member of staff of the unit that
    holds or received it is answered from their memberships (no query); anyone else (a
    consulted agency, an applicant) by the scoped query for this one row."""
    if dossier.state != State.DRAFT and reaches_units(
        user, (dossier.holding_unit, dossier.receiving_unit)
    ):
        return True
    return dossiers_for(user).filter(pk=dossier.pk).exists()


_readers: dict[type[Model], RowsOf[Any]] = {}


def _by_pk(model: type[Model]) -> RowsOf[Any]:
    if model not in _readers:
        _readers[model] = RowsOf(model, "pk")
    return _readers[model]


def attach(
    model: type[Model], links: list[tuple[Iterable[Any], str]], known: Iterable[Model]
) -> None:
    """Set the foreign key `name` (to `model`) of each row of each (rows, name) of `links`:
    to an object of `known`, else to one read with the others in one query (none when all
    are known). Cheaper than joining the same table into each list's query, which costs
    PostgreSQL more to plan than to run."""
    found = {obj.pk: obj for obj in known}
    wanted = {getattr(row, f"{name}_id") for rows, name in links for row in rows}
    missing = wanted - found.keys() - {None}
    found.update((obj.pk, obj) for obj in _by_pk(model).among(missing))
    for rows, name in links:
        for row in rows:
            key = getattr(row, f"{name}_id")
            if key is not None:
                setattr(row, name, found[key])
