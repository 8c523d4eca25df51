"""The rules of `services.evaluate`: when (once the handling is over), who (the applicant, or
the receiving unit's one-stop officer entering a paper form), once, what is stored, and the
audit event; refusals in Vietnamese."""

import pytest
from django.utils import translation

from motcua.accounts.models import Representation
from motcua.accounts.tests.factories import CitizenFactory, OrganisationFactory
from motcua.core.models import AuditEvent
from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import Province, at, desk_dossier, online_dossier
from motcua.dossiers.tests.scenarios import in_review, received
from motcua.evaluations import services
from motcua.evaluations.models import (
    Attitude,
    Contacts,
    Evaluation,
    EvaluationChannel,
    Level,
)
from motcua.evaluations.tests.factories import (
    MONDAY,
    refused,
    result_ready,
    returned,
    stopped,
)
from motcua.worktime.limits import Channel


def refusal(dossier: Dossier, by: object, **kwargs: object) -> ActionRefused:
    kwargs.setdefault("level", Level.SATISFIED)
    with translation.override("vi"), pytest.raises(ActionRefused) as caught:
        services.evaluate(dossier, by, **kwargs)  # type: ignore[arg-type]
    return caught.value


def test_the_applicant_evaluates_a_returned_dossier(world: Province) -> None:
    dossier = returned(world)
    evaluation = services.evaluate(
        dossier,
        world.citizen,
        level=Level.VERY_SATISFIED,
        answers={"contacts": Contacts.AT_MOST_ONCE, "attitude": Attitude.COURTEOUS},
        comment="  Cán bộ hướng dẫn tận tình.  ",
        now=at(2026, 3, 6, 10),
    )
    evaluation.refresh_from_db()
    assert evaluation.dossier == dossier
    assert evaluation.channel == EvaluationChannel.PORTAL
    assert evaluation.evaluator == world.citizen
    assert evaluation.evaluator_name == "Nguyễn Văn An"
    assert evaluation.recorded_by is None
    assert evaluation.level == Level.VERY_SATISFIED
    assert (evaluation.contacts, evaluation.attitude) == ("at_most_once", "courteous")
    assert evaluation.agencies_contacted == evaluation.one_stop == ""
    assert evaluation.comment == "Cán bộ hướng dẫn tận tình."
    # Counted for the lead processing unit, and for the desk that received it.
    assert (evaluation.unit, evaluation.receiving_unit) == (world.department, world.centre)
    assert evaluation.created_at == at(2026, 3, 6, 10)
    event = AuditEvent.objects.get(action="evaluation.evaluate")
    assert event.actor == world.citizen
    assert event.target_id == str(evaluation.pk)
    assert event.data == {
        "dossier": dossier.code,
        "channel": "portal",
        "level": "very_satisfied",
        "contacts": "at_most_once",
        "attitude": "courteous",
    }


def test_a_dossier_is_evaluated_once(world: Province) -> None:
    dossier = returned(world)
    services.evaluate(dossier, world.citizen, level=Level.SATISFIED)
    again = refusal(dossier, world.citizen, level=Level.DISSATISFIED)
    assert again.code == "already_evaluated"
    assert again.message == "Hồ sơ này đã được đánh giá: mỗi hồ sơ chỉ được đánh giá một lần."
    # Nor can the desk add a paper form on top of it.
    assert refusal(dossier, world.officer).code == "already_evaluated"
    assert Evaluation.objects.get().level == Level.SATISFIED
    assert AuditEvent.objects.filter(action="evaluation.evaluate").count() == 1


def test_a_refused_or_stopped_dossier_may_be_evaluated(world: Province) -> None:
    at_intake = refused(world)
    assert at_intake.state == State.REFUSED
    evaluation = services.evaluate(at_intake, world.citizen, level=Level.DISSATISFIED)
    # Nobody processed it: the desk that refused it is the unit judged.
    assert evaluation.unit == world.centre
    halted = stopped(world)
    assert services.evaluate(halted, world.citizen, level=Level.SATISFIED).unit == world.department


