"""On PostgreSQL, dispatchers claim with SKIP LOCKED: a worker never waits for, nor takes,
the messages another worker is claiming."""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from motcua.notifications.dispatch import claim
from motcua.notifications.models import Message
from motcua.notifications.services import Recipient, enqueue
from motcua.notifications.tests.helpers import MONDAY


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_worker_skips_the_rows_the_first_one_holds() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite serialises every writer.")
    for number in range(6):
        enqueue(
            Recipient(phone=f"09123456{number:02d}"),
            "result_ready",
            {"code": "X", "unit": "UBND xã", "return_channel": ""},
            now=MONDAY,
        )
    held = threading.Event()
    release = threading.Event()
    first: list[int] = []
    second: list[int] = []

    def first_worker() -> None:
        try:
            with transaction.atomic():
                # The first worker's claim, caught before its transaction ends.
                rows = Message.objects.select_for_update(skip_locked=True).order_by("id")[:3]
                first.extend(message.pk for message in rows)
                held.set()
                release.wait(10)
        finally:
            connections.close_all()

    def second_worker() -> None:
        try:
            second.extend(message.pk for message in claim(MONDAY, limit=10))
        finally:
            connections.close_all()

    holder = threading.Thread(target=first_worker)
    holder.start()
    assert held.wait(10)
    claimer = threading.Thread(target=second_worker)
    claimer.start()
    claimer.join(10)
    finished_without_waiting = not claimer.is_alive()
    release.set()
    holder.join()
    claimer.join()

    assert finished_without_waiting
    assert len(first) == 3 and len(second) == 3
    assert not set(first) & set(second)
    assert set(first) | set(second) == set(Message.objects.values_list("pk", flat=True))
    assert MONDAY + datetime.timedelta(seconds=300) in set(
        Message.objects.filter(pk__in=second).values_list("next_attempt_at", flat=True)
    )
