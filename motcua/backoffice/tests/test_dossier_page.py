"""A dossier's page for staff: what it shows, the actions it offers (only those the person may
take now), actions through `lifecycle.perform` with their refusals, files, the permission
matrix, and the official forms as PDF."""

import datetime
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import mark_safe
from pytest_django.asserts import assertContains
from pytest_django.fixtures import DjangoAssertNumQueries

from motcua.accounts.models import User
from motcua.backoffice.templatetags.backoffice_dossiers import moment
from motcua.dossiers import services
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import Dossier, FilePurpose
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import (
    PDF_BYTES,
    Province,
    at,
    desk_dossier,
    draft_dossier,
    online_dossier,
)
from motcua.official_forms.tests.pdf import pdf_text
from motcua.worktime.queries import get_calendar

MONDAY = at(2026, 3, 2, 8)


def page_url(dossier: Dossier) -> str:
    dossier.refresh_from_db()
    return f"/can-bo/ho-so/{dossier.code or f'so-{dossier.pk}'}/"


def offered(html: str) -> list[str]:
    """The actions offered on the page, in order."""
    return re.findall(r'<details class="card mb-2 mc-action"[^>]*id="action-(\w+)"', html)


def act(client: Client, dossier: Dossier, action: str, **fields: object) -> Any:
    data = {f"{action}-{name}": value for name, value in fields.items()}
    return client.post(f"{page_url(dossier)}thao-tac/{action}/", data)


def received(world: Province, **kwargs: Any) -> Dossier:
    dossier = desk_dossier(world, **kwargs)
    perform(dossier, Action.RECEIVE, world.officer, now=MONDAY)
    return dossier


def in_review(world: Province, **kwargs: Any) -> Dossier:
    dossier = received(world, **kwargs)
    perform(dossier, Action.TRANSFER, world.officer, now=MONDAY)
    perform(dossier, Action.ASSIGN, world.leader, now=MONDAY, specialist=world.specialist)
    return dossier


def test_the_page_shows_applicant_procedure_form_papers_timeline_and_slip(
    world: Province, client: Client
) -> None:
    dossier = in_review(world)
    client.force_login(world.specialist)
    response = client.get(page_url(dossier))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Hồ sơ {dossier.code}" in html
    for text in (
        "Trần Thị Không Tài Khoản",
        world.version.name,
        world.version.procedure.code,
        "Họ và tên",  # the e-form's label of the form data
        "1. Tờ khai",  # the procedure's paper
        "Phiếu kiểm soát",
        "Lê Thị Một Cửa",  # received the dossier at the desk (slip and timeline)
        "Phạm Văn Trưởng Phòng",  # handed it to the specialist
        "Quá hạn",  # received in March: its appointment has passed
    ):
        assert text in html, text
    slip = html.split('class="table table-sm align-middle mc-control-slip"')[1]
    assert "Trung tâm Phục vụ hành chính công tỉnh" in slip and "Sở Tư pháp" in slip


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (
            "specialist",
            ["send_back", "consult", "request_supplement", "request_payment", "propose"],
        ),
        ("second_specialist", []),
        ("leader", ["assign", "stop", "apologise"]),
        ("officer", ["request_withdrawal"]),
        ("clerk", []),
    ],
)
def test_only_the_actions_the_person_may_take_now_are_offered(
    world: Province, client: Client, person: str, expected: list[str]
) -> None:
    dossier = in_review(world)
    client.force_login(getattr(world, person))
    assert offered(client.get(page_url(dossier)).content.decode()) == expected


