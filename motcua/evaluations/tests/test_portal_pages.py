"""The evaluation on the portal: the invitation on the dossier's page once the handling is
over, the form's errors with nothing lost, the thank-you with what was chosen, the badge of
"Hồ sơ của tôi", and another citizen kept out (404)."""

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from motcua.accounts.tests.factories import CitizenFactory
from motcua.dossiers.tests.factories import Province
from motcua.evaluations.models import Evaluation, Level
from motcua.evaluations.tests.factories import result_ready, returned


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client: Client, pk: int) -> str:
    response = client.get(reverse("portal:my_dossier", args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def post(client: Client, pk: int, **fields: str) -> Any:
    data = {f"danh-gia-{name}": value for name, value in fields.items()}
    return client.post(reverse("portal:evaluate", args=[pk]), data)


def test_the_returned_dossiers_page_invites_to_evaluate(world: Province) -> None:
    dossier = returned(world)
    html = page(signed_in(world.citizen), dossier.pk)
    assert "Ông/bà có hài lòng với việc giải quyết hồ sơ không?" in html
    # Each question is a fieldset named by its legend; the satisfaction is required.
    legends = re.findall(r"<legend[^>]*>(.*?)</legend>", html, re.S)
    assert len(legends) == 6
    assert legends[0].startswith("Nhìn chung, ông/bà có hài lòng")
    assert "(bắt buộc)" in legends[0]
    for level in ("Rất hài lòng", "Hài lòng", "Không hài lòng"):
        assert f">{level}</label>" in html
    assert html.count('type="radio" name="danh-gia-level"') == 3
    assert html.count("required>") == 3  # the three radios of the satisfaction only
    assert "Thái độ của cán bộ, công chức, viên chức" in html
    # An optional question starts on "no answer", so a choice can be taken back.
    assert 'value="" id="id_danh-gia-contacts_3" checked' in html
    assert '<label class="form-check-label" for="id_danh-gia-contacts_3">Không có ý kiến' in html


def test_evaluating_then_the_thank_you_shows_what_was_chosen(world: Province) -> None:
    dossier = returned(world)
    client = signed_in(world.citizen)
    response = post(
        client,
        dossier.pk,
        level="very_satisfied",
        attitude="courteous",
        contacts="",
        comment="Nhanh, gọn.",
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/ho-so-cua-toi/{dossier.pk}/#danh-gia")
    evaluation = Evaluation.objects.get(dossier=dossier)
    assert (evaluation.level, evaluation.attitude, evaluation.contacts) == (
        Level.VERY_SATISFIED,
        "courteous",
        "",
    )
    html = client.get(response["Location"]).content.decode()
    assert "Cảm ơn ông/bà đã đánh giá việc giải quyết hồ sơ." in html  # the message
    assert "Cảm ơn ông/bà đã đánh giá</h2>" in html
    assert "Rất hài lòng" in html and "Lịch sự, nhiệt tình" in html and "Nhanh, gọn." in html
    assert 'name="danh-gia-level"' not in html  # no form any more

    # A second attempt (an old tab) is told why, and changes nothing.
    again = post(client, dossier.pk, level="dissatisfied")
    assert again.status_code == 302
    html = client.get(again["Location"]).content.decode()
    assert "Hồ sơ này đã được đánh giá: mỗi hồ sơ chỉ được đánh giá một lần." in html
    assert Evaluation.objects.get().level == Level.VERY_SATISFIED


def test_a_form_without_satisfaction_keeps_what_was_typed(world: Province) -> None:
    dossier = returned(world)
    response = post(
        signed_in(world.citizen), dossier.pk, attitude="troublesome", comment="Phải chờ lâu."
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng chọn mức độ hài lòng." in html
    assert 'aria-describedby="id_danh-gia-level_error"' in html
    assert 'value="troublesome" id="id_danh-gia-attitude_2" checked' in html
    assert "Phải chờ lâu.</textarea>" in html
    assert not Evaluation.objects.exists()


def test_no_invitation_before_the_result_is_returned(world: Province) -> None:
    dossier = result_ready(world)
    client = signed_in(world.citizen)
    assert 'name="danh-gia-level"' not in page(client, dossier.pk)
    response = post(client, dossier.pk, level="satisfied")
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Chỉ đánh giá được hồ sơ khi đã trả kết quả" in html
    assert not Evaluation.objects.exists()


def test_another_citizen_gets_not_found(world: Province) -> None:
    dossier = returned(world)
    stranger = signed_in(CitizenFactory.create())
    assert stranger.get(reverse("portal:my_dossier", args=[dossier.pk])).status_code == 404
    assert post(stranger, dossier.pk, level="dissatisfied").status_code == 404
    assert post(Client(), dossier.pk, level="dissatisfied").status_code == 302  # sign in
    assert not Evaluation.objects.exists()


def test_my_dossiers_marks_the_returned_ones_not_evaluated(
    world: Province, django_assert_num_queries: Any
) -> None:
    first = returned(world)
    second = returned(world)
    waiting = result_ready(world)
    client = signed_in(world.citizen)
    url = reverse("portal:my_dossiers")
    client.get(url)  # the session is loaded once
    # The session, the user, the page of dossiers, which of them are evaluated, the footer.
    with django_assert_num_queries(5):
        html = client.get(url).content.decode()
    assert html.count("Chưa đánh giá") == 2
    post(client, first.pk, level="satisfied")
    html = client.get(url).content.decode()
    assert html.count("Chưa đánh giá") == 1
    assert "Chưa đánh giá" in card_of(html, second.pk)
    assert "Chưa đánh giá" not in card_of(html, first.pk)
    assert "Chưa đánh giá" not in card_of(html, waiting.pk)  # not returned yet


def card_of(html: str, pk: int) -> str:
    """The list item of "Hồ sơ của tôi" that links to the dossier."""
    link = html.index(f'href="/ho-so-cua-toi/{pk}/"')
    return html[html.rindex("<li", 0, link) : html.index("</li>", link)]


def test_the_returned_dossiers_page_reads_its_evaluation_in_one_query(
    world: Province, django_assert_num_queries: Any
) -> None:
    dossier = returned(world)
    client = signed_in(world.citizen)
    url = reverse("portal:my_dossier", args=[dossier.pk])
    client.get(url)
    # Session, user, dossier, files, open pause, the evaluation, timeline, the footer (no
    # action is open to a returned dossier, so no control slip); the same once evaluated.
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    post(client, dossier.pk, level="satisfied")
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
