"""Counts by satisfaction level per unit (with its subtree) and period, from SQL aggregates:
hand-counted fixtures, the period's edges in Vietnam time, the desk's view, one query
whatever the number of evaluations, and the rates."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers.stats import Period
from motcua.dossiers.tests.factories import Province, at
from motcua.dossiers.tests.scenarios import make_division
from motcua.evaluations import queries, services
from motcua.evaluations.models import Level
from motcua.evaluations.queries import LevelCounts
from motcua.evaluations.tests.factories import evaluated, refused

MARCH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


@pytest.fixture
def evaluations(world: Province) -> dict[str, Any]:
    division = make_division(world)
    return {
        "division": division.unit,
        # The department's own dossiers.
        "a": evaluated(world, Level.VERY_SATISFIED, at(2026, 3, 6, 9)),
        "b": evaluated(world, Level.VERY_SATISFIED, at(2026, 3, 10, 9)),
        "c": evaluated(world, Level.SATISFIED, at(2026, 3, 31, 23, 59)),  # last minute
        "d": evaluated(world, Level.DISSATISFIED, at(2026, 3, 1, 0, 0)),  # first minute
        # Outside March (Vietnam time): 1 April 00:00 and 28 February 23:59.
        "e": evaluated(world, Level.DISSATISFIED, at(2026, 4, 1, 0, 0)),
        "f": evaluated(world, Level.SATISFIED, at(2026, 2, 28, 23, 59)),
        # The division under the department.
        "g": evaluated(world, Level.SATISFIED, at(2026, 3, 12, 9), division.unit),
        "h": evaluated(world, Level.DISSATISFIED, at(2026, 3, 13, 9), division.unit),
        # The police (outside the department).
        "i": evaluated(world, Level.VERY_SATISFIED, at(2026, 3, 14, 9), world.police),
    }


def test_counts_by_level_of_a_unit_and_its_subtree(
    world: Province, evaluations: dict[str, Any]
) -> None:
    department = queries.level_counts(world.department, MARCH)
    # a, b very satisfied; c, g satisfied; d, h dissatisfied.
    assert department.as_dict() == {
        "very_satisfied": 2,
        "satisfied": 2,
        "dissatisfied": 2,
        "total": 6,
        "satisfied_rate": Decimal("66.67"),
        "dissatisfied_rate": Decimal("33.33"),
    }
    division = queries.level_counts(evaluations["division"], MARCH)
    assert (division.satisfied, division.dissatisfied, division.total) == (1, 1, 2)
    province = queries.level_counts(world.province, MARCH)
    assert (province.very_satisfied, province.total) == (3, 7)
    february = Period(datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    assert queries.level_counts(world.department, february).as_dict()["satisfied"] == 1
    assert queries.level_counts(world.tax, MARCH).as_dict() == LevelCounts().as_dict()


def test_counts_per_unit_of_the_subtree(world: Province, evaluations: dict[str, Any]) -> None:
    by_unit = queries.level_counts_by_unit(world.province, MARCH)
    assert set(by_unit) == {world.department.pk, evaluations["division"].pk, world.police.pk}
    assert by_unit[world.department.pk] == LevelCounts(2, 1, 1)
    assert by_unit[evaluations["division"].pk] == LevelCounts(0, 1, 1)
    assert by_unit[world.police.pk] == LevelCounts(1, 0, 0)


def test_the_desk_counts_what_it_received(world: Province, evaluations: dict[str, Any]) -> None:
    # Every dossier was received at the centre, whoever processed it.
    assert queries.level_counts(world.centre, MARCH, desk=True).total == 7
    assert queries.level_counts(world.centre, MARCH).total == 0
    assert queries.level_counts_by_unit(world.province, MARCH, desk=True) == {
        world.centre.pk: LevelCounts(3, 2, 2)
    }


def test_a_refusal_counts_for_the_desk_that_refused(world: Province) -> None:
    services.evaluate(refused(world), world.citizen, level=Level.DISSATISFIED, now=at(2026, 3, 2))
    assert queries.level_counts(world.centre, MARCH) == LevelCounts(0, 0, 1)


@pytest.mark.parametrize("extra", [0, 6])
def test_the_counts_are_one_query_whatever_the_number(
    world: Province, extra: int, django_assert_num_queries: Any
) -> None:
    for n in range(extra):
        evaluated(world, list(Level)[n % 3], at(2026, 3, 2 + n, 9))
    with django_assert_num_queries(1):
        counts = queries.level_counts(world.province, MARCH)
    assert counts.total == extra
    with django_assert_num_queries(1):
        by_unit = queries.level_counts_by_unit(world.province, MARCH)
    assert sum(c.total for c in by_unit.values()) == extra


def test_evaluated_among_is_one_query(world: Province, django_assert_num_queries: Any) -> None:
    evaluation = evaluated(world, Level.SATISFIED, at(2026, 3, 6, 9))
    with django_assert_num_queries(1):
        assert queries.evaluated_among([evaluation.dossier_id, 10_000]) == {evaluation.dossier_id}
    with django_assert_num_queries(0):
        assert queries.evaluated_among([]) == set()


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500))
def test_the_rates_share_out_the_forms(very: int, satisfied: int, dissatisfied: int) -> None:
    counts = LevelCounts(very, satisfied, dissatisfied)
    if counts.total == 0:
        assert counts.satisfied_rate is None and counts.dissatisfied_rate is None
        return
    assert counts.satisfied_rate is not None and counts.dissatisfied_rate is not None
    assert abs(counts.satisfied_rate + counts.dissatisfied_rate - 100) <= Decimal("0.01")
    exact = Decimal(100 * (very + satisfied)) / counts.total
    assert abs(counts.satisfied_rate - exact) <= Decimal("0.005")
