"""Guards of issue 6 on PostgreSQL: the inbox (first page, filtered, searched), the public
lookup and the statistics read the dossier table through an index, never by a sequential
scan of it.

The planner only chooses an index when the table is large enough for it to matter, so each
test runs on a province of 24 units and 4,800 dossiers spread over three years, states and
channels (bulk_create, then ANALYZE so the planner knows the distribution); the queries are
the ones the code really sends (captured while calling it), explained with
EXPLAIN (FORMAT JSON). The planner is never forced (no `enable_seqscan = off`): a plan that
scans the whole table here would do it at a million dossiers too.
"""

import datetime
import itertools
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.accounts.models import Role, User
from motcua.agencies.models import Unit, UnitKind
from motcua.agencies.tests.factories import UnitFactory
from motcua.core.text import fold
from motcua.dossiers import citizen, inbox, stats
from motcua.dossiers.models import Dossier, DossierStep, StepPhase
from motcua.dossiers.queries import PublicStatus
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import Province, at, make_province, make_version, staff
from motcua.worktime.limits import Channel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

DOSSIER_TABLE = Dossier._meta.db_table
UNITS = 24
PER_UNIT = 200
STATES = [
    *[State.RETURNED] * 12,
    State.IN_REVIEW,
    State.IN_REVIEW,
    State.AWAITING_DECISION,
    State.SUBMITTED,
    State.RECEIVED,
    State.SUPPLEMENT_IN_PROCESS,
    State.RESULT_READY,
    State.REFUSED,
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Minh", "Nga", "Sơn", "Tâm", "Vân"]


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Query plans are checked on PostgreSQL (.ci/run).")


@dataclass
class Data:
    world: Province
    units: list[Unit]
    officer: User
    codes: list[tuple[str, str]]


@pytest.fixture
def data() -> Data:
    """A province whose dossiers are spread over many units, written in bulk and analysed."""
    world = make_province()
    chance = random.Random(6)
    units = [world.centre, world.department] + [
        UnitFactory.create(
            name=f"UBND xã thử nghiệm {n}",
            kind=UnitKind.COMMUNE,
            qcvn_code=f"000.{n:02d}.40.H41",
            parent=world.province,
        )
        for n in range(UNITS - 2)
    ]
    versions = [world.version, world.joint_version] + [
        make_version(unit, unit) for unit in units[2:6]
    ]
    officer = staff(units[7], Role.RECEPTION_OFFICER)
    first = at(2023, 1, 2, 8)
    rows: list[Dossier] = []
    codes: list[tuple[str, str]] = []
    numbers = itertools.count(1)
    for unit in units:
        for _ in range(PER_UNIT):
            number = next(numbers)
            received = first + datetime.timedelta(minutes=chance.randrange(3 * 365 * 1440))
            state = chance.choice(STATES)
            finished = state in (State.RETURNED, State.REFUSED, State.RESULT_READY)
            name = f"{chance.choice(FAMILY)} Văn {chance.choice(GIVEN)}"
            code = f"{unit.qcvn_code}-{received:%y%m%d}-{number:04d}"
            phone = f"09{chance.randrange(10**8):08d}"
            codes.append((code, phone))
            rows.append(
                Dossier(
                    code=code,
                    procedure_version=chance.choice(versions),
                    receiving_unit=unit,
                    processing_unit=unit,
                    holding_unit=unit,
                    applicant_name=name,
                    applicant_phone=phone,
                    channel=chance.choice(list(Channel)),
                    state=state,
                    submitted_at=received - datetime.timedelta(hours=1),
                    received_at=received,
                    clock_started_at=received,
                    due_at=received + datetime.timedelta(days=7),
                    original_due_at=received + datetime.timedelta(days=7),
                    finished_at=(
                        received + datetime.timedelta(days=chance.randrange(1, 12))
                        if finished
                        else None
                    ),
                    search_text=fold(f"{code} {name}"),
                )
            )
    dossiers = Dossier.objects.bulk_create(rows, batch_size=2000)
    DossierStep.objects.bulk_create(
        [
            DossierStep(
                dossier=dossier,
                order=1,
                phase=StepPhase.RECEPTION,
                unit=dossier.receiving_unit,
                role=Role.RECEPTION_OFFICER,
                given_at=dossier.received_at,
                finished_at=dossier.received_at,
            )
            for dossier in dossiers[::4]
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {DOSSIER_TABLE}")
        cursor.execute(f"ANALYZE {DossierStep._meta.db_table}")
    return Data(world, units, officer, codes)


def plan_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def explain(sql: str, params: Any) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        raw = cursor.fetchone()[0]
    plan = json.loads(raw) if isinstance(raw, str) else raw
    return plan[0]["Plan"]


def sequential_scans(plan: dict[str, Any]) -> list[str]:
    return [
        node.get("Alias", DOSSIER_TABLE)
        for node in plan_nodes(plan)
        if node["Node Type"] == "Seq Scan" and node.get("Relation Name") == DOSSIER_TABLE
    ]


def dossier_reads(call: Any) -> list[tuple[str, dict[str, Any]]]:
    """Each query `call()` sends that reads the dossier table, with its plan."""
    with CaptureQueriesContext(connection):
        captured: list[tuple[str, Any]] = []
        original = connection.ops.last_executed_query

        def keep(cursor: Any, sql: str, params: Any) -> str:
            captured.append((sql, params))
            return original(cursor, sql, params)

        connection.ops.last_executed_query = keep  # type: ignore[method-assign]
        try:
            call()
        finally:
            connection.ops.last_executed_query = original  # type: ignore[method-assign]
    return [
        (sql, explain(sql, params))
        for sql, params in captured
        # A compound query (UNION) starts with its first part in parentheses.
        if f'"{DOSSIER_TABLE}"' in sql and sql.lstrip(" (").upper().startswith("SELECT")
    ]


def outline(node: dict[str, Any], depth: int = 0) -> str:
    """The plan as an indented list of nodes, relations and indexes."""
    line = "  " * depth + node["Node Type"]
    for key in ("Relation Name", "Index Name"):
        if key in node:
            line += f" {node[key]}"
    return "\n".join([line, *(outline(child, depth + 1) for child in node.get("Plans", []))])


def assert_indexed(reads: list[tuple[str, dict[str, Any]]]) -> None:
    assert reads, "the call read no dossier"
    scanning = [f"{sql[:300]}…\n{outline(plan)}" for sql, plan in reads if sequential_scans(plan)]
    assert not scanning, "sequential scan of the dossier table:\n\n" + "\n\n".join(scanning)


def test_the_inbox_first_pages_use_indexes(data: Data) -> None:
    now = at(2026, 1, 15, 9)
    reads = dossier_reads(
        lambda: (
            inbox.inbox_page(data.officer, inbox.Tab.RECEIVE, now=now),
            inbox.inbox_page(data.officer, inbox.Tab.PROCESS, now=now),
        )
    )
    # For each tab: the open tabs' rows (one UNION of three indexed reads), the rows of the
    # page.
    assert len(reads) == 4
    assert_indexed(reads)


def test_the_inbox_tab_counts_use_indexes(data: Data) -> None:
    reads = dossier_reads(lambda: inbox.tab_counts(data.officer, now=at(2026, 1, 15, 9)))
    # The open tabs' rows, the held finished ones, every reason of reach.
    assert len(reads) == 3
    assert_indexed(reads)


def test_a_filtered_searched_inbox_page_uses_indexes(data: Data) -> None:
    now = at(2026, 1, 15, 9)
    filters = inbox.InboxFilters(
        text="nguyen van",
        channel=Channel.ONLINE,
        submitted_from=datetime.date(2025, 1, 1),
        submitted_to=datetime.date(2025, 12, 31),
    )
    reads = dossier_reads(
        lambda: (
            inbox.inbox_page(data.officer, inbox.Tab.DONE, filters, now=now),
            inbox.tab_counts(data.officer, filters, now),
        )
    )
    # The page's ids (and its rows when it has some), the open tabs' rows, the finished matches.
    assert len(reads) >= 3
    assert_indexed(reads)


def test_the_public_lookup_uses_the_code_index(data: Data) -> None:
    code, phone = data.codes[len(data.codes) // 2]
    found: list[PublicStatus | None] = []
    reads = dossier_reads(lambda: found.append(citizen.lookup(code, phone)))
    assert found[0] is not None and found[0].code == code
    assert_indexed(reads)
    (_sql, plan), *_ = reads
    used = {node.get("Index Name") for node in plan_nodes(plan)}
    assert any(name and "code" in name for name in used), used


def test_the_statistics_of_a_unit_use_indexes(data: Data) -> None:
    period = stats.Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    reads = dossier_reads(lambda: stats.dossier_counts(data.units[9], period))
    assert_indexed(reads)


def test_the_province_wide_statistics_of_a_year_use_indexes(data: Data) -> None:
    period = stats.Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    reads = dossier_reads(lambda: stats.dossier_counts(data.world.province, period))
    assert_indexed(reads)
