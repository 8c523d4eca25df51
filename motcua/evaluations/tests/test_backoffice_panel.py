"""The evaluation on a dossier's back-office page: shown once there is one (with who entered
a paper form), the paper form's entry for a one-stop officer of the receiving unit only, and
another unit's officer kept out (404)."""

from typing import Any

from django.test import Client
from pytest_django.fixtures import DjangoAssertNumQueries

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import Province
from motcua.evaluations import services
from motcua.evaluations.models import Evaluation, EvaluationChannel, Level
from motcua.evaluations.tests.factories import result_ready, returned
from motcua.worktime.limits import Channel
from motcua.worktime.queries import get_calendar


def page_url(dossier: Dossier) -> str:
    return f"/can-bo/ho-so/{dossier.code}/"


def record(client: Client, dossier: Dossier, **fields: str) -> Any:
    data = {f"danh-gia-{name}": value for name, value in fields.items()}
    return client.post(f"{page_url(dossier)}danh-gia/", data)


def test_the_desk_records_a_paper_form(world: Province, client: Client) -> None:
    dossier = returned(world, Channel.DESK, name="Lê Văn Giấy")
    client.force_login(world.officer)
    html = client.get(page_url(dossier)).content.decode()
    assert "Người nộp chưa đánh giá." in html
    assert "Nhập phiếu đánh giá giấy" in html
    # Errors keep what was ticked.
    refused = record(client, dossier, one_stop="partly")
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Vui lòng chọn mức độ hài lòng." in html
    assert 'value="partly" id="id_danh-gia-one_stop_1" checked' in html
    assert '<details class="card mc-paper-evaluation" open>' in html

    response = record(client, dossier, level="dissatisfied", one_stop="partly", comment="Chậm.")
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(dossier=dossier)
    assert evaluation.channel == EvaluationChannel.DESK
    assert evaluation.recorded_by == world.officer
    html = client.get(response["Location"]).content.decode()
    assert "Đã lưu phiếu đánh giá giấy." in html
    assert "Không hài lòng" in html and "Chỉ một phần" in html and "Chậm." in html
    assert "Phiếu giấy tại Bộ phận Một cửa" in html
    assert f"do {world.officer} nhập" in html
    assert "Nhập phiếu đánh giá giấy" not in html

    # A second paper form for the same dossier is refused with the reason.
    again = record(client, dossier, level="satisfied")
    assert again.status_code == 400
    assert "Hồ sơ này đã được đánh giá: mỗi hồ sơ chỉ được đánh giá một lần." in (
        again.content.decode()
    )
    assert Evaluation.objects.get().level == Level.DISSATISFIED


def test_the_processing_unit_sees_the_evaluation_but_records_nothing(
    world: Province, client: Client
) -> None:
    dossier = returned(world)
    client.force_login(world.leader)
    html = client.get(page_url(dossier)).content.decode()
    assert "Đánh giá của người nộp hồ sơ" in html
    assert "Nhập phiếu đánh giá giấy" not in html
    assert record(client, dossier, level="satisfied").status_code == 400
    assert not Evaluation.objects.exists()
    services.evaluate(dossier, world.citizen, level=Level.VERY_SATISFIED)
    html = client.get(page_url(dossier)).content.decode()
    assert "Rất hài lòng" in html and "Cổng dịch vụ công" in html


def test_another_units_officer_gets_not_found(world: Province, client: Client) -> None:
    dossier = returned(world, Channel.DESK)
    client.force_login(world.other_officer)
    assert client.get(page_url(dossier)).status_code == 404
    assert record(client, dossier, level="satisfied").status_code == 404
    assert not Evaluation.objects.exists()


def test_nothing_before_the_result_is_returned(world: Province, client: Client) -> None:
    dossier = result_ready(world)
    client.force_login(world.officer)
    html = client.get(page_url(dossier)).content.decode()
    assert "Đánh giá của người nộp hồ sơ" not in html
    assert record(client, dossier, level="satisfied").status_code == 400
    assert not Evaluation.objects.exists()


def test_the_returned_dossiers_page_reads_the_evaluation_in_one_query(
    world: Province, client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    dossier = returned(world, Channel.DESK)
    client.force_login(world.officer)
    get_calendar(None)
    client.get(page_url(dossier))
    # The session, the user, the authenticator check (no calendar revision token: a returned
    # dossier is not "due soon"), the dossier, its units, the memberships (no action is
    # open to a returned dossier), its
    # transitions, pauses, apologies, control slip rows, files and papers, the people they
    # name, and the evaluation.
    with django_assert_num_queries(14) as before:
        client.get(page_url(dossier))
    services.evaluate(dossier, world.officer, level=Level.SATISFIED)
    with django_assert_num_queries(14):
        client.get(page_url(dossier))
    assert sum("evaluations_evaluation" in query["sql"] for query in before.captured_queries) == 1


def test_the_blank_paper_form_is_in_the_pages_language(world: Province, client: Client) -> None:
    dossier = returned(world, Channel.DESK)
    client.force_login(world.officer)
    # Its questions are rendered once per language and then reused.
    for _ in range(2):
        client.cookies["django_language"] = "vi"
        vietnamese = client.get(page_url(dossier)).content.decode()
        assert "Nhìn chung, ông/bà có hài lòng" in vietnamese
        client.cookies["django_language"] = "en"
        english = client.get(page_url(dossier)).content.decode()
        assert "Overall, how satisfied are you" in english
        assert "Nhìn chung, ông/bà có hài lòng" not in english
