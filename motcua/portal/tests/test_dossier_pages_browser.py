"""The submission form's harder parts and the dossier page's actions in Chromium on a phone,
each state checked against WCAG 2.1 AA: a repeated group, an address, errors tied to their
inputs, the supplement the agency asks for, and a failed public lookup."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import Dossier, FilePurpose
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import PDF_BYTES, Province
from motcua.portal.tests.dossier_world import submit_url

pytestmark = pytest.mark.browser

Page = Any


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    path = tmp_path / "giay-to.pdf"
    path.write_bytes(PDF_BYTES)
    return path


def test_repeated_rows_errors_and_a_supplement_on_a_phone(
    live_server: Any,
    new_page: Callable[..., Page],
    assert_accessible: Callable[[Page], None],
    world: Province,
    scan: Path,
) -> None:
    page = new_page("phone", user=world.citizen)
    page.goto(live_server.url + submit_url(world))
    page.locator('[name="f-cha_me-0-ho_ten"]').fill("Nguyễn Văn An")
    page.get_by_role("button", name="Thêm: Cha, mẹ").click()
    second = page.locator('[name="f-cha_me-1-ho_ten"]')
    second.wait_for()
    assert page.locator('[name="f-cha_me-0-ho_ten"]').input_value() == "Nguyễn Văn An"
    assert_accessible(page)

    # Submitting half a form: every problem is named at its input, in Vietnamese.
    second.fill("Trần Thị Bình")
    page.get_by_label("Tờ khai có chữ ký").set_input_files(str(scan))
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.get_by_text("Hồ sơ chưa được nộp").wait_for()
    name = page.locator('[name="f-ho_ten"]')
    assert name.get_attribute("aria-invalid") == "true"
    error_id = name.get_attribute("aria-describedby") or ""
    assert page.locator(f"#{error_id}").inner_text() == "Vui lòng điền “Họ và tên”."
    assert page.get_by_role("link", name="giay-to.pdf").is_visible()  # kept in a draft
    assert_accessible(page)

    # Completed with the keyboard-friendly controls and submitted.
    name.fill("Nguyễn Văn Bé")
    page.locator('[name="f-ngay_sinh"]').fill("2026-02-20")
    page.locator('[name="f-noi_o-commune"]').select_option(label="Phường Trường Vinh")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.get_by_text("Hồ sơ của bạn đã được nộp").wait_for()
    dossier = Dossier.objects.get()
    assert dossier.state == State.SUBMITTED
    assert [row["ho_ten"] for row in dossier.form_data["cha_me"]] == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
    ]

    # The desk asks for a supplement; the citizen supplies it from the dossier's page.
    perform(dossier, Action.REQUEST_SUPPLEMENT, world.officer, items=["Bản sao CCCD của mẹ"])
    page.reload()
    page.get_by_role("heading", name="Cơ quan yêu cầu bổ sung hồ sơ").wait_for()
    assert_accessible(page)
    page.get_by_label("Tệp bổ sung (PDF, JPEG hoặc PNG)").set_input_files(str(scan))
    page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    page.get_by_text("Hồ sơ bổ sung đã được gửi đến cơ quan.").wait_for()
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED
    assert dossier.files.filter(purpose=FilePurpose.SUPPLEMENT).count() == 1


def test_a_failed_lookup_on_a_phone(
    live_server: Any, new_page: Callable[..., Page], assert_accessible: Callable[[Page], None]
) -> None:
    page = new_page("phone")
    page.goto(live_server.url + "/tra-cuu-ho-so/")
    # With the keyboard only: type the code, Tab to the secret, Enter.
    page.get_by_label("Mã hồ sơ").focus()
    page.keyboard.type("000.00.02.H41-260302-0001")
    page.keyboard.press("Tab")
    page.keyboard.type("ABCD2345")
    page.keyboard.press("Enter")
    page.get_by_text("Không tìm thấy hồ sơ").wait_for()
    # What was typed as the code stays; the secret is never shown again.
    assert page.get_by_label("Mã hồ sơ").input_value() == "000.00.02.H41-260302-0001"
    assert page.get_by_label("Số điện thoại hoặc mã tra cứu").input_value() == ""
    assert_accessible(page)
