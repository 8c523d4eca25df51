"""Reads of evaluations: a dossier's evaluation, which dossiers of a page are evaluated, and
the counts by satisfaction level per unit (with its subtree) and period, as SQL aggregates
for the statistics (index `evaluation_unit_idx` / `evaluation_desk_idx`).

A unit counts the evaluations of the dossiers it led (`Evaluation.unit`: the lead processing
unit, or the receiving unit of a dossier refused at intake), or with `desk=True` those of
the dossiers it received; an evaluation falls in the period of the day it was made
(Vietnam time).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, QuerySet

from motcua.agencies.models import Unit
from motcua.agencies.queries import subtree_ids
from motcua.dossiers.models import Dossier
from motcua.dossiers.stats import Period
from motcua.evaluations.models import Evaluation, Level


def evaluation_of(dossier: Dossier) -> Evaluation | None:
    """The dossier's evaluation with who entered it, or None: one query."""
    return Evaluation.objects.select_related("recorded_by").filter(dossier=dossier).first()


def evaluated_among(dossier_ids: Iterable[int]) -> set[int]:
    """Which of these dossiers have an evaluation: one query (none for no ids)."""
    ids = list(dossier_ids)
    if not ids:
        return set()
    return set(Evaluation.objects.filter(dossier__in=ids).values_list("dossier_id", flat=True))


@dataclass
class LevelCounts:
    very_satisfied: int = 0
    satisfied: int = 0
    dissatisfied: int = 0

    @property
    def total(self) -> int:
        return self.very_satisfied + self.satisfied + self.dissatisfied

    def rate(self, count: int) -> Decimal | None:
        """`count` in percent of the forms (two decimals); None when there is none."""
        if not self.total:
            return None
        return (Decimal(100 * count) / self.total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def satisfied_rate(self) -> Decimal | None:
        """Very satisfied or satisfied, in percent of the forms."""
        return self.rate(self.very_satisfied + self.satisfied)

    @property
    def dissatisfied_rate(self) -> Decimal | None:
        return self.rate(self.dissatisfied)

    def add(self, level: str, count: int) -> None:
        name = Level(level).value
        setattr(self, name, getattr(self, name) + count)

    def as_dict(self) -> dict[str, Any]:
        return {
            "very_satisfied": self.very_satisfied,
            "satisfied": self.satisfied,
            "dissatisfied": self.dissatisfied,
            "total": self.total,
            "satisfied_rate": self.satisfied_rate,
            "dissatisfied_rate": self.dissatisfied_rate,
        }


def _in_period(unit: Unit, period: Period, *, desk: bool) -> QuerySet[Evaluation]:
    field = "receiving_unit" if desk else "unit"
    return Evaluation.objects.filter(
        **{f"{field}__in": subtree_ids(unit)},
        created_at__gte=period.start,
        created_at__lt=period.end,
    )


def level_counts(unit: Unit, period: Period, *, desk: bool = False) -> LevelCounts:
    """The unit's (and its subtree's) evaluations of the period by level: one query."""
    counts = LevelCounts()
    rows = _in_period(unit, period, desk=desk).order_by().values("level")
    for row in rows.annotate(count=Count("pk")):
        counts.add(row["level"], row["count"])
    return counts


def level_counts_by_unit(
    unit: Unit, period: Period, *, desk: bool = False
) -> dict[int, LevelCounts]:
    """The same per unit of the subtree that has evaluations (unit id to counts): one
    query, grouped by unit and level in SQL."""
    field = "receiving_unit" if desk else "unit"
    by_unit: dict[int, LevelCounts] = {}
    rows = _in_period(unit, period, desk=desk).order_by().values(field, "level")
    for row in rows.annotate(count=Count("pk")):
        by_unit.setdefault(row[field], LevelCounts()).add(row["level"], row["count"])
    return by_unit
