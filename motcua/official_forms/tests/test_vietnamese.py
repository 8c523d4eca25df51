import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.official_forms.vietnamese import (
    VIETNAM,
    long_date,
    short_date,
    short_time_and_date,
    time_and_date,
)

LONG_DATE = re.compile(r"^(?P<place>.+), ngày (?P<d>\d{2}) tháng (?P<m>\d{1,2}) năm (?P<y>\d{4})$")
TIME_AND_DATE = re.compile(
    r"^(?P<h>\d{2}) giờ (?P<mi>\d{2}) phút, "
    r"ngày (?P<d>\d{2}) tháng (?P<m>\d{1,2}) năm (?P<y>\d{4})$"
)
PLACES = st.sampled_from(["Nghệ An", "Hà Nội", "Thành phố Hồ Chí Minh", "Đắk Lắk", "Vinh"])


def expected_month(month: int) -> str:
    # NĐ 30/2020: months 1 and 2 take a leading zero, the others do not.
    return f"{month:02d}" if month < 3 else str(month)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 5), "Vinh, ngày 05 tháng 3 năm 2026"),
        (date(2026, 2, 1), "Vinh, ngày 01 tháng 02 năm 2026"),
        (date(2026, 1, 15), "Vinh, ngày 15 tháng 01 năm 2026"),
        (date(2025, 12, 31), "Vinh, ngày 31 tháng 12 năm 2025"),
        (date(2025, 11, 9), "Vinh, ngày 09 tháng 11 năm 2025"),
    ],
)
def test_long_date_follows_the_zero_rule_of_decree_30(day: date, expected: str) -> None:
    assert long_date(day, "Vinh") == expected


@given(day=st.dates(min_value=date(1000, 1, 1)), place=PLACES)
def test_long_date_parses_back_to_the_same_date_and_place(day: date, place: str) -> None:
    match = LONG_DATE.match(long_date(day, place))
    assert match is not None
    assert match["place"] == place
    assert match["m"] == expected_month(day.month)
    parsed = date(int(match["y"]), int(match["m"]), int(match["d"]))
    assert parsed == day


def test_time_and_date_is_on_vietnam_clock() -> None:
    # 07:30 UTC is 14:30 in Hà Nội (UTC+7, no daylight saving).
    moment = datetime(2026, 3, 5, 7, 30, tzinfo=UTC)
    assert time_and_date(moment) == "14 giờ 30 phút, ngày 05 tháng 3 năm 2026"
    # 20:05 UTC on 31 January is already 1 February in Vietnam.
    assert time_and_date(datetime(2026, 1, 31, 20, 5, tzinfo=UTC)) == (
        "03 giờ 05 phút, ngày 01 tháng 02 năm 2026"
    )


@given(
    moment=st.datetimes(
        # Vietnam's clock has been UTC+7 since 1975; earlier offsets had odd seconds.
        min_value=datetime(1976, 1, 1),
        max_value=datetime(9998, 12, 30),
        timezones=st.sampled_from([UTC, VIETNAM, timezone(timedelta(hours=-5))]),
    )
)
def test_time_and_date_parses_back_to_the_same_minute(moment: datetime) -> None:
    match = TIME_AND_DATE.match(time_and_date(moment))
    assert match is not None
    parsed = datetime(
        int(match["y"]),
        int(match["m"]),
        int(match["d"]),
        int(match["h"]),
        int(match["mi"]),
        tzinfo=VIETNAM,
    )
    assert parsed == moment.replace(second=0, microsecond=0)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        time_and_date(datetime(2026, 3, 5, 14, 30))


def test_short_forms_for_table_cells() -> None:
    assert short_date(date(2026, 2, 3)) == "03/02/2026"
    assert short_date(date(2026, 10, 3)) == "03/10/2026"
    assert short_time_and_date(datetime(2026, 3, 5, 1, 5, tzinfo=UTC)) == "08:05 05/3/2026"
