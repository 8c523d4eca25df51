"""Real appointments of 2024-2030, worked out by hand from the published holidays."""

import datetime

import pytest

from motcua.worktime.engine import WorkCalendar
from motcua.worktime.limits import Channel, TimeUnit
from motcua.worktime.tests.conftest import at

DESK, ONLINE, POST = Channel.DESK, Channel.ONLINE, Channel.POST
HOURS, DAYS = TimeUnit.WORKING_HOURS, TimeUnit.WORKING_DAYS
CALENDAR_DAYS, MONTHS = TimeUnit.DAYS, TimeUnit.MONTHS

CASES = [
    # (case, received, channel, amount, unit, clock starts, appointment)
    (
        "Tết 2024: 8-14/2 off",
        at(2024, 2, 7, 10),
        DESK,
        1,
        DAYS,
        at(2024, 2, 7, 10),
        at(2024, 2, 15, 17),
    ),
    (
        "30/4/2024: Monday 29/4 swapped",
        at(2024, 4, 26, 10),
        DESK,
        1,
        DAYS,
        at(2024, 4, 26, 10),
        at(2024, 5, 2, 17),
    ),
    (
        "make-up Saturday 4/5/2024",
        at(2024, 5, 3, 10),
        DESK,
        1,
        DAYS,
        at(2024, 5, 3, 10),
        at(2024, 5, 4, 17),
    ),
    (
        "Tết 2025: 25/1-2/2 off",
        at(2025, 1, 24, 10),
        DESK,
        3,
        DAYS,
        at(2025, 1, 24, 10),
        at(2025, 2, 5, 17),
    ),
    (
        "make-up Saturday 26/4/2025",
        at(2025, 4, 25, 10),
        DESK,
        1,
        DAYS,
        at(2025, 4, 25, 10),
        at(2025, 4, 26, 17),
    ),
    (
        "30/4-1/5/2025 and swapped 2/5",
        at(2025, 4, 26, 9),
        DESK,
        3,
        DAYS,
        at(2025, 4, 26, 9),
        at(2025, 5, 5, 17),
    ),
    (
        "2/9/2025 with 1/9, after the cut-off",
        at(2025, 8, 29, 16),
        DESK,
        1,
        DAYS,
        at(2025, 9, 3, 7, 30),
        at(2025, 9, 4, 17),
    ),
    (
        "2/9/2025 online after 15:00",
        at(2025, 8, 29, 16),
        ONLINE,
        1,
        DAYS,
        at(2025, 8, 29, 16),
        at(2025, 9, 3, 17),
    ),
    (
        "New Year 2026: 2/1 swapped",
        at(2025, 12, 31, 10),
        DESK,
        1,
        DAYS,
        at(2025, 12, 31, 10),
        at(2026, 1, 5, 17),
    ),
    (
        "make-up Saturday 10/1/2026",
        at(2026, 1, 9, 10),
        DESK,
        1,
        DAYS,
        at(2026, 1, 9, 10),
        at(2026, 1, 10, 17),
    ),
    (
        "Tết 2026: 14-22/2 off",
        at(2026, 2, 13, 14),
        DESK,
        2,
        DAYS,
        at(2026, 2, 13, 14),
        at(2026, 2, 24, 17),
    ),
    (
        "Tết 2026 after the cut-off",
        at(2026, 2, 13, 15, 30),
        DESK,
        1,
        DAYS,
        at(2026, 2, 23, 7, 30),
        at(2026, 2, 24, 17),
    ),
    (
        "Giỗ Tổ on Sunday 26/4/2026, observed Monday",
        at(2026, 4, 24, 9),
        DESK,
        3,
        DAYS,
        at(2026, 4, 24, 9),
        at(2026, 5, 4, 17),
    ),
    (
        "24/11/2026 Ngày Văn hóa Việt Nam",
        at(2026, 11, 23, 10),
        DESK,
        1,
        DAYS,
        at(2026, 11, 23, 10),
        at(2026, 11, 25, 17),
    ),
    (
        "2/9/2027 with 3/9",
        at(2027, 9, 1, 10),
        DESK,
        1,
        DAYS,
        at(2027, 9, 1, 10),
        at(2027, 9, 6, 17),
    ),
    (
        "1/1/2028 on Saturday, observed Monday",
        at(2027, 12, 31, 10),
        DESK,
        1,
        DAYS,
        at(2027, 12, 31, 10),
        at(2028, 1, 4, 17),
    ),
    (
        "24/11/2029 on Saturday, observed Monday",
        at(2029, 11, 23, 10),
        DESK,
        1,
        DAYS,
        at(2029, 11, 23, 10),
        at(2029, 11, 27, 17),
    ),
    (
        "Tết 2030: 31/1-6/2 off",
        at(2030, 1, 30, 10),
        DESK,
        1,
        DAYS,
        at(2030, 1, 30, 10),
        at(2030, 2, 7, 17),
    ),
    # The desk cut-off.
    (
        "desk one minute before 15:00",
        at(2026, 3, 10, 14, 59),
        DESK,
        1,
        DAYS,
        at(2026, 3, 10, 14, 59),
        at(2026, 3, 11, 17),
    ),
    (
        "desk at 15:00",
        at(2026, 3, 10, 15),
        DESK,
        1,
        DAYS,
        at(2026, 3, 11, 7, 30),
        at(2026, 3, 12, 17),
    ),
    (
        "post after 15:00",
        at(2026, 3, 10, 15, 30),
        POST,
        1,
        DAYS,
        at(2026, 3, 11, 7, 30),
        at(2026, 3, 12, 17),
    ),
    (
        "online at 15:00",
        at(2026, 3, 10, 15),
        ONLINE,
        1,
        DAYS,
        at(2026, 3, 10, 15),
        at(2026, 3, 11, 17),
    ),
    (
        "same-day limit after the cut-off",
        at(2026, 3, 10, 16),
        DESK,
        0,
        DAYS,
        at(2026, 3, 11, 7, 30),
        at(2026, 3, 11, 17),
    ),
    # Outside office hours.
    (
        "online on a Sunday",
        at(2026, 3, 8, 10),
        ONLINE,
        1,
        DAYS,
        at(2026, 3, 9, 7, 30),
        at(2026, 3, 10, 17),
    ),
    (
        "same-day limit on a Sunday",
        at(2026, 3, 8, 10),
        ONLINE,
        0,
        DAYS,
        at(2026, 3, 9, 7, 30),
        at(2026, 3, 9, 17),
    ),
    (
        "online at night",
        at(2026, 3, 10, 20),
        ONLINE,
        1,
        DAYS,
        at(2026, 3, 11, 7, 30),
        at(2026, 3, 12, 17),
    ),
    (
        "desk before opening",
        at(2026, 3, 10, 6, 45),
        DESK,
        1,
        DAYS,
        at(2026, 3, 10, 7, 30),
        at(2026, 3, 11, 17),
    ),
    # Working hours.
    (
        "4 hours across lunch",
        at(2026, 3, 10, 10),
        ONLINE,
        4,
        HOURS,
        at(2026, 3, 10, 10),
        at(2026, 3, 10, 16),
    ),
    (
        "8 hours across lunch and a night",
        at(2026, 3, 10, 10),
        ONLINE,
        8,
        HOURS,
        at(2026, 3, 10, 10),
        at(2026, 3, 11, 10, 30),
    ),
    (
        "2 hours across a weekend",
        at(2026, 3, 13, 16),
        ONLINE,
        2,
        HOURS,
        at(2026, 3, 13, 16),
        at(2026, 3, 16, 8, 30),
    ),
    (
        "2 hours from the desk after the cut-off",
        at(2026, 3, 13, 16),
        DESK,
        2,
        HOURS,
        at(2026, 3, 16, 7, 30),
        at(2026, 3, 16, 9, 30),
    ),
    (
        "1 hour from lunch time",
        at(2026, 3, 10, 12),
        ONLINE,
        1,
        HOURS,
        at(2026, 3, 10, 13, 30),
        at(2026, 3, 10, 14, 30),
    ),
    (
        "a morning ends at 11:30, not after lunch",
        at(2026, 3, 10, 7, 30),
        DESK,
        4,
        HOURS,
        at(2026, 3, 10, 7, 30),
        at(2026, 3, 10, 11, 30),
    ),
    # 7.5 working hours a day: 6 on Thursday, 7.5 on Friday and Monday, 3 on Tuesday.
    (
        "24 hours across Tết 2026",
        at(2026, 2, 12, 9),
        DESK,
        24,
        HOURS,
        at(2026, 2, 12, 9),
        at(2026, 2, 24, 10, 30),
    ),
    # Calendar days and months end on a working day.
    (
        "15 days ending in Tết 2026",
        at(2026, 2, 2, 10),
        DESK,
        15,
        CALENDAR_DAYS,
        at(2026, 2, 2, 10),
        at(2026, 2, 23, 17),
    ),
    (
        "6 days ending on a Sunday",
        at(2026, 3, 9, 10),
        DESK,
        6,
        CALENDAR_DAYS,
        at(2026, 3, 9, 10),
        at(2026, 3, 16, 17),
    ),
    (
        "a month from 30/1 ends on 28/2, a Saturday",
        at(2026, 1, 30, 10),
        DESK,
        1,
        MONTHS,
        at(2026, 1, 30, 10),
        at(2026, 3, 2, 17),
    ),
    (
        "a month ending on 30/4",
        at(2026, 3, 30, 10),
        DESK,
        1,
        MONTHS,
        at(2026, 3, 30, 10),
        at(2026, 5, 4, 17),
    ),
    (
        "a month from 31/1 in a leap year",
        at(2028, 1, 31, 10),
        DESK,
        1,
        MONTHS,
        at(2028, 1, 31, 10),
        at(2028, 2, 29, 17),
    ),
]


