"""Evaluating a returned dossier from a phone in Chromium, with the keyboard alone, each state
checked against WCAG 2.1 AA: the badge in "Hồ sơ của tôi", the invitation, a form sent
without the satisfaction (the error named at its group), then the thank-you."""

from collections.abc import Callable
from typing import Any

import pytest

from motcua.dossiers.tests.factories import Province
from motcua.evaluations.models import Evaluation, Level
from motcua.evaluations.tests.factories import returned
from motcua.worktime.limits import Channel

pytestmark = pytest.mark.browser

Page = Any


def test_evaluating_from_a_phone_with_the_keyboard(
    live_server: Any,
    new_page: Callable[..., Page],
    assert_accessible: Callable[[Page], None],
    world: Province,
) -> None:
    dossier = returned(world)
    page = new_page("phone", user=world.citizen)
    page.goto(live_server.url + "/ho-so-cua-toi/")
    page.get_by_text("Chưa đánh giá").wait_for()
    assert_accessible(page)

    page.goto(f"{live_server.url}/ho-so-cua-toi/{dossier.pk}/")
    page.get_by_role(
        "heading", name="Ông/bà có hài lòng với việc giải quyết hồ sơ không?"
    ).wait_for()
    assert_accessible(page)

    # An optional answer only: the officers' attitude, chosen with the arrow keys.
    attitude = page.get_by_role(
        "group", name="Thái độ của cán bộ, công chức, viên chức", exact=False
    )
    attitude.get_by_label("Lịch sự, nhiệt tình").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # to "Bình thường"
    page.get_by_label("Ý kiến, góp ý khác của ông/bà (không bắt buộc)").fill("Cán bộ tận tình.")
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.get_by_text("Vui lòng chọn mức độ hài lòng.").wait_for()
    assert attitude.get_by_label("Bình thường").is_checked()
    assert page.get_by_label("Ý kiến, góp ý khác").input_value() == "Cán bộ tận tình."
    level = page.get_by_role("group", name="Nhìn chung, ông/bà có hài lòng", exact=False)
    assert level.get_attribute("aria-describedby") == "id_danh-gia-level_error"
    assert_accessible(page)

    # The satisfaction with the keyboard: focus the first level, Space, Enter to send.
    level.get_by_label("Rất hài lòng").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.get_by_text("Cảm ơn ông/bà đã đánh giá việc giải quyết hồ sơ.").wait_for()
    assert page.locator(".mc-evaluation").get_by_text("Rất hài lòng").is_visible()
    assert page.locator(".mc-evaluation").get_by_text("Bình thường").is_visible()
    assert_accessible(page)
    evaluation = Evaluation.objects.get()
    assert (evaluation.level, evaluation.attitude) == (Level.VERY_SATISFIED, "acceptable")
    assert evaluation.comment == "Cán bộ tận tình."

    page.goto(live_server.url + "/ho-so-cua-toi/")
    assert page.get_by_text("Chưa đánh giá").count() == 0


def test_the_desk_enters_a_paper_form_on_a_desktop(
    live_server: Any,
    new_page: Callable[..., Page],
    assert_accessible: Callable[[Page], None],
    world: Province,
) -> None:
    dossier = returned(world, Channel.DESK, name="Lê Văn Giấy")
    page = new_page("desktop", user=world.officer)
    page.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/")
    page.get_by_text("Nhập phiếu đánh giá giấy").click()
    form = page.locator(".mc-paper-evaluation")
    form.get_by_label("Hài lòng", exact=True).check()
    form.get_by_label("Chỉ Bộ phận Một cửa").check()
    assert_accessible(page)
    form.get_by_role("button", name="Lưu phiếu đánh giá").click()
    page.get_by_text("Đã lưu phiếu đánh giá giấy.").wait_for()
    assert page.locator(".mc-evaluation").get_by_text("Chỉ Bộ phận Một cửa").is_visible()
    assert_accessible(page)
    evaluation = Evaluation.objects.get()
    assert (evaluation.level, evaluation.recorded_by) == (Level.SATISFIED, world.officer)
