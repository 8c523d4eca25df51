"""The engine against a slow reference that walks the calendar day by day, on a calendar with
three office schedules (weekdays, periods and cut-offs that change over the years) and local
rules: appointments with the unit's or a procedure's cut-off, limits added from any moment
(closed hours and days off included), and punctuality in any time zone. The index and its fast
paths must give exactly these answers."""

import datetime
from collections.abc import Iterator

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.worktime import official_notices
from motcua.worktime.engine import (
    DEFAULT_SCHEDULE,
    VN_TZ,
    DayRule,
    DaySource,
    OfficeSchedule,
    WorkCalendar,
    build_calendar,
    classify,
    classify_many,
    from_minute,
    to_minute,
)
from motcua.worktime.limits import Channel, TimeUnit

Time = datetime.time
SCHEDULES = (
    DEFAULT_SCHEDULE,
    OfficeSchedule(
        valid_from=datetime.date(2026, 7, 1),
        weekdays=frozenset({1, 2, 3, 4, 5, 6}),
        periods=((Time(7), Time(11)), (Time(13), Time(16, 30))),
        desk_cutoff=None,
    ),
    OfficeSchedule(
        valid_from=datetime.date(2028, 1, 1),
        periods=((Time(8), Time(10)), (Time(10, 15), Time(12)), (Time(14), Time(17, 30))),
        desk_cutoff=Time(16),
    ),
)
RULES = [
    *official_notices.rules(),
    DayRule(datetime.date(2027, 3, 8), False, "Local day off", DaySource.LOCAL),
    DayRule(datetime.date(2029, 9, 8), True, "Local working Saturday", DaySource.LOCAL),
    DayRule(datetime.date(2029, 9, 8), False, "The later rule wins", DaySource.LOCAL),
    DayRule(datetime.date(2029, 9, 9), True, "Local working Sunday", DaySource.LOCAL),
]


