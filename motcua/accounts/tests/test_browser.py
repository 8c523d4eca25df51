"""The sign-in journeys in Chromium, each page checked against WCAG 2.1 AA."""

from collections.abc import Callable
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User
from motcua.accounts.tests.factories import PASSWORD, CitizenFactory, StaffFactory
from motcua.accounts.tests.helpers import confirmed_device_for, current_code

pytestmark = pytest.mark.browser

Page = Any


def test_a_citizen_registers_on_a_phone(
    live_server: Any, new_page: Callable[..., Page], assert_accessible: Callable[[Page], None]
) -> None:
    page = new_page("phone")
    page.goto(live_server.url + "/dang-ky/")
    page.get_by_label("Họ và tên").fill("Phạm Thị Mai")
    page.get_by_label("Số điện thoại").fill("0903 123 456")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill("không khớp")
    page.get_by_role("button", name="Tạo tài khoản").click()

    page.get_by_text("Hai trường mật khẩu không giống nhau").wait_for()
    assert page.get_by_label("Họ và tên").input_value() == "Phạm Thị Mai"
    assert page.get_by_label("Số điện thoại").input_value() == "0903 123 456"
    assert_accessible(page)

    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Tạo tài khoản").click()

    page.get_by_role("heading", name="Tài khoản của tôi").wait_for()
    assert "0903123456" in page.locator("main").inner_text()
    assert_accessible(page)
    assert User.objects.filter(phone="0903123456", full_name="Phạm Thị Mai").exists()


def test_a_citizen_signs_in_on_a_phone(
    live_server: Any, new_page: Callable[..., Page], assert_accessible: Callable[[Page], None]
) -> None:
    CitizenFactory.create(phone="0912345678", full_name="Võ Văn Nam")
    page = new_page("phone")
    page.goto(live_server.url + "/dang-nhap/?next=/tai-khoan/")
    assert_accessible(page)
    page.get_by_label("Số điện thoại hoặc email").fill("+84 912 345 678")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.get_by_role("heading", name="Tài khoản của tôi").wait_for()
    assert "Võ Văn Nam" in page.locator("main").inner_text()


def test_staff_enrol_an_authenticator_then_sign_in_with_its_code(
    live_server: Any, new_page: Callable[..., Page], assert_accessible: Callable[[Page], None]
) -> None:
    staff = StaffFactory.create(username="chuyenvien")
    page = new_page("desktop", user=staff)
    page.goto(live_server.url + "/can-bo/xac-thuc-hai-buoc/")
    assert page.locator("svg.totp-qr-code").is_visible()
    assert_accessible(page)

    device = TOTPDevice.objects.get(user=staff)
    page.get_by_label("Mã 6 chữ số").fill(current_code(device))
    page.get_by_role("button", name="Bật xác thực hai bước").click()
    page.get_by_text("Xác thực hai bước đang bật").wait_for()
    assert_accessible(page)

    fresh = new_page("desktop")
    fresh.goto(live_server.url + "/can-bo/")
    fresh.get_by_label("Tên đăng nhập hoặc email").fill("chuyenvien")
    fresh.get_by_label("Mật khẩu").fill(PASSWORD)
    fresh.get_by_role("button", name="Đăng nhập").click()
    fresh.get_by_role("heading", name="Xác thực hai bước").wait_for()
    assert_accessible(fresh)


def test_the_code_step_and_the_lock_out_page_meet_wcag(
    live_server: Any, new_page: Callable[..., Page], assert_accessible: Callable[[Page], None]
) -> None:
    staff = StaffFactory.create(username="lanhdao")
    device = confirmed_device_for(staff)
    page = new_page("phone")
    page.goto(live_server.url + "/can-bo/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc email").fill("lanhdao")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Mã 6 chữ số").fill(f"{(int(current_code(device)) + 1) % 1000000:06d}")
    page.get_by_role("button", name="Xác nhận").click()
    page.get_by_text("Mã này không đúng").wait_for()
    assert_accessible(page)

    for _ in range(5):
        page.goto(live_server.url + "/dang-nhap/")
        page.get_by_label("Số điện thoại hoặc email").fill("0999000111")
        page.get_by_label("Mật khẩu").fill("sai")
        page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Tài khoản tạm thời bị khóa").wait_for()
    assert_accessible(page)
