"""How the back-office inbox grows with the dossiers, measured against a plain count of the
officer's unit's dossiers in the same run (so the ratios hold whatever machine runs it).

    .venv/bin/python bench/dossier_inbox.py [dossiers ...]     # default: 10000 100000

Builds a throw-away database (a temporary SQLite file, or the PostgreSQL database of
BENCH_DATABASE_URL, which it EMPTIES first: give it a database of its own) with a province
of 60 units, a one-stop officer of one of them, and dossiers written straight to the table,
spread over two years, the units and the states of the inbox's tabs. For each size it
prints the time of `inbox.tab_counts` (every tab's count, one query), of the first and of a
later page of the "to process" tab (keyset, one query each), of a search by applicant name,
and of `SELECT COUNT(*)` of the unit's dossiers, with the ratios. A page should cost about
the same at every size; the counts grow with the unit's dossiers, as the plain count does.
"""

import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.test")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
    "sqlite:///" + tempfile.mkstemp(suffix=".sqlite3")[1]
)

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from motcua.accounts.models import Role  # noqa: E402
from motcua.accounts.tests.factories import MembershipFactory, StaffFactory  # noqa: E402
from motcua.agencies.models import UnitKind  # noqa: E402
from motcua.agencies.tests.factories import UnitFactory  # noqa: E402
from motcua.catalog.tests.factories import ProcedureVersionFactory  # noqa: E402
from motcua.core.text import fold  # noqa: E402
from motcua.dossiers import inbox  # noqa: E402
from motcua.dossiers.inbox import InboxFilters, Tab  # noqa: E402
from motcua.dossiers.models import Dossier  # noqa: E402
from motcua.dossiers.states import State  # noqa: E402
from motcua.worktime.engine import VN_TZ  # noqa: E402
from motcua.worktime.limits import Channel  # noqa: E402

START = datetime.datetime(2025, 1, 1, tzinfo=VN_TZ)
NOW = datetime.datetime(2027, 1, 4, 9, tzinfo=VN_TZ)
STATES = [
    State.SUBMITTED,
    State.RECEIVED,
    State.IN_REVIEW,
    State.SUPPLEMENT_IN_PROCESS,
    State.RESULT_READY,
    State.RETURNED,
    State.RETURNED,
    State.RETURNED,
    State.REFUSED,
]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]


def best_of(runs: int, work: object) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - began)
    return min(times)


def main(sizes: list[int]) -> None:
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    root = UnitFactory.create(name="Tỉnh", kind=UnitKind.PROVINCE_COMMITTEE, parent=None)
    units = [UnitFactory.create(parent=root) for _ in range(59)]
    officer = StaffFactory.create()
    MembershipFactory.create(user=officer, unit=units[0], role=Role.RECEPTION_OFFICER)
    version = ProcedureVersionFactory.create()
    rng = random.Random(7)
    written = 0
    for size in sizes:
        batch = []
        for number in range(written, size):
            submitted = START + datetime.timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
            state = rng.choice(STATES)
            received = state not in (State.SUBMITTED, State.REFUSED)
            due = submitted + datetime.timedelta(days=rng.randrange(1, 20))
            unit = rng.choice(units)
            name = f"{rng.choice(NAMES)} {number}"
            code = f"000.00.{unit.pk:02d}.H41-{number:010d}" if received else None
            batch.append(
                Dossier(
                    procedure_version=version,
                    receiving_unit=unit,
                    processing_unit=unit,
                    holding_unit=unit,
                    applicant_name=name,
                    code=code,
                    search_text=fold(f"{code or ''} {name}"),
                    channel=rng.choice(list(Channel)),
                    state=state,
                    submitted_at=submitted,
                    received_at=submitted if received else None,
                    due_at=due if received else None,
                    original_due_at=due if received else None,
                )
            )
        Dossier.objects.bulk_create(batch, batch_size=5000)
        written = size
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE dossiers_dossier")
        second_page = inbox.inbox_page(officer, Tab.PROCESS, now=NOW).next_cursor
        assert second_page is not None
        plain = best_of(5, lambda: Dossier.objects.filter(holding_unit=units[0]).count())
        figures = {
            "counts of every tab": best_of(5, lambda: inbox.tab_counts(officer, now=NOW)),
            "first page": best_of(5, lambda: inbox.inbox_page(officer, Tab.PROCESS, now=NOW)),
            "next page": best_of(
                5,
                lambda after=second_page: inbox.inbox_page(
                    officer, Tab.PROCESS, after=after, now=NOW
                ),
            ),
            "search by name": best_of(
                5,
                lambda: inbox.inbox_page(
                    officer, Tab.DONE, InboxFilters(text="pham thi dung"), now=NOW
                ),
            ),
        }
        print(f"{size} dossiers: plain count of the unit's {plain * 1000:.1f} ms")
        for name, seconds in figures.items():
            print(f"  {name}: {seconds * 1000:.1f} ms, {seconds / plain:.1f} times the plain count")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10_000, 100_000])
