import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from motcua.accounts.models import User
from motcua.core import audit
from motcua.core.models import AppendOnlyError, AuditChainHead, AuditEvent
from motcua.core.request_context import RequestContext, acting_from

pytestmark = pytest.mark.django_db


def write_entries(count: int) -> list[AuditEvent]:
    target = ContentType.objects.get_for_model(AuditEvent)
    return [audit.record("test.step", target, data={"n": n}) for n in range(count)]


def tamper(sql: str, params: list[str | int]) -> None:
    """Change the table behind the ORM's back, as someone with database access could."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_entries_link_into_a_chain() -> None:
    first, second, third = write_entries(3)
    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    assert first.previous_hash == audit.GENESIS_HASH
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert list(audit.find_breaks()) == []


def test_entry_records_who_and_from_where() -> None:
    user = User.objects.create_user(username="officer", full_name="Nguyễn Văn A")
    with acting_from(RequestContext(ip_address="203.0.113.9", user_agent="Firefox")):
        event = audit.record("dossier.receive", user, actor=user, data={"note": "đủ hồ sơ"})
    event.refresh_from_db()
    assert event.actor == user
    assert event.actor_label == "Nguyễn Văn A"
    assert event.ip_address == "203.0.113.9"
    assert event.user_agent == "Firefox"
    assert event.target_id == str(user.pk)
    assert event.data == {"note": "đủ hồ sơ"}


def test_orm_refuses_to_change_or_remove_entries() -> None:
    (event,) = write_entries(1)
    event.action = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="changed")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_verify_command_passes_on_an_intact_chain(capsys: pytest.CaptureFixture[str]) -> None:
    write_entries(5)
    call_command("verify_audit_chain")
    assert "5 entries" in capsys.readouterr().out


def test_verify_command_names_an_edited_entry() -> None:
    write_entries(5)
    tamper(f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE sequence = 3", ["forged"])
    with pytest.raises(CommandError, match="entry #3 was altered"):
        call_command("verify_audit_chain")


def test_verify_command_names_a_deleted_entry() -> None:
    write_entries(5)
    tamper(f"DELETE FROM {AuditEvent._meta.db_table} WHERE sequence = %s", [2])
    with pytest.raises(CommandError, match="entry #2 is missing"):
        call_command("verify_audit_chain")


def test_verify_command_notices_entries_cut_from_the_end() -> None:
    write_entries(4)
    tamper(f"DELETE FROM {AuditEvent._meta.db_table} WHERE sequence = %s", [4])
    with pytest.raises(CommandError, match="from #4 on were removed"):
        call_command("verify_audit_chain")


def test_rewritten_entry_with_recomputed_hash_breaks_the_next_link() -> None:
    """Forging an entry and its own hash still leaves the next entry pointing at the old one."""
    entries = write_entries(3)
    forged = AuditEvent.objects.get(sequence=2)
    forged.action = "forged"
    new_hash = audit._entry_hash(forged)
    tamper(
        f"UPDATE {AuditEvent._meta.db_table} SET action = %s, hash = %s WHERE sequence = 2",
        ["forged", new_hash],
    )
    breaks = list(audit.find_breaks())
    assert breaks[0] == audit.ChainBreak(3, "relinked")
    assert entries[2].previous_hash != new_hash


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers")
def test_concurrent_writers_keep_one_unbroken_chain() -> None:
    def write_some() -> None:
        try:
            write_entries(10)
        finally:
            connection.close()

    threads = [threading.Thread(target=write_some) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert AuditEvent.objects.count() == 60
    assert AuditChainHead.objects.get().sequence == 60
    assert list(audit.find_breaks()) == []
