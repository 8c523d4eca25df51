"""Messages to the applicant are queued in the transaction of the dossier's transition."""

import datetime

import pytest
from django.core import mail
from django.db import transaction

from motcua.dossiers import hooks
from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.tests.factories import Province, desk_dossier, online_dossier
from motcua.notifications.dispatch import send_due_messages
from motcua.notifications.models import SECRET_PLACEHOLDER, Channel, Message, Status
from motcua.notifications.services import Recipient, enqueue
from motcua.notifications.tests.helpers import MONDAY, later, receive, to_result, to_review
from motcua.worktime.engine import VN_TZ


def vietnam_time(moment: datetime.datetime | None) -> str:
    assert moment is not None
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


def by_channel(template: str) -> dict[str, Message]:
    return {message.channel: message for message in Message.objects.filter(template=template)}


def test_notifications_subscribe_to_the_lifecycle_of_dossiers() -> None:
    assert "notifications.citizen" in hooks.subscribers()


def test_receipt_queues_an_email_and_an_sms_in_vietnamese_with_code_appointment_and_secret(
    world: Province,
) -> None:
    dossier = online_dossier(world)
    outcome = receive(world, dossier)
    dossier.refresh_from_db()

    queued = by_channel("dossier_received")
    assert set(queued) == {Channel.EMAIL, Channel.SMS}
    email, sms = queued[Channel.EMAIL], queued[Channel.SMS]
    assert email.address == world.citizen.email
    assert sms.address == world.citizen.phone
    assert email.recipient == world.citizen and email.dossier == dossier
    assert email.language == "vi"
    assert email.subject == f"Hồ sơ {dossier.code} đã được tiếp nhận"
    assert "Kính gửi Ông/Bà Nguyễn Văn An," in email.body
    assert f"Mã hồ sơ: {dossier.code}" in email.body
    appointment = vietnam_time(dossier.due_at)
    assert f"Ngày hẹn trả kết quả: {appointment}" in email.body
    assert sms.body.startswith(
        f"Hồ sơ {dossier.code} đã được tiếp nhận. Ngày hẹn trả: {appointment}. Mã tra cứu: "
    )
    # The lookup secret is kept apart from the stored text, which shows a placeholder.
    for message in (email, sms):
        assert outcome.lookup_secret not in message.body
        assert SECRET_PLACEHOLDER in message.body
        assert message.secret == outcome.lookup_secret
        assert message.status == Status.PENDING
        assert message.next_attempt_at == MONDAY


def test_the_email_goes_through_djangos_mail_backend_with_the_secret_then_erased(
    world: Province,
) -> None:
    dossier = online_dossier(world)
    outcome = receive(world, dossier)

    report = send_due_messages(later(1))

    assert report.sent == 2
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [world.citizen.email]
    assert sent.subject.startswith("Hồ sơ ") and sent.subject.endswith("đã được tiếp nhận")
    assert f"Mã tra cứu: {outcome.lookup_secret}" in sent.body
    stored = Message.objects.get(channel=Channel.EMAIL)
    assert stored.status == Status.SENT and stored.sent_at == later(1)
    assert stored.secret == "" and outcome.lookup_secret not in stored.body
    assert (
        stored.provider == "django"
        and stored.provider_message_id == sent.extra_headers["Message-ID"]
    )


def test_a_rolled_back_transition_queues_nothing(world: Province) -> None:
    dossier = online_dossier(world)
    with pytest.raises(RuntimeError), transaction.atomic():
        receive(world, dossier)
        assert Message.objects.count() == 2  # queued inside the transaction...
        raise RuntimeError("the request fails after the receipt")
    assert Message.objects.count() == 0  # ...and gone with it
    dossier.refresh_from_db()
    assert dossier.code is None


def test_a_refused_action_queues_nothing(world: Province) -> None:
    dossier = desk_dossier(world)
    with pytest.raises(ActionRefused):
        perform(dossier, Action.REQUEST_SUPPLEMENT, world.officer, now=MONDAY, items=[])
    assert not Message.objects.exists()


def test_a_failing_subscriber_rolls_the_transition_back(world: Province) -> None:
    dossier = desk_dossier(world)

    def broken(event: hooks.TransitionEvent) -> None:
        raise ValueError("broken subscriber")

    hooks.subscribe("test.broken", broken)
    try:
        with pytest.raises(ValueError, match="broken subscriber"):
            receive(world, dossier)
    finally:
        hooks.unsubscribe("test.broken")
    dossier.refresh_from_db()
    assert dossier.state == "submitted" and dossier.code is None
    assert not Message.objects.exists()


