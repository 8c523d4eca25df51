"""The lateness job: who is warned, when (on the working-time clock), and only once."""

import datetime

from django.test import override_settings

from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import Dossier, DossierStep, StepPhase
from motcua.dossiers.tests.factories import Province, at, online_dossier
from motcua.notifications import lateness
from motcua.notifications.lateness import steps_to_warn, warn_lateness
from motcua.notifications.models import Channel, LatenessWarning, Message, Threshold
from motcua.notifications.tests.helpers import later, receive, to_review
from motcua.worktime.queries import get_calendar

MINUTE = datetime.timedelta(minutes=1)


def in_review(world: Province) -> Dossier:
    dossier = online_dossier(world)
    receive(world, dossier)
    to_review(world, dossier)
    Message.objects.all().delete()  # the applicant's receipt is not what these tests count
    return dossier


def past_review_due(dossier: Dossier) -> datetime.datetime:
    due = review_step(dossier).due_at
    assert due is not None
    return due + MINUTE


def review_step(dossier: Dossier) -> DossierStep:
    step = dossier.steps.get(phase=StepPhase.REVIEW, finished_at__isnull=True)
    assert step.due_at is not None
    return step


def warnings_of(dossier: Dossier) -> list[tuple[str, str]]:
    return [
        ("step" if warning.step_id else "dossier", warning.threshold)
        for warning in LatenessWarning.objects.filter(dossier=dossier).order_by("id")
    ]


def test_a_step_due_soon_then_overdue_warns_its_officer_and_the_leaders_once_each(
    world: Province,
) -> None:
    dossier = in_review(world)
    step = review_step(dossier)
    assert step.due_at is not None

    before = step.due_at - 30 * MINUTE
    report = warn_lateness(before)
    assert report.count("step", Threshold.DUE_SOON) == 1
    assert warnings_of(dossier) == [("step", Threshold.DUE_SOON)]
    messages = Message.objects.filter(template="lateness_due_soon")
    assert {message.recipient for message in messages} == {world.specialist, world.leader}
    assert {message.channel for message in messages} == {Channel.EMAIL}
    email = messages.get(recipient=world.specialist)
    assert email.subject == f"Sắp đến hạn: hồ sơ {dossier.code}"
    assert f"Bước “Thẩm định hồ sơ” của hồ sơ {dossier.code}" in email.body
    assert "tại Sở Tư pháp đến hạn lúc" in email.body
    assert "Kính gửi Ông/Bà Hoàng Thị Chuyên Viên," in email.body

    # A rerun (or the next run of the schedule) warns nobody again.
    assert warn_lateness(before).messages == 0
    assert warn_lateness(before + 10 * MINUTE).messages == 0
    assert Message.objects.count() == 2

    after = step.due_at + MINUTE
    report = warn_lateness(after)
    assert report.count("step", Threshold.OVERDUE) == 1
    assert report.messages == 2
    overdue = Message.objects.get(template="lateness_overdue", recipient=world.leader)
    assert overdue.subject == f"Quá hạn: hồ sơ {dossier.code}"
    assert "đã quá hạn" in overdue.body
    assert warn_lateness(after + 15 * MINUTE).messages == 0
    assert warnings_of(dossier) == [("step", Threshold.DUE_SOON), ("step", Threshold.OVERDUE)]


def test_a_dossier_near_and_past_its_appointment_warns_the_specialist_and_the_leaders(
    world: Province,
) -> None:
    dossier = in_review(world)
    assert dossier.due_at is not None

    warn_lateness(dossier.due_at - 30 * MINUTE)
    warned = LatenessWarning.objects.get(step=None, threshold=Threshold.DUE_SOON)
    assert warned.dossier == dossier and warned.due_at == dossier.due_at
    assert warned.recipients == 2
    email = Message.objects.get(
        template="lateness_due_soon",
        recipient=world.leader,
        dossier=dossier,
        subject=f"Sắp đến hạn: hồ sơ {dossier.code}",
        body__contains="đang ở Sở Tư pháp phải được giải quyết",
    )
    assert "Người xử lý: Hoàng Thị Chuyên Viên" in email.body

    warn_lateness(dossier.due_at + MINUTE)
    assert LatenessWarning.objects.filter(step=None, threshold=Threshold.OVERDUE).count() == 1
    assert (
        Message.objects.filter(
            template="lateness_overdue", body__contains="đã quá ngày hẹn"
        ).count()
        == 2
    )