class Reference:
    """Working time from the schedules and day rules, one day at a time, without an index."""

    def __init__(self) -> None:
        package = holidays.country_holidays("VN", years=range(2023, 2034))
        self.rules: dict[datetime.date, bool] = dict.fromkeys(package, False)
        self.rules.update(dict.fromkeys(package.weekend_workdays, True))
        self.rules.update({rule.day: rule.working for rule in RULES})

    def schedule(self, day: datetime.date) -> OfficeSchedule:
        return [schedule for schedule in SCHEDULES if schedule.valid_from <= day][-1]

    def working(self, day: datetime.date) -> bool:
        return self.rules.get(day, day.isoweekday() in self.schedule(day).weekdays)

    def at(self, day: datetime.date, time: datetime.time) -> datetime.datetime:
        return datetime.datetime.combine(day, time, VN_TZ)

    def periods_from(
        self, day: datetime.date
    ) -> Iterator[tuple[datetime.datetime, datetime.datetime]]:
        while True:
            if self.working(day):
                for opens, closes in self.schedule(day).periods:
                    yield self.at(day, opens), self.at(day, closes)
            day += datetime.timedelta(days=1)

    def next_working_day(self, day: datetime.date) -> datetime.date:
        day += datetime.timedelta(days=1)
        while not self.working(day):
            day += datetime.timedelta(days=1)
        return day

    def close(self, day: datetime.date) -> datetime.datetime:
        return self.at(day, self.schedule(day).periods[-1][1])

    def clock_start(
        self, received: datetime.datetime, channel: Channel, cutoff: datetime.time | None
    ) -> datetime.datetime:
        moment = received.astimezone(VN_TZ).replace(second=0, microsecond=0)
        day = moment.date()
        limit = self.schedule(day).desk_cutoff if cutoff is None else cutoff
        if channel != Channel.ONLINE and self.working(day) and limit and moment.time() >= limit:
            following = self.next_working_day(day)
            return self.at(following, self.schedule(following).periods[0][0])
        for opens, closes in self.periods_from(day):
            if closes > moment:
                return max(opens, moment)
        raise AssertionError

    def add(self, moment: datetime.datetime, amount: int, unit: TimeUnit) -> datetime.datetime:
        """`amount` `unit`s from `moment`, which need not be working time."""
        moment = moment.astimezone(VN_TZ).replace(second=0, microsecond=0)
        if unit == TimeUnit.WORKING_HOURS:
            return self.add_working_minutes(moment, amount * 60)
        day = moment.date()
        if unit == TimeUnit.WORKING_DAYS:
            while not self.working(day):  # counted from the last working day so far
                day -= datetime.timedelta(days=1)
            for _ in range(amount):
                day = self.next_working_day(day)
        else:
            if unit == TimeUnit.DAYS:
                day += datetime.timedelta(days=amount)
            else:
                year, month = divmod(day.month - 1 + amount, 12)
                year, month = day.year + year, month + 1
                last_day = 31
                while True:
                    try:
                        day = datetime.date(year, month, min(day.day, last_day))
                        break
                    except ValueError:
                        last_day -= 1
            while not self.working(day):
                day += datetime.timedelta(days=1)
        due = self.close(day)
        return due if due >= moment else self.close(self.next_working_day(day))

    def add_working_minutes(self, moment: datetime.datetime, minutes: int) -> datetime.datetime:
        if minutes == 0:
            return moment
        for opens, closes in self.periods_from(moment.date()):
            begins = max(opens, moment)
            available = int((closes - begins).total_seconds() // 60)
            if available <= 0:
                continue
            if minutes <= available:
                return begins + datetime.timedelta(minutes=minutes)
            minutes -= available
        raise AssertionError


REFERENCE = Reference()


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return build_calendar(SCHEDULES, RULES)


zones = st.sampled_from([VN_TZ, datetime.UTC, datetime.timezone(datetime.timedelta(hours=-5))])
moments = st.builds(
    lambda moment, zone: moment.replace(tzinfo=VN_TZ).astimezone(zone),
    st.datetimes(
        min_value=datetime.datetime(2024, 1, 1), max_value=datetime.datetime(2030, 12, 31)
    ),
    zones,
)
units = st.sampled_from(list(TimeUnit))
limits = units.flatmap(
    lambda unit: st.tuples(st.integers(0, 14 if unit == TimeUnit.MONTHS else 70), st.just(unit))
)
cutoffs = st.none() | st.times(min_value=Time(6), max_value=Time(20)).map(
    lambda time: time.replace(second=0, microsecond=0)
)


@settings(max_examples=500)
@given(received=moments, channel=st.sampled_from(list(Channel)), limit=limits, cutoff=cutoffs)
def test_appointments_agree_with_the_reference(
    calendar: WorkCalendar,
    received: datetime.datetime,
    channel: Channel,
    limit: tuple[int, TimeUnit],
    cutoff: datetime.time | None,
) -> None:
    amount, unit = limit
    deadline = calendar.deadline(received, amount, unit, channel=channel, cutoff=cutoff)
    start = REFERENCE.clock_start(received, channel, cutoff)
    assert deadline.received_effective == start
    assert deadline.received_effective.tzinfo is VN_TZ
    assert deadline.due == REFERENCE.add(start, amount, unit)
    assert deadline.due.tzinfo is VN_TZ
    assert deadline == (received, start, deadline.due, amount, unit, 0)
    assert calendar.clock_start(received, channel=channel, cutoff=cutoff) == start
    minute = calendar.clock_start_minute(to_minute(received), channel, cutoff)
    assert from_minute(minute) == start


@settings(max_examples=500)
@given(moment=moments, limit=limits)
def test_limits_from_any_moment_agree_with_the_reference(
    calendar: WorkCalendar, moment: datetime.datetime, limit: tuple[int, TimeUnit]
) -> None:
    amount, unit = limit
    expected = REFERENCE.add(moment, amount, unit)
    assert calendar.add(moment, amount, unit) == expected
    assert from_minute(calendar.add_minutes(to_minute(moment), amount, unit)) == expected


@settings(max_examples=300)
@given(moment=moments, minutes=st.integers(0, 5000))
def test_working_minutes_from_any_moment_agree_with_the_reference(
    calendar: WorkCalendar, moment: datetime.datetime, minutes: int
) -> None:
    expected = REFERENCE.add_working_minutes(
        moment.astimezone(VN_TZ).replace(second=0, microsecond=0), minutes
    )
    assert calendar.add_working_minutes(moment, minutes) == expected


@given(pairs=st.lists(st.tuples(moments, moments), max_size=20))
def test_classifying_many_is_classifying_each(
    pairs: list[tuple[datetime.datetime, datetime.datetime]],
) -> None:
    # Same-minute pairs in different zones, so that on time is reached too.
    pairs += [(due.astimezone(datetime.UTC).replace(second=59), due) for _, due in pairs]
    assert classify_many(pairs) == [classify(finished, due) for finished, due in pairs]


def test_string_values_are_accepted_for_channels_and_units(calendar: WorkCalendar) -> None:
    # A model's choice field gives the plain value, not the enum member.
    received = datetime.datetime(2025, 3, 4, 15, 30, tzinfo=VN_TZ)
    for unit in TimeUnit:
        for channel in Channel:
            expected = calendar.deadline(received, 3, unit, channel=channel)
            plain = calendar.deadline(received, 3, unit.value, channel=channel.value)  # type: ignore[arg-type]
            assert plain == expected


def test_naive_moments_are_refused(calendar: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="aware"):
        calendar.deadline(datetime.datetime(2025, 3, 4, 9), 3, TimeUnit.WORKING_DAYS)
