"""The calendars of the province and its units, built from the database and kept in memory.

`get_calendar(unit_code)` is the entry point for every caller: it layers the national rows,
then the rows of each unit from the root of the tree down to the unit, and answers with an
indexed `WorkCalendar`. Indexes are cached per process; every change of a calendar row writes
a new token to `CalendarRevision` (see signals.py; with a shared cache, a generation token
there too), and a token that differs from the one a cached calendar was built under makes the
next call rebuild it. Units with no rows of their own share the index of the nearest unit
above them that has some (the cache is keyed by the rows' content).
"""

import datetime
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.core.cache import generation, is_shared
from motcua.worktime import units
from motcua.worktime.engine import (
    FIRST_YEAR,
    LAST_YEAR,
    DayInfo,
    DayRule,
    DaySource,
    Deadline,
    OfficeSchedule,
    WorkCalendar,
    build_calendar,
)
from motcua.worktime.limits import Channel, TimeUnit
from motcua.worktime.models import (
    CalendarRevision,
    DayKind,
    NoticeDay,
    NoticeLevel,
    OfficeHours,
)


class _CalendarCache(OrderedDict[Hashable, WorkCalendar]):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size
        self.lock = threading.Lock()

    def remember(self, key: Hashable, value: WorkCalendar) -> WorkCalendar:
        with self.lock:
            self[key] = value
            self.move_to_end(key)
            while len(self) > self.size:
                self.popitem(last=False)
        return value


# (revision token, chain of unit codes) -> calendar; cleared whenever this process changes rows.
_by_scope = _CalendarCache(512)
# (office schedules, day rules) -> calendar; content-addressed, so it never goes stale.
_by_content = _CalendarCache(64)


def forget_calendars() -> None:
    """Drop this process's calendars by scope (the indexes by content stay valid)."""
    with _by_scope.lock:
        _by_scope.clear()


# With a shared cache, the revision is also a generation token there, renewed with the
# database's on every change (`signals.bump_revision`): each deadline then costs a cache read
# instead of a query. Lost from the cache, it is created anew and the calendars rebuilt.
CALENDAR_GENERATION = "worktime:calendars"


def revision_token() -> str:
    if is_shared() and (token := generation(CALENDAR_GENERATION)) is not None:
        return token
    found = CalendarRevision.objects.filter(pk=1).values_list("token", flat=True).first()
    return found or ""


def get_calendar(unit_code: str | None = None) -> WorkCalendar:
    """The working-time calendar of the unit with this QCVN 102 code (the province's when no
    code is given). Raises units.UnknownUnit for a code no unit has."""
    code = units.normalise(unit_code)
    chain = units.unit_chain(code) if code else ()
    key = (revision_token(), chain)
    calendar = _by_scope.get(key)
    if calendar is None:
        calendar = _by_scope.remember(key, _calendar_of(chain))
    return calendar


def _calendar_of(chain: tuple[str, ...]) -> WorkCalendar:
    scopes = ("", *chain)
    depth = {code: position for position, code in enumerate(scopes)}
    days = NoticeDay.objects.filter(notice__unit_code__in=scopes).select_related("notice")
    ordered = sorted(
        days,
        key=lambda day: (
            depth[day.notice.unit_code],
            day.notice.level != NoticeLevel.NATIONAL,
            day.notice.issued_on or datetime.date.min,
            day.notice_id,
            day.pk,
        ),
    )
    rules = tuple(
        DayRule(
            day.date,
            day.kind == DayKind.WORKING,
            day.name,
            DaySource.NOTICE if day.notice.level == NoticeLevel.NATIONAL else DaySource.LOCAL,
        )
        for day in ordered
    )
    hours = list(OfficeHours.objects.filter(unit_code__in=scopes))
    deepest = max((depth[row.unit_code] for row in hours), default=None)
    schedules = tuple(
        sorted(
            (_schedule(row) for row in hours if depth[row.unit_code] == deepest),
            key=lambda schedule: schedule.valid_from,
        )
    ) or (OfficeSchedule(),)
    content = (schedules, rules)
    calendar = _by_content.get(content)
    if calendar is None:
        calendar = _by_content.remember(content, build_calendar(schedules, rules))
    return calendar


def _schedule(row: OfficeHours) -> OfficeSchedule:
    return OfficeSchedule(
        valid_from=row.valid_from,
        weekdays=frozenset(int(digit) for digit in row.weekdays),
        periods=((row.morning_start, row.morning_end), (row.afternoon_start, row.afternoon_end)),
        desk_cutoff=row.desk_cutoff,
        saturday_morning_receiving=row.saturday_morning_receiving,
    )


@dataclass(frozen=True)
class DeadlineAnswer:
    """A deadline with what a person needs to understand it."""

    deadline: Deadline
    unit_code: str
    channel: Channel
    # Days off from the day of receipt to the appointment, weekends included.
    days_off: list[DayInfo]
    schedule: OfficeSchedule
    # The desk cut-off (not closed hours) moved the start to the next working day.
    after_cutoff: bool

    @property
    def holidays(self) -> list[DayInfo]:
        """The days off other than the weekly rest days."""
        return [day for day in self.days_off if day.source != DaySource.WEEKLY]

    @property
    def weekly_rest_days(self) -> int:
        return len(self.days_off) - len(self.holidays)


def explain_deadline(
    received_at: datetime.datetime,
    amount: int,
    unit: TimeUnit,
    *,
    channel: Channel = Channel.DESK,
    unit_code: str | None = None,
) -> DeadlineAnswer:
    """The appointment for the deadline calculator (page and API). Raises units.UnknownUnit,
    engine.CalendarRangeError and ValueError (a negative amount)."""
    calendar = get_calendar(unit_code)
    deadline = calendar.deadline(received_at, amount, unit, channel=channel)
    received_day = deadline.received_at.astimezone(deadline.due.tzinfo).date()
    return DeadlineAnswer(
        deadline=deadline,
        unit_code=units.normalise(unit_code),
        channel=channel,
        days_off=calendar.days_off_between(received_day, deadline.due.date()),
        schedule=calendar.schedule_on(received_day),
        after_cutoff=deadline.received_effective
        != calendar.clock_start(received_at, channel=Channel.ONLINE),
    )


def unknown_unit_message(code: str) -> str:
    return _("No unit has the code %(code)s.") % {"code": code}


def out_of_range_message() -> str:
    return _("The calendar covers the years %(first)s to %(last)s only.") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }
