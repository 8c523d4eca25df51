"""The appointment calculator in a phone's browser: typed, computed without a page reload,
and accessible with its answer on screen."""

from collections.abc import Callable
from typing import Any

import pytest

from motcua.worktime import official_notices
from motcua.worktime.models import Notice, NoticeDay


@pytest.mark.browser
def test_a_citizen_computes_an_appointment_on_a_phone(
    live_server: Any, phone_page: Any, assert_accessible: Callable[[Any], None]
) -> None:
    official_notices.install(Notice, NoticeDay)
    page = phone_page
    page.goto(live_server.url + "/tinh-ngay-hen/")
    page.get_by_label("Ngày tiếp nhận").fill("2026-02-13")
    page.get_by_label("Giờ tiếp nhận").fill("15:30")
    page.get_by_label("Thời hạn giải quyết").fill("1")
    page.get_by_label("Đơn vị thời gian").select_option("working_days")
    page.get_by_role("button", name="Tính ngày hẹn").click()
    due = page.locator('[data-testid="due"]')
    due.wait_for()
    assert " ".join(due.inner_text().split()) == "17:00, Thứ Ba, Ngày 24 tháng 2 năm 2026"
    assert "received_on=2026-02-13" in page.url
    assert page.get_by_label("Giờ tiếp nhận").input_value() == "15:30"
    assert_accessible(page)
