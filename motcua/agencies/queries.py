"""Reusable reads of the unit tree, for this app and for the apps that hang records on units."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from motcua.agencies.models import Unit, subtree_condition


def unit_by_qcvn_code(code: str) -> Unit | None:
    return Unit.objects.filter(qcvn_code=code.strip().upper()).first()


def units_by_qcvn_code(codes: Iterable[str]) -> dict[str, Unit]:
    """The units carrying these identifiers, keyed by identifier, in one query."""
    return {
        unit.qcvn_code: unit
        for unit in Unit.objects.filter(qcvn_code__in=list(codes))
        if unit.qcvn_code is not None
    }


def subtree_ids(*units: Unit) -> QuerySet[Unit, int]:
    """The ids of the units and everything below them, as a subquery: other apps filter
    "objects of this unit and its subtree" with `unit__in=subtree_ids(unit)`, and the database
    does the work in the same statement (no ids are loaded into Python)."""
    return Unit.objects.subtree_of(*units).values_list("pk", flat=True)


def in_subtree(field: str, *units: Unit) -> Q:
    """A filter on a model with a foreign key `field` to Unit: its rows in the units' subtrees.

    `Dossier.objects.filter(in_subtree("receiving_unit", ward))`, joining on the unit's path.
    """
    return subtree_condition(units, through=field)


def lineage_ids(unit: Unit) -> set[int]:
    """The unit and every unit whose work it carries through reorganisations (its
    predecessors, theirs, ...): what reports count together for a unit in force.

    One query per generation of mergers (the 2025 reform adds one or two).
    """
    found, frontier = {unit.pk}, {unit.pk}
    while frontier:
        frontier = set(
            Unit.objects.filter(successor_id__in=frontier)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found |= frontier
    return found