@pytest.mark.parametrize(
    ("received", "channel", "amount", "unit", "clock_starts", "appointment"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_appointment(
    national: WorkCalendar,
    received: datetime.datetime,
    channel: Channel,
    amount: int,
    unit: TimeUnit,
    clock_starts: datetime.datetime,
    appointment: datetime.datetime,
) -> None:
    deadline = national.deadline(received, amount, unit, channel=channel)
    assert deadline.received_effective == clock_starts
    assert deadline.due == appointment


def test_a_procedure_cutoff_replaces_the_units(national: WorkCalendar) -> None:
    later = national.deadline(at(2026, 3, 10, 15, 30), 1, DAYS, cutoff=datetime.time(16))
    assert later.received_effective == at(2026, 3, 10, 15, 30)
    earlier = national.deadline(at(2026, 3, 10, 11), 1, DAYS, cutoff=datetime.time(11))
    assert earlier.received_effective == at(2026, 3, 11, 7, 30)


def test_seconds_count_as_their_minute(national: WorkCalendar) -> None:
    received = at(2026, 3, 10, 14, 59) + datetime.timedelta(seconds=59)
    deadline = national.deadline(received, 1, HOURS)
    assert deadline.received_effective == at(2026, 3, 10, 14, 59)
    assert deadline.due == at(2026, 3, 10, 15, 59)


def test_days_off_of_2026(national: WorkCalendar) -> None:
    expected = {
        datetime.date(2026, 1, 1): "holiday",
        datetime.date(2026, 1, 2): "notice",
        **{datetime.date(2026, 2, day): "notice" for day in range(16, 21)},
        datetime.date(2026, 4, 27): "holiday",
        datetime.date(2026, 4, 30): "holiday",
        datetime.date(2026, 5, 1): "holiday",
        datetime.date(2026, 8, 31): "holiday",
        datetime.date(2026, 9, 1): "holiday",
        datetime.date(2026, 9, 2): "holiday",
        datetime.date(2026, 11, 24): "holiday",
    }
    assert {day.day: day.source for day in national.days_off(2026)} == expected
    assert [day.day for day in national.make_up_days(2026)] == [
        datetime.date(2026, 1, 10),
        datetime.date(2026, 8, 22),
    ]


def test_observed_giỗ_tổ_is_named(national: WorkCalendar) -> None:
    observed = national.day(datetime.date(2026, 4, 27))
    assert not observed.working
    assert "Giỗ Tổ Hùng Vương" in observed.name
    assert national.day(datetime.date(2026, 4, 28)).working


def test_days_late_count_working_days(national: WorkCalendar) -> None:
    # Due Friday 13/2/2026, finished Tuesday 24/2: two working days late (Tết in between).
    assert (
        national.working_days_between(datetime.date(2026, 2, 13), datetime.date(2026, 2, 24)) == 2
    )


def test_pauses_move_the_appointment(national: WorkCalendar) -> None:
    # 2 working days from Monday 9/3/2026 10:00 is Wednesday 11/3 17:00; the citizen took from
    # Monday 14:00 to Tuesday 9:00 to supplement: 3 h + 1 h 30 of working time, which moves
    # the appointment to Thursday: 4 h in the morning and 30 min after lunch.
    pause = (at(2026, 3, 9, 14), at(2026, 3, 10, 9))
    deadline = national.deadline(at(2026, 3, 9, 10), 2, DAYS, pauses=[pause])
    assert deadline.paused_minutes == 270
    assert deadline.due == at(2026, 3, 12, 14)


def test_a_pause_after_the_appointment_changes_nothing(national: WorkCalendar) -> None:
    pause = (at(2026, 3, 12, 8), at(2026, 3, 13, 8))
    deadline = national.deadline(at(2026, 3, 9, 10), 2, DAYS, pauses=[pause])
    assert deadline.due == at(2026, 3, 11, 17)
    assert deadline.paused_minutes == 0


def test_overlapping_pauses_count_once(national: WorkCalendar) -> None:
    # 8 hours from Monday 7:30 end on Tuesday 8:00 (a day has 7 h 30); the pauses cover
    # 8:00-11:00 once, which moves the end to 11:00.
    pauses = [(at(2026, 3, 9, 8), at(2026, 3, 9, 10)), (at(2026, 3, 9, 9), at(2026, 3, 9, 11))]
    deadline = national.deadline(at(2026, 3, 9, 7, 30), 8, HOURS, channel=ONLINE, pauses=pauses)
    assert deadline.paused_minutes == 180
    assert deadline.due == at(2026, 3, 10, 11)


def test_extension_adds_to_the_appointment(national: WorkCalendar) -> None:
    due = national.deadline(at(2026, 4, 24, 9), 3, DAYS).due
    assert national.add(due, 2, DAYS) == at(2026, 5, 6, 17)


def test_a_working_day_has_seven_and_a_half_hours(national: WorkCalendar) -> None:
    schedule = national.schedule_on(datetime.date(2026, 3, 10))
    assert schedule.minutes_per_day == 450
    start, due = at(2026, 3, 9, 7, 30), national.add(at(2026, 3, 9, 7, 30), 1, DAYS)
    assert national.working_minutes(start, due) == 2 * schedule.minutes_per_day
