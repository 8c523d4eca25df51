"""The dispatcher: due messages are claimed, sent, recorded, and retried with an exponential
backoff when the provider fails, so a failing provider delays a message and never loses it.

The failing providers are real providers chosen by the settings (tests/providers.py)."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from motcua.notifications.dispatch import backoff, claim, send_due_messages
from motcua.notifications.models import Channel, Message, Status
from motcua.notifications.services import Recipient, enqueue, retry_now
from motcua.notifications.tests.helpers import MONDAY
from motcua.notifications.tests.providers import FlakySmsProvider

pytestmark = pytest.mark.django_db

CONTEXT = {"code": "000.00.02.H41-260302-0001", "unit": "UBND xã Hưng Nguyên", "return_channel": ""}


def seconds(value: int) -> datetime.datetime:
    return MONDAY + datetime.timedelta(seconds=value)


def queue_sms(phone: str = "0912345678") -> Message:
    [message] = enqueue(Recipient(phone=phone), "result_ready", CONTEXT, now=MONDAY)
    return message


@override_settings(SMS_PROVIDER="flaky-test", SMS_OPTIONS={"failures": 2})
def test_a_failing_provider_delays_the_message_with_backoff_then_delivers_it() -> None:
    message = queue_sms()

    first = send_due_messages(MONDAY)
    message.refresh_from_db()
    assert (first.sent, first.retrying) == (0, 1)
    assert message.status == Status.PENDING and message.attempts == 1
    assert message.next_attempt_at == seconds(60)
    assert message.last_error == "ConnectionError: gateway unreachable (attempt 1)"

    # Not due yet: nothing is tried.
    assert send_due_messages(seconds(59)).claimed == 0
    assert FlakySmsProvider.attempts == 1

    send_due_messages(seconds(60))
    message.refresh_from_db()
    assert message.attempts == 2 and message.next_attempt_at == seconds(60 + 120)

    third = send_due_messages(seconds(180))
    message.refresh_from_db()
    assert third.sent == 1
    assert message.status == Status.SENT and message.sent_at == seconds(180)
    assert message.attempts == 3
    assert (message.provider, message.provider_message_id) == ("flaky-test", "flaky-1")
    assert FlakySmsProvider.delivered == [
        (
            "0912345678",
            "Hồ sơ 000.00.02.H41-260302-0001 đã có kết quả. Mời nhận kết quả tại "
            "UBND xã Hưng Nguyên.",
        )
    ]
    # Sent once: a later run sends nothing again.
    assert send_due_messages(seconds(10_000)).claimed == 0


@override_settings(
    SMS_PROVIDER="flaky-test", SMS_OPTIONS={"failures": 99}, MOTCUA_NOTIFICATION_MAX_ATTEMPTS=2
)
def test_after_the_last_attempt_the_message_is_kept_as_failed_and_can_be_retried(
    django_user_model: Any,
) -> None:
    message = queue_sms()
    send_due_messages(MONDAY)
    report = send_due_messages(seconds(60))
    message.refresh_from_db()
    assert report.gave_up == 1
    assert message.status == Status.FAILED and message.attempts == 2
    assert send_due_messages(seconds(100_000)).claimed == 0  # given up: not tried again

    admin = django_user_model.objects.create_superuser("quantri", password="x")
    assert retry_now(Message.objects.all(), admin, now=seconds(200_000)) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.PENDING, 0)
    with override_settings(SMS_OPTIONS={"failures": 0}):
        assert send_due_messages(seconds(200_000)).sent == 1
    message.refresh_from_db()
    assert message.status == Status.SENT


@override_settings(EMAIL_BACKEND="motcua.notifications.tests.providers.BrokenEmailBackend")
def test_a_refusing_mail_server_delays_the_email() -> None:
    [message] = enqueue(Recipient(email="dan@example.vn"), "result_ready", CONTEXT, now=MONDAY)
    report = send_due_messages(MONDAY)
    message.refresh_from_db()
    assert report.retrying == 1
    assert message.status == Status.PENDING
    assert "SMTPServerDisconnected" in message.last_error
    assert message.next_attempt_at == seconds(60)

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        assert send_due_messages(seconds(60)).sent == 1
    assert [sent.subject for sent in mail.outbox] == [
        "Hồ sơ 000.00.02.H41-260302-0001 đã có kết quả"
    ]


@override_settings(SMS_PROVIDER="no-such-gateway")
def test_a_misconfigured_provider_delays_messages_too() -> None:
    message = queue_sms()
    assert send_due_messages(MONDAY).retrying == 1
    message.refresh_from_db()
    assert "Unknown SMS provider 'no-such-gateway'" in message.last_error
    assert message.status == Status.PENDING


def test_a_claimed_message_is_left_to_its_worker_until_the_claim_expires() -> None:
    first, second = queue_sms("0912345678"), queue_sms("0912345679")
    assert [message.pk for message in claim(MONDAY, limit=1)] == [first.pk]
    assert [message.pk for message in claim(MONDAY, limit=5)] == [second.pk]
    assert claim(seconds(299), limit=5) == []
    # The worker died without recording anything: after the claim, another worker retries.
    assert {message.pk for message in claim(seconds(300), limit=5)} == {first.pk, second.pk}


def test_the_dispatcher_sends_in_batches_until_nothing_is_due() -> None:
    for number in range(5):
        queue_sms(f"09123456{number:02d}")
    report = send_due_messages(MONDAY, batch_size=2)
    assert report.sent == 5
    assert not Message.objects.exclude(status=Status.SENT).exists()
    assert set(Message.objects.values_list("channel", flat=True)) == {Channel.SMS}


def test_a_batch_costs_a_fixed_number_of_queries(django_assert_num_queries: object) -> None:
    for number in range(3):
        queue_sms(f"09123456{number:02d}")
    # The claim's transaction (a savepoint inside the test's, and its release) with its
    # select and update, then one update per message; the batch is not full, so it stops.
    with django_assert_num_queries(4 + 3):  # type: ignore[operator]
        assert send_due_messages(MONDAY, batch_size=10).sent == 3


@given(st.integers(min_value=1, max_value=60))
def test_backoff_doubles_up_to_the_maximum(attempts: int) -> None:
    wait = backoff(attempts).total_seconds()
    assert wait == min(60 * 2 ** (attempts - 1), 6 * 3600)
    assert backoff(attempts + 1) >= backoff(attempts)
