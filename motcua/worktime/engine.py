"""The deadline engine: working time, appointments, pauses and punctuality, to the minute.

This is the only place in the platform that computes time. A `WorkCalendar` is built once
from a unit's office hours and day rules (the `holidays` package's Vietnam calendar, then the
yearly notices and local overrides from the database, see `queries.get_calendar`) into sorted
arrays of working periods covering FIRST_YEAR..LAST_YEAR, and a table saying for every day
which working day it is (or precedes); every question is then answered with table look-ups
and at most two binary searches, so a deadline costs a couple of microseconds however far
ahead it lies.

Moments are handled internally as whole minutes since 2000-01-01 00:00 Vietnam time.
Asia/Ho_Chi_Minh has kept UTC+7 without daylight saving since 1975, so a local minute count
and a UTC minute count differ by a constant, and local days are exact multiples of 1440.
Seconds are dropped: a moment counts as the minute it falls in. A moment becomes a minute by
one datetime subtraction, and a minute becomes a moment by adding a precomputed time of day to
a precomputed midnight (building a `timedelta` costs several times that addition).

The rules (docs/worktime.md explains them for administrators):
- The clock starts at the first working minute at or after the receipt; a desk or postal
  receipt at or after the afternoon cut-off starts at the opening of the next working day.
- Working hours: the limit ends that many working hours after the clock starts.
- Working days: the day the clock starts is not counted; a limit of N ends at the close of
  office hours on the Nth working day after it (N = 0: the close of that same day).
- Calendar days and months: counted from the day the clock starts; when the last day is not
  a working day, the limit ends at the close of the next working day.
- Pauses (waiting for the citizen's supplement, ...) are excluded from the clock: each pause
  that starts before the appointment moves it by the working time the pause covers.
- Punctuality compares minutes: earlier than the appointment is early, the same minute is on
  time, later is late.
"""

import datetime
import functools
import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

import holidays
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.worktime.limits import Channel, TimeUnit

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_YEAR = 2010
LAST_YEAR = 2060
MINUTES_PER_DAY = 1440

_ORIGIN = datetime.datetime(2000, 1, 1, tzinfo=VN_TZ)
# The same moment in UTC, the zone of the database's and Django's datetimes: a subtraction
# between two datetimes of one zone skips looking up offsets (five times faster).
_UTC = datetime.UTC
_ORIGIN_UTC = _ORIGIN.astimezone(_UTC)
_ORIGIN_ORDINAL = _ORIGIN.date().toordinal()
_WEEKEND = (6, 7)  # ISO weekdays: days_off lists Monday..Friday, make_up_days these two

# Plain values to compare with: an enum member's lookup on its class costs more than the
# comparison, and a model's choice field gives the plain value anyway.
_ONLINE = Channel.ONLINE.value
_WORKING_HOURS = TimeUnit.WORKING_HOURS.value
_WORKING_DAYS = TimeUnit.WORKING_DAYS.value
_DAYS = TimeUnit.DAYS.value
_MONTHS = TimeUnit.MONTHS.value
# A named tuple's own constructor is a Python function; tuple.__new__ fills it directly.
_new_tuple = tuple.__new__

Interval = tuple[datetime.datetime, datetime.datetime]


class CalendarRangeError(ValueError):
    """A moment or a result lies outside the years the calendar covers."""


class DaySource(models.TextChoices):
    """Why a day is not an ordinary day of the unit's week."""

    WEEKLY = "weekly", _("weekly rest day")
    HOLIDAY = "holiday", _("public holiday")
    NOTICE = "notice", _("yearly notice")
    LOCAL = "local", _("local decision")


class Punctuality(models.TextChoices):
    EARLY = "early", _("early")
    ON_TIME = "on_time", _("on time")
    LATE = "late", _("late")


