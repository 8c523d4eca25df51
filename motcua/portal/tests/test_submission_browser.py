"""A citizen's whole journey on a phone in Chromium, on the demo province and catalogue:
search without diacritics, open the procedure, sign in, fill the e-form, upload a PDF, save
a draft, come back later, submit, see the dossier in "Hồ sơ của tôi", and (once the ward has
received it) find it by the public lookup. Every page is checked against WCAG 2.1 AA."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from motcua.accounts.models import Role
from motcua.agencies.models import Unit
from motcua.demo import catalogue, people, province
from motcua.demo.people import DEMO_PASSWORD
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import PDF_BYTES, staff
from motcua.worktime import queries as worktime_queries

pytestmark = pytest.mark.browser

Page = Any
BIRTH = "1.001193"
WARD = "Phường Trường Vinh"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """The demo province, its people and its catalogue (live-server tests start empty)."""
    worktime_queries.forget_calendars()
    for step in (province.build, people.build, catalogue.build):
        step(lambda line: None)
    scan = tmp_path / "giay-chung-sinh.pdf"
    scan.write_bytes(PDF_BYTES)
    return scan


def fill_person(page: Page, prefix: str, name: str, cccd: str, born: str) -> None:
    page.locator(f'[name="{prefix}-ho_ten"]').fill(name)
    page.locator(f'[name="{prefix}-so_dinh_danh"]').fill(cccd)
    page.locator(f'[name="{prefix}-ngay_sinh"]').fill(born)


def fill_address(page: Page, prefix: str) -> None:
    page.locator(f'[name="{prefix}-commune"]').select_option(label=WARD)
    page.locator(f'[name="{prefix}-detail"]').fill("Số 12 đường Lê Lợi")


def test_a_citizen_submits_a_birth_registration_on_a_phone(
    live_server: Any,
    new_page: Callable[..., Page],
    assert_accessible: Callable[[Page], None],
    demo: Path,
) -> None:
    page = new_page("phone")

    # Search without diacritics and open the procedure.
    page.goto(live_server.url + "/thu-tuc/")
    page.get_by_label("Tìm kiếm thủ tục hành chính").fill("dang ky khai sinh")
    page.get_by_label("Tìm kiếm thủ tục hành chính").press("Enter")
    page.wait_for_load_state()
    page.locator("#procedure-results").get_by_role("link", name="Đăng ký khai sinh").first.click()
    page.get_by_role("heading", level=1, name="Đăng ký khai sinh").wait_for()
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()

    # Signing in comes first, then the form.
    page.get_by_label("Số điện thoại hoặc email").fill("0912345678")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", level=1, name="Nộp hồ sơ trực tuyến").wait_for()
    assert_accessible(page)
    assert page.locator('[name="phone"]').input_value() == "0912345678"  # from the account

    # Fill part of the e-form, attach the birth certificate, save a draft.
    page.get_by_label("Cơ quan tiếp nhận").select_option(label=WARD)
    fill_person(page, "f-nguoi_nop", "Nguyễn Văn An", "040085001234", "1985-03-12")
    fill_address(page, "f-nguoi_nop-noi_cu_tru")
    page.locator('[name="f-nguoi_nop-dien_thoai"]').fill("0912345678")
    page.get_by_label("Giấy chứng sinh;").set_input_files(str(demo))
    page.get_by_role("button", name="Lưu nháp").click()
    page.get_by_text("Đã lưu nháp").wait_for()
    assert page.get_by_role("link", name="giay-chung-sinh.pdf").is_visible()
    assert_accessible(page)

    # The browser is closed; later, on another phone, the draft is still there.
    page.context.close()
    page = new_page("phone", user=_citizen())
    page.goto(live_server.url + "/ho-so-cua-toi/")
    assert_accessible(page)
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    page.get_by_text("Bạn đang tiếp tục bản nháp").wait_for()
    assert page.locator('[name="f-nguoi_nop-ho_ten"]').input_value() == "Nguyễn Văn An"
    assert page.get_by_role("link", name="giay-chung-sinh.pdf").is_visible()

    # A mistake is explained, nothing typed is lost.
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.get_by_text("Hồ sơ chưa được nộp").wait_for()
    assert page.locator('[name="f-nguoi_nop-ho_ten"]').input_value() == "Nguyễn Văn An"
    assert_accessible(page)

    # Complete the form and submit.
    fill_person(page, "f-tre", "Nguyễn Văn Bình", "040226001234", "2026-02-20")
    fill_address(page, "f-tre-noi_cu_tru")
    page.get_by_label("Giới tính của trẻ").select_option("Nam")
    fill_address(page, "f-noi_sinh")
    page.get_by_label("Quê quán").fill("Xã Nam Đàn, tỉnh Nghệ An")
    page.get_by_label("Quan hệ của người đi đăng ký với trẻ").select_option("Cha")
    fill_person(page, "f-me", "Trần Thị Cúc", "040190004321", "1990-05-01")
    fill_address(page, "f-me-noi_cu_tru")
    for required_paper in page.locator('input[type="file"][aria-required="true"]').all():
        required_paper.set_input_files(str(demo))
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.get_by_text("Hồ sơ của bạn đã được nộp").wait_for()
    assert "Mới đăng ký" in page.locator("main").inner_text()
    assert_accessible(page)

    dossier = Dossier.objects.get(procedure_version__procedure__code=BIRTH)
    assert dossier.state == State.SUBMITTED and dossier.receiving_unit.name == WARD
    assert dossier.form_data["tre"]["noi_cu_tru"]["commune"] == WARD

    page.get_by_role("link", name="Hồ sơ của tôi").first.click()
    assert page.locator("main").get_by_text("Mới đăng ký").is_visible()

    # The ward receives it; the citizen finds it by the public lookup, signed out.
    ward = Unit.objects.get(name=WARD)
    officer = staff(ward, Role.RECEPTION_OFFICER)
    perform(dossier, Action.RECEIVE, officer)
    lookup = new_page("phone")
    lookup.goto(live_server.url + "/tra-cuu-ho-so/")
    assert_accessible(lookup)
    lookup.get_by_label("Mã hồ sơ").fill(str(dossier.code))
    lookup.get_by_label("Số điện thoại hoặc mã tra cứu").fill("0912 345 678")
    lookup.get_by_role("button", name="Tra cứu").click()
    result = lookup.locator("#lookup-result")
    result.wait_for()
    text = lookup.locator("main").inner_text()
    assert str(dossier.code) in text and "Được tiếp nhận" in text
    assert "Nguyễn Văn An" not in text
    assert_accessible(lookup)


def _citizen() -> Any:
    from motcua.accounts.models import User

    return User.objects.get(phone="0912345678")
