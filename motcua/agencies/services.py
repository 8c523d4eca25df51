"""Changes to the unit tree: creating, updating, moving and reorganising units.

Each operation validates, saves and writes its audit entry in one transaction, and refuses
bad input with a message in the user's language. Reorganisations close units (`valid_to`,
`successor`) instead of deleting or renaming them, so that old records keep their unit.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.agencies.models import Unit
from motcua.core import audit

# Fields a unit keeps for life or that have their own operation below.
_NOT_UPDATABLE = frozenset({"id", "pk", "parent", "path", "depth", "successor", "valid_to"})


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def create_unit(
    *,
    parent: Unit | None,
    name: str,
    short_name: str,
    kind: str,
    actor: Any = None,
    **fields: Any,
) -> Unit:
    """Create a unit under `parent` (None for a root); `fields` are any other model fields."""
    unit = Unit(parent=parent, name=name, short_name=short_name, kind=kind, **fields)
    unit.full_clean()
    with transaction.atomic():
        unit.save()
        audit.record("agencies.unit.created", unit, actor=actor, data=_snapshot(unit))
    return unit


def update_unit(unit: Unit, *, actor: Any = None, **changes: Any) -> list[str]:
    """Change a unit's own details (name, codes, contact, start date...); returns the names of
    the fields that changed. Its place in the tree and its end have their own operations."""
    refused = _NOT_UPDATABLE.intersection(changes)
    if refused:
        raise ValueError(f"use move_unit or merge_units to change {sorted(refused)}")
    changed = {
        field: [getattr(unit, field), value]
        for field, value in changes.items()
        if getattr(unit, field) != value
    }
    if not changed:
        return []
    for field, (_old, value) in changed.items():
        setattr(unit, field, value)
    unit.full_clean()
    with transaction.atomic():
        unit.save(update_fields=[*changed, "updated_at"])
        audit.record("agencies.unit.updated", unit, actor=actor, data={"changes": changed})
    return list(changed)


def move_unit(unit: Unit, new_parent: Unit | None, *, actor: Any = None) -> Unit:
    """Place a unit (with its whole subtree) under another parent, or make it a root.

    The subtree's paths and depths are rewritten by one UPDATE statement. Moving a unit under
    itself or one of its own sub-units is refused.
    """
    given = unit
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        if unit.parent_id == (new_parent.pk if new_parent else None):
            return unit
        old_parent = unit.parent
        unit.parent = new_parent
        unit.clean()  # refuses a move into its own subtree or under an ended unit
        unit.save()
        given.parent, given.path, given.depth = new_parent, unit.path, unit.depth
        audit.record(
            "agencies.unit.moved",
            unit,
            actor=actor,
            data={
                "from": _reference(old_parent),
                "to": _reference(new_parent),
                "path": unit.path,
            },
        )
    return unit


def merge_units(
    units: Sequence[Unit],
    into: Unit,
    *,
    on: datetime.date,
    decision: str = "",
    actor: Any = None,
) -> list[Unit]:
    """Record that `units` were merged into `into`, which carries their work from `on` (the
    first day they no longer exist). They keep their rows, names and codes as history."""
    return _close(units, into, on=on, decision=decision, action="merged", actor=actor)


def dissolve_unit(
    unit: Unit,
    into: Unit,
    *,
    on: datetime.date,
    decision: str = "",
    actor: Any = None,
) -> Unit:
    """Record that `unit` was dissolved on `on` and `into` took over its work (as a former
    district's work went to a commune-level unit in 2025)."""
    return _close([unit], into, on=on, decision=decision, action="dissolved", actor=actor)[0]


def _close(
    units: Sequence[Unit],
    successor: Unit,
    *,
    on: datetime.date,
    decision: str,
    action: str,
    actor: Any,
) -> list[Unit]:
    if not units:
        raise ValueError("nothing to reorganise")
    with transaction.atomic():
        locked = list(
            Unit.objects.select_for_update()
            .filter(pk__in=[unit.pk for unit in units])
            .order_by("path")
        )
        successor = Unit.objects.get(pk=successor.pk)
        _check_reorganisation(locked, successor, on)
        for unit in [*locked, *units]:  # the caller's instances show the change too
            unit.valid_to, unit.successor, unit.end_decision = on, successor, decision
        for unit in locked:
            unit.save(update_fields=["valid_to", "successor", "end_decision", "updated_at"])
            audit.record(
                f"agencies.unit.{action}",
                unit,
                actor=actor,
                data={
                    "successor": _reference(successor),
                    "valid_to": on.isoformat(),
                    "decision": decision,
                    "together_with": [_reference(other) for other in locked if other != unit],
                },
            )
    return locked


def _check_reorganisation(units: list[Unit], successor: Unit, on: datetime.date) -> None:
    errors: list[str] = []
    if not successor.is_in_force(on):
        errors.append(
            _("“%(unit)s” is not in force on %(day)s, so it cannot take over other units.")
            % {"unit": successor.name, "day": _day(on)}
        )
    for unit in units:
        if unit.pk == successor.pk:
            errors.append(_("“%(unit)s” cannot succeed itself.") % {"unit": unit.name})
        elif successor.path.startswith(unit.path):
            errors.append(
                _("“%(successor)s” lies under “%(unit)s”, which is ending: it cannot succeed it.")
                % {"successor": successor.name, "unit": unit.name}
            )
        if unit.valid_to is not None and unit.valid_to <= on:
            errors.append(
                _("“%(unit)s” already ended on %(day)s.")
                % {"unit": unit.name, "day": _day(unit.valid_to)}
            )
        elif unit.valid_from is not None and unit.valid_from >= on:
            errors.append(
                _("“%(unit)s” only starts on %(start)s: it cannot end on %(day)s.")
                % {"unit": unit.name, "start": _day(unit.valid_from), "day": _day(on)}
            )
    ending = [unit.pk for unit in units]
    still_open = Unit.objects.subtree_of(*units).exclude(pk__in=ending).current(on).order_by("path")
    names = list(still_open.values_list("name", flat=True)[:5])
    if names:
        errors.append(
            _(
                "These sub-units are still in force on %(day)s: %(names)s. End them or move them "
                "under another unit first."
            )
            % {"day": _day(on), "names": ", ".join(names)}
        )
    if errors:
        raise ValidationError(errors)


def _reference(unit: Unit | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {"id": unit.pk, "name": unit.name, "qcvn_code": unit.qcvn_code}


def _snapshot(unit: Unit) -> dict[str, Any]:
    return {
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "qcvn_code": unit.qcvn_code,
        "admin_code": unit.admin_code,
        "parent": unit.parent_id,
        "valid_from": unit.valid_from,
    }
