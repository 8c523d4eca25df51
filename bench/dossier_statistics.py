"""How the statistics query grows with the dossiers, measured against a plain count of the
same rows in the same run (so the ratio holds whatever machine runs it).

    .venv/bin/python bench/dossier_statistics.py [dossiers ...]     # default: 10000 100000

Builds a throw-away database (a temporary SQLite file, or the PostgreSQL database of
BENCH_DATABASE_URL, which it empties first) with a province of 60 units and the
dossiers written straight to the table, spread over two years. For each size it prints the
time of `dossier_counts` for the province for a month and for a year, of `unit_statistics`
(the breakdown by unit) for a year, and of `SELECT COUNT(*)` over the dossiers of that year,
with the ratios. On PostgreSQL, compare with `PGOPTIONS="-c jit=off"` (docs/statistics.md).
"""

import datetime
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.test")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
    "sqlite:///" + tempfile.mkstemp(suffix=".sqlite3")[1]
)

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from motcua.agencies.models import Unit, UnitKind  # noqa: E402
from motcua.agencies.tests.factories import UnitFactory  # noqa: E402
from motcua.catalog.tests.factories import ProcedureVersionFactory  # noqa: E402
from motcua.dossiers import stats  # noqa: E402
from motcua.dossiers.models import Dossier  # noqa: E402
from motcua.dossiers.states import State  # noqa: E402
from motcua.dossiers.stats import Period  # noqa: E402
from motcua.worktime.engine import VN_TZ  # noqa: E402
from motcua.worktime.limits import Channel  # noqa: E402

START = datetime.datetime(2025, 1, 1, tzinfo=VN_TZ)
ENDINGS = [State.RETURNED, State.RESULT_READY, State.STOPPED, State.REJECTED, State.IN_REVIEW]


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)


def main(sizes: list[int]) -> None:
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    root = UnitFactory.create(name="Tỉnh", kind=UnitKind.PROVINCE_COMMITTEE, parent=None)
    units = [UnitFactory.create(parent=root) for _ in range(59)]
    version = ProcedureVersionFactory.create()
    rng = random.Random(5)
    written = 0
    for size in sizes:
        batch = []
        for _ in range(size - written):
            received = START + datetime.timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
            due = received + datetime.timedelta(days=rng.randrange(1, 20))
            state = rng.choice(ENDINGS)
            finished = (
                received + datetime.timedelta(days=rng.randrange(0, 30))
                if state != State.IN_REVIEW
                else None
            )
            unit = rng.choice(units)
            batch.append(
                Dossier(
                    procedure_version=version,
                    receiving_unit=unit,
                    processing_unit=unit,
                    holding_unit=unit,
                    applicant_name="Người thử",
                    channel=rng.choice(list(Channel)),
                    state=state,
                    received_at=received,
                    due_at=due,
                    original_due_at=due,
                    finished_at=finished,
                )
            )
        Dossier.objects.bulk_create(batch, batch_size=5000)
        written = size
        report(size, root)


MONTH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
YEAR = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def plain_count() -> int:
    return Dossier.objects.filter(received_at__gte=YEAR.start, received_at__lt=YEAR.end).count()


def report(size: int, root: Unit) -> None:
    plain = best_of(3, plain_count)
    figures = {
        "month": best_of(3, lambda: stats.dossier_counts(root, MONTH)),
        "year": best_of(3, lambda: stats.dossier_counts(root, YEAR)),
        "year by unit": best_of(3, lambda: stats.unit_statistics(root, YEAR)),
    }
    print(f"{size} dossiers: plain count of a year {plain * 1000:.1f} ms")
    for name, seconds in figures.items():
        print(f"  {name}: {seconds * 1000:.1f} ms, {seconds / plain:.1f} times the plain count")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10_000, 100_000])
