"""Checks that loaded dossiers are what the lifecycle would have written, recomputed from the
lifecycle's transition table and the deadline engine's public API (not from the loader's own
arithmetic). Used by the tests, and on a large load:

    .venv/bin/python -c "import django; django.setup(); \
        from motcua.demo.tests.history_checks import problems; print(problems()[:20])"
"""

import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch

from motcua.dossiers import timing
from motcua.dossiers.lifecycle import TRANSITIONS, Action
from motcua.dossiers.models import DailySequence, Dossier, DossierStep, Pause, StepPhase
from motcua.dossiers.numbering import format_code, local_day
from motcua.dossiers.states import FINISHED_STATES, State
from motcua.worktime.engine import Deadline, classify_duration
from motcua.worktime.limits import Channel, TimeUnit
from motcua.worktime.queries import get_calendar

P = StepPhase
# The rows of the control slip open in each state (WITHDRAWAL_REQUESTED keeps what it had).
OPEN_ROWS: dict[str, set[str]] = {
    State.SUBMITTED: set(),
    State.SUPPLEMENT_AT_INTAKE: set(),
    State.REFUSED: set(),
    State.CANCELLED: set(),
    State.RECEIVED: {P.RECEPTION},
    State.TRANSFERRED: {P.ASSIGNMENT},
    State.IN_REVIEW: {P.REVIEW},
    State.CONSULTING: {P.REVIEW, P.CONSULTATION},
    State.SUPPLEMENT_IN_PROCESS: {P.REVIEW},
    State.AWAITING_PAYMENT: {P.REVIEW},
    State.AWAITING_DECISION: {P.DECISION},
    State.APPROVED: {P.ISSUE},
    State.REJECTED: {P.RETURN},
    State.RESULT_READY: {P.RETURN},
    State.STOPPED: set(),
    State.RETURNED: set(),
}
PAUSED_STATES = {State.SUPPLEMENT_AT_INTAKE, State.SUPPLEMENT_IN_PROCESS, State.AWAITING_PAYMENT}


def _chunks(ids: list[int], size: int = 2000) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def problems(
    ids: Iterable[int] | None = None,
    now: datetime.datetime | None = None,
    *,
    ordered: bool = True,
) -> list[str]:
    """Every inconsistency found among the dossiers `ids` (all when None). `ordered`: a day's
    numbers follow the order of receipt (not so when two loads covered the same days: the
    second continues each day's counter)."""
    found: list[str] = []
    wanted = list(ids) if ids is not None else list(Dossier.objects.values_list("pk", flat=True))
    numbers: dict[tuple[int, datetime.date], list[tuple[datetime.datetime, int]]] = defaultdict(
        list
    )
    for chunk in _chunks(sorted(wanted)):
        dossiers = (
            Dossier.objects.filter(pk__in=chunk)
            .select_related("procedure_version", "receiving_unit")
            .prefetch_related(
                "transitions",
                "apologies",
                Prefetch("steps", queryset=DossierStep.objects.order_by("order")),
                Prefetch("pauses", queryset=Pause.objects.order_by("started_at")),
                "procedure_version__process_steps",
            )
        )
        for dossier in dossiers:
            found.extend(f"{dossier.pk}: {text}" for text in _dossier_problems(dossier, now))
            if dossier.code and dossier.received_at:
                day = local_day(dossier.received_at)
                number = int(dossier.code.rsplit("-", 1)[1])
                numbers[(dossier.receiving_unit_id, day)].append((dossier.received_at, number))
    counters = {
        (unit, day): last
        for unit, day, last in DailySequence.objects.values_list("unit", "day", "last_number")
    }
    for key, entries in numbers.items():
        in_order = [number for _moment, number in sorted(entries)]
        if len(set(in_order)) != len(in_order):
            found.append(f"unit {key[0]} on {key[1]}: a number given twice")
        if ordered and in_order != sorted(in_order):
            found.append(f"unit {key[0]} on {key[1]}: numbers out of order {in_order[:10]}")
        if counters.get(key, 0) < max(in_order):
            found.append(f"unit {key[0]} on {key[1]}: the daily counter is behind")
    return found


