"""What each action of the lifecycle does to a dossier beyond changing its state.

Each effect is called by `lifecycle.perform` inside its transaction, with the dossier locked,
after the state, the actor's permission and the rule's requirements were checked. Its
keyword arguments are the action's parameters; it checks them (raising ActionRefused with a
message for people), writes the rows of the control slip, pauses, apologies and numbers, and
returns the next state when the rule allows several (None: the rule's only next state).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from motcua.accounts.models import Role
from motcua.accounts.roles import has_role
from motcua.agencies.models import Unit, UnitKind
from motcua.catalog.models import ProcessStep, UnitRole
from motcua.dossiers import conf, eform, numbering, steps, timing
from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.models import (
    Apology,
    Dossier,
    FilePurpose,
    Pause,
    PauseKind,
    StepPhase,
    Transition,
)
from motcua.dossiers.states import State
from motcua.worktime.limits import Channel

# Who may answer a consultation for the unit consulted.
CONSULTATION_ROLES = frozenset({Role.SPECIALIST, Role.DIVISION_LEADER, Role.AGENCY_LEADER})


@dataclass
class Context:
    """What an effect works with, and what it leaves for the transition row."""

    dossier: Dossier
    actor: Any
    now: datetime.datetime
    note: str = ""
    # Written to the transition row and the audit event.
    details: dict[str, Any] = field(default_factory=dict)
    # Given once, at receipt, to be printed on the receipt; only its hash is stored.
    lookup_secret: str = ""


@dataclass(frozen=True)
class ConsultationRequest:
    """An agency asked for its opinion or its part, with its share of the time: the
    internal process step it carries out, or an allowance in working minutes."""

    unit: Unit
    process_step: ProcessStep | None = None
    allowance_minutes: int | None = None


def _text(value: str | None, message: str, code: str = "missing") -> str:
    text = (value or "").strip()
    if not text:
        raise ActionRefused(message, code)
    return text


def _lines(values: Sequence[str] | None) -> list[str]:
    return [line.strip() for line in values or () if line and line.strip()]


def _channel(value: str) -> Channel:
    try:
        return Channel(value)
    except ValueError:
        raise ActionRefused(_("Choose how the result is returned."), "channel") from None


def _when(moment: datetime.datetime) -> str:
    return date_format(localtime(moment), "H:i d/m/Y")


# Intake ------------------------------------------------------------------------------------


def submit(ctx: Context) -> None:
    ctx.dossier.submitted_at = ctx.now


def request_supplement(ctx: Context, *, items: Sequence[str], reason: str = "") -> State:
    """Ask for everything missing at once (hướng dẫn một lần, đầy đủ)."""
    listed = _lines(items)
    if not listed:
        raise ActionRefused(
            _("List every paper or content the applicant must add or correct, all at once."),
            "items",
        )
    in_process = ctx.dossier.state != State.SUBMITTED
    Pause.objects.create(
        dossier=ctx.dossier,
        kind=PauseKind.SUPPLEMENT_IN_PROCESS if in_process else PauseKind.SUPPLEMENT_AT_INTAKE,
        started_at=ctx.now,
        requested_by=ctx.actor,
        reason=reason.strip(),
        items=listed,
        # Before receipt no clock runs; during processing the supplement is not counted.
        stops_clock=in_process,
    )
    ctx.note = reason.strip()
    ctx.details["items"] = listed
    return State.SUPPLEMENT_IN_PROCESS if in_process else State.SUPPLEMENT_AT_INTAKE


def _end_pause(ctx: Context) -> Pause | None:
    """End the dossier's open pause; a pause that stopped the clock moves the appointment
    (and the open rows' due moments) by exactly the working time it lasted, when it began
    before the appointment."""
    dossier = ctx.dossier
    pause = dossier.pauses.filter(ended_at__isnull=True).first()
    if pause is None:
        return None
    pause.ended_at = ctx.now
    pause.ended_by = ctx.actor
    if pause.stops_clock:
        pause.paused_minutes = timing.paused_working_minutes(dossier, pause)
        if dossier.due_at is not None and pause.started_at < dossier.due_at:
            dossier.due_at = timing.moved_by(dossier, dossier.due_at, pause.paused_minutes)
            steps.extend_open_steps(dossier, pause.paused_minutes)
            ctx.details["appointment_moved_by_minutes"] = pause.paused_minutes
    pause.save(update_fields=["ended_at", "ended_by", "paused_minutes"])
    return pause


def supply_supplement(ctx: Context, *, form_data: dict[str, Any] | None = None) -> State:
    pause = _end_pause(ctx)
    if form_data is not None:
        ctx.dossier.form_data = eform.clean_form_data(
            ctx.dossier.procedure_version.form_schema, form_data
        )
    if pause is not None and pause.kind == PauseKind.SUPPLEMENT_IN_PROCESS:
        return State.IN_REVIEW
    return State.SUBMITTED


def refuse(ctx: Context, *, reasons: Sequence[str], legal_basis: str = "") -> None:
    listed = _lines(reasons)
    if not listed:
        raise ActionRefused(_("State the reason for refusing the dossier."), "reason")
    ctx.details.update(reasons=listed, legal_basis=legal_basis.strip())
    ctx.note = "; ".join(listed)


def cancel(ctx: Context, *, reason: str) -> None:
    ctx.note = _text(reason, _("State why the dossier is cancelled."), "reason")
    _end_pause(ctx)


def withdraw(ctx: Context, *, reason: str = "") -> None:
    ctx.note = reason.strip()
    _end_pause(ctx)


def _lead_unit(dossier: Dossier) -> Unit:
    """The unit that processes the dossier: the receiving unit when the procedure names no
    other (a commune processes its own), or the one processing unit the version names."""
    units = [
        role.unit
        for role in dossier.procedure_version.unit_roles.filter(
            role=UnitRole.PROCESSING
        ).select_related("unit")
    ]
    if not units or dossier.receiving_unit in units:
        return dossier.receiving_unit
    if len(units) == 1:
        return units[0]
    raise ActionRefused(
        _("Several units process this procedure: choose the one that processes this dossier."),
        "processing_unit",
    )


def receive(ctx: Context, *, processing_unit: Unit | None = None, return_channel: str = "") -> None:
    """Give the dossier its code, appointment, register entry and lookup secret, and open
    its control slip at the desk."""
    dossier = ctx.dossier
    unit = dossier.receiving_unit
    dossier.processing_unit = processing_unit or _lead_unit(dossier)
    dossier.received_at = ctx.now
    deadline = timing.appointment(dossier, ctx.now)
    dossier.clock_started_at = deadline.received_effective
    dossier.due_at = dossier.original_due_at = deadline.due
    dossier.code = numbering.next_dossier_code(unit, ctx.now)
    dossier.register_book, dossier.register_number = numbering.next_register_entry(unit, ctx.now)
    ctx.lookup_secret, dossier.lookup_secret_hash = numbering.new_lookup_secret()
    if return_channel:
        dossier.return_channel = _channel(return_channel)
    elif not dossier.return_channel:
        dossier.return_channel = dossier.channel
    dossier.holding_unit = unit
    steps.open_step(
        dossier,
        phase=StepPhase.RECEPTION,
        unit=unit,
        role=Role.RECEPTION_OFFICER,
        now=ctx.now,
        given_by=dossier.applicant,
        received_by=ctx.actor,
    )
    ctx.details.update(code=dossier.code, due_at=dossier.due_at)


# Processing --------------------------------------------------------------------------------


def _hand_over(
    ctx: Context,
    *,
    finished: Sequence[StepPhase],
    phase: StepPhase,
    role: Role,
    unit: Unit | None = None,
    received_by: Any = None,
    note: str = "",
) -> None:
    """Close the open rows of `finished` and hand the dossier over for `phase` to `role` in
    `unit` (the unit holding it when not given): a new row of the control slip."""
    dossier = ctx.dossier
    target = unit or dossier.holding_unit
    steps.close_open(dossier, finished, now=ctx.now, actor=ctx.actor, note=note.strip())
    steps.open_step(
        dossier,
        phase=phase,
        unit=target,
        role=role,
        now=ctx.now,
        given_by=ctx.actor,
        from_unit=dossier.holding_unit,
        received_by=received_by,
    )
    dossier.holding_unit = target
    ctx.note = note.strip()


def transfer(ctx: Context, *, to_unit: Unit | None = None, note: str = "") -> None:
    dossier = ctx.dossier
    if to_unit is not None:
        dossier.processing_unit = to_unit
    target = dossier.processing_unit or dossier.receiving_unit
    _hand_over(
        ctx,
        finished=[StepPhase.RECEPTION],
        phase=StepPhase.ASSIGNMENT,
        role=Role.DIVISION_LEADER,
        unit=target,
        note=note,
    )
    ctx.details["to_unit"] = target.pk


def assign(ctx: Context, *, specialist: Any, note: str = "") -> None:
    dossier = ctx.dossier
    if not has_role(specialist, Role.SPECIALIST, dossier.holding_unit):
        raise ActionRefused(
            _("%(person)s is not a specialist of %(unit)s.")
            % {"person": specialist, "unit": dossier.holding_unit},
            "specialist",
        )
    _hand_over(
        ctx,
        finished=[StepPhase.ASSIGNMENT, StepPhase.REVIEW],
        phase=StepPhase.REVIEW,
        role=Role.SPECIALIST,
        received_by=specialist,
        note=note,
    )
    dossier.assignee = specialist
    ctx.details["specialist"] = specialist.pk


def send_back(ctx: Context, *, reason: str) -> State:
    """Return the dossier to the step before, with the reason written on the slip."""
    dossier = ctx.dossier
    text = _text(reason, _("State why the dossier goes back."), "reason")
    if dossier.state == State.TRANSFERRED:
        _hand_over(
            ctx,
            finished=[StepPhase.ASSIGNMENT],
            phase=StepPhase.RECEPTION,
            role=Role.RECEPTION_OFFICER,
            unit=dossier.receiving_unit,
            note=text,
        )
        return State.RECEIVED
    if dossier.state == State.IN_REVIEW:
        _hand_over(
            ctx,
            finished=[StepPhase.REVIEW],
            phase=StepPhase.ASSIGNMENT,
            role=Role.DIVISION_LEADER,
            note=text,
        )
        dossier.assignee = None
        return State.TRANSFERRED
    _hand_over(
        ctx,
        finished=[StepPhase.DECISION],
        phase=StepPhase.REVIEW,
        role=Role.SPECIALIST,
        received_by=dossier.assignee,
        note=text,
    )
    return State.IN_REVIEW


def _agency_of(unit: Unit) -> Unit:
    """The agency a unit works in: the department above a division, else the unit."""
    if unit.kind == UnitKind.DIVISION and unit.parent is not None:
        return unit.parent
    return unit


def default_consultations(dossier: Dossier) -> list[ConsultationRequest]:
    """The coordinating agencies of the internal process: its steps done by other agencies
    than the one processing the dossier (neither that agency nor its divisions, whose steps
    are the dossier's own processing) and than the receiving unit."""
    own = [
        _agency_of(unit)
        for unit in (dossier.holding_unit, dossier.processing_unit)
        if unit is not None
    ]
    return [
        ConsultationRequest(unit=step.unit, process_step=step)
        for step in steps.process_steps_of(dossier, with_units=True)
        if step.unit is not None
        and step.unit_id != dossier.receiving_unit_id
        and not any(step.unit.path.startswith(agency.path) for agency in own)
    ]


def consult(
    ctx: Context,
    *,
    agencies: Sequence[ConsultationRequest] | None = None,
    in_sequence: bool = False,
    note: str = "",
) -> None:
    """Ask other agencies (liên thông) at once, or one after the other; each gets its row on
    the slip, its share of the time and the dossier in its inbox."""
    dossier = ctx.dossier
    requests = list(agencies) if agencies is not None else default_consultations(dossier)
    if not requests:
        raise ActionRefused(_("Name at least one agency to consult."), "agencies")
    if any(request.unit.pk == dossier.holding_unit_id for request in requests):
        raise ActionRefused(_("An agency cannot consult itself."), "agencies")
    group = (dossier.steps.aggregate(last=Max("parallel_group"))["last"] or 0) + 1
    for position, request in enumerate(requests):
        steps.open_step(
            dossier,
            phase=StepPhase.CONSULTATION,
            unit=request.unit,
            role=Role.SPECIALIST,
            now=ctx.now,
            given_by=ctx.actor,
            from_unit=dossier.holding_unit,
            process_step=request.process_step,
            allowance_minutes=request.allowance_minutes,
            parallel_group=group,
            planned=in_sequence and position > 0,
            note=note.strip(),
        )
    ctx.note = note.strip()
    ctx.details.update(agencies=[request.unit.pk for request in requests], in_sequence=in_sequence)


def answer_consultation(ctx: Context, *, opinion: str, unit: Unit | None = None) -> State:
    """A consulted agency gives its opinion (or reports its part done); the next agency of a
    consultation in sequence gets the dossier; the last answer returns it to the reviewer."""
    dossier = ctx.dossier
    text = _text(opinion, _("Write the agency's opinion or the result of its part."), "opinion")
    mine = [
        step
        for step in steps.open_steps(dossier, [StepPhase.CONSULTATION])
        if (unit is None or step.unit_id == unit.pk)
        and any(has_role(ctx.actor, role, step.unit) for role in CONSULTATION_ROLES)
    ]
    if not mine:
        raise ActionRefused(_("Your unit has no open consultation on this dossier."), "unit")
    if len(mine) > 1:
        raise ActionRefused(_("Choose the unit you answer for."), "unit")
    step = mine[0]
    steps.close(dossier, step, now=ctx.now, actor=ctx.actor, note=text)
    following = (
        dossier.steps.filter(parallel_group=step.parallel_group, given_at__isnull=True)
        .order_by("order")
        .first()
    )
    if following is not None:
        steps.start_planned(dossier, following, ctx.now)
    ctx.note = text
    ctx.details["unit"] = step.unit_id
    still_waiting = dossier.steps.filter(
        phase=StepPhase.CONSULTATION, finished_at__isnull=True
    ).exists()
    return State.CONSULTING if still_waiting else State.IN_REVIEW


def request_payment(
    ctx: Context, *, amount_vnd: int, items: Sequence[str] = (), reason: str = ""
) -> None:
    if not isinstance(amount_vnd, int) or amount_vnd <= 0:
        raise ActionRefused(_("Enter the amount to pay, in đồng."), "amount_vnd")
    Pause.objects.create(
        dossier=ctx.dossier,
        kind=PauseKind.FINANCIAL_OBLIGATION,
        started_at=ctx.now,
        requested_by=ctx.actor,
        reason=reason.strip(),
        items=_lines(items),
        amount_vnd=amount_vnd,
        stops_clock=conf.payment_stops_clock(),
    )
    ctx.note = reason.strip()
    ctx.details.update(amount_vnd=amount_vnd, items=_lines(items))


def record_payment(ctx: Context, *, receipt_number: str = "") -> None:
    """Fees paid at the desk (online payment comes with the payments app)."""
    pause = _end_pause(ctx)
    ctx.details.update(
        receipt_number=receipt_number.strip(),
        amount_vnd=pause.amount_vnd if pause is not None else None,
    )


def propose(ctx: Context, *, proposal: str, note: str = "") -> None:
    """The specialist submits the dossier to the leader, proposing to approve or reject."""
    if proposal not in ("approve", "reject"):
        raise ActionRefused(_("Propose to approve or to reject the dossier."), "proposal")
    _hand_over(
        ctx,
        finished=[StepPhase.REVIEW],
        phase=StepPhase.DECISION,
        role=Role.AGENCY_LEADER,
        note=note,
    )
    ctx.details["proposal"] = proposal


def approve(ctx: Context, *, note: str = "") -> None:
    _hand_over(
        ctx, finished=[StepPhase.DECISION], phase=StepPhase.ISSUE, role=Role.CLERK, note=note
    )


def _back_to_desk(ctx: Context, finished: StepPhase, note: str = "") -> None:
    """Hand the dossier (its result, or the written answer) to the desk for return."""
    _hand_over(
        ctx,
        finished=[finished],
        phase=StepPhase.RETURN,
        role=Role.RECEPTION_OFFICER,
        unit=ctx.dossier.receiving_unit,
        note=note,
    )


def reject(ctx: Context, *, reason: str) -> None:
    text = _text(reason, _("State the reason for rejecting the dossier."), "reason")
    _back_to_desk(ctx, StepPhase.DECISION, text)


def issue_result(ctx: Context, *, result_reference: str = "") -> None:
    dossier = ctx.dossier
    reference = result_reference.strip()
    if not reference and not dossier.files.filter(purpose=FilePurpose.RESULT).exists():
        raise ActionRefused(
            _("Attach the result document or enter its number and symbol."), "result"
        )
    dossier.result_reference = reference
    _back_to_desk(ctx, StepPhase.ISSUE)
    ctx.details["result_reference"] = reference


def return_result(
    ctx: Context, *, channel: str, receiver_name: str = "", postal_tracking_number: str = ""
) -> None:
    """Hand the result over: at the desk (to a named receiver), by post (with the tracking
    number) or online (the result document must be attached)."""
    dossier = ctx.dossier
    how = _channel(channel)
    if how == Channel.DESK:
        dossier.result_receiver_name = _text(
            receiver_name, _("Enter the name of the person who receives the result."), "receiver"
        )
    elif how == Channel.POST:
        dossier.postal_tracking_number = _text(
            postal_tracking_number, _("Enter the postal tracking number."), "tracking"
        )
    elif (
        dossier.state == State.RESULT_READY
        and not dossier.files.filter(purpose=FilePurpose.RESULT).exists()
    ):
        raise ActionRefused(_("Attach the electronic result before returning it online."), "result")
    steps.close_open(dossier, [StepPhase.RETURN], now=ctx.now, actor=ctx.actor)
    dossier.return_channel = how
    dossier.returned_at = ctx.now
    ctx.details.update(
        channel=how.value,
        receiver_name=dossier.result_receiver_name,
        postal_tracking_number=dossier.postal_tracking_number,
    )


# Withdrawal, stop, apology -----------------------------------------------------------------


def request_withdrawal(ctx: Context, *, reason: str = "") -> None:
    ctx.note = reason.strip()


def stop(ctx: Context, *, reason: str, fee_handling: str = "") -> None:
    """Stop processing (Mẫu 05): every open row of the slip is closed, the papers go back to
    the desk."""
    dossier = ctx.dossier
    ctx.note = _text(reason, _("State why processing stops."), "reason")
    _end_pause(ctx)
    every_phase = list(StepPhase)
    steps.close_open(dossier, every_phase, now=ctx.now, actor=ctx.actor, note=ctx.note)
    dossier.holding_unit = dossier.receiving_unit
    ctx.details["fee_handling"] = fee_handling.strip()


def refuse_withdrawal(ctx: Context, *, reason: str) -> State:
    """Processing goes on from where the request found it."""
    ctx.note = _text(reason, _("State why processing goes on."), "reason")
    request = (
        Transition.objects.filter(dossier=ctx.dossier, to_state=State.WITHDRAWAL_REQUESTED)
        .order_by("-at", "-id")
        .first()
    )
    assert request is not None  # the dossier is in that state, so a transition led there
    return State(request.from_state)


def apologise(
    ctx: Context, *, unit_at_fault: Unit, reason: str, new_due_at: datetime.datetime
) -> None:
    """The unit at fault apologises in writing (Mẫu 04) and sets a new appointment."""
    dossier = ctx.dossier
    text = _text(reason, _("State the reason for the delay."), "reason")
    if not any(has_role(ctx.actor, role, unit_at_fault) for role in steps.LEADER_ROLES):
        raise ActionRefused(
            _("Only a leader of %(unit)s may apologise for its delay.") % {"unit": unit_at_fault},
            "unit_at_fault",
        )
    if not dossier.steps.filter(unit=unit_at_fault).exists():
        raise ActionRefused(
            _("%(unit)s has had no part in this dossier.") % {"unit": unit_at_fault},
            "unit_at_fault",
        )
    assert dossier.due_at is not None  # a requirement of the rule
    if new_due_at <= dossier.due_at:
        raise ActionRefused(
            _("The new appointment must be later than the current one (%(due)s).")
            % {"due": _when(dossier.due_at)},
            "new_due_at",
        )
    Apology.objects.create(
        dossier=dossier,
        unit_at_fault=unit_at_fault,
        reason=text,
        old_due_at=dossier.due_at,
        new_due_at=new_due_at,
        issued_by=ctx.actor,
        issued_at=ctx.now,
    )
    ctx.details.update(
        unit_at_fault=unit_at_fault.pk, old_due_at=dossier.due_at, new_due_at=new_due_at
    )
    dossier.due_at = new_due_at
    ctx.note = text