def test_nothing_is_evaluated_before_the_handling_is_over(world: Province) -> None:
    waiting = online_dossier(world, key="waiting")
    reviewing = in_review(world, received(world, MONDAY, Channel.ONLINE))
    ready = result_ready(world)
    cancelled = online_dossier(world, key="cancelled")
    perform(cancelled, Action.WITHDRAW, world.citizen, reason="Nộp nhầm")
    for dossier in (waiting, reviewing, ready, cancelled):
        dossier.refresh_from_db()
        problem = refusal(dossier, world.citizen)
        assert problem.code == "not_yet", dossier.state
        assert problem.message.startswith("Chỉ đánh giá được hồ sơ khi đã trả kết quả")
    assert not Evaluation.objects.exists()


def test_only_the_applicant_or_the_receiving_desk_may_evaluate(world: Province) -> None:
    dossier = returned(world)
    for stranger in (
        CitizenFactory.create(),
        world.specialist,  # processed it, but is not the desk
        world.leader,
        world.other_officer,  # a one-stop officer of another unit
    ):
        problem = refusal(dossier, stranger)
        assert problem.code == "forbidden"
        assert "Chỉ người nộp hồ sơ" in problem.message
    assert not Evaluation.objects.exists()


def test_the_desk_enters_a_paper_form_for_a_person_without_account(world: Province) -> None:
    dossier = returned(world, Channel.DESK, name="Lê Văn Giấy")
    assert dossier.applicant is None
    evaluation = services.evaluate(
        dossier, world.officer, level=Level.SATISFIED, answers={"one_stop": "fully"}
    )
    assert evaluation.channel == EvaluationChannel.DESK
    assert evaluation.evaluator is None
    assert evaluation.evaluator_name == "Lê Văn Giấy"
    assert evaluation.recorded_by == world.officer
    assert evaluation.one_stop == "fully"
    assert AuditEvent.objects.get(action="evaluation.evaluate").actor == world.officer


def test_the_desk_enters_the_paper_form_of_a_citizen_with_an_account(world: Province) -> None:
    dossier = returned(world)
    evaluation = services.evaluate(dossier, world.officer, level=Level.SATISFIED)
    assert (evaluation.channel, evaluation.evaluator) == (EvaluationChannel.DESK, world.citizen)
    assert evaluation.recorded_by == world.officer


def test_a_representative_of_the_applicant_organisation_may_evaluate(world: Province) -> None:
    company = OrganisationFactory.create()
    Representation.objects.create(user=world.citizen, organisation=company)
    colleague = CitizenFactory.create(full_name="Đặng Thị Đồng Nghiệp")
    Representation.objects.create(user=colleague, organisation=company)
    dossier = returned(world)
    Dossier.objects.filter(pk=dossier.pk).update(organisation=company)
    evaluation = services.evaluate(dossier, colleague, level=Level.VERY_SATISFIED)
    assert evaluation.evaluator == colleague
    assert evaluation.evaluator_name == "Đặng Thị Đồng Nghiệp"


@pytest.mark.parametrize(
    ("kwargs", "code", "message"),
    [
        ({"level": "happy"}, "level", "Vui lòng chọn mức độ hài lòng."),
        ({"level": ""}, "level", "Vui lòng chọn mức độ hài lòng."),
        ({"answers": {"attitude": "rude"}}, "attitude", "Vui lòng chọn một trong các câu trả lời."),
        ({"answers": {"weather": "fine"}}, "weather", "Câu hỏi không có trong phiếu đánh giá."),
        ({"comment": "x" * 2001}, "comment", "Vui lòng viết không quá 2000 ký tự."),
    ],
)
def test_bad_answers_are_refused_by_name(
    world: Province, kwargs: dict[str, object], code: str, message: str
) -> None:
    dossier = returned(world)
    problem = refusal(dossier, world.citizen, **kwargs)
    assert (problem.code, problem.message) == (code, message)
    assert not Evaluation.objects.exists()


def test_a_desk_dossier_is_the_desks_to_record(world: Province) -> None:
    dossier = desk_dossier(world)
    perform(dossier, Action.REFUSE, world.officer, now=MONDAY, reasons=["Sai thẩm quyền"])
    dossier.refresh_from_db()
    assert refusal(dossier, world.citizen).code == "forbidden"  # not his dossier
    assert services.evaluate(dossier, world.officer, level=Level.SATISFIED).unit == world.centre
