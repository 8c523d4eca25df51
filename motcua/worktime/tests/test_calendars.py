"""Calendars from the database: layering along the unit tree, office hours, the shipped
notices, and keeping every process's indexes up to date."""

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from motcua.agencies.models import Unit, UnitKind
from motcua.agencies.tests.factories import UnitFactory
from motcua.core.models import AuditEvent
from motcua.worktime import official_notices, queries, services, units
from motcua.worktime.engine import DaySource
from motcua.worktime.limits import TimeUnit
from motcua.worktime.models import CalendarRevision, DayKind, Notice, NoticeDay, NoticeLevel
from motcua.worktime.queries import get_calendar
from motcua.worktime.tests.conftest import at
from motcua.worktime.tests.factories import NoticeDayFactory, NoticeFactory, OfficeHoursFactory

pytestmark = pytest.mark.django_db

FESTIVAL = datetime.date(2026, 3, 10)  # a Tuesday
MARKET_DAY = datetime.date(2026, 3, 11)


@pytest.fixture
def tree() -> dict[str, Unit]:
    province = UnitFactory.create(
        name="UBND tỉnh", kind=UnitKind.PROVINCE_COMMITTEE, qcvn_code="000.00.00.H41"
    )
    department = UnitFactory.create(
        name="Sở Tư pháp", kind=UnitKind.DEPARTMENT, parent=province, qcvn_code="000.00.20.H41"
    )
    division = UnitFactory.create(
        name="Phòng Hộ tịch", parent=department, qcvn_code="000.01.20.H41"
    )
    sibling = UnitFactory.create(name="Sở Xây dựng", parent=province, qcvn_code="000.00.21.H41")
    return {
        "province": province,
        "department": department,
        "division": division,
        "sibling": sibling,
    }


def test_the_shipped_notices_are_installed_once() -> None:
    official_notices.install(Notice, NoticeDay)
    assert official_notices.install(Notice, NoticeDay) == 0
    calendar = get_calendar()
    new_year_swap = calendar.day(datetime.date(2026, 1, 2))
    assert not new_year_swap.working
    assert new_year_swap.source == DaySource.NOTICE
    assert calendar.day(datetime.date(2026, 1, 10)).working


def test_rows_layer_from_the_province_down_to_the_unit(tree: dict[str, Unit]) -> None:
    NoticeDayFactory(date=MARKET_DAY, notice__unit_code="")
    NoticeDayFactory(date=FESTIVAL, notice__unit_code="000.00.00.H41")
    NoticeDayFactory(date=FESTIVAL, kind=DayKind.WORKING, notice__unit_code="000.01.20.H41")

    province = get_calendar()
    assert province.is_working_day(FESTIVAL)
    assert not province.is_working_day(MARKET_DAY)
    department = get_calendar("000.00.20.H41")
    assert not department.is_working_day(FESTIVAL)
    assert department.day(FESTIVAL).source == DaySource.LOCAL
    assert not department.is_working_day(MARKET_DAY)
    division = get_calendar(" 000.01.20.h41 ")
    assert division.is_working_day(FESTIVAL)
    assert not division.is_working_day(MARKET_DAY)


def test_units_without_rows_share_their_parents_index(tree: dict[str, Unit]) -> None:
    NoticeDayFactory(date=FESTIVAL, notice__unit_code="000.00.20.H41")
    assert get_calendar("000.01.20.H41") is get_calendar("000.00.20.H41")
    assert get_calendar("000.00.21.H41") is get_calendar("000.00.00.H41")
    assert get_calendar("000.00.21.H41") is not get_calendar("000.00.20.H41")


def test_the_deepest_unit_with_office_hours_gives_them(tree: dict[str, Unit]) -> None:
    OfficeHoursFactory(unit_code="000.00.00.H41", afternoon_end=datetime.time(16, 30))
    OfficeHoursFactory(
        unit_code="000.00.20.H41",
        morning_start=datetime.time(8),
        desk_cutoff=datetime.time(16),
    )
    department = get_calendar("000.01.20.H41").deadline(
        at(2026, 3, 10, 15, 30), 1, TimeUnit.WORKING_DAYS
    )
    assert department.received_effective == at(2026, 3, 10, 15, 30)
    assert department.due == at(2026, 3, 11, 17)
    sibling = get_calendar("000.00.21.H41").deadline(
        at(2026, 3, 10, 15, 30), 1, TimeUnit.WORKING_DAYS
    )
    assert sibling.received_effective == at(2026, 3, 11, 7, 30)
    assert sibling.due == at(2026, 3, 12, 16, 30)


def test_office_hours_change_from_their_first_day() -> None:
    OfficeHoursFactory(valid_from=datetime.date(2026, 5, 1), weekdays="123456")
    calendar = get_calendar()
    assert not calendar.is_working_day(datetime.date(2026, 4, 25))
    assert calendar.is_working_day(datetime.date(2026, 5, 9))
    assert calendar.schedule_on(datetime.date(2026, 4, 25)).weekdays == frozenset(range(1, 6))


