"""Finding a procedure and reading its page in Chromium, with the keyboard only, on a phone;
each page checked against WCAG 2.1 AA."""

import io
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from motcua.catalog.importing import import_catalogue
from motcua.catalog.tests.factories import catalogue, make_units, procedure_record

pytestmark = pytest.mark.browser

Page = Any


@pytest.fixture
def procedures() -> None:
    make_units()
    records = [
        procedure_record(),
        procedure_record(code="1.000656", name="Đăng ký khai tử", keywords="báo tử"),
        procedure_record(code="1.000894", name="Đăng ký kết hôn", keywords=""),
    ]
    import_catalogue(io.BytesIO(catalogue(*records)))


def test_a_citizen_finds_a_procedure_with_the_keyboard(
    live_server: Any,
    new_page: Callable[..., Page],
    assert_accessible: Callable[[Page], None],
    procedures: None,
) -> None:
    page = new_page("phone")
    page.goto(live_server.url + "/thu-tuc/")
    assert_accessible(page)

    search_box = page.get_by_label("Tìm kiếm thủ tục hành chính")
    search_box.focus()
    page.keyboard.type("ket hon")
    # The results follow the typing (htmx), without leaving the page.
    results = page.locator("#procedure-results")
    results.get_by_text("1 thủ tục").wait_for()
    assert results.get_by_role("link").first.inner_text() == "Đăng ký kết hôn"
    assert search_box.input_value() == "ket hon"
    assert parse_qs(urlsplit(page.url).query)["q"] == ["ket hon"]  # the address can be shared

    # Enter submits the form the ordinary way too; then Tab reaches the result.
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    link = page.locator("#procedure-results").get_by_role("link", name="Đăng ký kết hôn")
    for _ in range(12):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the first result cannot be reached with Tab")
    page.keyboard.press("Enter")

    page.get_by_role("heading", level=1, name="Đăng ký kết hôn").wait_for()
    main = page.locator("main").inner_text()
    assert "Thành phần hồ sơ" in main and "Phí, lệ phí" in main and "1 ngày làm việc" in main
    assert_accessible(page)
