import datetime
import resource
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.demo.history import LOOKUP_SECRET, History, default_period


class Command(BaseCommand):
    help = (
        "Fill the database with a province's history of dossiers for load tests and benchmarks "
        "(test and benchmark databases only: it adds synthetic dossiers, citizens and staff). "
        "Needs the units and the catalogue (seed_demo)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dossiers", type=int, default=1_000_000)
        parser.add_argument("--years", type=float, default=3.0)
        parser.add_argument(
            "--until",
            type=datetime.date.fromisoformat,
            default=None,
            help="Last day of the period (default: yesterday); later events stay open.",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch", type=int, default=5000, help="Dossiers per transaction.")
        parser.add_argument(
            "--keep-indexes",
            action="store_true",
            help="PostgreSQL: keep the secondary indexes and foreign keys during the load "
            "(they are dropped and rebuilt for 50,000 dossiers or more).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dossiers"] < 1:
            raise CommandError("--dossiers must be at least 1.")
        first, last = default_period(options["years"], options["until"])
        history = History(
            options["dossiers"],
            first,
            last,
            seed=options["seed"],
            batch=options["batch"],
            progress=self.stdout.write,
            drop_indexes=False if options["keep_indexes"] else None,
            parallel=True,
        )
        started = time.perf_counter()
        try:
            totals = history.run()
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"Loaded {totals['dossiers']:,} dossiers received {first} to {last} in {elapsed:.0f} s "
            f"({totals['dossiers'] / elapsed:,.0f}/s): {totals['transitions']:,} transitions, "
            f"{totals['steps']:,} control-slip rows, {totals['pauses']:,} pauses, "
            f"{totals['files']:,} files (metadata only). Peak memory {peak:,.0f} MB."
        )
        self.stdout.write(f"Every loaded dossier's lookup secret: {LOOKUP_SECRET}")
