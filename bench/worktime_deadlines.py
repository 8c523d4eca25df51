"""How fast the deadline engine answers, measured against a plain `datetime + timedelta` loop
in the same run (so the ratio holds whatever machine runs it).

    .venv/bin/python bench/worktime_deadlines.py [receipts]

Prints: the time to index a calendar; deadlines per second for a mix of limits, for limits
far ahead, and for the plain loop, with the ratios; and the time to classify a million
finished dossiers as early, on time or late.
"""

import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.test")

import django

django.setup()

from motcua.worktime import official_notices  # noqa: E402
from motcua.worktime.engine import VN_TZ, build_calendar, classify_many  # noqa: E402
from motcua.worktime.limits import Channel, TimeUnit  # noqa: E402

LIMITS = [
    (4, TimeUnit.WORKING_HOURS),
    (40, TimeUnit.WORKING_HOURS),
    (1, TimeUnit.WORKING_DAYS),
    (15, TimeUnit.WORKING_DAYS),
    (30, TimeUnit.DAYS),
    (3, TimeUnit.MONTHS),
]


def per_second(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s"


def main(receipts: int) -> None:
    chance = random.Random(2026)
    first = datetime.datetime(2024, 1, 1, tzinfo=VN_TZ)
    moments = [
        first + datetime.timedelta(minutes=chance.randrange(7 * 365 * 1440))
        for _ in range(receipts)
    ]
    limits = [chance.choice(LIMITS) for _ in range(receipts)]
    channels = [chance.choice(list(Channel)) for _ in range(receipts)]

    started = time.perf_counter()
    calendar = build_calendar(rules=official_notices.rules())
    indexed = time.perf_counter() - started
    print(f"index of one calendar (2010-2060, package and notices): {indexed:.3f} s")

    started = time.perf_counter()
    for moment, (amount, unit), channel in zip(moments, limits, channels, strict=True):
        calendar.deadline(moment, amount, unit, channel=channel)
    engine = time.perf_counter() - started

    started = time.perf_counter()
    for moment in moments:
        calendar.deadline(moment, 2000, TimeUnit.WORKING_DAYS)
    far_ahead = time.perf_counter() - started

    started = time.perf_counter()
    for moment, (amount, _unit) in zip(moments, limits, strict=True):
        _ = moment + datetime.timedelta(days=amount)
    plain = time.perf_counter() - started

    print(
        f"deadlines, mixed limits:        {per_second(receipts, engine)}"
        f"  ({engine / receipts * 1e6:.1f} µs each)"
    )
    print(
        f"deadlines, 2000 working days:   {per_second(receipts, far_ahead)}"
        f"  ({far_ahead / receipts * 1e6:.1f} µs each)"
    )
    print(f"plain datetime + timedelta:     {per_second(receipts, plain)}")
    print(f"ratio engine / plain loop:      {engine / plain:.1f}x the time")
    print(f"ratio far ahead / mixed:        {far_ahead / engine:.2f}x the time")

    dues = [calendar.deadline(moment, 5, TimeUnit.WORKING_DAYS).due for moment in moments[:1000]]
    pairs = [
        (dues[n % 1000] + datetime.timedelta(hours=chance.randrange(-200, 200)), dues[n % 1000])
        for n in range(1_000_000)
    ]
    started = time.perf_counter()
    verdicts = classify_many(pairs)
    classified = time.perf_counter() - started
    print(f"classify 1,000,000 finished dossiers: {classified:.2f} s ({len(verdicts):,} verdicts)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
