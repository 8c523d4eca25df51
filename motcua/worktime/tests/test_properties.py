"""Properties of the engine, checked on generated receipts of 2024-2030, and its agreement
with a slow, obviously correct implementation that walks the calendar day by day."""

import datetime
from collections.abc import Iterator

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.worktime import official_notices
from motcua.worktime.engine import (
    VN_TZ,
    Punctuality,
    WorkCalendar,
    classify,
    classify_duration,
    classify_many,
    split_allowance,
    to_minute,
)
from motcua.worktime.limits import Channel, TimeUnit

PACKAGE = holidays.country_holidays("VN", years=range(2023, 2033))
NOTICES = {rule.day: rule.working for rule in official_notices.rules()}
OPEN_HOURS = [
    (datetime.time(7, 30), datetime.time(11, 30)),
    (datetime.time(13, 30), datetime.time(17)),
]
CUTOFF = datetime.time(15)

moments = st.datetimes(
    min_value=datetime.datetime(2024, 1, 1), max_value=datetime.datetime(2030, 12, 31)
).map(lambda moment: moment.replace(tzinfo=VN_TZ))
channels = st.sampled_from(list(Channel))
day_units = st.sampled_from([TimeUnit.WORKING_DAYS, TimeUnit.DAYS, TimeUnit.MONTHS])
any_unit = st.sampled_from(list(TimeUnit))


def amounts(unit: TimeUnit) -> st.SearchStrategy[int]:
    return st.integers(0, 12 if unit == TimeUnit.MONTHS else 90)


limits = any_unit.flatmap(lambda unit: st.tuples(amounts(unit), st.just(unit)))


# The slow implementation ------------------------------------------------------------------


def is_working_day(day: datetime.date) -> bool:
    if day in NOTICES:
        return NOTICES[day]
    if day in PACKAGE.weekend_workdays:
        return True
    return day not in PACKAGE and day.isoweekday() <= 5


def periods_from(day: datetime.date) -> Iterator[tuple[datetime.datetime, datetime.datetime]]:
    while True:
        if is_working_day(day):
            for opens, closes in OPEN_HOURS:
                yield (
                    datetime.datetime.combine(day, opens, VN_TZ),
                    datetime.datetime.combine(day, closes, VN_TZ),
                )
        day += datetime.timedelta(days=1)


def next_working_day(day: datetime.date) -> datetime.date:
    day += datetime.timedelta(days=1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def slow_clock_start(received: datetime.datetime, channel: Channel) -> datetime.datetime:
    moment = received.replace(second=0, microsecond=0)
    if channel != Channel.ONLINE and is_working_day(moment.date()) and moment.time() >= CUTOFF:
        return datetime.datetime.combine(next_working_day(moment.date()), OPEN_HOURS[0][0], VN_TZ)
    for opens, closes in periods_from(moment.date()):
        if closes > moment:
            return max(opens, moment)
    raise AssertionError


def close_of(day: datetime.date) -> datetime.datetime:
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, OPEN_HOURS[-1][1], VN_TZ)


def slow_due(start: datetime.datetime, amount: int, unit: TimeUnit) -> datetime.datetime:
    if unit == TimeUnit.WORKING_HOURS:
        remaining = amount * 60
        if remaining == 0:
            return start
        for opens, closes in periods_from(start.date()):
            available = (closes - max(opens, start)).total_seconds() // 60
            if available <= 0:
                continue
            if remaining <= available:
                return max(opens, start) + datetime.timedelta(minutes=remaining)
            remaining -= int(available)
    day = start.date()
    if unit == TimeUnit.WORKING_DAYS:
        for _ in range(amount):
            day = next_working_day(day)
        return close_of(day)
    if unit == TimeUnit.DAYS:
        return close_of(day + datetime.timedelta(days=amount))
    month = day.month - 1 + amount
    year, month = day.year + month // 12, month % 12 + 1
    while True:
        try:
            return close_of(day.replace(year=year, month=month))
        except ValueError:
            day -= datetime.timedelta(days=1)
    raise AssertionError


# Properties -------------------------------------------------------------------------------


@settings(max_examples=400)
@given(received=moments, channel=channels, limit=limits)
def test_agrees_with_the_slow_implementation(
    national: WorkCalendar,
    received: datetime.datetime,
    channel: Channel,
    limit: tuple[int, TimeUnit],
) -> None:
    amount, unit = limit
    deadline = national.deadline(received, amount, unit, channel=channel)
    start = slow_clock_start(received, channel)
    assert deadline.received_effective == start
    assert deadline.due == slow_due(start, amount, unit)


@settings(max_examples=300)
@given(received=moments, channel=channels, limit=limits)
def test_never_before_the_receipt_never_on_a_day_off(
    national: WorkCalendar,
    received: datetime.datetime,
    channel: Channel,
    limit: tuple[int, TimeUnit],
) -> None:
    deadline = national.deadline(received, *limit, channel=channel)
    assert to_minute(deadline.due) >= to_minute(received)
    assert deadline.due >= deadline.received_effective
    assert national.is_working_day(deadline.due.date())
    assert national.is_working_day(deadline.received_effective.date())


