"""The back-office in Chromium: a signed-in member of staff on a desktop and on a phone."""

from collections.abc import Callable
from typing import Any

import pytest

from motcua.accounts.models import Role, StaffMembership, User, UserKind
from motcua.agencies.tests.factories import UnitFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def officer() -> User:
    user = User.objects.create_user(
        "motcua", password="x", kind=UserKind.STAFF, full_name="Lê Văn Một Cửa"
    )
    centre = UnitFactory.create(name="Trung tâm Phục vụ hành chính công tỉnh", short_name="TTPVHCC")
    StaffMembership.objects.create(user=user, unit=centre, role=Role.RECEPTION_OFFICER)
    return user


def test_start_page_on_a_desktop_meets_wcag_21_aa(
    live_server: Any,
    new_page: Callable[..., Any],
    assert_accessible: Callable[[Any], None],
    officer: User,
) -> None:
    page = new_page("desktop", user=officer)
    page.goto(live_server.url + "/can-bo/")
    assert page.get_by_role("heading", level=1).inner_text() == "Xin chào, Lê Văn Một Cửa"
    assert page.locator("#sidenav").is_visible(), "the side navigation is a column on a desktop"
    assert_accessible(page)

    page.get_by_role("button", name="Lê Văn Một Cửa").click()
    sign_out = page.get_by_role("button", name="Đăng xuất")
    sign_out.wait_for()
    assert (
        "Trung tâm Phục vụ hành chính công tỉnh"
        in page.locator(".mc-user-memberships").inner_text()
    )
    assert_accessible(page)


def test_side_navigation_slides_in_on_a_phone(
    live_server: Any,
    new_page: Callable[..., Any],
    assert_accessible: Callable[[Any], None],
    officer: User,
) -> None:
    page = new_page("phone", user=officer)
    page.goto(live_server.url + "/can-bo/")
    assert not page.locator("#sidenav").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Danh mục").click()
    page.locator("#sidenav.show").wait_for()
    assert page.get_by_role("link", name="Trang làm việc").is_visible()
    assert_accessible(page)


def test_signing_out_ends_the_session(
    live_server: Any, new_page: Callable[..., Any], officer: User
) -> None:
    page = new_page("desktop", user=officer)
    page.goto(live_server.url + "/can-bo/")
    page.get_by_role("button", name="Lê Văn Một Cửa").click()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Đăng xuất").click()
    assert navigation.value.ok
    page.goto(live_server.url + "/can-bo/")
    assert page.get_by_text("Xin chào, Lê Văn Một Cửa").count() == 0
    assert page.get_by_role("button", name="Lê Văn Một Cửa").count() == 0
