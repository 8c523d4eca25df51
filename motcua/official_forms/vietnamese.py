"""Dates and times written the way Vietnamese administrative documents write them.

NĐ 30/2020/NĐ-CP, Phụ lục I: the day, month and year are Arabic numerals; a day below 10
and the months 1 and 2 take a leading zero ("ngày 05 tháng 02 năm 2026"), so that nobody
can turn day 5 into day 15 or month 1 into month 11 by adding a digit. Months 3 to 12 are
written without it ("ngày 05 tháng 3 năm 2026"): there is no month 13 to forge.

Clock times on one-stop slips ("14 giờ 30 phút") are not regulated by NĐ 30; we write hours
and minutes with two digits ("08 giờ 05 phút"), as the national portal's slips do.

Forms always show the time in Vietnam, whatever time zone is active in the request.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def _day(value: date) -> str:
    return f"{value.day:02d}"


def _month(value: date) -> str:
    return f"{value.month:02d}" if value.month < 3 else str(value.month)


def day_month_year(value: date) -> str:
    """'ngày 05 tháng 3 năm 2026'."""
    return f"ngày {_day(value)} tháng {_month(value)} năm {value.year}"


def long_date(value: date, place: str) -> str:
    """The place and date line of a document: 'Nghệ An, ngày 05 tháng 3 năm 2026'."""
    return f"{place}, {day_month_year(value)}"


def in_vietnam(moment: datetime) -> datetime:
    """The same instant on Vietnam's clock; a naive datetime is a programming error."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Official forms need an aware datetime, not a naive one.")
    return moment.astimezone(VIETNAM)


def time_and_date(moment: datetime) -> str:
    """'14 giờ 30 phút, ngày 05 tháng 3 năm 2026' in Asia/Ho_Chi_Minh."""
    local = in_vietnam(moment)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, {day_month_year(local.date())}"


def short_date(value: date) -> str:
    """'05/3/2026' for table cells, with the same zero rule as the long form."""
    return f"{_day(value)}/{_month(value)}/{value.year}"


def short_time_and_date(moment: datetime) -> str:
    """'14:30 05/3/2026' for table cells, in Asia/Ho_Chi_Minh."""
    local = in_vietnam(moment)
    return f"{local.hour:02d}:{local.minute:02d} {short_date(local.date())}"
