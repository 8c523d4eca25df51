"""The other paths of a dossier through the page's action forms: consultation of two agencies
(liên thông), sending back, rejection, return by post and online, apology with a new
appointment, withdrawal and stop, refusal and cancellation at intake."""

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.asserts import assertContains

from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import Dossier, FilePurpose, StepPhase
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import PDF_BYTES, Province, at, desk_dossier
from motcua.worktime.engine import VN_TZ

MONDAY = at(2026, 3, 2, 8)


def url(dossier: Dossier) -> str:
    dossier.refresh_from_db()
    return f"/can-bo/ho-so/{dossier.code or f'so-{dossier.pk}'}/"


def act(client: Client, person: Any, dossier: Dossier, action: str, **fields: Any) -> Any:
    client.force_login(person)
    data = {f"{action}-{name}": value for name, value in fields.items()}
    response = client.post(f"{url(dossier)}thao-tac/{action}/", data)
    dossier.refresh_from_db()
    return response


def ok(response: Any) -> None:
    assert response.status_code == 302, response.content.decode()[-3000:]


def in_review(world: Province, **kwargs: Any) -> Dossier:
    dossier = desk_dossier(world, **kwargs)
    perform(dossier, Action.RECEIVE, world.officer, now=MONDAY)
    perform(dossier, Action.TRANSFER, world.officer, now=MONDAY)
    perform(dossier, Action.ASSIGN, world.leader, now=MONDAY, specialist=world.specialist)
    return dossier


def decided(world: Province, proposal: str = "approve") -> Dossier:
    dossier = in_review(world)
    perform(dossier, Action.PROPOSE, world.specialist, proposal=proposal)
    return dossier


def test_two_agencies_consulted_in_parallel_each_answer_from_their_page(
    world: Province, client: Client
) -> None:
    dossier = in_review(world, version=world.joint_version)
    client.force_login(world.specialist)
    page = client.get(url(dossier)).content.decode()
    consult_form = page.split('id="action-consult"')[1].split("</form>")[0]
    # The process's coordinating agencies are ticked.
    for unit in (world.police, world.tax):
        assert f'value="{unit.pk}" id="id_consult-agencies_' in consult_form
        assert consult_form.count("checked") == 2
    ok(act(client, world.specialist, dossier, "consult", agencies=[world.police.pk, world.tax.pk]))
    assert dossier.state == State.CONSULTING
    ok(act(client, world.police_specialist, dossier, "answer_consultation", opinion="Đúng hộ khẩu"))
    assert dossier.state == State.CONSULTING
    ok(act(client, world.tax_specialist, dossier, "answer_consultation", opinion="Không nợ thuế"))
    assert dossier.state == State.IN_REVIEW
    answers = dossier.steps.filter(phase=StepPhase.CONSULTATION).values_list("note", flat=True)
    assert sorted(answers) == ["Không nợ thuế", "Đúng hộ khẩu"]


def test_consultation_one_after_the_other(world: Province, client: Client) -> None:
    dossier = in_review(world, version=world.joint_version)
    ok(
        act(
            client,
            world.specialist,
            dossier,
            "consult",
            agencies=[world.police.pk, world.tax.pk],
            in_sequence="on",
        )
    )
    client.force_login(world.tax_specialist)
    assert client.get(url(dossier)).status_code == 200  # a planned row is a step of theirs
    assert 'id="action-answer_consultation"' not in client.get(url(dossier)).content.decode()
    ok(act(client, world.police_specialist, dossier, "answer_consultation", opinion="Đồng ý"))
    client.force_login(world.tax_specialist)
    assertContains(client.get(url(dossier)), 'id="action-answer_consultation"')


def test_sent_back_then_rejected_and_the_written_answer_returned_by_post(
    world: Province, client: Client
) -> None:
    dossier = decided(world, proposal="reject")
    missing_reason = act(client, world.leader, dossier, "send_back", reason="")
    assert missing_reason.status_code == 400 and dossier.state == State.AWAITING_DECISION
    ok(act(client, world.leader, dossier, "send_back", reason="Xác minh lại nơi cư trú"))
    assert dossier.state == State.IN_REVIEW
    ok(act(client, world.specialist, dossier, "propose", proposal="reject"))
    ok(act(client, world.leader, dossier, "reject", reason="Không đủ điều kiện theo luật"))
    assert dossier.state == State.REJECTED
    no_number = act(client, world.officer, dossier, "return_result", channel="post")
    assertContains(no_number, "Nhập mã vận đơn bưu chính.", status_code=400)
    ok(
        act(
            client,
            world.officer,
            dossier,
            "return_result",
            channel="post",
            postal_tracking_number="EB123456789VN",
        )
    )
    assert dossier.state == State.RETURNED
    assert dossier.postal_tracking_number == "EB123456789VN"