def test_permission_matrix_through_the_pages(world: Province, client: Client) -> None:
    dossier = in_review(world, version=world.joint_version)
    url = page_url(dossier)

    # Another unit's officer: not found, whatever the page.
    client.force_login(world.other_officer)
    for path in (url, f"{url}mau-01.pdf", f"{url}mau-06.pdf"):
        assert client.get(path).status_code == 404, path
    assert act(client, dossier, "propose", proposal="approve").status_code == 404

    # A consulted agency: not found until a step is theirs, then found.
    client.force_login(world.police_specialist)
    assert client.get(url).status_code == 404
    perform(dossier, Action.CONSULT, world.specialist, now=MONDAY)
    assert client.get(url).status_code == 200
    assert offered(client.get(url).content.decode()) == ["answer_consultation"]

    # A specialist cannot approve: not offered, and refused when posted anyway.
    perform(dossier, Action.ANSWER_CONSULTATION, world.police_specialist, opinion="Đồng ý")
    perform(dossier, Action.ANSWER_CONSULTATION, world.tax_specialist, opinion="Không nợ")
    perform(dossier, Action.PROPOSE, world.specialist, proposal="approve")
    client.force_login(world.specialist)
    assert "approve" not in offered(client.get(url).content.decode())
    refused = act(client, dossier, "approve", note="Tôi duyệt")
    assert refused.status_code == 400
    assertContains(refused, "Bạn không có quyền “Phê duyệt”", status_code=400)
    dossier.refresh_from_db()
    assert dossier.state == State.AWAITING_DECISION

    # A citizen, even the applicant, cannot open staff pages.
    client.force_login(world.citizen)
    assert client.get(url).status_code == 403
    assert client.get(f"{url}mau-01.pdf").status_code == 403


