"""The control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ): its rows are opened and
closed by the lifecycle's effects, inside the transaction of the transition.

Each row takes its allowance from the internal process step it carries out (the version's
`ProcessStep` of the same role and unit, see `process_step_for`); a row without one (an
assignment the process does not time) has no allowance and no early / on time / late.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Max, QuerySet

from motcua.accounts.models import Role
from motcua.agencies.models import Unit
from motcua.catalog.models import ProcessStep
from motcua.dossiers import timing
from motcua.dossiers.models import Dossier, DossierStep, StepPhase

LEADER_ROLES = frozenset({Role.DIVISION_LEADER, Role.AGENCY_LEADER})


def process_steps_of(dossier: Dossier, *, with_units: bool = False) -> list[ProcessStep]:
    process_steps = dossier.procedure_version.process_steps.order_by("order")
    return list(process_steps.select_related("unit") if with_units else process_steps)


def _acts_at(step: ProcessStep, unit: Unit, dossier: Dossier) -> bool:
    # An empty unit means the unit that runs the dossier acts itself (a commune).
    return step.unit_id is None or step.unit_id in (unit.pk, dossier.processing_unit_id)


def process_step_for(
    steps: list[ProcessStep], phase: StepPhase, unit: Unit, dossier: Dossier
) -> ProcessStep | None:
    """The internal process step that a row of `phase` at `unit` carries out."""
    own = [step for step in steps if _acts_at(step, unit, dossier)]
    reception = [step for step in own if step.role == Role.RECEPTION_OFFICER]
    if phase == StepPhase.RECEPTION:
        return reception[0] if reception else None
    if phase == StepPhase.RETURN:
        return reception[-1] if len(reception) > 1 else None
    review = next((step for step in own if step.role == Role.SPECIALIST), None)
    if phase == StepPhase.REVIEW or review is None:
        return review
    before = [step for step in own if step.order < review.order]
    after = [step for step in own if step.order > review.order]
    wanted: dict[StepPhase, tuple[list[ProcessStep], frozenset[str]]] = {
        StepPhase.ASSIGNMENT: (before, LEADER_ROLES),
        StepPhase.DECISION: (after, LEADER_ROLES),
        StepPhase.ISSUE: (after, frozenset({Role.CLERK})),
    }
    if phase not in wanted:
        return None
    candidates, roles = wanted[phase]
    return next((step for step in candidates if step.role in roles), None)


def open_step(
    dossier: Dossier,
    *,
    phase: StepPhase,
    unit: Unit,
    role: Role,
    now: datetime.datetime,
    given_by: Any,
    from_unit: Unit | None = None,
    received_by: Any = None,
    process_step: ProcessStep | None = None,
    allowance_minutes: int | None = None,
    parallel_group: int | None = None,
    planned: bool = False,
    note: str = "",
) -> DossierStep:
    """Add a row: the dossier handed over to `unit` (for `role`) at `now`, or, when
    `planned`, a row that starts later (`start_planned`). Its allowance is the share of
    its process step (found by phase when not given), else `allowance_minutes`."""
    steps = process_steps_of(dossier)
    if process_step is None:
        process_step = process_step_for(steps, phase, unit, dossier)
    allowance = (
        timing.step_allowances(dossier, steps).get(process_step.pk)
        if process_step
        else allowance_minutes
    )
    last = dossier.steps.aggregate(last=Max("order"))["last"] or 0
    step = DossierStep(
        dossier=dossier,
        order=last + 1,
        phase=phase,
        process_step=process_step,
        unit=unit,
        role=Role(process_step.role) if process_step else role,
        from_unit=from_unit,
        given_by=given_by if getattr(given_by, "is_authenticated", False) else None,
        received_by=received_by,
        allowance_minutes=allowance,
        parallel_group=parallel_group,
        note=note,
    )
    if not planned:
        _start(dossier, step, now)
    step.save()
    return step


def _start(dossier: Dossier, step: DossierStep, now: datetime.datetime) -> None:
    # Electronic hand-over: the unit has the dossier the moment it is sent (§1.2).
    step.given_at = step.received_at = now
    if step.allowance_minutes is not None:
        step.due_at = timing.step_due(dossier, now, step.allowance_minutes)


def start_planned(dossier: Dossier, step: DossierStep, now: datetime.datetime) -> None:
    _start(dossier, step, now)
    step.save(update_fields=["given_at", "received_at", "due_at"])


def open_steps(dossier: Dossier, phases: Iterable[StepPhase]) -> list[DossierStep]:
    return list(_open(dossier, phases).select_related("unit"))


def _open(dossier: Dossier, phases: Iterable[StepPhase]) -> QuerySet[DossierStep]:
    return dossier.steps.filter(
        phase__in=list(phases), given_at__isnull=False, finished_at__isnull=True
    )


def close(
    dossier: Dossier,
    step: DossierStep,
    *,
    now: datetime.datetime,
    actor: Any,
    note: str = "",
) -> None:
    step.finished_at = now
    step.finished_by = actor
    if step.received_by_id is None:
        step.received_by = actor
    timed = step.allowance_minutes is not None and step.given_at is not None
    outcome = (
        timing.step_outcome(dossier, step, now, timing.clock_pauses(dossier)) if timed else None
    )
    step.outcome = outcome or ""
    if note:
        step.note = f"{step.note}\n{note}".strip()
    step.save(update_fields=["finished_at", "finished_by", "received_by", "outcome", "note"])


def close_open(
    dossier: Dossier,
    phases: Iterable[StepPhase],
    *,
    now: datetime.datetime,
    actor: Any,
    note: str = "",
) -> list[DossierStep]:
    """Close every open row of `phases`; the closed rows."""
    closed = list(_open(dossier, phases))
    for step in closed:
        close(dossier, step, now=now, actor=actor, note=note)
    return closed


def extend_open_steps(dossier: Dossier, minutes: int) -> None:
    """Move the due moments of the open rows by a pause's working time."""
    for step in dossier.steps.filter(finished_at__isnull=True, due_at__isnull=False):
        assert step.due_at is not None
        step.due_at = timing.moved_by(dossier, step.due_at, minutes)
        step.save(update_fields=["due_at"])
