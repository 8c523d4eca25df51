"""The minute-number API (for bulk work) agrees with the datetime API it stands for."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.worktime.engine import (
    VN_TZ,
    CalendarRangeError,
    WorkCalendar,
    from_minute,
    to_minute,
)
from motcua.worktime.limits import Channel, TimeUnit

moments = st.datetimes(
    min_value=datetime.datetime(2024, 1, 1), max_value=datetime.datetime(2030, 12, 31)
).map(lambda moment: moment.replace(tzinfo=VN_TZ, second=0, microsecond=0))


@given(moments, st.sampled_from(list(Channel)), st.sampled_from(list(TimeUnit)), st.integers(0, 40))
def test_clock_start_and_limits_match_the_datetime_api(
    national: WorkCalendar, moment: datetime.datetime, channel: Channel, unit: TimeUnit, amount: int
) -> None:
    deadline = national.deadline(moment, amount, unit, channel=channel)
    start = national.clock_start_minute(to_minute(moment), channel)
    assert from_minute(start) == deadline.received_effective
    assert from_minute(national.add_minutes(start, amount, unit)) == deadline.due


@given(moments, moments, st.integers(0, 5000))
def test_the_working_clock_measures_and_adds_working_time(
    national: WorkCalendar, first: datetime.datetime, second: datetime.datetime, minutes: int
) -> None:
    start, end = sorted((first, second))
    reading = national.working_clock(to_minute(end)) - national.working_clock(to_minute(start))
    assert reading == national.working_minutes(start, end)
    later = national.at_working_clock(national.working_clock(to_minute(start)) + minutes)
    if minutes:
        assert from_minute(later) == national.add_working_minutes(start, minutes)


def test_minutes_outside_the_calendar_are_refused(national: WorkCalendar) -> None:
    with pytest.raises(CalendarRangeError):
        national.working_clock(to_minute(datetime.datetime(2070, 1, 1, tzinfo=VN_TZ)))
