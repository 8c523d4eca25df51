"""Inboxes, the derived deadline status and the public lookup."""

import datetime
from typing import Any

import pytest
from django.test import override_settings
from pytest_django.fixtures import DjangoAssertNumQueries

from motcua.accounts.models import User
from motcua.dossiers import queries
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import Province, at, desk_dossier, online_dossier
from motcua.worktime.queries import get_calendar

MONDAY = at(2026, 3, 2, 8)


def received(world: Province, **kwargs: object) -> Dossier:
    dossier = desk_dossier(world, **kwargs)  # type: ignore[arg-type]
    perform(dossier, Action.RECEIVE, world.officer, now=MONDAY)
    return dossier


def test_overdue_and_due_soon_are_derived_from_the_appointment_and_the_clock(
    world: Province,
) -> None:
    dossier = received(world)
    due = dossier.due_at
    assert due is not None
    everything = Dossier.objects.all()
    for moment, overdue, soon in [
        (MONDAY, False, False),
        (due - datetime.timedelta(hours=2), False, True),
        (due, False, True),
        (due + datetime.timedelta(minutes=1), True, False),
    ]:
        row = vars(queries.with_deadline_status(everything, moment).get())
        assert (row["is_overdue"], row["is_due_soon"]) == (overdue, soon), moment
        assert in_python(dossier, moment) == (overdue, soon), moment
        assert (dossier in queries.overdue(everything, moment)) == overdue
        assert (dossier in queries.due_soon(everything, moment)) == soon


@override_settings(MOTCUA_DUE_SOON_WORKING_HOURS=48)
def test_the_due_soon_window_is_a_setting(world: Province) -> None:
    dossier = received(world)
    assert dossier in queries.due_soon(Dossier.objects.all(), MONDAY)


def test_a_paused_or_finished_dossier_is_not_overdue(world: Province) -> None:
    dossier = received(world)
    assert dossier.due_at is not None
    late = dossier.due_at + datetime.timedelta(days=1)
    perform(dossier, Action.TRANSFER, world.officer, now=MONDAY)
    perform(dossier, Action.ASSIGN, world.leader, now=MONDAY, specialist=world.specialist)
    assert in_python(dossier, late) == (True, False)
    perform(dossier, Action.REQUEST_SUPPLEMENT, world.specialist, now=MONDAY, items=["Giấy tờ"])
    assert dossier not in queries.overdue(Dossier.objects.all(), late)
    assert in_python(dossier, late) == (False, False)
    perform(dossier, Action.STOP, world.leader, now=MONDAY, reason="Rút")
    assert dossier not in queries.overdue(Dossier.objects.all(), late)
    assert in_python(dossier, late) == (False, False)


def in_python(dossier: Dossier, moment: datetime.datetime) -> tuple[bool, bool]:
    """`queries.deadline_status` of the dossier as stored, checked against the annotation."""
    fresh = Dossier.objects.get(pk=dossier.pk)
    answer = queries.deadline_status(fresh, list(fresh.pauses.all()), moment)
    row = vars(queries.with_deadline_status(Dossier.objects.filter(pk=dossier.pk), moment).get())
    assert answer == (row["is_overdue"], row["is_due_soon"])
    return answer


def test_inbox_lists_what_waits_for_the_units_of_the_person(world: Province) -> None:
    waiting = desk_dossier(world)
    at_department = received(world)
    perform(at_department, Action.TRANSFER, world.officer, now=MONDAY)

    assert list(queries.inbox(world.officer, MONDAY)) == [waiting]
    assert list(queries.inbox(world.leader, MONDAY)) == [at_department]
    assert list(queries.inbox(world.other_officer, MONDAY)) == []