@settings(max_examples=300)
@given(
    received=moments,
    channel=channels,
    first=st.integers(0, 40),
    second=st.integers(0, 40),
    unit=st.sampled_from([TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS]),
)
def test_adding_a_then_b_is_adding_a_plus_b(
    national: WorkCalendar,
    received: datetime.datetime,
    channel: Channel,
    first: int,
    second: int,
    unit: TimeUnit,
) -> None:
    both = national.deadline(received, first + second, unit, channel=channel).due
    one = national.deadline(received, first, unit, channel=channel).due
    assert national.add(one, second, unit) == both


@settings(max_examples=300)
@given(received=moments, channel=channels, hours=st.integers(0, 200))
def test_elapsed_working_time_equals_an_hour_limit(
    national: WorkCalendar, received: datetime.datetime, channel: Channel, hours: int
) -> None:
    deadline = national.deadline(received, hours, TimeUnit.WORKING_HOURS, channel=channel)
    assert national.working_minutes(deadline.received_effective, deadline.due) == hours * 60


@settings(max_examples=300)
@given(received=moments, channel=channels, days=st.integers(0, 60))
def test_elapsed_working_days_equal_a_day_limit(
    national: WorkCalendar, received: datetime.datetime, channel: Channel, days: int
) -> None:
    deadline = national.deadline(received, days, TimeUnit.WORKING_DAYS, channel=channel)
    start_day, due_day = deadline.received_effective.date(), deadline.due.date()
    assert national.working_days_between(start_day, due_day) == days
    # It ends at the close of office hours: no working time is left on that day.
    next_morning = national.add(deadline.due, 0, TimeUnit.WORKING_HOURS)
    assert national.working_minutes(deadline.due, next_morning.replace(hour=23)) == 0


@settings(max_examples=300)
@given(
    received=moments,
    channel=channels,
    limit=limits,
    offset=st.floats(0, 1),
    length=st.integers(0, 20 * 1440),
)
def test_a_pause_moves_the_appointment_by_its_working_time(
    national: WorkCalendar,
    received: datetime.datetime,
    channel: Channel,
    limit: tuple[int, TimeUnit],
    offset: float,
    length: int,
) -> None:
    plain = national.deadline(received, *limit, channel=channel)
    span = (plain.due - plain.received_effective).total_seconds() // 60
    pause_start = plain.received_effective + datetime.timedelta(minutes=int(span * offset))
    pause = (pause_start, pause_start + datetime.timedelta(minutes=length))
    paused = national.deadline(received, *limit, channel=channel, pauses=[pause])
    if pause_start >= plain.due:
        assert paused.due == plain.due
        return
    covered = national.working_minutes(*pause)
    assert paused.paused_minutes == covered
    moved = national.working_minutes(plain.due, paused.due)
    assert moved == covered
    effective = plain.received_effective
    assert national.working_minutes(effective, paused.due, [pause]) == national.working_minutes(
        effective, plain.due
    )


@settings(max_examples=300)
@given(received=moments, limit=limits, finished=moments)
def test_classification_agrees_with_elapsed_time(
    national: WorkCalendar,
    received: datetime.datetime,
    limit: tuple[int, TimeUnit],
    finished: datetime.datetime,
) -> None:
    deadline = national.deadline(received, *limit)
    if finished < deadline.received_effective:
        finished = deadline.received_effective
    allowed = national.working_minutes(deadline.received_effective, deadline.due)
    taken = national.working_minutes(deadline.received_effective, finished)
    verdict = classify(finished, deadline.due)
    if taken < allowed:
        assert verdict == Punctuality.EARLY
    if taken > allowed:
        assert verdict == Punctuality.LATE
    if verdict == Punctuality.EARLY:
        assert taken <= allowed
    if verdict == Punctuality.LATE:
        assert taken >= allowed
    assert classify_many([(finished, deadline.due)]) == [verdict]


@given(taken=st.integers(0, 10_000), allowed=st.integers(0, 10_000))
def test_step_classification_compares_durations(taken: int, allowed: int) -> None:
    verdict = classify_duration(taken, allowed)
    assert (verdict == Punctuality.EARLY) == (taken < allowed)
    assert (verdict == Punctuality.LATE) == (taken > allowed)


@given(
    total=st.integers(0, 100_000),
    weights=st.lists(st.integers(0, 50), min_size=1, max_size=12).filter(lambda w: sum(w) > 0),
)
def test_step_allowances_add_up_to_the_limit(total: int, weights: list[int]) -> None:
    shares = split_allowance(total, weights)
    assert sum(shares) == total
    for share, weight in zip(shares, weights, strict=True):
        assert abs(share - total * weight / sum(weights)) < 1
