"""The register and the statistics pages in Chromium, on a phone and a desktop: they meet
WCAG 2.1 AA, the filters work from the keyboard, and the chart is read out."""

from collections.abc import Callable
from typing import Any

import pytest

from motcua.accounts.models import Role
from motcua.dossiers.tests.factories import Province, make_province, staff
from motcua.dossiers.tests.scenarios import make_division, march

pytestmark = pytest.mark.browser

MARCH = "date_from=2026-03-01&date_to=2026-03-31"


@pytest.fixture
def province(live_server: Any) -> Province:
    world = make_province()
    march(world, make_division(world))
    return world


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_statistics_page(
    live_server: Any,
    new_page: Callable[..., Any],
    assert_accessible: Callable[[Any], None],
    province: Province,
    size: str,
) -> None:
    supervisor = staff(province.province, Role.SUPERVISOR)
    page = new_page(size, user=supervisor)
    page.goto(f"{live_server.url}/can-bo/thong-ke/?unit={province.province.pk}&{MARCH}")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Thống kê tình hình giải quyết hồ sơ"
    )
    bar = page.get_by_role(
        "img", name="Sở Tư pháp: Đã giải quyết trước hạn hoặc đúng hạn 4", exact=False
    )
    assert bar.count() == 1
    total = page.locator("tr.mc-total-line")
    assert "50,00 %" in total.inner_text()
    assert_accessible(page)
    # Another period from the keyboard: the first days of March only.
    page.get_by_label("Đến ngày (tính cả ngày này)").fill("2026-03-03")
    page.get_by_label("Đến ngày (tính cả ngày này)").press("Enter")
    page.wait_for_url("**date_to=2026-03-03**")
    assert "50,00 %" not in page.locator("tr.mc-total-line").inner_text()
    assert_accessible(page)


def test_the_register_page(
    live_server: Any,
    new_page: Callable[..., Any],
    assert_accessible: Callable[[Any], None],
    province: Province,
) -> None:
    page = new_page("desktop", user=province.officer)
    page.goto(f"{live_server.url}/can-bo/so-theo-doi/?unit={province.centre.pk}&{MARCH}")
    assert page.locator("table.mc-register tbody tr").count() == 14
    assert_accessible(page)
    page.get_by_label("Hình thức nộp").select_option("post")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**channel=post**")
    assert page.locator("table.mc-register tbody tr").count() == 2
    assert_accessible(page)
