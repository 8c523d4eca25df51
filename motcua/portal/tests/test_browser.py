"""Journeys on the portal in Chromium: a phone first, as most citizens come."""

from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_portal_home_on_a_phone_meets_wcag_21_aa(
    live_server: Any, phone_page: Any, assert_accessible: Callable[[Any], None]
) -> None:
    phone_page.goto(live_server.url + "/")
    assert_accessible(phone_page)
    menu = phone_page.get_by_role("button", name="Danh mục")
    assert menu.is_visible(), "the navigation collapses behind a menu button on a phone"
    assert not phone_page.get_by_role("link", name="Trang chủ").first.is_visible()
    menu.click()
    phone_page.locator("#portal-nav.show").wait_for()
    assert menu.get_attribute("aria-expanded") == "true"
    assert_accessible(phone_page)


def test_portal_home_shows_the_be_vietnam_pro_font(live_server: Any, phone_page: Any) -> None:
    phone_page.goto(live_server.url + "/")
    phone_page.evaluate("document.fonts.ready")
    assert phone_page.evaluate("document.fonts.check('16px \"Be Vietnam Pro\"', 'Việt')")
    family = phone_page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Be Vietnam Pro"')


def test_keyboard_reaches_the_skip_link_first_and_it_leads_to_the_content(
    live_server: Any, phone_page: Any
) -> None:
    phone_page.goto(live_server.url + "/")
    phone_page.keyboard.press("Tab")
    focused = phone_page.evaluate(
        "[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]"
    )
    assert focused == ["Bỏ qua, đến nội dung chính", "#main"]
    phone_page.keyboard.press("Enter")
    assert phone_page.evaluate("document.activeElement.id") == "main"


def test_switching_to_english_and_back(live_server: Any, phone_page: Any) -> None:
    phone_page.goto(live_server.url + "/")
    assert phone_page.get_attribute("html", "lang") == "vi"
    assert phone_page.get_by_role("heading", level=1).inner_text().startswith("Cổng dịch vụ công")

    phone_page.get_by_role("button", name="English").click()
    phone_page.wait_for_function("document.documentElement.lang === 'en'")
    assert phone_page.url == live_server.url + "/"
    assert (
        phone_page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Public-service portal of")
    )
    english = phone_page.get_by_role("button", name="English")
    assert english.get_attribute("aria-pressed") == "true"

    phone_page.get_by_role("button", name="Tiếng Việt").click()
    phone_page.wait_for_function("document.documentElement.lang === 'vi'")
    assert phone_page.get_by_role("heading", level=1).inner_text().startswith("Cổng dịch vụ công")