def test_a_desk_applicant_without_email_gets_an_sms_only(world: Province) -> None:
    dossier = desk_dossier(world)
    receive(world, dossier)
    assert set(by_channel("dossier_received")) == {Channel.SMS}
    assert Message.objects.get().address == "0987654321"


def test_supplement_request_at_intake_lists_every_item(world: Province) -> None:
    dossier = online_dossier(world)
    items = ["Bản sao Giấy khai sinh", "Tờ khai có chữ ký của người yêu cầu"]
    perform(
        dossier, Action.REQUEST_SUPPLEMENT, world.officer, now=MONDAY, items=items, reason="Thiếu"
    )

    queued = by_channel("supplement_requested")
    email, sms = queued[Channel.EMAIL], queued[Channel.SMS]
    assert email.subject == "Hồ sơ của Ông/Bà cần bổ sung"
    assert "- Bản sao Giấy khai sinh\n- Tờ khai có chữ ký của người yêu cầu" in email.body
    assert "Lý do: Thiếu" in email.body
    assert sms.body == (
        "Hồ sơ của Ông/Bà cần bổ sung 2 nội dung: "
        "Bản sao Giấy khai sinh; Tờ khai có chữ ký của người yêu cầu."
    )


def test_supplement_request_during_processing_names_the_dossier(world: Province) -> None:
    dossier = online_dossier(world)
    receive(world, dossier)
    to_review(world, dossier)
    perform(
        dossier,
        Action.REQUEST_SUPPLEMENT,
        world.specialist,
        now=later(30),
        items=["Sơ đồ thửa đất"],
    )
    email = by_channel("supplement_requested")[Channel.EMAIL]
    assert email.subject == f"Hồ sơ {dossier.code} cần bổ sung"
    assert "- Sơ đồ thửa đất" in email.body
    assert "Thời gian bổ sung không tính vào thời hạn giải quyết hồ sơ." in email.body


def test_result_ready_says_where_to_collect_it(world: Province) -> None:
    dossier = online_dossier(world)
    receive(world, dossier)
    to_result(world, to_review(world, dossier))

    queued = by_channel("result_ready")
    assert queued[Channel.EMAIL].subject == f"Hồ sơ {dossier.code} đã có kết quả"
    # An online dossier is returned online unless the applicant chose otherwise.
    assert "Hồ sơ của tôi" in queued[Channel.EMAIL].body
    assert queued[Channel.SMS].body.startswith(f"Hồ sơ {dossier.code} đã có kết quả.")


def test_apology_gives_the_new_appointment(world: Province) -> None:
    dossier = online_dossier(world)
    receive(world, dossier)
    to_review(world, dossier)
    assert dossier.due_at is not None
    new_due = dossier.due_at + datetime.timedelta(days=3)
    perform(
        dossier,
        Action.APOLOGISE,
        world.leader,
        now=later(60),
        unit_at_fault=world.department,
        reason="Chờ kết quả xác minh",
        new_due_at=new_due,
    )
    email = by_channel("apology")[Channel.EMAIL]
    assert email.subject == f"Hồ sơ {dossier.code}: thư xin lỗi và hẹn lại ngày trả kết quả"
    assert "Sở Tư pháp xin lỗi" in email.body
    assert "Lý do: Chờ kết quả xác minh" in email.body
    assert f"Ngày hẹn mới: {vietnam_time(new_due)}" in email.body
    assert f"Ngày hẹn mới: {vietnam_time(new_due)}" in by_channel("apology")[Channel.SMS].body


def test_other_transitions_send_the_citizen_nothing(world: Province) -> None:
    dossier = desk_dossier(world)
    receive(world, dossier)
    to_review(world, dossier)
    assert set(Message.objects.values_list("template", flat=True)) == {"dossier_received"}


def test_a_message_is_written_in_the_recipients_language(db: None) -> None:
    [message] = enqueue(
        Recipient(phone="0912345678", language="en"),
        "result_ready",
        {"code": "X-1", "unit": "Commune", "return_channel": "desk"},
    )
    assert message.language == "en"
    assert message.body == "The result of dossier X-1 is ready. Collect it at Commune."


def test_replaying_history_can_leave_the_messages_out(world: Province) -> None:
    dossier = online_dossier(world)
    with hooks.muted("notifications.citizen"):
        receive(world, dossier)
    assert not Message.objects.exists()
    assert "notifications.citizen" in hooks.subscribers()
    to_result(world, to_review(world, dossier))
    assert set(Message.objects.values_list("template", flat=True)) == {"result_ready"}