def test_a_refused_action_shows_its_message_and_keeps_what_was_typed(
    world: Province, client: Client
) -> None:
    dossier = received(world)
    client.force_login(world.leader)
    perform(dossier, Action.TRANSFER, world.officer, now=MONDAY)
    assert dossier.due_at is not None
    earlier = dossier.due_at - datetime.timedelta(days=1)
    response = act(
        client,
        dossier,
        "apologise",
        unit_at_fault=world.department.pk,
        reason="Chờ xác minh của công an xã",
        new_due_at=earlier.astimezone(at(2026, 1, 1).tzinfo).strftime("%Y-%m-%dT%H:%M"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ngày hẹn mới phải sau ngày hẹn hiện tại" in html
    assert "Chờ xác minh của công an xã" in html  # kept in the textarea
    assert re.search(r'id="action-apologise"[^>]* open|open[^>]*id="action-apologise"', html)
    dossier.refresh_from_db()
    assert dossier.apologies.count() == 0


def test_a_missing_input_is_a_field_error(world: Province, client: Client) -> None:
    dossier = desk_dossier(world)
    client.force_login(world.officer)
    response = act(client, dossier, "request_supplement", items="  ", reason="Thiếu giấy tờ")
    assert response.status_code == 400
    assertContains(response, "Thiếu giấy tờ", status_code=400)
    error = 'class="invalid-feedback d-block" id="id_request_supplement-items_error"'
    assertContains(response, error, status_code=400)
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED


def test_the_whole_path_through_the_page(world: Province, client: Client) -> None:
    dossier = online_dossier(world)

    client.force_login(world.officer)
    response = act(client, dossier, "request_supplement", items="Bản sao CCCD\nẢnh 4x6")
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.SUPPLEMENT_AT_INTAKE
    assert list(dossier.pauses.get().items) == ["Bản sao CCCD", "Ảnh 4x6"]
    supplied = client.post(
        f"{page_url(dossier)}thao-tac/supply_supplement/",
        {"supply_supplement-file": SimpleUploadedFile("cccd.pdf", PDF_BYTES)},
    )
    assert supplied.status_code == 302
    assert dossier.files.get().purpose == FilePurpose.SUPPLEMENT

    response = act(client, dossier, "receive", return_channel="desk")
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED and dossier.code
    assert response["Location"] == page_url(dossier)
    assertContains(client.get(page_url(dossier)), f"Tiếp nhận hồ sơ, mã {dossier.code}")
    assert act(client, dossier, "transfer", to_unit=world.department.pk).status_code == 302

    client.force_login(world.leader)
    page = client.get(page_url(dossier)).content.decode()
    assert "Hoàng Thị Chuyên Viên" in page.split('id="action-assign"')[1]
    assert act(client, dossier, "assign", specialist=world.specialist.pk).status_code == 302
    client.force_login(world.specialist)
    payment = act(client, dossier, "request_payment", amount_vnd="50000", items="Lệ phí")
    assert payment.status_code == 302
    client.force_login(world.officer)
    assert act(client, dossier, "record_payment", receipt_number="BL-001").status_code == 302
    client.force_login(world.specialist)
    proposed = act(client, dossier, "propose", proposal="approve", note="Đủ điều kiện")
    assert proposed.status_code == 302
    client.force_login(world.leader)
    assert act(client, dossier, "approve").status_code == 302
    client.force_login(world.clerk)
    issued = client.post(
        f"{page_url(dossier)}thao-tac/issue_result/",
        {
            "issue_result-result_reference": "15/GP-STP",
            "issue_result-file": SimpleUploadedFile("giay-phep.pdf", PDF_BYTES),
        },
    )
    assert issued.status_code == 302

    client.force_login(world.officer)
    unconfirmed = act(
        client, dossier, "return_result", channel="desk", receiver_name="Nguyễn Văn An"
    )
    assertContains(unconfirmed, "Xác nhận người nhận đã ký nhận kết quả.", status_code=400)
    returned = act(
        client,
        dossier,
        "return_result",
        channel="desk",
        receiver_name="Nguyễn Văn An",
        receiver_confirmed="on",
    )
    assert returned.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED and dossier.result_receiver_name == "Nguyễn Văn An"
    assert dossier.result_reference == "15/GP-STP"
    assert offered(client.get(page_url(dossier)).content.decode()) == []


def test_a_draft_is_not_found_even_by_the_receiving_unit(world: Province, client: Client) -> None:
    draft = draft_dossier(world)
    client.force_login(world.officer)
    assert client.get(page_url(draft)).status_code == 404
    submitted = online_dossier(world)
    assert client.get(page_url(submitted)).status_code == 200


def test_files_download_only_for_those_who_reach_the_dossier(
    world: Province, client: Client
) -> None:
    dossier = desk_dossier(world)
    stored = services.add_file(
        dossier, SimpleUploadedFile("to-khai.pdf", PDF_BYTES), actor=world.officer
    )
    other = desk_dossier(world)
    url = f"{page_url(dossier)}tep/{stored.pk}/"

    client.force_login(world.officer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.getvalue() == PDF_BYTES
    assert "attachment" in response["Content-Disposition"]
    assertContains(client.get(page_url(dossier)), "to-khai.pdf")
    # The file is not another dossier's, even for a person who reaches both.
    assert client.get(f"{page_url(other)}tep/{stored.pk}/").status_code == 404

    client.force_login(world.other_officer)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("rounds", "queries"), [(0, 15), (1, 16), (3, 16)])
def test_the_page_costs_the_same_queries_whatever_the_history(
    world: Province,
    client: Client,
    rounds: int,
    queries: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    dossier = desk_dossier(world, version=world.joint_version)
    for _ in range(rounds):
        services.add_file(dossier, SimpleUploadedFile("a.pdf", PDF_BYTES), actor=world.officer)
    perform(dossier, Action.RECEIVE, world.officer, now=MONDAY)
    perform(dossier, Action.TRANSFER, world.officer, now=MONDAY)
    perform(dossier, Action.ASSIGN, world.leader, now=MONDAY, specialist=world.specialist)
    for _ in range(rounds):  # consultations, answers, supplements: more rows of every kind
        perform(dossier, Action.CONSULT, world.specialist)
        perform(dossier, Action.ANSWER_CONSULTATION, world.police_specialist, opinion="Đồng ý")
        perform(dossier, Action.ANSWER_CONSULTATION, world.tax_specialist, opinion="Đồng ý")
        perform(dossier, Action.REQUEST_SUPPLEMENT, world.specialist, items=["Bản sao"])
        perform(dossier, Action.SUPPLY_SUPPLEMENT, world.officer)
    client.force_login(world.leader)
    get_calendar(None)
    url = page_url(dossier)
    # The session, the user, the authenticator check (no calendar revision token: the
    # appointment has passed, so "due soon" needs no calendar), the dossier, its units, the
    # memberships (the unit holding it is the leader's: no scoped query), its transitions,
    # pauses, apologies, control slip rows, files and papers, the people they name, the
    # units of the slip other than the dossier's (the consulted agencies, however many),
    # then what the forms of the offered actions show: the unit's specialists and the
    # units the leader may apologise for (the rules read the rows the page shows).
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


# Official forms --------------------------------------------------------------------------


def pdf_of(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


def document_links(html: str) -> list[str]:
    return re.findall(r'href="/can-bo/ho-so/[^/]+/(mau-[\d-]+\.pdf)"', html)


def test_receipt_printed_right_after_receipt_has_the_secret_and_a_qr_code(
    world: Province, client: Client
) -> None:
    dossier = online_dossier(world)
    client.force_login(world.officer)
    assert document_links(client.get(page_url(dossier)).content.decode()) == []
    act(client, dossier, "receive")
    page = client.get(page_url(dossier)).content.decode()
    assert document_links(page) == ["mau-01.pdf", "mau-06.pdf"]

    secret = client.session[f"motcua.receipt_secret.{dossier.pk}"]
    assert dossier.lookup_secret_hash and len(secret) == 8
    text = pdf_of(client, f"{page_url(dossier)}mau-01.pdf")
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert dossier.code is not None
    assert dossier.code.replace("-", "") in text.replace("- ", "").replace("-", "")
    assert "Nguyễn Văn An" in text
    assert f"mã tra cứu: {secret}" in text
    # The QR code and the address point to the public lookup with the code.
    assert f"/tra-cuu-ho-so/?ma={dossier.code}" in text.replace(" ", "")
    slip = pdf_of(client, f"{page_url(dossier)}mau-06.pdf")
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in slip

    # Another officer of the unit reprints it without the secret (it is not stored).
    colleague = User.objects.get(pk=world.officer.pk)
    other = Client()
    other.force_login(colleague)
    reprint = pdf_of(other, f"{page_url(dossier)}mau-01.pdf")
    assert "GIẤY TIẾP NHẬN" in reprint and secret not in reprint


def test_forms_of_supplement_refusal_apology_and_stop(world: Province, client: Client) -> None:
    client.force_login(world.officer)
    asked = desk_dossier(world)
    perform(asked, Action.REQUEST_SUPPLEMENT, world.officer, items=["Bản sao sổ hộ khẩu"])
    links = document_links(client.get(page_url(asked)).content.decode())
    assert len(links) == 1 and links[0].startswith("mau-02-")
    text = pdf_of(client, f"{page_url(asked)}{links[0]}")
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text and "Bản sao sổ hộ khẩu" in text

    refused = desk_dossier(world)
    perform(refused, Action.REFUSE, world.officer, reasons=["Hồ sơ không thuộc thẩm quyền"])
    assert document_links(client.get(page_url(refused)).content.decode()) == ["mau-03.pdf"]
    text = pdf_of(client, f"{page_url(refused)}mau-03.pdf")
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN" in text and "Hồ sơ không thuộc thẩm quyền" in text

    late = received(world)
    perform(late, Action.TRANSFER, world.officer, now=MONDAY)
    assert late.due_at is not None
    perform(
        late,
        Action.APOLOGISE,
        world.leader,
        unit_at_fault=world.department,
        reason="Chờ kết quả xác minh",
        new_due_at=late.due_at + datetime.timedelta(days=3),
    )
    perform(late, Action.STOP, world.leader, reason="Người dân đề nghị dừng")
    client.force_login(world.leader)
    links = document_links(client.get(page_url(late)).content.decode())
    apology = [link for link in links if link.startswith("mau-04-")]
    assert len(apology) == 1 and "mau-05.pdf" in links
    text = pdf_of(client, f"{page_url(late)}{apology[0]}")
    assert "Chờ kết quả xác minh" in text and "Phạm Văn Trưởng Phòng" in text
    text = pdf_of(client, f"{page_url(late)}mau-05.pdf")
    assert "THÔNG BÁO" in text and "Người dân đề nghị dừng" in text


def test_a_form_that_does_not_apply_is_not_found(world: Province, client: Client) -> None:
    dossier = desk_dossier(world)
    client.force_login(world.officer)
    for number in ("01", "03", "05", "06", "07", "99"):
        assert client.get(f"{page_url(dossier)}mau-{number}.pdf").status_code == 404, number
    assert client.get(f"{page_url(dossier)}mau-02-999.pdf").status_code == 404


def test_a_file_missing_from_the_storage_is_not_found_rather_than_an_error(
    world: Province, client: Client
) -> None:
    dossier = desk_dossier(world)
    stored = services.add_file(
        dossier, SimpleUploadedFile("to-khai.pdf", PDF_BYTES), actor=world.officer
    )
    stored.file.storage.delete(stored.file.name)
    client.force_login(world.officer)
    assert client.get(f"{page_url(dossier)}tep/{stored.pk}/").status_code == 404


def test_moments_show_as_the_date_filter_shows_them_in_local_time() -> None:
    late_evening_utc = datetime.datetime(2026, 3, 1, 20, 5, tzinfo=datetime.UTC)
    expected = Template('{{ value|date:"H:i d/m/Y" }}').render(Context({"value": late_evening_utc}))
    assert expected == "03:05 02/03/2026"
    assert moment(late_evening_utc) == expected
    assert moment(None) == ""


def test_the_labels_are_in_the_pages_language(world: Province, client: Client) -> None:
    dossier = desk_dossier(world)
    perform(dossier, Action.RECEIVE, world.officer, now=MONDAY)
    client.force_login(world.officer)
    badge = '<span class="badge text-bg-primary mc-state">{}</span>'
    # The labels are translated once per language and then reused.
    for _ in range(2):
        client.cookies["django_language"] = "vi"
        assertContains(client.get(page_url(dossier)), badge.format("Đã tiếp nhận"), html=True)
        client.cookies["django_language"] = "en"
        assertContains(client.get(page_url(dossier)), badge.format("Received"), html=True)


def test_the_units_of_the_officers_memberships_are_not_read_again(
    world: Province, client: Client
) -> None:
    dossier = desk_dossier(world)  # received and held by the officer's unit
    client.force_login(world.officer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_url(dossier))
    assert response.status_code == 200
    assertContains(response, world.officer.memberships.get().unit.name)
    # (A form may still read the units it offers.)
    by_key = re.compile(r'FROM "agencies_unit" WHERE "agencies_unit"\."id" (= \d+|IN \([\d, ]+\))$')
    assert not [query for query in queries if by_key.search(query["sql"])]


def test_the_action_forms_render_their_own_values_and_choices() -> None:
    from motcua.backoffice.views.dossier import _frozen, _NotKept

    # What the widget templates render differently has different keys.
    assert _frozen({"checked": True}) != _frozen({"checked": 1})
    assert _frozen("<b>") != _frozen(mark_safe("<b>"))
    assert _frozen({"a": "1", "b": "2"}) != _frozen({"b": "2", "a": "1"})
    with pytest.raises(_NotKept):
        _frozen({"value": datetime.date(2026, 3, 2)})


def test_a_form_posted_shows_what_was_typed_after_blank_ones_were_shown(
    world: Province, client: Client
) -> None:
    first, second = desk_dossier(world), desk_dossier(world)
    client.force_login(world.officer)
    blank = client.get(page_url(first)).content.decode()
    assert 'name="request_supplement-items"' in blank
    response = act(client, second, "request_supplement", items="", reason="Thiếu bản sao <b>")
    assert response.status_code == 400
    assertContains(response, "Thiếu bản sao &lt;b&gt;", status_code=400)
    again = client.get(page_url(first)).content.decode()
    assert "Thiếu bản sao" not in again
    assert again.count('name="request_supplement-items"') == 1
