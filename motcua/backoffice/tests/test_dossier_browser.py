"""A dossier's way through the back-office in Chromium: the desk receives an online dossier
and prints the receipt, a leader assigns it, the specialist proposes, the leader approves
and issues the result, the desk returns it, and the citizen sees it returned. The inbox and
the dossier page meet WCAG 2.1 AA."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from motcua.dossiers import queries
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import Province, make_province, online_dossier
from motcua.official_forms.tests.pdf import pdf_text

pytestmark = pytest.mark.browser


@pytest.fixture
def province(live_server: Any) -> Province:
    return make_province()


def vietnamese(label: Any) -> str:
    with translation.override("vi"):
        return str(label)


def act(page: Any, action: str, fill: Callable[[Any], None] | None = None) -> None:
    """Open the action's panel on the dossier page, fill it in, submit, and wait for the
    page that follows (with its message)."""
    panel = page.locator(f"#action-{action}")
    panel.locator("summary").click()
    if fill is not None:
        fill(panel)
    with page.expect_navigation():
        panel.locator("button[type=submit]").click()
    assert page.locator(".mc-messages .alert-success").count() >= 1, page.content()


def test_an_online_dossier_from_receipt_to_return(
    live_server: Any,
    new_page: Callable[..., Any],
    assert_accessible: Callable[[Any], None],
    province: Province,
) -> None:
    world = province
    dossier = online_dossier(world)

    # The desk finds it among the dossiers waiting for the check, and receives it.
    desk = new_page("desktop", user=world.officer)
    desk.goto(live_server.url + "/can-bo/ho-so/")
    assert desk.get_by_role("heading", level=1).inner_text() == "Hồ sơ cần xử lý"
    assert desk.locator('.mc-tab-count[data-tab="receive"]').inner_text() == "1"
    assert_accessible(desk)
    desk.get_by_role("link", name=f"Số {dossier.pk} (chưa tiếp nhận)").click()
    desk.wait_for_url(f"**/can-bo/ho-so/so-{dossier.pk}/")
    assert_accessible(desk)
    act(desk, "receive")
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED and dossier.code
    assert dossier.code in desk.locator(".mc-messages").inner_text()

    # The receipt: a PDF with the code and the lookup secret of this receipt.
    receipt = desk.locator(".mc-documents a", has_text="Mẫu 01")
    response = desk.request.get(live_server.url + receipt.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text and "mã tra cứu:" in text
    act(desk, "transfer")

    # The department's leader assigns a specialist.
    leader = new_page("desktop", user=world.leader)
    leader.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/")
    assert_accessible(leader)
    act(
        leader,
        "assign",
        lambda panel: panel.get_by_label("Chuyên viên").select_option(
            label="Hoàng Thị Chuyên Viên"
        ),
    )

    # The specialist proposes to approve, without a "Phê duyệt" of their own.
    specialist = new_page("desktop", user=world.specialist)
    specialist.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/")
    assert specialist.locator("#action-approve").count() == 0
    act(specialist, "propose", lambda panel: panel.get_by_label("Ghi chú").fill("Đủ điều kiện"))

    # The leader approves and issues the result.
    leader.reload()
    act(leader, "approve")
    act(
        leader,
        "issue_result",
        lambda panel: panel.get_by_label("Số, ký hiệu văn bản kết quả").fill("15/GP-STP"),
    )

    # The desk returns it, with the receiver's confirmation.
    desk.reload()

    def hand_over(panel: Any) -> None:
        panel.get_by_label("Trực tiếp").check()
        panel.get_by_label("Họ tên người nhận kết quả").fill("Nguyễn Văn An")
        panel.get_by_label("Người nhận đã ký nhận kết quả").check()

    act(desk, "return_result", hand_over)
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED
    assert desk.locator(".mc-state").inner_text() == vietnamese(State.RETURNED.label)
    assert_accessible(desk)

    # The citizen sees it returned.
    returned = vietnamese(State.RETURNED.label)
    try:
        path = reverse("portal:my_dossier", kwargs={"pk": dossier.pk})
    except NoReverseMatch:
        path = ""
    if path:
        citizen = new_page("phone", user=world.citizen)
        citizen.goto(live_server.url + path)
        assert returned in citizen.locator("main").inner_text()
    else:
        mine = queries.my_dossiers(world.citizen).get(pk=dossier.pk)
        assert mine.state == State.RETURNED


def test_the_inbox_filters_without_reloading_and_stays_accessible(
    live_server: Any,
    new_page: Callable[..., Any],
    assert_accessible: Callable[[Any], None],
    province: Province,
) -> None:
    world = province
    first = online_dossier(world, key="a")
    online_dossier(world, key="b")
    first.applicant_name = "Đặng Thị Lọc"
    first.save()  # the folded search text follows the name
    page = new_page("desktop", user=world.officer)
    page.goto(live_server.url + "/can-bo/ho-so/")
    assert page.locator(".mc-inbox tbody tr").count() == 2
    page.get_by_label("Tìm theo mã hồ sơ, người nộp hoặc thủ tục").fill("dang thi loc")
    page.wait_for_function("document.querySelectorAll('.mc-inbox tbody tr').length === 1")
    assert "Đặng Thị Lọc" in page.locator(".mc-inbox").inner_text()
    assert "q=dang%20thi%20loc" in page.url and "tab=receive" in page.url
    assert page.locator('.mc-tab-count[data-tab="receive"]').inner_text() == "1"
    assert_accessible(page)


def test_desk_entry_in_the_browser(
    live_server: Any,
    new_page: Callable[..., Any],
    assert_accessible: Callable[[Any], None],
    province: Province,
) -> None:
    world = province
    page = new_page("desktop", user=world.officer)
    page.goto(live_server.url + "/can-bo/ho-so/")
    page.get_by_role("link", name="Nhập hồ sơ tại quầy").click()
    page.wait_for_url("**/can-bo/ho-so/tiep-nhan-tai-quay/")
    assert_accessible(page)
    page.get_by_label("Thủ tục").select_option(
        label=f"{world.version.procedure.code} — {world.version.name}"
    )
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Qua bưu chính công ích").wait_for()
    assert_accessible(page)
    page.get_by_label("Qua bưu chính công ích").check()
    page.get_by_label("Chủ hồ sơ (cá nhân, tổ chức)").fill("Võ Thị Bưu Điện")
    page.get_by_label("Họ và tên").fill("Võ Thị Bưu Điện")
    with page.expect_navigation():
        page.get_by_role("button", name="Nhập hồ sơ").click()
    assert "Đã nhập hồ sơ của Võ Thị Bưu Điện" in page.locator(".mc-messages").inner_text()
    assert page.locator("#action-receive").count() == 1
