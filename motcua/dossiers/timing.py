"""Every question of time a dossier asks, answered by `motcua.worktime` (the only module that
computes deadlines); this module only says which calendar, limit and moments to use.

A dossier is timed on the calendar of its receiving unit, for the whole dossier and for each
row of its control slip.
"""

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from motcua.catalog.models import ProcessStep
from motcua.dossiers.models import Dossier, DossierStep, Pause
from motcua.worktime.engine import (
    Deadline,
    Punctuality,
    WorkCalendar,
    classify_duration,
    split_allowance,
)
from motcua.worktime.limits import Channel, TimeUnit
from motcua.worktime.queries import get_calendar

# Weights of a process step's share in hours, to compare shares given in different units:
# the statutory working day has 8 hours (QĐ 188/1999/QĐ-TTg), a month 22 working days.
# Only the proportions matter: the dossier's own time limit is what gets shared.
_HOURS_PER_UNIT = {
    TimeUnit.WORKING_HOURS: Decimal(1),
    TimeUnit.WORKING_DAYS: Decimal(8),
    TimeUnit.DAYS: Decimal(8),
    TimeUnit.MONTHS: Decimal(8 * 22),
}


# Calendars by unit code while `calendars_held` is in force (None: ask worktime each time).
_held: ContextVar[dict[str | None, WorkCalendar] | None] = ContextVar(
    "held_calendars", default=None
)


@contextmanager
def calendars_held() -> Iterator[None]:
    """Inside the block, each receiving unit's calendar is looked up once and reused,
    without asking the database whether a calendar row changed since: for bulk work that
    changes no calendar (the demo's year of dossiers), where the lookups cost more than the
    work."""
    token = _held.set({})
    try:
        yield
    finally:
        _held.reset(token)


def calendar_of(dossier: Dossier) -> WorkCalendar:
    code = dossier.receiving_unit.qcvn_code
    held = _held.get()
    if held is None:
        return get_calendar(code)
    if code not in held:
        held[code] = get_calendar(code)
    return held[code]


def appointment(dossier: Dossier, received_at: datetime.datetime) -> Deadline:
    """The appointment of a dossier received at `received_at` under its pinned version's
    time limit and afternoon cut-off, through its channel."""
    version = dossier.procedure_version
    return calendar_of(dossier).deadline(
        received_at,
        version.time_limit_amount,
        TimeUnit(version.time_limit_unit),
        channel=Channel(dossier.channel),
        cutoff=version.cutoff_time,
    )


def step_allowances(dossier: Dossier, steps: list[ProcessStep]) -> dict[int, int]:
    """The working minutes each process step of the version may take: the dossier's whole
    time limit shared among the steps that follow each other, in proportion to their
    shares; a step that runs alongside the previous one gets time at the same rate without
    taking any from the others."""
    if not steps or dossier.clock_started_at is None or dossier.original_due_at is None:
        return {}
    total = calendar_of(dossier).working_minutes(dossier.clock_started_at, dossier.original_due_at)
    return share_allowances(total, steps)


def share_allowances(total: int, steps: list[ProcessStep]) -> dict[int, int]:
    """`step_allowances` for a whole time limit of `total` working minutes (steps in order)."""
    if not steps:
        return {}
    weights = {
        step.pk: step.duration_amount * _HOURS_PER_UNIT[TimeUnit(step.duration_unit)]
        for step in steps
    }
    # The first step runs alongside nothing, whatever its flag says.
    sequential = [
        step.pk
        for position, step in enumerate(steps)
        if position == 0 or not step.parallel_with_previous
    ]
    allowances = dict(
        zip(sequential, split_allowance(total, [weights[pk] for pk in sequential]), strict=True)
    )
    path = sum(weights[pk] for pk in sequential)
    for step in steps:
        if step.pk not in allowances:
            allowances[step.pk] = int(total * weights[step.pk] / path)
    return allowances


def step_due(
    dossier: Dossier, given_at: datetime.datetime, allowance_minutes: int
) -> datetime.datetime:
    return calendar_of(dossier).add_working_minutes(given_at, allowance_minutes)


def clock_pauses(dossier: Dossier) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The closed pauses of the dossier that are excluded from the clock."""
    return [
        (pause.started_at, pause.ended_at)
        for pause in dossier.pauses.filter(stops_clock=True, ended_at__isnull=False)
        if pause.ended_at is not None
    ]


def step_outcome(
    dossier: Dossier,
    step: DossierStep,
    finished_at: datetime.datetime,
    pauses: Iterable[tuple[datetime.datetime, datetime.datetime]],
) -> Punctuality | None:
    """Early, on time or late for a finished step with an allowance (None without one)."""
    if step.allowance_minutes is None or step.given_at is None:
        return None
    taken = calendar_of(dossier).working_minutes(step.given_at, finished_at, list(pauses))
    return classify_duration(taken, step.allowance_minutes)


def paused_working_minutes(dossier: Dossier, pause: Pause) -> int:
    if pause.ended_at is None:
        raise ValueError("The pause has not ended.")
    return calendar_of(dossier).working_minutes(pause.started_at, pause.ended_at)


def moved_by(dossier: Dossier, moment: datetime.datetime, minutes: int) -> datetime.datetime:
    """`moment` moved later by `minutes` of working time."""
    return calendar_of(dossier).add_working_minutes(moment, minutes)


def working_minutes_until(
    dossier: Dossier, start: datetime.datetime, end: datetime.datetime
) -> int:
    return calendar_of(dossier).working_minutes(start, end)


def due_soon_limit(now: datetime.datetime, working_hours: int) -> datetime.datetime:
    """The moment `working_hours` of working time after `now` on the province's calendar:
    appointments up to it are "due soon" (local days off of a unit are not considered)."""
    return get_calendar(None).add_working_minutes(now, working_hours * 60)