def test_online_return_needs_the_electronic_result(world: Province, client: Client) -> None:
    dossier = decided(world)
    perform(dossier, Action.APPROVE, world.leader)
    ok(act(client, world.clerk, dossier, "issue_result", result_reference="12/QĐ"))
    refused = act(client, world.officer, dossier, "return_result", channel="online")
    assertContains(refused, "Đính kèm kết quả điện tử", status_code=400)
    client.force_login(world.officer)
    response = client.post(
        f"{url(dossier)}thao-tac/return_result/",
        {
            "return_result-channel": "online",
            "return_result-file": SimpleUploadedFile("ket-qua.pdf", PDF_BYTES),
        },
    )
    ok(response)
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED
    assert dossier.files.get().purpose == FilePurpose.RESULT


def test_apology_with_a_new_appointment(world: Province, client: Client) -> None:
    dossier = in_review(world)
    assert dossier.due_at is not None
    later = (dossier.due_at + datetime.timedelta(days=3)).astimezone(VN_TZ)
    client.force_login(world.leader)
    form = client.get(url(dossier)).content.decode().split('id="action-apologise"')[1]
    assert world.department.name in form.split("</select>")[0]
    ok(
        act(
            client,
            world.leader,
            dossier,
            "apologise",
            unit_at_fault=world.department.pk,
            reason="Chờ ý kiến của cơ quan khác",
            new_due_at=later.strftime("%Y-%m-%dT%H:%M"),
        )
    )
    assert dossier.due_at == later.replace(second=0, microsecond=0)
    assert dossier.apologies.get().reason == "Chờ ý kiến của cơ quan khác"
    # The rules allow one apology: it is no longer offered.
    client.force_login(world.leader)
    assert 'id="action-apologise"' not in client.get(url(dossier)).content.decode()


def test_withdrawal_asked_at_the_desk_then_continued_or_stopped(
    world: Province, client: Client
) -> None:
    dossier = in_review(world)
    ok(act(client, world.officer, dossier, "request_withdrawal", reason="Người dân xin rút"))
    assert dossier.state == State.WITHDRAWAL_REQUESTED
    ok(act(client, world.leader, dossier, "refuse_withdrawal", reason="Đã có kết quả thẩm định"))
    assert dossier.state == State.IN_REVIEW
    ok(act(client, world.officer, dossier, "request_withdrawal"))
    ok(act(client, world.leader, dossier, "stop", reason="Người dân rút hồ sơ"))
    assert dossier.state == State.STOPPED


def test_refusal_and_cancellation_at_intake(world: Province, client: Client) -> None:
    refused = desk_dossier(world)
    ok(
        act(
            client,
            world.officer,
            refused,
            "refuse",
            reasons="Không thuộc thẩm quyền\nThiếu tờ khai",
            legal_basis="Điều 15 NĐ 118/2025/NĐ-CP",
        )
    )
    assert refused.state == State.REFUSED
    assert refused.transitions.get(action="refuse").data["reasons"] == [
        "Không thuộc thẩm quyền",
        "Thiếu tờ khai",
    ]
    duplicate = desk_dossier(world)
    ok(act(client, world.officer, duplicate, "cancel", reason="Nộp trùng"))
    assert duplicate.state == State.CANCELLED


def test_an_action_not_offered_or_unknown(world: Province, client: Client) -> None:
    dossier = desk_dossier(world)
    client.force_login(world.officer)
    assert client.get(f"{url(dossier)}thao-tac/receive/").status_code == 405
    assert client.post(f"{url(dossier)}thao-tac/fly_away/").status_code == 404
    # Approving a dossier waiting for its check: the lifecycle's message, nothing changes.
    response = client.post(f"{url(dossier)}thao-tac/approve/", {"approve-note": "?"})
    assertContains(response, "Không thể “Phê duyệt” khi hồ sơ đang ở trạng thái", status_code=400)
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED
