import datetime

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.core.models import AuditEvent
from motcua.worktime.models import Notice
from motcua.worktime.queries import get_calendar

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_notices")]


@pytest.fixture
def admin_client(client: Client, admin_user: User) -> Client:
    client.force_login(admin_user)
    return client


def test_the_year_calendar_shows_days_off_and_make_up_days(admin_client: Client) -> None:
    response = admin_client.get("/admin/worktime/notice/calendar/", {"year": "2026"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lịch làm việc năm 2026" in page
    assert 'class="mc-off" title="Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"' in page
    assert 'class="mc-makeup" title="Làm bù cho thứ Sáu 02/01/2026"' in page
    assert "12729/VPCP-KGVX" in page


def test_the_year_calendar_refuses_an_unknown_unit_kindly(admin_client: Client) -> None:
    page = admin_client.get(
        "/admin/worktime/notice/calendar/", {"year": "2026", "unit_code": "000.00.99.H41"}
    ).content.decode()
    assert "Không tìm thấy đơn vị có mã 000.00.99.H41." in page


def test_the_year_calendar_needs_the_admin(client: Client) -> None:
    response = client.get("/admin/worktime/notice/calendar/")
    assert response.status_code == 302


def test_an_administrator_adds_a_notice(admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/worktime/notice/add/",
        {
            "year": "2027",
            "level": "national",
            "unit_code": "",
            "reference": "99/TB-BNV",
            "issued_on": "",
            "title": "Hoán đổi ngày làm việc dịp Giỗ Tổ 2027",
            "days-TOTAL_FORMS": "2",
            "days-INITIAL_FORMS": "0",
            "days-MIN_NUM_FORMS": "0",
            "days-MAX_NUM_FORMS": "1000",
            "days-0-date": "2027-04-15",
            "days-0-kind": "day_off",
            "days-0-name": "Nghỉ hoán đổi",
            "days-1-date": "2027-04-24",
            "days-1-kind": "working",
            "days-1-name": "Làm bù",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    notice = Notice.objects.get(reference="99/TB-BNV")
    assert notice.days.count() == 2
    assert AuditEvent.objects.filter(action="admin.add", target_id=str(notice.pk)).exists()
    calendar = get_calendar()
    assert not calendar.is_working_day(datetime.date(2027, 4, 15))
    assert calendar.is_working_day(datetime.date(2027, 4, 24))
