"""Writing and verifying the hash-chained audit trail.

Every domain service calls `record` inside the transaction of the change it records, so the
change and its audit entry are committed together or not at all.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from motcua.core import request_context
from motcua.core.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _entry_hash(event: AuditEvent) -> str:
    kind = event.target_type
    target_type = f"{kind.app_label}.{kind.model}" if kind is not None else ""
    payload = {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "ip_address": event.ip_address,
        "user_agent": event.user_agent,
        "action": event.action,
        "target_type": target_type,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "data": event.data,
        "previous_hash": event.previous_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return str(actor)[:200]


def record(
    action: str,
    target: models.Model | None = None,
    *,
    actor: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an audit entry; call it inside the transaction of the change it describes."""
    context = request_context.current()
    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            sequence=head.sequence + 1,
            occurred_at=timezone.now(),
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_label=_actor_label(actor),
            ip_address=context.ip_address,
            user_agent=context.user_agent,
            action=action,
            target_type=ContentType.objects.get_for_model(target) if target is not None else None,
            target_id=str(target.pk) if target is not None else "",
            target_label=str(target)[:300] if target is not None else "",
            data=_json_safe(data or {}),
            previous_hash=head.hash or GENESIS_HASH,
        )
        event.hash = _entry_hash(event)
        event.save()
        head.sequence, head.hash = event.sequence, event.hash
        head.save(update_fields=["sequence", "hash"])
    return event


def _json_safe(data: dict[str, Any]) -> dict[str, Any]:
    """Round-trip through JSON so that the hash is computed on what the database stores."""
    result: dict[str, Any] = json.loads(json.dumps(data, default=str, ensure_ascii=False))
    return result


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    reason: str


def find_breaks(chunk_size: int = 2000) -> Iterator[ChainBreak]:
    """Walk the chain in order and yield every place where it does not hold."""
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    events = AuditEvent.objects.select_related("target_type").order_by("sequence")
    for event in events.iterator(chunk_size=chunk_size):
        if event.sequence != expected_sequence:
            yield ChainBreak(expected_sequence, "missing")
        if event.previous_hash != previous_hash:
            yield ChainBreak(event.sequence, "relinked")
        if _entry_hash(event) != event.hash:
            yield ChainBreak(event.sequence, "altered")
        expected_sequence = event.sequence + 1
        previous_hash = event.hash
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence, head.hash) != (expected_sequence - 1, previous_hash):
        yield ChainBreak(expected_sequence, "truncated")