@pytest.mark.parametrize("count", [1, 6])
def test_inbox_costs_the_same_queries_whatever_its_length(
    world: Province, count: int, django_assert_num_queries: object
) -> None:
    for _ in range(count):
        received(world)
    get_calendar(None)  # built once per process; the revision token is read every time

    # The calendar revision token, then the page of dossiers with what a list shows.
    with django_assert_num_queries(2):  # type: ignore[operator]
        rows = list(queries.inbox(world.officer, MONDAY)[:50])
        labels = [
            (row.code, row.procedure_version.name, row.holding_unit.name, vars(row)["is_overdue"])
            for row in rows
        ]
    assert len(labels) == count


def test_public_lookup_needs_the_phone_number_or_the_secret(world: Province) -> None:
    dossier = online_dossier(world)
    outcome = perform(dossier, Action.RECEIVE, world.officer, now=MONDAY)
    code = dossier.code
    assert code is not None

    by_phone = queries.public_lookup(code, phone="+84 912 345 678")
    assert by_phone is not None
    assert (by_phone.code, by_phone.state, by_phone.due_at) == (
        code,
        State.RECEIVED,
        outcome.dossier.due_at,
    )
    by_secret = queries.public_lookup(code.lower(), secret=outcome.lookup_secret)
    assert by_secret == by_phone
    assert queries.public_lookup(code, phone="0900000000") is None
    assert queries.public_lookup(code, secret="WRONG123") is None
    assert queries.public_lookup(code) is None
    assert queries.public_lookup("000.00.02.H41-260302-9999", phone="0912345678") is None


def test_the_waiting_index_covers_the_inbox_waiting_states() -> None:
    """The partial index serves the inbox only while its condition names the same states."""
    from motcua.dossiers import inbox

    index = next(i for i in Dossier._meta.indexes if i.name == "dossier_recv_waiting_idx")
    assert index.condition is not None
    ((lookup, states),) = index.condition.children
    assert lookup == "state__in"
    assert set(states) == set(inbox.WAITING_STATES)


def model_values(rows: list[Any]) -> list[dict[str, Any]]:
    return [{name: value for name, value in vars(row).items() if name != "_state"} for row in rows]


def test_rows_of_reads_what_the_orm_reads_in_one_query(
    world: Province, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    dossier = received(world)
    perform(dossier, Action.TRANSFER, world.officer, now=MONDAY)
    perform(dossier, Action.ASSIGN, world.leader, now=MONDAY, specialist=world.specialist)
    perform(dossier, Action.REQUEST_SUPPLEMENT, world.specialist, now=MONDAY, items=["Bản sao"])
    timeline = list(queries.timeline(dossier).select_related(None))
    steps = list(queries.control_slip(dossier).select_related(None))
    pauses = list(dossier.pauses.order_by("started_at"))
    people = list(User.objects.filter(pk__in=[world.officer.pk, world.leader.pk]))
    # Moments (aware), JSON details, lists: every kind of column of these models.
    assert any(row.data for row in timeline) and pauses[0].items == ["Bản sao"]
    with django_assert_num_queries(4):
        assert model_values(queries.transitions_of.of(dossier.pk)) == model_values(timeline)
        assert model_values(queries.steps_of.of(dossier.pk)) == model_values(steps)
        assert model_values(queries.pauses_of.of(dossier.pk)) == model_values(pauses)
        read = queries.RowsOf(User, "pk").among([world.leader.pk, world.officer.pk])
        assert sorted(model_values(read), key=str) == sorted(model_values(people), key=str)
    with django_assert_num_queries(0):
        assert queries.apologies_of.among([]) == []
    # With related objects joined, as select_related sets them (by a text key here).
    by_code = queries.RowsOf(Dossier, "code", related=("procedure_version__procedure",))
    with django_assert_num_queries(1):
        (read_dossier,) = by_code.of(dossier.code)
        version = read_dossier.procedure_version
        assert model_values([version.procedure]) == model_values([world.version.procedure])
    assert model_values([read_dossier]) == model_values([Dossier.objects.get(pk=dossier.pk)])
    assert by_code.of("no such code") == []
    # A second read of another number of values compiles its own SQL.
    assert len(queries.RowsOf(User, "pk").among([world.officer.pk])) == 1