def _dossier_problems(dossier: Dossier, now: datetime.datetime | None) -> Iterator[str]:
    transitions = sorted(dossier.transitions.all(), key=lambda t: (t.at, t.pk))
    steps = list(dossier.steps.all())
    pauses = list(dossier.pauses.all())
    apologies = list(dossier.apologies.all())

    # The transitions: a chain of the lifecycle's rules, ending in the dossier's state.
    if not transitions or transitions[0].action != Action.SUBMIT or transitions[0].from_state:
        yield "does not begin with a submission"
        return
    for before, after in itertools.pairwise(transitions):
        if after.from_state != before.to_state:
            yield f"{after.action} from {after.from_state} after reaching {before.to_state}"
        rule = TRANSITIONS.get((State(after.from_state), Action(after.action)))
        if rule is None or State(after.to_state) not in rule.next_states:
            yield f"no rule {after.from_state} --{after.action}--> {after.to_state}"
    if transitions[-1].to_state != dossier.state:
        yield f"state {dossier.state}, last transition to {transitions[-1].to_state}"
    if now is not None and transitions[-1].at > now:
        yield "a transition in the future"
    if (dossier.finished_at is not None) != (dossier.state in FINISHED_STATES):
        yield f"finished_at {dossier.finished_at} in state {dossier.state}"
    if (dossier.returned_at is not None) != (dossier.state == State.RETURNED):
        yield "returned_at does not match the state"
    open_pauses = [pause for pause in pauses if pause.ended_at is None]
    if (len(open_pauses) == 1) != (dossier.state in PAUSED_STATES) or len(open_pauses) > 1:
        yield f"{len(open_pauses)} open pauses in state {dossier.state}"

    if dossier.received_at is None:
        if dossier.code or steps:
            yield "a code or control-slip rows before receipt"
        return

    # The code and the appointment.
    version = dossier.procedure_version
    calendar = get_calendar(dossier.receiving_unit.qcvn_code)
    day = local_day(dossier.received_at)
    number = int((dossier.code or "-0").rsplit("-", 1)[1])
    if dossier.code != format_code(dossier.receiving_unit.qcvn_code or "", day, number):
        yield f"code {dossier.code} is not the unit's code of {day}"

    def appointment(pauses: list[tuple[datetime.datetime, datetime.datetime]]) -> Deadline:
        assert dossier.received_at is not None
        return calendar.deadline(
            dossier.received_at,
            version.time_limit_amount,
            TimeUnit(version.time_limit_unit),
            channel=Channel(dossier.channel),
            cutoff=version.cutoff_time,
            pauses=pauses,
        )

    deadline = appointment([])
    if (dossier.clock_started_at, dossier.original_due_at) != (
        deadline.received_effective,
        deadline.due,
    ):
        yield "the appointment is not the engine's"
    assert dossier.due_at is not None and dossier.original_due_at is not None
    for due in (dossier.due_at, dossier.original_due_at):
        if not calendar.is_working_day(local_day(due)):
            yield f"appointment {due} on a day off"
    clock_pauses = [
        (pause.started_at, pause.ended_at)
        for pause in pauses
        if pause.stops_clock and pause.ended_at is not None
    ]
    if apologies:
        if dossier.due_at != apologies[-1].new_due_at:
            yield "the appointment is not the apology's"
    else:
        moved = appointment(clock_pauses)
        if dossier.due_at != moved.due:
            yield f"appointment {dossier.due_at}, the engine moves it to {moved.due}"

    # The control slip.
    if [step.order for step in steps] != list(range(1, len(steps) + 1)):
        yield "rows not numbered 1..n"
    if steps and steps[0].phase != P.RECEPTION:
        yield "the first row is not the reception"
    open_phases = {step.phase for step in steps if step.is_open}
    expected = OPEN_ROWS.get(dossier.state)
    if expected is not None and open_phases != expected:
        yield f"open rows {sorted(open_phases)} in state {dossier.state}"
    handed = [step for step in steps if step.phase != P.CONSULTATION]
    holder = dossier.receiving_unit_id if dossier.state == State.STOPPED else handed[-1].unit_id
    if dossier.holding_unit_id != holder:
        yield f"held by {dossier.holding_unit_id}, the slip says {holder}"
    process_steps = sorted(version.process_steps.all(), key=lambda step: step.order)
    allowances = timing.share_allowances(
        calendar.working_minutes(deadline.received_effective, deadline.due), process_steps
    )
    for step in steps:
        if step.process_step_id is not None and step.allowance_minutes != allowances.get(
            step.process_step_id
        ):
            yield f"row {step.order}: allowance is not the process step's share"
        if step.finished_at is not None and step.allowance_minutes is not None:
            assert step.given_at is not None
            taken = calendar.working_minutes(step.given_at, step.finished_at, clock_pauses)
            if step.outcome != classify_duration(taken, step.allowance_minutes):
                yield f"row {step.order}: outcome {step.outcome} is not the engine's"
        if step.finished_at is not None and step.given_at and step.finished_at < step.given_at:
            yield f"row {step.order}: finished before it was given"
