"""The official forms built from a dossier's rows, rendered by motcua.official_forms."""

import datetime

from motcua.dossiers import forms_context, queries
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import Province, at, desk_dossier
from motcua.official_forms.contexts import Signer, StepOutcome
from motcua.official_forms.rendering import render_html

MONDAY = at(2026, 3, 2, 8)
SIGNER = Signer(title_lines=("GIÁM ĐỐC",), name="Phạm Quốc Hưng")


def later(minutes: int) -> datetime.datetime:
    return MONDAY + datetime.timedelta(minutes=minutes)


def consulted_and_returned(world: Province) -> tuple[Dossier, str]:
    dossier = desk_dossier(world, version=world.joint_version)
    secret = perform(dossier, Action.RECEIVE, world.officer, now=MONDAY).lookup_secret
    perform(dossier, Action.TRANSFER, world.officer, now=later(10))
    perform(dossier, Action.ASSIGN, world.leader, now=later(20), specialist=world.specialist)
    perform(dossier, Action.CONSULT, world.specialist, now=later(30))
    perform(
        dossier, Action.ANSWER_CONSULTATION, world.police_specialist, now=later(40), opinion="Đúng"
    )
    perform(
        dossier,
        Action.ANSWER_CONSULTATION,
        world.tax_specialist,
        now=later(50),
        opinion="Không nợ thuế",
    )
    perform(dossier, Action.PROPOSE, world.specialist, now=later(60), proposal="approve")
    perform(dossier, Action.APPROVE, world.leader, now=later(70))
    perform(dossier, Action.ISSUE_RESULT, world.clerk, now=later(80), result_reference="1/GP")
    perform(
        dossier,
        Action.RETURN_RESULT,
        world.officer,
        now=later(90),
        channel="desk",
        receiver_name="Trần Thị Không Tài Khoản",
    )
    return dossier, secret


def test_receipt_slip(world: Province) -> None:
    dossier, secret = consulted_and_returned(world)

    slip = forms_context.receipt_slip(dossier, lookup_secret=secret, lookup_url="https://x/tra-cuu")

    assert slip.dossier_code == dossier.code and slip.lookup_secret == secret
    assert slip.legal_time_limit_text == "05 ngày làm việc"
    assert slip.register_book == "2026" and slip.register_number == "0001"
    assert slip.receiving_officer_name == "Lê Thị Một Cửa"
    assert slip.place_name == "Nghệ An" and slip.parent_agency_name == "UBND tỉnh Nghệ An"
    assert [line.original_or_copy for line in slip.components] == ["Bản chính"]
    assert slip.return_channel_text.startswith("Trực tiếp tại Trung tâm")
    html = render_html(slip.template_name, slip)
    assert dossier.code and dossier.code in html and secret in html


def test_control_slip_rows_are_the_hand_overs_between_units(world: Province) -> None:
    dossier, _secret = consulted_and_returned(world)

    slip = forms_context.control_slip(dossier)

    centre, department = world.centre.name, world.department.name
    assert [(row.from_unit, row.to_unit) for row in slip.steps] == [
        (centre, department),
        (department, world.police.name),
        (department, world.tax.name),
        (world.police.name, department),
        (world.tax.name, department),
        (department, centre),
    ]
    first = slip.steps[0]
    assert first.handed_over_at == later(10) and first.giver_name == "Lê Thị Một Cửa"
    assert first.outcome == StepOutcome.EARLY
    assert slip.steps[4].note == "Không nợ thuế" and slip.steps[4].outcome == StepOutcome.EARLY
    assert slip.result_receiver_name == "Trần Thị Không Tài Khoản"
    assert "Công an tỉnh" in render_html(slip.template_name, slip)


def test_letters_of_the_other_paths(world: Province) -> None:
    refused = desk_dossier(world)
    refusal = perform(refused, Action.REFUSE, world.officer, now=MONDAY, reasons=["Sai thẩm quyền"])
    notice = forms_context.refusal_notice(refused, refusal.transition)
    assert notice.reasons == ["Sai thẩm quyền"] and notice.receiving_officer_name

    asked = desk_dossier(world)
    perform(
        asked,
        Action.REQUEST_SUPPLEMENT,
        world.officer,
        now=MONDAY,
        items=["Ảnh 4x6"],
        reason="Thiếu",
    )
    request = forms_context.supplement_request(asked, asked.pauses.get())
    assert request.items == ["Ảnh 4x6"] and request.guiding_officer_name == "Lê Thị Một Cửa"

    late = desk_dossier(world)
    perform(late, Action.RECEIVE, world.officer, now=MONDAY)
    assert late.due_at is not None
    perform(late, Action.TRANSFER, world.officer, now=later(10))
    perform(
        late,
        Action.APOLOGISE,
        world.leader,
        now=later(60),
        unit_at_fault=world.department,
        reason="Cần xác minh",
        new_due_at=late.due_at + datetime.timedelta(days=1),
    )
    letter = forms_context.apology_letter(late, late.apologies.get(), signer=SIGNER)
    assert letter.agency_name == world.department.name and letter.delay_reason == "Cần xác minh"
    perform(late, Action.REQUEST_WITHDRAWAL, world.officer, now=later(70), reason="Đổi ý")
    stop = perform(
        late,
        Action.STOP,
        world.leader,
        now=later(80),
        reason="Theo đề nghị",
        fee_handling="Không hoàn phí",
    )
    stopped = forms_context.stop_notice(late, stop.transition, signer=SIGNER)
    assert stopped.stop_reason == "Đổi ý" and stopped.fee_handling == "Không hoàn phí"
    assert stopped.stage_reached == "Đã chuyển cơ quan giải quyết"
    for form in (notice, request, letter, stopped):
        assert form.applicant.name in render_html(form.template_name, form)


def test_register_is_one_query(world: Province, django_assert_num_queries: object) -> None:
    for _ in range(3):
        perform(desk_dossier(world), Action.RECEIVE, world.officer, now=MONDAY)
    scoped = queries.dossiers_for(world.officer)

    with django_assert_num_queries(1):  # type: ignore[operator]
        book = forms_context.register(world.centre, scoped, first=MONDAY.date(), last=MONDAY.date())

    assert [entry.number for entry in book.entries] == [1, 2, 3]
    assert book.book_number == "2026"
    assert all(entry.lead_agency_name == world.department.name for entry in book.entries)
    assert book.entries[0].transferred_at is None
