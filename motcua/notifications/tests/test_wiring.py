"""The commands for cron and `make run`, the Celery tasks and their beat schedule, and the
admin of the outbox."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from motcua.accounts.models import User, UserKind
from motcua.celery import app
from motcua.core.models import AuditEvent
from motcua.dossiers.tests.factories import Province, online_dossier
from motcua.notifications import tasks
from motcua.notifications.models import Message, Status
from motcua.notifications.services import Recipient, enqueue
from motcua.notifications.tests.helpers import receive, to_review

pytestmark = pytest.mark.django_db

CONTEXT = {"code": "X-1", "unit": "UBND xã", "return_channel": ""}


def queue(count: int = 1) -> list[Message]:
    moment = timezone.now() - datetime.timedelta(minutes=1)
    return [
        enqueue(Recipient(phone=f"09000000{n:02d}"), "result_ready", CONTEXT, now=moment)[0]
        for n in range(count)
    ]


def test_send_notifications_command_sends_what_is_due() -> None:
    queue(2)
    out = StringIO()
    call_command("send_notifications", stdout=out)
    assert "Đã gửi: 2; sẽ gửi lại sau: 0; đã dừng gửi: 0." in out.getvalue()
    assert set(Message.objects.values_list("status", flat=True)) == {Status.SENT}


def test_warn_lateness_command_reports_and_is_idempotent(world: Province) -> None:
    dossier = online_dossier(world)
    receive(world, dossier)
    to_review(world, dossier)  # in 2026: long overdue by now
    out = StringIO()
    call_command("warn_lateness", stdout=out)
    assert "Hồ sơ sắp đến hạn: 0, quá hạn: 1; bước xử lý sắp đến hạn: 0, quá hạn: 1" in (
        out.getvalue()
    )
    again = StringIO()
    call_command("warn_lateness", stdout=again)
    assert "quá hạn: 0; bước xử lý sắp đến hạn: 0, quá hạn: 0; số tin nhắn đã xếp hàng gửi: 0" in (
        again.getvalue()
    )


def test_the_beat_schedule_names_the_tasks_every_minute_and_quarter_hour() -> None:
    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert {entry["task"] for entry in schedule.values()} <= set(app.tasks)
    by_task = {entry["task"]: entry["schedule"] for entry in schedule.values()}
    assert by_task[tasks.send_notifications.name] == 60
    assert by_task[tasks.warn_lateness.name] == 15 * 60


def test_the_tasks_run_the_same_services() -> None:
    queue(1)
    assert tasks.send_notifications.delay().get() == {"sent": 1, "retrying": 0, "gave_up": 0}
    assert tasks.warn_lateness.delay().get() == {"messages": 0}


@pytest.fixture
def administrator(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("quantri", password="x", kind=UserKind.STAFF))
    return client


def test_the_outbox_admin_is_read_only_and_hides_the_secret(administrator: Client) -> None:
    [message] = enqueue(
        Recipient(phone="0912345678"),
        "dossier_received",
        {"code": "X-1", "appointment": "17:00 09/03/2026", "lookup_url": "http://x/"},
        secret="K7Q29XPM",
    )
    listing = administrator.get("/admin/notifications/message/")
    assertContains(listing, "0912345678")
    assertContains(listing, "Gửi lại ngay")
    page = administrator.get(f"/admin/notifications/message/{message.pk}/change/")
    assertContains(page, "Mã tra cứu: [[secret]]")
    assertNotContains(page, "K7Q29XPM")
    assertNotContains(page, 'name="_save"')
    assert administrator.get("/admin/notifications/message/add/").status_code == 403


def test_retry_now_from_the_admin_requeues_and_is_audited(administrator: Client) -> None:
    pending, failed = queue(2)
    Message.objects.filter(pk=failed.pk).update(
        status=Status.FAILED, attempts=12, last_error="ConnectionError"
    )
    later = timezone.now() + datetime.timedelta(hours=1)
    Message.objects.filter(pk=pending.pk).update(next_attempt_at=later, attempts=3)
    response = administrator.post(
        "/admin/notifications/message/",
        {"action": "retry_now", "_selected_action": [pending.pk, failed.pk]},
        follow=True,
    )
    assertContains(response, "2 thông báo sẽ được gửi ở lượt gửi tiếp theo.")
    pending.refresh_from_db()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.PENDING, 0)
    assert pending.attempts == 3 and pending.next_attempt_at < later
    assert AuditEvent.objects.filter(action="notification.retry").count() == 2


def test_lateness_warnings_are_listed_in_the_admin(administrator: Client, world: Province) -> None:
    dossier = online_dossier(world)
    receive(world, dossier)
    to_review(world, dossier)
    call_command("warn_lateness", stdout=StringIO())
    response = administrator.get("/admin/notifications/latenesswarning/")
    assertContains(response, dossier.code)
    assertContains(response, "Quá hạn")