@dataclass(frozen=True)
class OfficeSchedule:
    """A unit's office hours from `valid_from` on (until the next schedule starts)."""

    valid_from: datetime.date = datetime.date(FIRST_YEAR, 1, 1)
    weekdays: frozenset[int] = frozenset({1, 2, 3, 4, 5})  # ISO weekdays, Monday = 1
    periods: tuple[tuple[datetime.time, datetime.time], ...] = (
        (datetime.time(7, 30), datetime.time(11, 30)),
        (datetime.time(13, 30), datetime.time(17, 0)),
    )
    desk_cutoff: datetime.time | None = datetime.time(15, 0)
    saturday_morning_receiving: bool = False

    @property
    def minutes_per_day(self) -> int:
        """Working minutes in a day (450 by default), to turn a step's share in working days or
        hours into working minutes for `split_allowance`."""
        return sum(_minute_of_day(end) - _minute_of_day(start) for start, end in self.periods)


DEFAULT_SCHEDULE = OfficeSchedule()


@dataclass(frozen=True)
class DayRule:
    """A day that a notice or a local decision makes a day off or a working day."""

    day: datetime.date
    working: bool
    name: str
    source: DaySource


@dataclass(frozen=True)
class DayInfo:
    day: datetime.date
    working: bool
    name: str
    # None for an ordinary day of the unit's week.
    source: DaySource | None


class Deadline(NamedTuple):
    """An appointment and how it was reached (a named tuple: built for every dossier of a
    bulk load or a statistics pass, where a frozen dataclass's slower construction shows)."""

    received_at: datetime.datetime
    # When the clock started (the receipt moved past closed hours and the cut-off).
    received_effective: datetime.datetime
    due: datetime.datetime
    amount: int
    unit: TimeUnit
    # Working minutes of the pauses that moved the appointment.
    paused_minutes: int = 0


@dataclass(frozen=True)
class _Note:
    working: bool
    name_vi: str
    name_en: str
    source: DaySource


@dataclass
class _Index:
    starts: list[int] = field(default_factory=list)  # working periods [start, end)
    ends: list[int] = field(default_factory=list)
    worked_before: list[int] = field(default_factory=list)  # working minutes before a period
    worked_after: list[int] = field(default_factory=list)  # ... up to its end
    days: list[int] = field(default_factory=list)  # working days, as day numbers
    day_open: list[int] = field(default_factory=list)
    day_close: list[int] = field(default_factory=list)
    day_cutoff: list[int | None] = field(default_factory=list)
    # For every day from FIRST_YEAR's first: its position in `days` when it is a working day,
    # else ~position (negative) of the next working day; no binary search for a day.
    positions: list[int] = field(default_factory=list)


def to_minute(moment: datetime.datetime) -> int:
    """The minute a moment falls in, counted from 2000-01-01 00:00 Vietnam time."""
    try:
        elapsed = moment - (_ORIGIN_UTC if moment.tzinfo is _UTC else _ORIGIN)  # exact
    except TypeError:
        if moment.tzinfo is None:
            raise ValueError("The deadline engine needs aware datetimes.") from None
        raise
    return elapsed.days * MINUTES_PER_DAY + elapsed.seconds // 60


def from_minute(minute: int) -> datetime.datetime:
    """The moment of a minute number, in Vietnam time."""
    day = minute // MINUTES_PER_DAY
    if 0 <= day < len(_MIDNIGHTS):
        return _MIDNIGHTS[day] + _TIMES_OF_DAY[minute - day * MINUTES_PER_DAY]
    return _ORIGIN + datetime.timedelta(0, minute * 60)


def _day_number(day: datetime.date) -> int:
    return day.toordinal() - _ORIGIN_ORDINAL


def _minute_of_day(moment: datetime.time) -> int:
    return moment.hour * 60 + moment.minute