def publish_festival() -> None:
    """The province's notice of a day off for a local festival."""
    services.publish_notice(
        year=2026,
        title="Nghỉ lễ hội",
        level=NoticeLevel.LOCAL,
        unit_code="000.00.00.H41",
        days_off=[(FESTIVAL, "Lễ hội")],
    )


def test_a_change_is_seen_at_once(tree: dict[str, Unit]) -> None:
    assert get_calendar("000.00.20.H41").is_working_day(FESTIVAL)
    publish_festival()
    assert not get_calendar("000.00.20.H41").is_working_day(FESTIVAL)
    Notice.objects.filter(title="Nghỉ lễ hội").delete()
    assert get_calendar("000.00.20.H41").is_working_day(FESTIVAL)


def test_a_change_made_by_another_process_is_seen_through_the_token() -> None:
    notice = NoticeFactory.create()
    assert get_calendar().is_working_day(FESTIVAL)
    # bulk_create sends no signal, as if another process had written the row.
    NoticeDay.objects.bulk_create(
        [NoticeDay(notice=notice, date=FESTIVAL, kind="day_off", name="x")]
    )
    assert get_calendar().is_working_day(FESTIVAL)
    CalendarRevision.objects.update(token="written-by-another-process")
    assert not get_calendar().is_working_day(FESTIVAL)


def test_a_cached_calendar_costs_one_query_and_a_units_three(
    tree: dict[str, Unit], django_assert_num_queries: object
) -> None:
    get_calendar()
    get_calendar("000.01.20.H41")
    with django_assert_num_queries(1):  # type: ignore[operator]
        get_calendar()
    with django_assert_num_queries(3):  # type: ignore[operator]
        get_calendar("000.01.20.H41")


def test_with_a_shared_cache_a_cached_calendar_costs_one_query_less_and_changes_renew_it(
    tree: dict[str, Unit],
    django_assert_num_queries: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(queries, "is_shared", lambda: True)
    cache.clear()
    get_calendar()
    get_calendar("000.00.20.H41")
    before = queries.revision_token()
    with django_assert_num_queries(0):
        get_calendar()
    with django_assert_num_queries(2):  # the unit's chain
        assert get_calendar("000.00.20.H41").is_working_day(FESTIVAL)
    with django_capture_on_commit_callbacks(execute=True):
        publish_festival()
    # Another process finds the new token in the cache and builds the calendar again.
    assert queries.revision_token() != before
    assert not get_calendar("000.00.20.H41").is_working_day(FESTIVAL)


def test_an_unknown_unit_is_refused() -> None:
    with pytest.raises(units.UnknownUnit):
        get_calendar("000.00.99.H99")


def test_publishing_a_notice_is_audited(tree: dict[str, Unit]) -> None:
    notice = services.publish_notice(
        year=2026,
        title="Thông báo nghỉ bù",
        days_off=[(datetime.date(2026, 3, 9), "Nghỉ bù")],
        working_days=[(datetime.date(2026, 3, 14), "Làm bù")],
    )
    event = AuditEvent.objects.get(action="worktime.notice.publish")
    assert event.target_id == str(notice.pk)
    assert event.data["days"] == [
        {"date": "2026-03-09", "kind": "day_off"},
        {"date": "2026-03-14", "kind": "working"},
    ]
    assert get_calendar().is_working_day(datetime.date(2026, 3, 14))


def test_notices_are_checked(tree: dict[str, Unit]) -> None:
    with pytest.raises(ValidationError) as national_with_unit:
        services.publish_notice(year=2026, title="Sai", unit_code="000.00.00.H41")
    assert "unit_code" in national_with_unit.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        services.publish_notice(
            year=2026, title="Sai", level=NoticeLevel.LOCAL, unit_code="000.00.98.H41"
        )
    assert "000.00.98.H41" in str(unknown.value.message_dict["unit_code"])
    assert not Notice.objects.filter(title="Sai").exists()


def test_office_hours_are_set_and_checked() -> None:
    services.set_office_hours(saturday_morning_receiving=True, desk_cutoff=datetime.time(16))
    assert AuditEvent.objects.filter(action="worktime.office_hours.set").count() == 1
    assert get_calendar().schedule_on(datetime.date(2026, 3, 10)).desk_cutoff == datetime.time(16)
    with pytest.raises(ValidationError):
        services.set_office_hours(morning_end=datetime.time(14))
    with pytest.raises(ValidationError):
        services.set_office_hours(weekdays="1123")


def test_deadlines_use_the_units_calendar(tree: dict[str, Unit]) -> None:
    NoticeDayFactory(date=MARKET_DAY, notice__unit_code="000.00.20.H41")
    due = get_calendar("000.00.20.H41").deadline(at(2026, 3, 10, 10), 1, TimeUnit.WORKING_DAYS).due
    assert due == at(2026, 3, 12, 17)
