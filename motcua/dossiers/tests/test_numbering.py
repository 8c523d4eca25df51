"""Dossier codes, register numbers and lookup secrets."""

import datetime
import re
import threading

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection, connections
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers import numbering
from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import Province, at, desk_dossier, make_province
from motcua.worktime.queries import get_calendar

CODE = re.compile(r"^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{2})(\d{2})(\d{2})-(\d{4,})$")


@given(
    level1=st.sampled_from("GH"),
    digits=st.tuples(
        st.integers(0, 999), st.integers(0, 99), st.integers(0, 99), st.integers(1, 99)
    ),
    day=st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)),
    number=st.integers(1, 99_999),
)
def test_code_format(
    level1: str, digits: tuple[int, int, int, int], day: datetime.date, number: int
) -> None:
    qcvn = f"{digits[0]:03d}.{digits[1]:02d}.{digits[2]:02d}.{level1}{digits[3]:02d}"

    code = numbering.format_code(qcvn, day, number)

    match = CODE.match(code)
    assert match is not None
    assert match[1] == qcvn
    assert (int(match[2]), int(match[3]), int(match[4])) == (day.year % 100, day.month, day.day)
    assert int(match[5]) == number
    assert len(match[5]) == max(4, len(str(number)))


def test_codes_count_per_unit_and_day_in_vietnam_time(world: Province) -> None:
    monday_evening_utc = datetime.datetime(2026, 3, 2, 16, 59, tzinfo=datetime.UTC)  # 23:59
    tuesday_utc = datetime.datetime(2026, 3, 2, 17, 0, tzinfo=datetime.UTC)  # 00:00 Tuesday
    codes = [
        numbering.next_dossier_code(world.centre, at(2026, 3, 2, 9)),
        numbering.next_dossier_code(world.centre, monday_evening_utc),
        numbering.next_dossier_code(world.centre, tuesday_utc),
        numbering.next_dossier_code(world.other_centre, at(2026, 3, 2, 9)),
    ]
    assert codes == [
        "000.00.02.H41-260302-0001",
        "000.00.02.H41-260302-0002",
        "000.00.02.H41-260303-0001",
        "000.00.03.H41-260302-0001",
    ]


def test_register_numbers_run_through_the_year(world: Province) -> None:
    entries = [
        numbering.next_register_entry(world.centre, at(2026, 3, 2, 9)),
        numbering.next_register_entry(world.centre, at(2026, 12, 31, 16)),
        numbering.next_register_entry(world.centre, at(2027, 1, 4, 8)),
    ]
    assert entries == [("2026", 1), ("2026", 2), ("2027", 1)]


def test_a_unit_without_qcvn_code_cannot_receive(world: Province) -> None:
    dossier = desk_dossier(world)
    world.centre.qcvn_code = None
    world.centre.save()
    with pytest.raises(ActionRefused) as refused:
        perform(dossier, Action.RECEIVE, world.officer, now=at(2026, 3, 2, 9))
    assert refused.value.code == "requirement"
    assert dossier.state == State.SUBMITTED


def test_lookup_secret_is_stored_hashed_and_compared_loosely() -> None:
    secret, stored = numbering.new_lookup_secret()
    assert re.fullmatch(rf"[{numbering.LOOKUP_CHARACTERS}]{{8}}", secret)
    assert secret not in stored
    assert numbering.secret_matches(secret, stored)
    assert numbering.secret_matches(f" {secret[:4].lower()} {secret[4:]}", stored)
    assert not numbering.secret_matches("AAAAAAAA", stored)
    assert not numbering.secret_matches(secret, "")


RECEIVERS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_receipts_get_distinct_consecutive_codes() -> None:
    """Eight officers receive at the same unit on the same day at the same moment."""
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite serialises every writer.")
    world = make_province()
    dossiers = [desk_dossier(world) for _ in range(RECEIVERS)]
    moment = at(2026, 3, 2, 9)
    # Build the calendar before the race, so that the threads meet at the counter.
    get_calendar(world.centre.qcvn_code)
    barrier = threading.Barrier(RECEIVERS)
    errors: list[BaseException] = []

    def receive(position: int) -> None:
        try:
            barrier.wait()
            perform(dossiers[position], Action.RECEIVE, world.officer, now=moment)
        except BaseException as error:  # reported by the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=receive, args=(n,)) for n in range(RECEIVERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    for dossier in dossiers:
        dossier.refresh_from_db()
    assert all(dossier.state == State.RECEIVED for dossier in dossiers)
    numbers = sorted(int(dossier.code.rsplit("-", 1)[1]) for dossier in dossiers if dossier.code)
    assert numbers == list(range(1, RECEIVERS + 1))
    assert sorted(dossier.register_number or 0 for dossier in dossiers) == numbers


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_lookup_secrets_may_be_hashed_lighter_for_bulk_work() -> None:
    class Lighter(Argon2PasswordHasher):
        memory_cost = 1024
        time_cost = 1
        parallelism = 1

    with numbering.lookup_secrets_hashed_with(Lighter()):
        secret, stored = numbering.new_lookup_secret()
    assert "m=1024,t=1,p=1" in stored
    # The installation's own hasher verifies it; outside the block secrets are hashed as usual.
    assert numbering.secret_matches(secret, stored)
    assert "m=1024," not in numbering.new_lookup_secret()[1]
