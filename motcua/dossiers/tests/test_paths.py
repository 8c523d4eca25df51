"""One test per path of the lifecycle (issue 5's acceptance list)."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from motcua.accounts.models import Role
from motcua.agencies.models import UnitKind
from motcua.agencies.tests.factories import UnitFactory
from motcua.catalog.models import ProcessStep
from motcua.core.models import AuditEvent
from motcua.dossiers import queries, services
from motcua.dossiers.effects import ConsultationRequest, default_consultations
from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.lifecycle import Action, OfficialForm, perform
from motcua.dossiers.models import (
    Dossier,
    DossierStep,
    FilePurpose,
    PauseKind,
    StepPhase,
)
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import (
    PDF_BYTES,
    Province,
    at,
    desk_dossier,
    make_version,
    online_dossier,
    staff,
)
from motcua.worktime.engine import Punctuality
from motcua.worktime.limits import Channel, TimeUnit
from motcua.worktime.queries import get_calendar

# Monday 2 March 2026, an ordinary working week.
MONDAY = at(2026, 3, 2, 8, 0)
MINUTE = datetime.timedelta(minutes=1)


def later(minutes: int) -> datetime.datetime:
    return MONDAY + minutes * MINUTE


def receive(world: Province, dossier: Dossier, when: datetime.datetime = MONDAY) -> Dossier:
    perform(dossier, Action.RECEIVE, world.officer, now=when)
    return dossier


def in_review(world: Province, dossier: Dossier) -> Dossier:
    receive(world, dossier)
    perform(dossier, Action.TRANSFER, world.officer, now=later(10))
    perform(dossier, Action.ASSIGN, world.leader, now=later(20), specialist=world.specialist)
    return dossier


def decide_and_issue(world: Province, dossier: Dossier, start: datetime.datetime) -> None:
    step = datetime.timedelta(minutes=30)
    perform(dossier, Action.PROPOSE, world.specialist, now=start, proposal="approve")
    perform(dossier, Action.APPROVE, world.leader, now=start + step)
    perform(
        dossier, Action.ISSUE_RESULT, world.clerk, now=start + 2 * step, result_reference="12/GP"
    )


def test_straight_through(world: Province) -> None:
    dossier = desk_dossier(world)
    assert dossier.state == State.SUBMITTED and dossier.national_status == 1

    outcome = perform(dossier, Action.RECEIVE, world.officer, now=MONDAY)

    assert dossier.state == State.RECEIVED and dossier.national_status == 2
    assert dossier.code == "000.00.02.H41-260302-0001"
    assert dossier.national_channel == 1
    assert OfficialForm.RECEIPT in outcome.forms
    assert re.fullmatch(r"[A-Z2-9]{8}", outcome.lookup_secret)
    assert outcome.lookup_secret not in dossier.lookup_secret_hash
    deadline = get_calendar("000.00.02.H41").deadline(MONDAY, 5, TimeUnit.WORKING_DAYS)
    assert dossier.due_at == dossier.original_due_at == deadline.due
    assert dossier.clock_started_at == deadline.received_effective
    assert (dossier.register_book, dossier.register_number) == ("2026", 1)
    assert dossier.processing_unit == world.department

    perform(dossier, Action.TRANSFER, world.officer, now=later(10))
    assert dossier.state == State.TRANSFERRED and dossier.holding_unit == world.department
    perform(dossier, Action.ASSIGN, world.leader, now=later(20), specialist=world.specialist)
    assert dossier.state == State.IN_REVIEW and dossier.assignee == world.specialist
    decide_and_issue(world, dossier, later(60))
    assert dossier.state == State.RESULT_READY and dossier.national_status == 9
    assert dossier.holding_unit == world.centre
    assert dossier.finished_at == later(120)

    perform(
        dossier,
        Action.RETURN_RESULT,
        world.officer,
        now=later(180),
        channel=Channel.DESK,
        receiver_name="Trần Thị Không Tài Khoản",
    )

    assert dossier.state == State.RETURNED and dossier.national_status == 10
    assert dossier.returned_at == later(180) and dossier.finished_at == later(120)
    rows = list(queries.control_slip(dossier))
    assert [row.phase for row in rows] == [
        StepPhase.RECEPTION,
        StepPhase.ASSIGNMENT,
        StepPhase.REVIEW,
        StepPhase.DECISION,
        StepPhase.ISSUE,
        StepPhase.RETURN,
    ]
    assert all(row.finished_at is not None for row in rows)
    reception = rows[0]
    assert reception.from_unit is None and reception.received_by == world.officer
    assert reception.allowance_minutes and reception.outcome == Punctuality.EARLY
    assert rows[1].from_unit == world.centre and rows[1].given_by == world.officer
    # Steps the internal process does not time have no allowance and no outcome.
    assert rows[1].allowance_minutes is None and rows[1].outcome == ""
    assert [t.action for t in queries.timeline(dossier)] == [
        "submit",
        "receive",
        "transfer",
        "assign",
        "propose",
        "approve",
        "issue_result",
        "return_result",
    ]
    assert (
        AuditEvent.objects.filter(target_id=str(dossier.pk), action__startswith="dossier.").count()
        == 8
    )


def test_supplement_at_the_desk(world: Province) -> None:
    dossier = desk_dossier(world)

    outcome = perform(
        dossier,
        Action.REQUEST_SUPPLEMENT,
        world.officer,
        now=MONDAY,
        items=["Bản sao giấy khai sinh", "  ", "Ảnh 4x6"],
        reason="Thiếu giấy tờ",
    )

    assert dossier.state == State.SUPPLEMENT_AT_INTAKE and dossier.national_status == 5
    assert outcome.forms == (OfficialForm.SUPPLEMENT_REQUEST,)
    pause = dossier.pauses.get()
    assert pause.kind == PauseKind.SUPPLEMENT_AT_INTAKE and not pause.stops_clock
    assert pause.items == ["Bản sao giấy khai sinh", "Ảnh 4x6"]
    assert dossier.code is None

    perform(dossier, Action.SUPPLY_SUPPLEMENT, world.officer, now=later(60 * 24))
    assert dossier.state == State.SUBMITTED
    receive(world, dossier, later(60 * 24 + 5))
    assert dossier.state == State.RECEIVED
    assert dossier.code == "000.00.02.H41-260303-0001"
    pause.refresh_from_db()
    assert pause.ended_at == later(60 * 24) and pause.ended_by == world.officer


def test_supplement_request_lists_items(world: Province) -> None:
    dossier = desk_dossier(world)
    with pytest.raises(ActionRefused) as refused:
        perform(dossier, Action.REQUEST_SUPPLEMENT, world.officer, now=MONDAY, items=[" "])
    assert refused.value.code == "items"
    assert dossier.state == State.SUBMITTED and not dossier.pauses.exists()


def test_supplement_during_processing_moves_the_appointment_by_the_paused_time(
    world: Province,
) -> None:
    dossier = in_review(world, online_dossier(world))
    before = dossier.due_at
    review_due = dossier.steps.get(phase=StepPhase.REVIEW).due_at
    asked, supplied = at(2026, 3, 3, 10, 0), at(2026, 3, 5, 15, 30)

    perform(
        dossier,
        Action.REQUEST_SUPPLEMENT,
        world.specialist,
        now=asked,
        items=["Bản sao sổ hộ khẩu"],
    )
    assert dossier.state == State.SUPPLEMENT_IN_PROCESS and dossier.national_status == 5
    assert dossier.due_at == before
    perform(dossier, Action.SUPPLY_SUPPLEMENT, world.citizen, now=supplied)

    calendar = get_calendar("000.00.02.H41")
    paused = calendar.working_minutes(asked, supplied)
    assert dossier.state == State.IN_REVIEW
    assert paused > 0 and dossier.pauses.get().paused_minutes == paused
    assert dossier.due_at is not None and before is not None
    assert calendar.working_minutes(before, dossier.due_at) == paused
    # The same as the engine's appointment with the pause excluded.
    expected = calendar.deadline(
        MONDAY, 5, TimeUnit.WORKING_DAYS, channel=Channel.ONLINE, pauses=[(asked, supplied)]
    )
    assert dossier.due_at == expected.due
    # The open row of the control slip moves with it.
    review = dossier.steps.get(phase=StepPhase.REVIEW)
    assert review_due is not None and review.due_at is not None
    assert calendar.working_minutes(review_due, review.due_at) == paused


def test_refusal(world: Province) -> None:
    dossier = desk_dossier(world)

    with pytest.raises(ActionRefused):
        perform(dossier, Action.REFUSE, world.officer, now=MONDAY, reasons=[])
    outcome = perform(
        dossier,
        Action.REFUSE,
        world.officer,
        now=MONDAY,
        reasons=["Không thuộc thẩm quyền"],
        legal_basis="khoản 2 Điều 9",
    )

    assert dossier.state == State.REFUSED and dossier.national_status == 3
    assert outcome.forms == (OfficialForm.REFUSAL,)
    assert dossier.code is None and dossier.received_at is None
    assert outcome.transition.data["reasons"] == ["Không thuộc thẩm quyền"]
    assert outcome.transition.note == "Không thuộc thẩm quyền"


def test_inter_agency_consultation_with_two_agencies_in_parallel(world: Province) -> None:
    dossier = in_review(world, desk_dossier(world, version=world.joint_version))

    perform(dossier, Action.CONSULT, world.specialist, now=later(60))

    assert dossier.state == State.CONSULTING and dossier.national_status == 4
    consulted = list(dossier.steps.filter(phase=StepPhase.CONSULTATION).order_by("order"))
    assert [step.unit for step in consulted] == [world.police, world.tax]
    assert all(step.given_at == later(60) and step.due_at for step in consulted)
    assert consulted[0].parallel_group == consulted[1].parallel_group
    assert consulted[0].allowance_minutes == consulted[1].allowance_minutes
    # Each agency sees the dossier in its own inbox.
    assert dossier in queries.inbox(world.police_specialist)
    assert dossier in queries.inbox(world.tax_specialist)

    perform(
        dossier,
        Action.ANSWER_CONSULTATION,
        world.tax_specialist,
        now=later(90),
        opinion="Không có nghĩa vụ thuế",
    )
    assert dossier.state == State.CONSULTING
    assert dossier not in queries.inbox(world.tax_specialist)
    with pytest.raises(ActionRefused):
        perform(
            dossier,
            Action.ANSWER_CONSULTATION,
            world.tax_specialist,
            now=later(95),
            opinion="Lần nữa",
        )
    perform(
        dossier,
        Action.ANSWER_CONSULTATION,
        world.police_specialist,
        now=later(120),
        opinion="Xác minh cư trú đúng",
    )

    assert dossier.state == State.IN_REVIEW
    consulted = list(dossier.steps.filter(phase=StepPhase.CONSULTATION).order_by("order"))
    assert [step.note for step in consulted] == ["Xác minh cư trú đúng", "Không có nghĩa vụ thuế"]
    assert all(step.outcome == Punctuality.EARLY for step in consulted)
    assert consulted[0].from_unit == world.department
    decide_and_issue(world, dossier, later(150))
    assert dossier.state == State.RESULT_READY


def test_inter_agency_consultation_in_sequence(world: Province) -> None:
    dossier = in_review(world, desk_dossier(world))

    perform(
        dossier,
        Action.CONSULT,
        world.specialist,
        now=later(60),
        in_sequence=True,
        agencies=[
            ConsultationRequest(unit=world.police, allowance_minutes=120),
            ConsultationRequest(unit=world.tax, allowance_minutes=60),
        ],
    )
    police, tax = dossier.steps.filter(phase=StepPhase.CONSULTATION).order_by("order")
    assert police.given_at == later(60) and tax.given_at is None
    assert dossier not in queries.inbox(world.tax_specialist)
    with pytest.raises(ActionRefused):
        perform(
            dossier,
            Action.ANSWER_CONSULTATION,
            world.tax_specialist,
            now=later(70),
            opinion="Chưa đến lượt",
        )

    perform(
        dossier,
        Action.ANSWER_CONSULTATION,
        world.police_specialist,
        now=at(2026, 3, 2, 13, 30),
        opinion="Đồng ý",
    )
    tax.refresh_from_db()
    police.refresh_from_db()
    assert dossier.state == State.CONSULTING and tax.given_at == at(2026, 3, 2, 13, 30)
    # 9:00 to 11:30 then 13:30: 150 working minutes for an allowance of 120.
    assert police.outcome == Punctuality.LATE
    perform(
        dossier,
        Action.ANSWER_CONSULTATION,
        world.tax_specialist,
        now=at(2026, 3, 2, 14, 30),
        opinion="Đồng ý",
    )
    tax.refresh_from_db()
    assert tax.outcome == Punctuality.ON_TIME and dossier.state == State.IN_REVIEW


def test_late_with_apology(world: Province) -> None:
    dossier = in_review(world, desk_dossier(world))
    due = dossier.due_at
    assert due is not None
    late = due + datetime.timedelta(hours=1)
    assert dossier in queries.overdue(Dossier.objects.all(), now=late)
    new_due = due + datetime.timedelta(days=2)

    with pytest.raises(ActionRefused):  # not a leader of the unit at fault
        perform(
            dossier,
            Action.APOLOGISE,
            world.specialist,
            now=late,
            unit_at_fault=world.department,
            reason="Chậm",
            new_due_at=new_due,
        )
    with pytest.raises(ActionRefused):  # the police had no part in the dossier
        perform(
            dossier,
            Action.APOLOGISE,
            world.leader,
            now=late,
            unit_at_fault=world.police,
            reason="Chậm",
            new_due_at=new_due,
        )
    outcome = perform(
        dossier,
        Action.APOLOGISE,
        world.leader,
        now=late,
        unit_at_fault=world.department,
        reason="Cần xác minh thêm",
        new_due_at=new_due,
    )

    assert outcome.forms == (OfficialForm.APOLOGY,)
    assert dossier.state == State.IN_REVIEW and dossier.due_at == new_due
    assert dossier.original_due_at == due
    apology = dossier.apologies.get()
    assert (apology.old_due_at, apology.new_due_at) == (due, new_due)
    assert apology.unit_at_fault == world.department and apology.issued_by == world.leader
    assert dossier not in queries.overdue(Dossier.objects.all(), now=late)
    with pytest.raises(ActionRefused) as refused:
        perform(
            dossier,
            Action.APOLOGISE,
            world.leader,
            now=late,
            unit_at_fault=world.department,
            reason="Lần hai",
            new_due_at=new_due + datetime.timedelta(days=1),
        )
    assert refused.value.code == "requirement"

    decide_and_issue(world, dossier, late + datetime.timedelta(hours=1))
    assert dossier.finished_at is not None and dossier.finished_at < new_due


@override_settings(MOTCUA_MAX_APOLOGIES=2)
def test_the_apology_limit_is_a_setting(world: Province) -> None:
    dossier = in_review(world, desk_dossier(world))
    assert dossier.due_at is not None
    for days in (1, 2):
        perform(
            dossier,
            Action.APOLOGISE,
            world.leader,
            now=later(60),
            unit_at_fault=world.department,
            reason="Chậm",
            new_due_at=dossier.due_at + datetime.timedelta(days=days),
        )
    assert dossier.apologies.count() == 2


def test_the_new_appointment_must_be_later(world: Province) -> None:
    dossier = in_review(world, desk_dossier(world))
    assert dossier.due_at is not None
    with pytest.raises(ActionRefused) as refused:
        perform(
            dossier,
            Action.APOLOGISE,
            world.leader,
            now=later(60),
            unit_at_fault=world.department,
            reason="Chậm",
            new_due_at=dossier.due_at,
        )
    assert refused.value.code == "new_due_at"
    assert not dossier.apologies.exists()


def test_withdrawal(world: Province) -> None:
    dossier = in_review(world, online_dossier(world))

    perform(
        dossier, Action.REQUEST_WITHDRAWAL, world.citizen, now=later(60), reason="Không cần nữa"
    )
    assert dossier.state == State.WITHDRAWAL_REQUESTED and dossier.national_status == 7
    outcome = perform(
        dossier,
        Action.STOP,
        world.leader,
        now=later(90),
        reason="Công dân rút hồ sơ",
        fee_handling="Không hoàn lệ phí",
    )

    assert dossier.state == State.STOPPED and dossier.national_status == 8
    assert outcome.forms == (OfficialForm.STOP_NOTICE,)
    assert dossier.finished_at == later(90) and dossier.holding_unit == world.centre
    assert not dossier.steps.filter(given_at__isnull=False, finished_at__isnull=True).exists()


def test_withdrawal_refused_goes_back_to_where_it_was(world: Province) -> None:
    dossier = in_review(world, online_dossier(world))
    perform(dossier, Action.REQUEST_WITHDRAWAL, world.citizen, now=later(60))

    perform(dossier, Action.REFUSE_WITHDRAWAL, world.leader, now=later(70), reason="Đã có kết quả")

    assert dossier.state == State.IN_REVIEW and dossier.finished_at is None


def test_withdrawal_before_receipt_cancels(world: Province) -> None:
    dossier = online_dossier(world)
    perform(dossier, Action.WITHDRAW, world.citizen, now=MONDAY)
    assert dossier.state == State.CANCELLED and dossier.national_status is None


def test_stop(world: Province) -> None:
    dossier = in_review(world, desk_dossier(world))
    perform(dossier, Action.REQUEST_SUPPLEMENT, world.specialist, now=later(60), items=["Giấy tờ"])

    perform(dossier, Action.STOP, world.leader, now=later(90), reason="Hồ sơ giả mạo")

    assert dossier.state == State.STOPPED and dossier.finished_at == later(90)
    assert dossier.pauses.get().ended_at == later(90)


def test_postal_return(world: Province) -> None:
    dossier = in_review(world, desk_dossier(world, channel=Channel.POST))
    assert dossier.national_channel == 3
    decide_and_issue(world, dossier, later(60))

    with pytest.raises(ActionRefused) as refused:
        perform(dossier, Action.RETURN_RESULT, world.officer, now=later(200), channel=Channel.POST)
    assert refused.value.code == "tracking"
    with pytest.raises(ActionRefused) as unknown:
        perform(dossier, Action.RETURN_RESULT, world.officer, now=later(200), channel="pigeon")
    assert unknown.value.code == "channel"
    perform(
        dossier,
        Action.RETURN_RESULT,
        world.officer,
        now=later(200),
        channel=Channel.POST,
        postal_tracking_number="EA123456789VN",
    )

    assert dossier.state == State.RETURNED and dossier.return_channel == Channel.POST
    assert dossier.postal_tracking_number == "EA123456789VN"


def test_online_return(world: Province) -> None:
    dossier = in_review(world, online_dossier(world))
    perform(dossier, Action.PROPOSE, world.specialist, now=later(60), proposal="approve")
    perform(dossier, Action.APPROVE, world.leader, now=later(70))
    services.add_file(
        dossier,
        SimpleUploadedFile("ket-qua.pdf", PDF_BYTES),
        actor=world.clerk,
        purpose=FilePurpose.RESULT,
    )
    perform(dossier, Action.ISSUE_RESULT, world.clerk, now=later(80))

    perform(dossier, Action.RETURN_RESULT, world.officer, now=later(90), channel=Channel.ONLINE)

    assert dossier.state == State.RETURNED and dossier.return_channel == Channel.ONLINE
    assert dossier.national_channel == 2


def test_online_return_needs_the_electronic_result(world: Province) -> None:
    dossier = in_review(world, online_dossier(world))
    decide_and_issue(world, dossier, later(60))
    with pytest.raises(ActionRefused) as refused:
        perform(dossier, Action.RETURN_RESULT, world.officer, now=later(200), channel="online")
    assert refused.value.code == "result"
    assert dossier.state == State.RESULT_READY


def test_rejection_on_the_merits_goes_back_to_the_desk(world: Province) -> None:
    dossier = in_review(world, desk_dossier(world))
    perform(dossier, Action.PROPOSE, world.specialist, now=later(60), proposal="reject")
    with pytest.raises(ActionRefused):
        perform(dossier, Action.REJECT, world.leader, now=later(70), reason="")

    perform(dossier, Action.REJECT, world.leader, now=later(70), reason="Không đủ điều kiện")

    assert dossier.state == State.REJECTED and dossier.national_status == 9
    assert dossier.finished_at == later(70) and dossier.holding_unit == world.centre
    perform(
        dossier,
        Action.RETURN_RESULT,
        world.officer,
        now=later(80),
        channel="desk",
        receiver_name="Người nhận",
    )
    assert dossier.state == State.RETURNED and dossier.finished_at == later(70)


def test_send_back_to_earlier_steps(world: Province) -> None:
    dossier = in_review(world, desk_dossier(world))
    perform(dossier, Action.PROPOSE, world.specialist, now=later(60), proposal="approve")

    perform(dossier, Action.SEND_BACK, world.leader, now=later(70), reason="Bổ sung ý kiến")
    assert dossier.state == State.IN_REVIEW and dossier.assignee == world.specialist
    perform(dossier, Action.SEND_BACK, world.specialist, now=later(80), reason="Sai lĩnh vực")
    assert dossier.state == State.TRANSFERRED and dossier.assignee is None
    perform(dossier, Action.SEND_BACK, world.leader, now=later(90), reason="Không thuộc sở")
    assert dossier.state == State.RECEIVED and dossier.holding_unit == world.centre
    perform(dossier, Action.TRANSFER, world.officer, now=later(100))
    assert dossier.state == State.TRANSFERRED

    notes = list(dossier.transitions.filter(action="send_back").values_list("note", flat=True))
    assert notes == ["Bổ sung ý kiến", "Sai lĩnh vực", "Không thuộc sở"]
    assert DossierStep.objects.filter(dossier=dossier, finished_at__isnull=True).count() == 1


def test_financial_obligation_paid_at_the_desk(world: Province) -> None:
    dossier = in_review(world, desk_dossier(world))
    due = dossier.due_at

    perform(
        dossier,
        Action.REQUEST_PAYMENT,
        world.specialist,
        now=later(60),
        amount_vnd=50_000,
        items=["Lệ phí cấp giấy phép"],
    )
    assert dossier.state == State.AWAITING_PAYMENT and dossier.national_status == 6
    perform(dossier, Action.RECORD_PAYMENT, world.officer, now=later(600), receipt_number="BL-01")

    assert dossier.state == State.IN_REVIEW
    pause = dossier.pauses.get()
    assert pause.kind == PauseKind.FINANCIAL_OBLIGATION and pause.amount_vnd == 50_000
    # By default the wait for a payment counts toward the time limit.
    assert dossier.due_at == due


@override_settings(MOTCUA_PAYMENT_STOPS_CLOCK=True)
def test_financial_obligation_may_stop_the_clock(world: Province) -> None:
    dossier = in_review(world, desk_dossier(world))
    due = dossier.due_at
    assert due is not None
    perform(dossier, Action.REQUEST_PAYMENT, world.specialist, now=later(60), amount_vnd=50_000)
    perform(dossier, Action.RECORD_PAYMENT, world.officer, now=later(180))
    assert dossier.due_at is not None and dossier.due_at > due


def test_supplement_during_processing_supplied_at_the_desk(world: Province) -> None:
    dossier = in_review(world, desk_dossier(world))
    before = dossier.due_at
    asked, supplied = at(2026, 3, 3, 9, 0), at(2026, 3, 4, 14, 15)
    perform(dossier, Action.REQUEST_SUPPLEMENT, world.specialist, now=asked, items=["Ảnh 4x6"])

    # The applicant has no account: the officer takes the papers at the desk.
    perform(dossier, Action.SUPPLY_SUPPLEMENT, world.officer, now=supplied)

    calendar = get_calendar(world.centre.qcvn_code)
    assert dossier.state == State.IN_REVIEW
    assert before is not None and dossier.due_at is not None
    assert calendar.working_minutes(before, dossier.due_at) == calendar.working_minutes(
        asked, supplied
    )
    assert dossier.pauses.get().ended_by == world.officer


def test_two_supplements_move_the_appointment_by_their_sum(world: Province) -> None:
    dossier = in_review(world, online_dossier(world))
    before = dossier.due_at
    pauses = [
        (at(2026, 3, 2, 10, 0), at(2026, 3, 3, 15, 0)),
        (at(2026, 3, 4, 9, 30), at(2026, 3, 6, 10, 45)),
    ]
    for asked, supplied in pauses:
        perform(dossier, Action.REQUEST_SUPPLEMENT, world.specialist, now=asked, items=["Giấy"])
        perform(dossier, Action.SUPPLY_SUPPLEMENT, world.citizen, now=supplied)

    calendar = get_calendar(world.centre.qcvn_code)
    paused = [calendar.working_minutes(asked, supplied) for asked, supplied in pauses]
    assert before is not None and dossier.due_at is not None
    assert calendar.working_minutes(before, dossier.due_at) == sum(paused)
    assert [pause.paused_minutes for pause in dossier.pauses.order_by("started_at")] == paused
    expected = calendar.deadline(
        MONDAY, 5, TimeUnit.WORKING_DAYS, channel=Channel.ONLINE, pauses=pauses
    )
    assert dossier.due_at == expected.due


def test_a_supplement_asked_after_the_appointment_leaves_it(world: Province) -> None:
    dossier = in_review(world, desk_dossier(world))
    due = dossier.due_at
    assert due is not None
    asked = due + datetime.timedelta(days=1)

    perform(dossier, Action.REQUEST_SUPPLEMENT, world.specialist, now=asked, items=["Giấy"])
    perform(
        dossier, Action.SUPPLY_SUPPLEMENT, world.officer, now=asked + datetime.timedelta(days=2)
    )

    # The dossier was already late; the pause is recorded but gives it no more time.
    assert dossier.due_at == due
    assert dossier.pauses.get().paused_minutes == get_calendar(
        world.centre.qcvn_code
    ).working_minutes(asked, asked + datetime.timedelta(days=2))


def test_default_consultations_ask_other_agencies_not_the_agency_s_own_divisions(
    world: Province,
) -> None:
    """A process of the catalogue names the department's division for the assignment and
    the review and the department for the signature; only the police is another agency."""
    division = UnitFactory.create(
        name="Phòng Hành chính tư pháp",
        kind=UnitKind.DIVISION,
        qcvn_code="000.01.10.H41",
        parent=world.department,
    )
    version = make_version(world.centre, world.department, consulted=(world.police,))
    review = version.process_steps.get(name="Thẩm định hồ sơ")
    review.unit = division
    review.save()
    ProcessStep.objects.filter(version=version, name="Phê duyệt").update(role=Role.AGENCY_LEADER)
    division_leader = staff(division, Role.DIVISION_LEADER)
    division_specialist = staff(division, Role.SPECIALIST)
    dossier = receive(world, desk_dossier(world, version=version))

    # Held by the department: its division's review is not a consultation.
    perform(dossier, Action.TRANSFER, world.officer, now=later(10))
    assert [request.unit for request in default_consultations(dossier)] == [world.police]

    # Held by the division: neither is the department above it.
    perform(dossier, Action.SEND_BACK, world.leader, now=later(15), reason="Chuyển phòng")
    perform(dossier, Action.TRANSFER, world.officer, now=later(20), to_unit=division)
    perform(dossier, Action.ASSIGN, division_leader, now=later(30), specialist=division_specialist)
    assert [request.unit for request in default_consultations(dossier)] == [world.police]
    perform(dossier, Action.CONSULT, division_specialist, now=later(40))

    consulted = dossier.steps.get(phase=StepPhase.CONSULTATION)
    assert consulted.unit == world.police and consulted.from_unit == division
    assert consulted.allowance_minutes