# Day numbers of the first day of every month from the origin's to that after LAST_YEAR, and
# the month (counted from the origin's) of every day up to LAST_YEAR's end.
_MONTH_STARTS = [
    _day_number(datetime.date(2000 + month // 12, month % 12 + 1, 1))
    for month in range((LAST_YEAR + 1 - 2000) * 12 + 1)
]
_MONTH_OF_DAY = [
    month
    for month, (first, following) in enumerate(itertools.pairwise(_MONTH_STARTS))
    for _ in range(following - first)
]


def _midnights(count: int) -> list[datetime.datetime]:
    moments, one_day = [_ORIGIN], datetime.timedelta(days=1)
    for _day in range(count - 1):
        moments.append(moments[-1] + one_day)
    return moments


# The moment of every midnight from the origin to the day after LAST_YEAR (1.2 MB), and every
# time of day: a minute number becomes a moment with one addition.
_MIDNIGHTS = _midnights(_MONTH_STARTS[-1] + 1)
_TIMES_OF_DAY = [datetime.timedelta(0, minute * 60) for minute in range(MINUTES_PER_DAY)]


def _add_months(day_number: int, months: int) -> int:
    """The corresponding day `months` later; the month's last day when it has no such day."""
    month = _MONTH_OF_DAY[day_number]
    target = month + months
    if target >= len(_MONTH_STARTS) - 1:
        raise CalendarRangeError("The limit ends after the calendar's last year.")
    first = _MONTH_STARTS[target]
    day_of_month = day_number - _MONTH_STARTS[month]
    last_of_month = _MONTH_STARTS[target + 1] - first - 1
    return first + (day_of_month if day_of_month < last_of_month else last_of_month)


@functools.cache
def statutory_notes() -> dict[int, _Note]:
    """The Labour Code holidays, observed days and announced substitutions of the `holidays`
    package, with the weekend days it lists as worked in exchange."""
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    vietnamese = holidays.country_holidays("VN", years=years, language="vi")
    english = holidays.country_holidays("VN", years=years, language="en_US")
    notes = {
        _day_number(day): _Note(False, name, english.get(day, name), DaySource.HOLIDAY)
        for day, name in vietnamese.items()
    }
    for day in vietnamese.weekend_workdays:
        notes[_day_number(day)] = _Note(
            True, "Ngày làm việc bù", "Make-up working day", DaySource.HOLIDAY
        )
    return notes


def build_calendar(
    schedules: Sequence[OfficeSchedule] = (DEFAULT_SCHEDULE,),
    rules: Iterable[DayRule] = (),
) -> "WorkCalendar":
    """Index a calendar: the package's holidays, then `rules` in order (a later rule for the
    same day wins), with each day's office hours taken from the schedule in force that day."""
    ordered = sorted(schedules, key=lambda schedule: schedule.valid_from)
    if not ordered or ordered[0].valid_from > DEFAULT_SCHEDULE.valid_from:
        ordered.insert(0, DEFAULT_SCHEDULE)  # the days before the first schedule
    switch_days = [_day_number(schedule.valid_from) for schedule in ordered]
    notes = dict(statutory_notes())
    for rule in rules:
        notes[_day_number(rule.day)] = _Note(rule.working, rule.name, rule.name, rule.source)

    index = _Index()
    worked = 0
    first = _day_number(datetime.date(FIRST_YEAR, 1, 1))
    last = _day_number(datetime.date(LAST_YEAR, 12, 31))
    for number in range(first, last + 1):
        schedule = ordered[max(bisect_right(switch_days, number) - 1, 0)]
        note = notes.get(number)
        # Day 0, 2000-01-01, was a Saturday (ISO weekday 6).
        weekday = (number + 5) % 7 + 1
        working = note.working if note is not None else weekday in schedule.weekdays
        if not working or not schedule.periods:
            index.positions.append(~len(index.days))
            continue
        index.positions.append(len(index.days))
        midnight = number * MINUTES_PER_DAY
        for start, end in schedule.periods:
            index.starts.append(midnight + _minute_of_day(start))
            index.ends.append(midnight + _minute_of_day(end))
            index.worked_before.append(worked)
            worked += index.ends[-1] - index.starts[-1]
            index.worked_after.append(worked)
        index.days.append(number)
        index.day_open.append(midnight + _minute_of_day(schedule.periods[0][0]))
        index.day_close.append(midnight + _minute_of_day(schedule.periods[-1][1]))
        cutoff = schedule.desk_cutoff
        index.day_cutoff.append(None if cutoff is None else midnight + _minute_of_day(cutoff))
    return WorkCalendar(index, notes, tuple(ordered))


class WorkCalendar:
    """One unit's working time, answering every question from its precomputed index.

    Public methods take and return aware datetimes (results in Vietnam time); they raise
    CalendarRangeError for moments outside the covered years and ValueError for bad input.
    """

    def __init__(
        self, index: _Index, notes: dict[int, _Note], schedules: tuple[OfficeSchedule, ...]
    ) -> None:
        self._index = index
        self._notes = notes
        self._schedules = schedules
        self._working_days = frozenset(index.days)
        # The opening and the close of every working day as moments (1.4 MB): most
        # appointments start at an opening and end at a close, and `deadline` then builds no
        # datetime at all.
        self._opening_moments = [from_minute(minute) for minute in index.day_open]
        self._closing_moments = [from_minute(minute) for minute in index.day_close]
        self._first_day = _day_number(datetime.date(FIRST_YEAR, 1, 1))
        self._lowest = self._first_day * MINUTES_PER_DAY
        self._highest = _day_number(datetime.date(LAST_YEAR + 1, 1, 1)) * MINUTES_PER_DAY

    # Appointments -------------------------------------------------------------------------

    def deadline(
        self,
        received_at: datetime.datetime,
        amount: int,
        unit: TimeUnit,
        *,
        channel: Channel = Channel.DESK,
        cutoff: datetime.time | None = None,
        pauses: Sequence[Interval] = (),
    ) -> Deadline:
        """The appointment for a dossier received at `received_at` with a legal limit of
        `amount` `unit`s. `cutoff` replaces the unit's desk cut-off (a procedure's own);
        `pauses` are closed intervals excluded from the clock."""
        # The hot path of bulk loads and statistics: `_minute`, `_clock_start` and `_add`
        # inlined, the position of the working day where the clock starts carried from one to
        # the other (test_reference.py holds both paths to a day-by-day reference).
        if amount < 0:
            raise ValueError("A time limit must not be negative.")
        try:
            elapsed = received_at - (_ORIGIN_UTC if received_at.tzinfo is _UTC else _ORIGIN)
        except TypeError:
            to_minute(received_at)  # raises the ValueError for a naive moment
            raise
        minute = elapsed.days * MINUTES_PER_DAY + elapsed.seconds // 60
        if not self._lowest <= minute < self._highest:
            self._minute(received_at)  # raises the CalendarRangeError
        index = self._index
        starts, positions, first_day = index.starts, index.positions, self._first_day
        number = minute // MINUTES_PER_DAY
        position = positions[number - first_day]
        # The clock starts on the working day at `position`: at its opening (start = -1) or,
        # when received during its office hours, in the working period `period`.
        start = period = -1
        start_moment = due_moment = None
        if position < 0:  # a day off
            position = ~position
        else:
            if channel == _ONLINE:
                limit = None
            elif cutoff is None:
                limit = index.day_cutoff[position]
            else:
                limit = number * MINUTES_PER_DAY + _minute_of_day(cutoff)
            if minute >= index.day_close[position] or (limit is not None and minute >= limit):
                position += 1
            elif minute >= index.day_open[position]:
                period = bisect_right(starts, minute) - 1
                if minute < index.ends[period]:
                    start = minute
                else:  # a break: the next period (that day's, as its close is later)
                    period += 1
                    start = starts[period]
        if start < 0:
            if position >= len(index.days):  # (`_day_field` inlined, as below)
                raise CalendarRangeError(f"The limit ends after {LAST_YEAR}.")
            start = index.day_open[position]
            start_moment = self._opening_moments[position]
        if unit == _WORKING_HOURS:
            due, due_moment = start, start_moment
            if amount:
                if period < 0:
                    period = bisect_left(starts, start)
                worked = index.worked_before[period] + start - starts[period] + amount * 60
                period = bisect_left(index.worked_after, worked)
                if period >= len(starts):
                    raise CalendarRangeError(f"The limit ends after {LAST_YEAR}.")
                due, due_moment = starts[period] + worked - index.worked_before[period], None
        else:
            if unit == _WORKING_DAYS:
                position += amount
            else:
                # Calendar days and months count from the day the clock starts.
                if unit == _DAYS:
                    target = index.days[position] + amount
                elif unit == _MONTHS:
                    target = _add_months(index.days[position], amount)
                else:
                    raise ValueError(f"Unknown unit of time {unit!r}.")
                if target - first_day >= len(positions):
                    raise CalendarRangeError(f"The limit ends after {LAST_YEAR}.")
                position = positions[target - first_day]
                if position < 0:  # the next working day
                    position = ~position
            if position >= len(index.days):
                raise CalendarRangeError(f"The limit ends after {LAST_YEAR}.")
            # The clock started on a working day, so its close is never before the start.
            due = index.day_close[position]
            due_moment = self._closing_moments[position]
        paused = 0
        if pauses:
            due, paused = self._extend_for_pauses(start, due, pauses)
            due_moment = None
        # Otherwise from_minute inlined: both minutes lie inside the calendar's tables.
        midnights, times = _MIDNIGHTS, _TIMES_OF_DAY
        return _new_tuple(
            Deadline,
            (
                received_at,
                start_moment
                or midnights[start // MINUTES_PER_DAY] + times[start % MINUTES_PER_DAY],
                due_moment or midnights[due // MINUTES_PER_DAY] + times[due % MINUTES_PER_DAY],
                amount,
                unit,
                paused,
            ),
        )

    def clock_start(
        self,
        received_at: datetime.datetime,
        *,
        channel: Channel = Channel.DESK,
        cutoff: datetime.time | None = None,
    ) -> datetime.datetime:
        """When the clock starts for a receipt at `received_at` through `channel`."""
        return from_minute(self._clock_start(self._minute(received_at), channel, cutoff))

    def add(self, moment: datetime.datetime, amount: int, unit: TimeUnit) -> datetime.datetime:
        """The end of a limit counted from `moment` without moving it to working hours first:
        an extension of an appointment, or the allowance of a step that starts at `moment`.
        For day units the day of `moment` is not counted."""
        return from_minute(self._add(self._minute(moment), amount, unit))

    def add_working_minutes(self, moment: datetime.datetime, minutes: int) -> datetime.datetime:
        """`minutes` of working time after `moment` (a step's allowance from `split_allowance`)."""
        if minutes < 0:
            raise ValueError("A working time must not be negative.")
        start = self._minute(moment)
        return from_minute(start if minutes == 0 else self._at_work(self._work(start) + minutes))

    # Minute numbers (bulk work: loading history, statistics) ------------------------------

    def clock_start_minute(
        self, minute: int, channel: Channel = Channel.DESK, cutoff: datetime.time | None = None
    ) -> int:
        """`clock_start` on minute numbers (`to_minute`): no datetime is built."""
        return self._clock_start(self._checked(minute), channel, cutoff)

    def add_minutes(self, minute: int, amount: int, unit: TimeUnit) -> int:
        """`add` on minute numbers."""
        return self._add(self._checked(minute), amount, unit)

    def working_clock(self, minute: int) -> int:
        """The working minutes from the start of the calendar up to `minute`: the difference
        of two readings is the working time between two moments, and `at_working_clock`
        turns a reading back into a moment."""
        return self._work(self._checked(minute))

    def at_working_clock(self, worked: int) -> int:
        """The earliest minute at which the working clock reads `worked`."""
        return self._at_work(worked)

    # Elapsed time -------------------------------------------------------------------------

    def working_minutes(
        self,
        start: datetime.datetime,
        end: datetime.datetime,
        pauses: Sequence[Interval] = (),
    ) -> int:
        """Working minutes between two moments, less those inside `pauses` (0 if end <= start)."""
        first, last = self._minute(start), self._minute(end)
        if last <= first:
            return 0
        total = self._work(last) - self._work(first)
        for pause_start, pause_end in self._merged(pauses):
            low, high = max(pause_start, first), min(pause_end, last)
            if high > low:
                total -= self._work(high) - self._work(low)
        return total

    def working_days_between(self, after: datetime.date, through: datetime.date) -> int:
        """Working days later than `after` up to and including `through` (days late, ...)."""
        days = self._index.days
        return bisect_right(days, _day_number(through)) - bisect_right(days, _day_number(after))

    # Days ---------------------------------------------------------------------------------

    def is_working_day(self, day: datetime.date) -> bool:
        return _day_number(day) in self._working_days

    def is_working_time(self, moment: datetime.datetime) -> bool:
        minute = self._minute(moment)
        position = bisect_right(self._index.starts, minute) - 1
        return position >= 0 and minute < self._index.ends[position]

    def day(self, day: datetime.date) -> DayInfo:
        number = _day_number(day)
        working = number in self._working_days
        note = self._notes.get(number)
        if note is not None and note.working == working:
            english = (translation.get_language() or "").startswith("en")
            return DayInfo(day, working, note.name_en if english else note.name_vi, note.source)
        if working:
            return DayInfo(day, True, "", None)
        return DayInfo(day, False, gettext("Weekly rest day"), DaySource.WEEKLY)

    def days_off(self, year: int) -> list[DayInfo]:
        """Every Monday-to-Friday day of `year` that is not worked."""
        return [
            info
            for info in map(self.day, self._dates_of(year))
            if not info.working and info.day.isoweekday() not in _WEEKEND
        ]

    def make_up_days(self, year: int) -> list[DayInfo]:
        """Every Saturday or Sunday of `year` that is worked."""
        return [
            info
            for info in map(self.day, self._dates_of(year))
            if info.working and info.day.isoweekday() in _WEEKEND
        ]

    def days_off_between(self, first: datetime.date, last: datetime.date) -> list[DayInfo]:
        """Every day from `first` to `last` inclusive that is not worked, weekends included."""
        days = (first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
        return [info for info in map(self.day, days) if not info.working]

    def schedule_on(self, day: datetime.date) -> OfficeSchedule:
        """The office hours in force on `day`."""
        starts = [schedule.valid_from for schedule in self._schedules]
        return self._schedules[max(bisect_right(starts, day) - 1, 0)]

    # Internals, on minute numbers ---------------------------------------------------------

    def _minute(self, moment: datetime.datetime) -> int:
        try:
            # to_minute inlined
            elapsed = moment - (_ORIGIN_UTC if moment.tzinfo is _UTC else _ORIGIN)
        except TypeError:
            to_minute(moment)  # raises the ValueError for a naive moment
            raise
        minute = elapsed.days * MINUTES_PER_DAY + elapsed.seconds // 60
        if not self._lowest <= minute < self._highest:
            raise CalendarRangeError(
                f"The calendar covers {FIRST_YEAR}-{LAST_YEAR}; {moment.isoformat()} is outside."
            )
        return minute

    @staticmethod
    def _dates_of(year: int) -> list[datetime.date]:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CalendarRangeError(f"The calendar covers {FIRST_YEAR}-{LAST_YEAR}.")
        first = datetime.date(year, 1, 1)
        count = (datetime.date(year + 1, 1, 1) - first).days
        return [first + datetime.timedelta(days=n) for n in range(count)]

    def _checked(self, minute: int) -> int:
        if not self._lowest <= minute < self._highest:
            raise CalendarRangeError(f"The calendar covers {FIRST_YEAR}-{LAST_YEAR}.")
        return minute

    def _work(self, minute: int) -> int:
        """Working minutes from the start of the index up to `minute`."""
        index = self._index
        position = bisect_right(index.starts, minute) - 1
        if position < 0:
            return 0
        end = index.ends[position]
        return (
            index.worked_before[position]
            + (minute if minute < end else end)
            - (index.starts[position])
        )

    def _at_work(self, worked: int) -> int:
        """The earliest minute at which `worked` working minutes have passed."""
        index = self._index
        position = bisect_left(index.worked_after, worked)
        if position >= len(index.starts):
            raise CalendarRangeError(f"The limit ends after {LAST_YEAR}.")
        return index.starts[position] + worked - index.worked_before[position]

    def _clock_start(self, minute: int, channel: Channel, cutoff: datetime.time | None) -> int:
        index = self._index
        number = minute // MINUTES_PER_DAY
        position = index.positions[number - self._first_day]
        if position < 0:  # a day off: the opening of the next working day
            return self._day_field(index.day_open, ~position)
        if channel != _ONLINE:
            limit = (
                index.day_cutoff[position]
                if cutoff is None
                else number * MINUTES_PER_DAY + _minute_of_day(cutoff)
            )
            if limit is not None and minute >= limit:
                return self._day_field(index.day_open, position + 1)
        if minute < index.day_open[position]:
            return index.day_open[position]
        if minute >= index.day_close[position]:
            return self._day_field(index.day_open, position + 1)
        # Between the opening and the close: in a working period or in a break before one.
        position = bisect_right(index.starts, minute) - 1
        return minute if minute < index.ends[position] else index.starts[position + 1]

    def _add(self, minute: int, amount: int, unit: TimeUnit) -> int:
        if amount < 0:
            raise ValueError("A time limit must not be negative.")
        index = self._index
        if unit == _WORKING_HOURS:
            if amount == 0:
                return minute
            # _at_work(_work(minute) + amount * 60), inlined.
            starts, worked_before = index.starts, index.worked_before
            position = bisect_right(starts, minute) - 1
            worked = amount * 60
            if position >= 0:
                end = index.ends[position]
                worked += worked_before[position] + (minute if minute < end else end)
                worked -= starts[position]
            position = bisect_left(index.worked_after, worked)
            if position >= len(starts):
                raise CalendarRangeError(f"The limit ends after {LAST_YEAR}.")
            return starts[position] + worked - worked_before[position]
        number = minute // MINUTES_PER_DAY
        positions, first_day = index.positions, self._first_day
        if unit == _WORKING_DAYS:
            position = positions[number - first_day]
            # The day of `minute` if it is worked, else the last working day before it.
            position = (position if position >= 0 else ~position - 1) + amount
        else:
            if unit == _DAYS:
                target = number + amount
            elif unit == _MONTHS:
                target = _add_months(number, amount)
            else:
                raise ValueError(f"Unknown unit of time {unit!r}.")
            if target - first_day >= len(positions):
                raise CalendarRangeError(f"The limit ends after {LAST_YEAR}.")
            position = positions[target - first_day]
            if position < 0:  # the next working day
                position = ~position
        closes = index.day_close
        if not 0 <= position < len(closes):
            raise CalendarRangeError(f"The limit ends outside {FIRST_YEAR}-{LAST_YEAR}.")
        close = closes[position]
        # A limit of 0 counted from a closed moment ends at the close of the next working day.
        return close if close >= minute else self._day_field(closes, position + 1)

    @staticmethod
    def _day_field(values: list[int], position: int) -> int:
        if not 0 <= position < len(values):
            raise CalendarRangeError(f"The limit ends outside {FIRST_YEAR}-{LAST_YEAR}.")
        return values[position]

    def _merged(self, pauses: Sequence[Interval]) -> list[tuple[int, int]]:
        spans = sorted((self._minute(start), self._minute(end)) for start, end in pauses)
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if end < start:
                raise ValueError("A pause must not end before it starts.")
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged

    def _extend_for_pauses(
        self, start: int, due: int, pauses: Sequence[Interval]
    ) -> tuple[int, int]:
        """Move `due` by the working time of every pause that starts before it (a pause that
        starts before the moved appointment counts too)."""
        target = self._work(due)
        extra = 0
        for pause_start, pause_end in self._merged(pauses):
            pause_start = max(pause_start, start)
            if pause_end <= pause_start:
                continue
            worked_at_start = self._work(pause_start)
            if worked_at_start >= target + extra:
                break
            extra += self._work(pause_end) - worked_at_start
        return (self._at_work(target + extra) if extra else due), extra


# Punctuality ------------------------------------------------------------------------------


def classify(finished_at: datetime.datetime, due: datetime.datetime) -> Punctuality:
    """Early, on time or late, to the minute. For a dossier or a step still open, pass the end
    of the reporting period (or now) as `finished_at`: LATE then means "overdue in progress"."""
    finished, appointment = to_minute(finished_at), to_minute(due)
    if finished < appointment:
        return Punctuality.EARLY
    return Punctuality.ON_TIME if finished == appointment else Punctuality.LATE


def classify_many(
    pairs: Iterable[tuple[datetime.datetime, datetime.datetime]],
) -> list[Punctuality]:
    """`classify` for many (finished_at, due) pairs at once, as statistics need it."""
    early, on_time, late = Punctuality.EARLY, Punctuality.ON_TIME, Punctuality.LATE
    origin, origin_utc, utc = _ORIGIN, _ORIGIN_UTC, _UTC
    result: list[Punctuality] = []
    append = result.append
    for finished_at, due in pairs:
        try:  # to_minute inlined
            finished = finished_at - (origin_utc if finished_at.tzinfo is utc else origin)
            appointment = due - (origin_utc if due.tzinfo is utc else origin)
        except TypeError:
            to_minute(finished_at)  # raises the ValueError for a naive moment
            to_minute(due)
            raise
        finished_minute = finished.days * MINUTES_PER_DAY + finished.seconds // 60
        appointment_minute = appointment.days * MINUTES_PER_DAY + appointment.seconds // 60
        append(
            early
            if finished_minute < appointment_minute
            else on_time
            if finished_minute == appointment_minute
            else late
        )
    return result


def classify_duration(taken_minutes: int, allowed_minutes: int) -> Punctuality:
    """A step's punctuality from the working time it took and the working time it was allowed
    (the internal procedure's control sheet: less is early, equal on time, more late)."""
    if taken_minutes < allowed_minutes:
        return Punctuality.EARLY
    return Punctuality.ON_TIME if taken_minutes == allowed_minutes else Punctuality.LATE


def split_allowance(total_minutes: int, weights: Sequence[int | Decimal]) -> list[int]:
    """Share `total_minutes` of working time among steps in proportion to `weights`, in whole
    minutes that add up exactly to the total (largest remainders get the spare minutes)."""
    if total_minutes < 0 or any(weight < 0 for weight in weights):
        raise ValueError("Working time and weights must not be negative.")
    total_weight = sum(Decimal(weight) for weight in weights)
    if total_weight <= 0:
        raise ValueError("At least one step needs a positive weight.")
    exact = [Decimal(total_minutes) * Decimal(weight) / total_weight for weight in weights]
    shares = [int(share) for share in exact]
    spare = total_minutes - sum(shares)
    by_remainder = sorted(range(len(exact)), key=lambda n: (shares[n] - exact[n], n))
    for position in by_remainder[:spare]:
        shares[position] += 1
    return shares
