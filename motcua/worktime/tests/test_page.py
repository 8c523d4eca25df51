"""The portal's deadline calculator ("Tính ngày hẹn trả kết quả")."""

import re

import pytest
from django.test import Client

from motcua.agencies.models import UnitKind
from motcua.agencies.tests.factories import UnitFactory
from motcua.worktime.tests.factories import NoticeDayFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_notices")]

PAGE = "/tinh-ngay-hen/"


def test_the_empty_page_offers_the_form(client: Client) -> None:
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tính ngày hẹn trả kết quả" in page
    assert 'type="date"' in page
    assert "Ngày hẹn trả kết quả" not in page


def test_an_appointment_across_tết_with_the_days_skipped(client: Client) -> None:
    response = client.get(
        PAGE,
        {
            "received_on": "2026-02-13",
            "received_time": "15:30",
            "amount": "1",
            "unit": "working_days",
            "channel": "desk",
        },
    )
    page = response.content.decode()
    assert "Ngày hẹn trả kết quả" in page
    assert "17:00" in page
    assert "Ngày 24 tháng 2 năm 2026" in page
    assert "07:30" in page  # the clock starts on Monday 23/2 at the opening
    assert "từ 15:00 được tính từ ngày làm việc tiếp theo" in page
    assert "Nghỉ Tết Âm lịch" in page  # the notice of 14-22/2/2026, weekend included


def due_shown(page: str) -> str:
    match = re.search(r'data-testid="due">\s*(.*?)\s*</p>', page, re.S)
    assert match is not None
    return " ".join(match.group(1).split())


def test_htmx_gets_the_calculator_alone(client: Client) -> None:
    response = client.get(
        PAGE,
        {
            "received_on": "2026-03-13",
            "received_time": "09:00",
            "amount": "8",
            "unit": "working_hours",
            "channel": "online",
        },
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert "<html" not in page
    # Friday 9:00-11:30 and 13:30-17:00 give 6 hours; two more on Monday morning.
    assert due_shown(page) == "09:30, Thứ Hai, Ngày 16 tháng 3 năm 2026"
    assert "Không tính thêm 2 ngày nghỉ hằng tuần" in page


def test_a_units_calendar_is_chosen_from_the_list(client: Client) -> None:
    UnitFactory.create(name="Xã Hưng Nguyên", kind=UnitKind.COMMUNE, qcvn_code="000.00.31.H41")
    NoticeDayFactory(notice__unit_code="000.00.31.H41", name="Lễ hội đền Quả Sơn")
    empty = client.get(PAGE).content.decode()
    assert "Xã Hưng Nguyên (000.00.31.H41)" in empty
    page = client.get(
        PAGE,
        {
            "received_on": "2026-03-09",
            "received_time": "09:00",
            "amount": "1",
            "unit": "working_days",
            "channel": "desk",
            "unit_code": "000.00.31.H41",
        },
    ).content.decode()
    assert "Lễ hội đền Quả Sơn" in page
    assert "Ngày 11 tháng 3 năm 2026" in page


def test_bad_input_is_explained_and_kept(client: Client) -> None:
    response = client.get(
        PAGE,
        {
            "received_on": "2026-03-10",
            "received_time": "9 giờ",
            "amount": "-2",
            "unit": "weeks",
            "channel": "desk",
            "unit_code": "000.00.99.H41",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ngày hẹn trả kết quả" not in page
    assert 'value="2026-03-10"' in page
    assert 'value="-2"' in page
    assert 'aria-invalid="true"' in page
    assert "is-invalid" in page
    assert "Nhập một thời gian hợp lệ" in page or "thời gian hợp lệ" in page


def test_a_moment_outside_the_calendar_is_explained(client: Client) -> None:
    page = client.get(
        PAGE,
        {
            "received_on": "2060-12-30",
            "received_time": "09:00",
            "amount": "3",
            "unit": "months",
            "channel": "desk",
        },
    ).content.decode()
    assert "Lịch chỉ có dữ liệu từ năm 2010 đến năm 2060." in page
