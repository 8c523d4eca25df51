"""Statistics (issue 5 item 9) on the month of dossiers of `scenarios.march`, with figures
counted by hand from the scenario's comments, and properties checked with hypothesis."""

import datetime

import pytest
from django.core.cache import cache
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django.fixtures import DjangoAssertNumQueries

from motcua.dossiers import stats
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.dossiers.stats import DossierCounts, Period
from motcua.dossiers.tests.factories import Province, at
from motcua.dossiers.tests.scenarios import Division, make_division, march
from motcua.worktime.engine import Punctuality, classify
from motcua.worktime.limits import Channel

MARCH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
FEBRUARY = Period(datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
APRIL = Period(datetime.date(2026, 4, 1), datetime.date(2026, 4, 30))
LATER = at(2026, 4, 15, 12)


@pytest.fixture
def division(world: Province) -> Division:
    return make_division(world)


@pytest.fixture
def month(world: Province, division: Division) -> dict[str, Dossier]:
    return march(world, division)


def figures(counts: DossierCounts) -> dict[str, object]:
    return counts.as_dict()


@pytest.mark.usefixtures("month")
def test_the_province_in_march_counted_by_hand(world: Province) -> None:
    counts = stats.dossier_counts(world.province, MARCH, now=LATER)

    assert figures(counts) == {
        # M and S were received in February and still open on 1 March.
        "carried_over": 2,
        # A E F G H J K P R / B I Q / C L.
        "received_desk": 9,
        "received_online": 3,
        "received_post": 2,
        "received_total": 14,
        "total": 16,
        "resolved_early": 3,  # A, F (one supplement not counted), Q
        "resolved_on_time": 1,  # B, at the appointment's minute
        "resolved_late": 4,  # C, E (two supplement requests), G (apology), M
        "resolved_late_repeated_supplements": 1,  # E
        "resolved_total": 8,
        "returned": 1,  # H
        "withdrawn": 1,  # I
        "stopped": 1,  # J
        "in_progress_on_time": 3,  # L, P (waiting for a supplement since 5 March), R
        "in_progress_overdue": 2,  # K, S
        "in_progress_total": 5,
        "on_time_rate": pytest.approx(50),  # 4 of 8
    }
    assert str(counts.on_time_rate) == "50.00"


@pytest.mark.usefixtures("month")
def test_february_sees_the_boundary_dossiers_in_progress(world: Province) -> None:
    counts = stats.dossier_counts(world.province, FEBRUARY, now=LATER)

    # M, N at the desk and S online, received on 24 and 26 February; N resolved on
    # 26 February (due 3 March); M (resolved on 5 March) and S still open at the end of
    # February, before their appointments.
    assert (counts.carried_over, counts.received_desk, counts.received_online) == (0, 2, 1)
    assert (counts.resolved_early, counts.resolved_total) == (1, 1)
    assert (counts.in_progress_on_time, counts.in_progress_overdue) == (2, 0)
    assert counts.on_time_rate == 100


@pytest.mark.usefixtures("month")
def test_a_period_that_includes_today_is_judged_now(world: Province) -> None:
    counts = stats.dossier_counts(world.province, APRIL, now=at(2026, 4, 8, 12))

    # Carried over: K, L, P, R, S; new: O (desk, due 8 April 17:00).
    assert (counts.carried_over, counts.received_total) == (5, 1)
    # K, S, and L and R (due 6 April 17:00) are overdue on 8 April; O is not yet, P waits
    # for its supplement since 5 March.
    assert (counts.in_progress_overdue, counts.in_progress_on_time) == (4, 2)
    assert counts.resolved_total == 0 and counts.on_time_rate is None


@pytest.mark.usefixtures("month")
def test_a_unit_counts_its_subtree_and_breaks_down_by_child(
    world: Province, division: Division
) -> None:
    department = stats.dossier_counts(world.department, MARCH, now=LATER)
    # Everything but R, which the police processes.
    assert department.total == 15
    assert department.in_progress_on_time == 2  # L, P
    assert department.resolved_early == 3  # A, F, and Q of the division below

    province = stats.unit_statistics(world.province, MARCH, now=LATER)
    lines = {child.name: counts.total for child, counts in province.children}
    assert lines == {
        world.centre.name: 0,
        world.department.name: 15,
        world.police.name: 1,
        world.tax.name: 0,
        world.other_centre.name: 0,
    }
    assert province.own.total == 0
    assert province.counts.total == 16

    below = stats.unit_statistics(world.department, MARCH, now=LATER)
    [(child, counts)] = below.children
    assert child == division.unit
    assert (counts.received_online, counts.resolved_early, counts.total) == (1, 1, 1)  # Q
    assert below.own.total == 14


@pytest.mark.usefixtures("month")
def test_the_police_alone(world: Province) -> None:
    counts = stats.dossier_counts(world.police, MARCH, now=LATER)
    assert (counts.received_desk, counts.in_progress_on_time, counts.total) == (1, 1, 1)


def test_the_query_count_does_not_grow_with_the_dossiers(
    world: Province, division: Division, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(2):
        stats.unit_statistics(world.province, MARCH, now=LATER)
    march(world, division)
    with django_assert_num_queries(2):
        result = stats.unit_statistics(world.province, MARCH, now=LATER)
    assert result.counts.total == 16
    with django_assert_num_queries(1):
        stats.dossier_counts(world.province, MARCH, now=LATER)


def test_the_province_root_is_the_committee_at_the_top(world: Province) -> None:
    assert stats.province_root() == world.province


def test_a_period_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        Period(datetime.date(2026, 3, 2), datetime.date(2026, 3, 1))


# Properties -------------------------------------------------------------------------------

# Dossiers written straight to the table (the lifecycle is tested elsewhere): received at a
# minute of March or before, with an appointment, and finished or not.
MINUTES = st.integers(min_value=-30 * 24 * 60, max_value=45 * 24 * 60)
SECONDS = st.integers(min_value=0, max_value=59)
ENDINGS = st.sampled_from([State.RESULT_READY, State.RETURNED, State.STOPPED, None])


@st.composite
def dossier_rows(draw: st.DrawFn) -> tuple[int, int, int, int | None, int, State | None, Channel]:
    """Minutes after 1 March 00:00 of the receipt, minutes to the appointment, seconds, minutes
    taken (often around the appointment's minute), seconds, how it ended, channel."""
    allowed = draw(st.integers(min_value=0, max_value=20 * 24 * 60))
    took = draw(
        st.one_of(
            st.none(),
            st.integers(min_value=0, max_value=40 * 24 * 60),
            st.sampled_from([-1, 0, 1]).map(lambda delta: max(0, allowed + delta)),
        )
    )
    return (
        draw(MINUTES),
        allowed,
        draw(SECONDS),
        took,
        draw(SECONDS),
        draw(ENDINGS),
        draw(st.sampled_from(list(Channel))),
    )


DOSSIERS = st.lists(dossier_rows(), max_size=12)
START = MARCH.start


def _moment(minutes: int, seconds: int) -> datetime.datetime:
    return START + datetime.timedelta(minutes=minutes, seconds=seconds)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=DOSSIERS)
def test_every_dossier_is_counted_once_and_judged_as_worktime_judges_it(
    world: Province,
    rows: list[tuple[int, int, int, int | None, int, State | None, Channel]],
) -> None:
    now = _moment(60 * 24 * 60, 0)
    expected = DossierCounts()
    dossiers = []
    for received, allowed, r_seconds, took, f_seconds, ending, channel in rows:
        received_at = _moment(received, r_seconds)
        due_at = received_at + datetime.timedelta(minutes=allowed)
        finished_at = (
            received_at + datetime.timedelta(minutes=took, seconds=f_seconds)
            if took is not None and ending is not None
            else None
        )
        state = ending if finished_at is not None else State.IN_REVIEW
        assert state is not None
        dossiers.append(
            Dossier(
                procedure_version=world.version,
                receiving_unit=world.centre,
                processing_unit=world.department,
                holding_unit=world.department,
                applicant_name="Người thử",
                channel=channel,
                state=state,
                received_at=received_at,
                due_at=due_at,
                original_due_at=due_at,
                finished_at=finished_at,
            )
        )
        # The oracle: the rules written out for one dossier at a time.
        if received_at >= MARCH.end or (finished_at is not None and finished_at < START):
            continue
        origin = "carried_over" if received_at < START else channel.value
        if finished_at is None or finished_at >= MARCH.end:
            late = classify(min(MARCH.end, now), due_at) == Punctuality.LATE
            outcome = "in_progress_overdue" if late else "in_progress_on_time"
        elif state == State.STOPPED:
            outcome = "stopped"
        else:
            outcome = f"resolved_{classify(finished_at, due_at).value}"
        expected.add(origin, outcome, 1)
    Dossier.objects.bulk_create(dossiers)
    try:
        counts = stats.dossier_counts(world.province, MARCH, now=now)
        assert counts == expected
        assert counts.total == (
            counts.resolved_total
            + counts.returned
            + counts.withdrawn
            + counts.stopped
            + counts.in_progress_total
        )
        rate = counts.on_time_rate
        assert rate is None or 0 <= rate <= 100
    finally:
        Dossier.objects.all().delete()


def test_sums_in_python_agree_with_the_grouped_rows(world: Province, division: Division) -> None:
    march(world, division)
    rows = stats.grouped_counts(world.province, MARCH, now=LATER)
    assert sum(row["count"] for row in rows) == 16
    assert {row["origin"] for row in rows} <= set(stats.ORIGINS)
    assert {row["outcome"] for row in rows} <= set(stats.OUTCOMES)
    pairs = [(row["origin"], row["outcome"]) for row in rows]
    assert len(pairs) == len(set(pairs))


def test_finishing_stores_the_facts_and_the_figures_do_not_depend_on_them(
    world: Province, division: Division
) -> None:
    dossiers = march(world, division)
    finished = Dossier.objects.filter(finished_at__isnull=False)
    assert finished.exists() and not finished.filter(finish_outcome__isnull=True).exists()
    stored = {d.pk: (d.finish_outcome, d.judged_due_at) for d in finished}
    # E (two supplement requests during processing) and G (an apology) as the comments say.
    e, g = dossiers["E"], dossiers["G"]
    e.refresh_from_db()
    g.refresh_from_db()
    assert (e.finish_outcome, e.supplement_requests) == ("resolved_late_supplements", 2)
    assert g.finish_outcome == "resolved_late" and g.judged_due_at != g.due_at
    with_facts = stats.dossier_counts(world.province, MARCH, now=LATER)
    by_unit = stats.unit_statistics(world.province, MARCH, now=LATER)

    # Without the stored facts (as rows written around the lifecycle), the same figures.
    finished.update(finish_outcome=None, judged_due_at=None, supplement_requests=None)
    assert stats.dossier_counts(world.province, MARCH, now=LATER) == with_facts
    again = stats.unit_statistics(world.province, MARCH, now=LATER)
    assert (again.counts, again.own, again.children) == (
        by_unit.counts,
        by_unit.own,
        by_unit.children,
    )
    # And recording them again (as the migration and load_history do) gives the same facts.
    assert stats.record_finished_facts(Dossier.objects.all()) == len(stored)
    assert {d.pk: (d.finish_outcome, d.judged_due_at) for d in finished} == stored


@pytest.mark.usefixtures("month")
def test_the_same_figures_asked_again_within_the_freshness_cost_no_query(
    world: Province,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    cache.clear()
    with override_settings(MOTCUA_STATISTICS_FRESH_SECONDS=60), django_assert_num_queries(1):
        first = stats.dossier_counts(world.province, MARCH)
    with override_settings(MOTCUA_STATISTICS_FRESH_SECONDS=60):
        with django_assert_num_queries(0):
            again = stats.dossier_counts(world.province, MARCH)
        assert again == first
        with django_assert_num_queries(1):
            stats.dossier_counts(world.province, APRIL)  # another period: its own figures
        with django_assert_num_queries(1):
            stats.dossier_counts(world.province, MARCH, now=LATER)  # a chosen moment
    cache.clear()