def test_a_new_appointment_is_warned_about_again(world: Province) -> None:
    dossier = in_review(world)
    assert dossier.due_at is not None
    first_due = dossier.due_at
    warn_lateness(first_due + MINUTE)
    perform(
        dossier,
        Action.APOLOGISE,
        world.leader,
        now=first_due + 2 * MINUTE,
        unit_at_fault=world.department,
        reason="Chờ xác minh",
        new_due_at=first_due + datetime.timedelta(days=2),
    )
    dossier.refresh_from_db()
    assert warn_lateness(first_due + 3 * MINUTE).count("dossier", Threshold.OVERDUE) == 0
    assert warn_lateness(dossier.due_at + MINUTE).count("dossier", Threshold.OVERDUE) == 1
    assert list(
        LatenessWarning.objects.filter(step=None, threshold=Threshold.OVERDUE)
        .order_by("due_at")
        .values_list("due_at", flat=True)
    ) == [first_due, dossier.due_at]


def test_a_dossier_waiting_for_the_applicant_is_not_warned(world: Province) -> None:
    dossier = in_review(world)
    perform(dossier, Action.REQUEST_SUPPLEMENT, world.specialist, now=later(30), items=["Sơ đồ"])
    Message.objects.all().delete()
    report = warn_lateness(later(60 * 24 * 30))
    assert report.warned == {} and report.messages == 0
    assert not Message.objects.exists()


def test_the_step_window_is_counted_in_working_hours_on_the_calendar(world: Province) -> None:
    dossier = in_review(world)
    step = review_step(dossier)
    friday = at(2026, 3, 6, 16)
    monday_morning, tuesday_morning = at(2026, 3, 9, 9), at(2026, 3, 10, 9)
    calendar = get_calendar(None)
    # Over the weekend: a few working hours away on Monday morning, more than four on Tuesday.
    assert calendar.working_minutes(friday, monday_morning) <= 4 * 60
    assert calendar.working_minutes(friday, tuesday_morning) > 4 * 60

    DossierStep.objects.filter(pk=step.pk).update(due_at=monday_morning)
    assert list(steps_to_warn(Threshold.DUE_SOON, friday)) == [step]
    DossierStep.objects.filter(pk=step.pk).update(due_at=tuesday_morning)
    assert list(steps_to_warn(Threshold.DUE_SOON, friday)) == []
    with override_settings(MOTCUA_STEP_WARNING_WORKING_HOURS=16):
        assert list(steps_to_warn(Threshold.DUE_SOON, friday)) == [step]


def test_the_dossier_window_follows_the_due_soon_window_unless_set(world: Province) -> None:
    dossier = in_review(world)
    assert dossier.due_at is not None
    two_working_days_before = dossier.due_at - datetime.timedelta(days=4)  # Thursday
    assert not lateness.dossiers_to_warn(Threshold.DUE_SOON, two_working_days_before).exists()
    with override_settings(MOTCUA_DUE_SOON_WORKING_HOURS=40):
        assert (
            lateness.dossiers_to_warn(Threshold.DUE_SOON, two_working_days_before).get() == dossier
        )
    with override_settings(MOTCUA_DOSSIER_WARNING_WORKING_HOURS=40):
        assert (
            lateness.dossiers_to_warn(Threshold.DUE_SOON, two_working_days_before).get() == dossier
        )


def test_two_runs_at_once_warn_once(world: Province) -> None:
    dossier = in_review(world)
    moment = past_review_due(dossier)
    # A second run read the same targets before the first one recorded its warnings.
    stale = list(lateness._targets(moment, lateness._Leaders()))
    first = warn_lateness(moment)
    assert first.messages > 0
    count = Message.objects.count()
    for _kind, threshold, target in stale:
        assert lateness._warn(threshold=threshold, now=moment, **target) is None
    assert Message.objects.count() == count


def test_staff_without_email_get_a_text_message(world: Province) -> None:
    dossier = in_review(world)
    world.leader.email = ""
    world.leader.phone = "0901234567"
    world.leader.save()
    warn_lateness(past_review_due(dossier))
    sms = Message.objects.get(recipient=world.leader)
    assert sms.channel == Channel.SMS and sms.address == "0901234567"
    assert sms.body.startswith(f"Quá hạn: bước “Thẩm định hồ sơ” của hồ sơ {dossier.code} hết hạn")
