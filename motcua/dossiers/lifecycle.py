"""The lifecycle of a dossier: one transition table and one function that performs an action.

A rule says, for a state and an action: the next state(s), who may act and in which unit,
what must hold first, the official form it issues, and the effect (`effects.py`) that does
the work. `perform(dossier, action, actor, **params)` is the only way a dossier changes
state: it locks the dossier, checks the rule, runs the effect, and writes the dossier, the
rows of its control slip, its transition row and its audit event in one transaction. An
action that the table does not allow is refused with a message for people (ActionRefused).
Other apps react to a transition through `hooks.py`, called inside the same transaction.

docs/one-stop-lifecycle.md prints this table for staff and developers.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.models import Representation, Role
from motcua.accounts.roles import has_role
from motcua.agencies.models import Unit
from motcua.core import audit
from motcua.dossiers import conf, effects, hooks
from motcua.dossiers.actions import Action, OfficialForm
from motcua.dossiers.effects import CONSULTATION_ROLES, Context
from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.models import Dossier, DossierStep, StepPhase, Transition
from motcua.dossiers.states import FINISHED_STATES, OPEN_STATES, State
from motcua.dossiers.stats import record_finished_facts


class Where(models.TextChoices):
    """The unit in which an actor must hold one of the rule's roles."""

    RECEIVING = "receiving", gettext_lazy("the receiving unit")
    HOLDING = "holding", gettext_lazy("the unit holding the dossier")
    CONSULTED = "consulted", gettext_lazy("a unit consulted on the dossier")
    INVOLVED = "involved", gettext_lazy("a unit that had a step of the dossier")


# The applicant (or a representative of the applicant organisation) as an actor of a rule.
APPLICANT = "applicant"
LEADERS = frozenset({Role.DIVISION_LEADER, Role.AGENCY_LEADER})
DESK = frozenset({Role.RECEPTION_OFFICER})
SPECIALIST = frozenset({Role.SPECIALIST})


class Reading:
    """A dossier as the rules read it for one actor: the rows of its control slip, its
    apologies and whether the actor is its applicant are each read once, when a rule first
    asks (the rules of a state share one reading), or handed over by a caller that has read
    them already (the dossier's page shows them)."""

    def __init__(
        self,
        dossier: Dossier,
        actor: Any,
        *,
        steps: Iterable[DossierStep] | None = None,
        apology_count: int | None = None,
    ) -> None:
        self.dossier = dossier
        self.actor = actor
        if steps is not None:
            self.steps = list(steps)
        if apology_count is not None:
            self.apology_count = apology_count

    @cached_property
    def steps(self) -> list[DossierStep]:
        """The rows of the control slip, with their units."""
        return list(self.dossier.steps.select_related("unit"))

    @cached_property
    def apology_count(self) -> int:
        return self.dossier.apologies.count()

    @cached_property
    def actor_is_applicant(self) -> bool:
        return _is_applicant(self.dossier, self.actor)


Requirement = Callable[[Reading], str | None]


def assigned_to_actor(reading: Reading) -> str | None:
    if reading.dossier.assignee_id != getattr(reading.actor, "pk", None):
        return _("Only the specialist in charge of the dossier may do this.")
    return None


def apologies_left(reading: Reading) -> str | None:
    if reading.apology_count >= conf.max_apologies():
        return _("The dossier already has as many apologies as the rules allow.")
    return None


def has_appointment(reading: Reading) -> str | None:
    if reading.dossier.due_at is None:
        return _("The dossier has no appointment yet.")
    return None


def receiving_unit_has_code(reading: Reading) -> str | None:
    if not reading.dossier.receiving_unit.qcvn_code:
        return _("The receiving unit has no QCVN 102 code, so dossier codes cannot be given.")
    return None


@dataclass(frozen=True)
class Rule:
    state: State
    action: Action
    next_states: tuple[State, ...]
    # Roles (motcua.accounts.models.Role) and/or APPLICANT.
    actors: frozenset[str]
    where: Where
    effect: Callable[..., State | None]
    requires: tuple[Requirement, ...] = ()
    forms: tuple[OfficialForm, ...] = ()

    @property
    def next_state(self) -> State | None:
        """The next state when there is only one (the effect picks among several)."""
        return self.next_states[0] if len(self.next_states) == 1 else None


PROCESSING_STATES = (
    State.TRANSFERRED,
    State.IN_REVIEW,
    State.CONSULTING,
    State.SUPPLEMENT_IN_PROCESS,
    State.AWAITING_PAYMENT,
    State.AWAITING_DECISION,
    State.APPROVED,
)


# fmt: off
def _rules() -> list[Rule]:
    R = Rule
    rules = [
        # Intake.
        R(State.DRAFT, Action.SUBMIT, (State.SUBMITTED,), frozenset({APPLICANT}),
          Where.RECEIVING, effects.submit),
        R(State.SUBMITTED, Action.REQUEST_SUPPLEMENT, (State.SUPPLEMENT_AT_INTAKE,), DESK,
          Where.RECEIVING, effects.request_supplement,
          forms=(OfficialForm.SUPPLEMENT_REQUEST,)),
        R(State.SUPPLEMENT_AT_INTAKE, Action.SUPPLY_SUPPLEMENT, (State.SUBMITTED,),
          DESK | {APPLICANT}, Where.RECEIVING, effects.supply_supplement),
        R(State.SUBMITTED, Action.REFUSE, (State.REFUSED,), DESK, Where.RECEIVING,
          effects.refuse, forms=(OfficialForm.REFUSAL,)),
        R(State.SUBMITTED, Action.RECEIVE, (State.RECEIVED,), DESK, Where.RECEIVING,
          effects.receive, requires=(receiving_unit_has_code,),
          forms=(OfficialForm.RECEIPT, OfficialForm.REGISTER, OfficialForm.CONTROL_SLIP)),
        # Processing.
        R(State.RECEIVED, Action.TRANSFER, (State.TRANSFERRED,), DESK, Where.HOLDING,
          effects.transfer, forms=(OfficialForm.CONTROL_SLIP,)),
        R(State.TRANSFERRED, Action.ASSIGN, (State.IN_REVIEW,), LEADERS, Where.HOLDING,
          effects.assign),
        R(State.IN_REVIEW, Action.ASSIGN, (State.IN_REVIEW,), LEADERS, Where.HOLDING,
          effects.assign),
        R(State.TRANSFERRED, Action.SEND_BACK, (State.RECEIVED,), LEADERS | {Role.CLERK},
          Where.HOLDING, effects.send_back),
        R(State.IN_REVIEW, Action.SEND_BACK, (State.TRANSFERRED,), SPECIALIST, Where.HOLDING,
          effects.send_back, requires=(assigned_to_actor,)),
        R(State.AWAITING_DECISION, Action.SEND_BACK, (State.IN_REVIEW,), LEADERS,
          Where.HOLDING, effects.send_back),
        R(State.IN_REVIEW, Action.CONSULT, (State.CONSULTING,), SPECIALIST, Where.HOLDING,
          effects.consult, requires=(assigned_to_actor,),
          forms=(OfficialForm.CONTROL_SLIP,)),
        R(State.CONSULTING, Action.ANSWER_CONSULTATION, (State.CONSULTING, State.IN_REVIEW),
          CONSULTATION_ROLES, Where.CONSULTED, effects.answer_consultation,
          forms=(OfficialForm.CONTROL_SLIP,)),
        R(State.IN_REVIEW, Action.REQUEST_SUPPLEMENT, (State.SUPPLEMENT_IN_PROCESS,),
          SPECIALIST, Where.HOLDING, effects.request_supplement,
          requires=(assigned_to_actor,), forms=(OfficialForm.SUPPLEMENT_REQUEST,)),
        R(State.SUPPLEMENT_IN_PROCESS, Action.SUPPLY_SUPPLEMENT, (State.IN_REVIEW,),
          DESK | {APPLICANT}, Where.RECEIVING, effects.supply_supplement),
        R(State.IN_REVIEW, Action.REQUEST_PAYMENT, (State.AWAITING_PAYMENT,), SPECIALIST,
          Where.HOLDING, effects.request_payment, requires=(assigned_to_actor,)),
        R(State.AWAITING_PAYMENT, Action.RECORD_PAYMENT, (State.IN_REVIEW,), DESK,
          Where.RECEIVING, effects.record_payment),
        R(State.IN_REVIEW, Action.PROPOSE, (State.AWAITING_DECISION,), SPECIALIST,
          Where.HOLDING, effects.propose, requires=(assigned_to_actor,)),
        R(State.AWAITING_DECISION, Action.APPROVE, (State.APPROVED,), LEADERS, Where.HOLDING,
          effects.approve),
        R(State.AWAITING_DECISION, Action.REJECT, (State.REJECTED,), LEADERS, Where.HOLDING,
          effects.reject),
        R(State.APPROVED, Action.ISSUE_RESULT, (State.RESULT_READY,),
          LEADERS | {Role.CLERK}, Where.HOLDING, effects.issue_result,
          forms=(OfficialForm.CONTROL_SLIP,)),
        # Return.
        R(State.RESULT_READY, Action.RETURN_RESULT, (State.RETURNED,), DESK, Where.HOLDING,
          effects.return_result, forms=(OfficialForm.REGISTER,)),
        R(State.REJECTED, Action.RETURN_RESULT, (State.RETURNED,), DESK, Where.HOLDING,
          effects.return_result, forms=(OfficialForm.REGISTER,)),
        # Withdrawal and stop.
        R(State.WITHDRAWAL_REQUESTED, Action.STOP, (State.STOPPED,), LEADERS, Where.HOLDING,
          effects.stop, forms=(OfficialForm.STOP_NOTICE,)),
        R(State.WITHDRAWAL_REQUESTED, Action.REFUSE_WITHDRAWAL,
          (State.RECEIVED, *PROCESSING_STATES), LEADERS, Where.HOLDING,
          effects.refuse_withdrawal),
    ]
    for state in (State.DRAFT, State.SUBMITTED, State.SUPPLEMENT_AT_INTAKE):
        rules.append(R(state, Action.WITHDRAW, (State.CANCELLED,), frozenset({APPLICANT}),
                       Where.RECEIVING, effects.withdraw))
    for state in (State.SUBMITTED, State.SUPPLEMENT_AT_INTAKE):
        rules.append(R(state, Action.CANCEL, (State.CANCELLED,), DESK, Where.RECEIVING,
                       effects.cancel))
    for state in (State.RECEIVED, *PROCESSING_STATES):
        rules.append(R(state, Action.REQUEST_WITHDRAWAL, (State.WITHDRAWAL_REQUESTED,),
                       DESK | {APPLICANT}, Where.RECEIVING, effects.request_withdrawal))
    for state in (State.RECEIVED, *PROCESSING_STATES):
        rules.append(R(state, Action.STOP, (State.STOPPED,), LEADERS, Where.HOLDING,
                       effects.stop, forms=(OfficialForm.STOP_NOTICE,)))
    for state in sorted(OPEN_STATES):
        rules.append(R(state, Action.APOLOGISE, (state,), LEADERS, Where.INVOLVED,
                       effects.apologise, requires=(has_appointment, apologies_left),
                       forms=(OfficialForm.APOLOGY,)))
    return rules
# fmt: on


TRANSITIONS: dict[tuple[State, Action], Rule] = {
    (rule.state, rule.action): rule for rule in _rules()
}


# How a new dossier starts: a draft the applicant keeps, or a submission waiting for the
# check (online, or entered by an officer at the desk or from the post).
INITIAL_STATES = {State.DRAFT: Action.SAVE_DRAFT, State.SUBMITTED: Action.SUBMIT}


def begin(
    dossier: Dossier, state: State, actor: Any, now: datetime.datetime | None = None
) -> Dossier:
    """Save a new dossier in its first state, with its transition row and audit event (in
    the caller's transaction)."""
    action = INITIAL_STATES[state]
    moment = now or timezone.now()
    dossier.state = state
    if state == State.SUBMITTED:
        dossier.submitted_at = moment
    dossier.save()
    Transition.objects.create(
        dossier=dossier,
        action=action,
        to_state=state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=moment,
    )
    audit.record(f"dossier.{action.value}", dossier, actor=actor, data={"to": state})
    return dossier


@dataclass(frozen=True)
class Outcome:
    """What `perform` did: the dossier as saved, its transition row, the forms to print,
    and (at receipt only) the lookup secret to print on the receipt, never stored."""

    dossier: Dossier
    transition: Transition
    forms: tuple[OfficialForm, ...]
    lookup_secret: str = ""


def _is_applicant(dossier: Dossier, actor: Any) -> bool:
    if not getattr(actor, "is_authenticated", False):
        return False
    if dossier.applicant_id is not None and dossier.applicant_id == actor.pk:
        return True
    return (
        dossier.organisation_id is not None
        and Representation.objects.filter(
            user=actor.pk, organisation=dossier.organisation_id
        ).exists()
    )


def _acting_units(reading: Reading, where: Where) -> list[Unit]:
    dossier = reading.dossier
    if where == Where.RECEIVING:
        return [dossier.receiving_unit]
    if where == Where.HOLDING:
        return [dossier.holding_unit]
    steps = reading.steps
    if where == Where.CONSULTED:
        steps = [step for step in steps if step.phase == StepPhase.CONSULTATION and step.is_open]
    return list({step.unit_id: step.unit for step in steps}.values())


def _may_act(rule: Rule, reading: Reading) -> bool:
    actor = reading.actor
    if APPLICANT in rule.actors and reading.actor_is_applicant:
        return True
    roles = [role for role in rule.actors if role != APPLICANT]
    # Holding none of the roles anywhere, the actor holds none in the acting units either:
    # no need to read which units those are.
    if not any(has_role(actor, role) for role in roles):
        return False
    return any(
        has_role(actor, role, unit) for unit in _acting_units(reading, rule.where) for role in roles
    )


def _refusal(rule: Rule, reading: Reading) -> ActionRefused | None:
    """Why the reading's actor may not apply `rule` to its dossier now, or None."""
    if not _may_act(rule, reading):
        return ActionRefused(
            _("You may not “%(action)s” on this dossier.") % {"action": rule.action.label},
            "forbidden",
        )
    for requirement in rule.requires:
        problem = requirement(reading)
        if problem:
            return ActionRefused(problem, "requirement")
    return None


def rule_for(dossier: Dossier, action: Action | str) -> Rule:
    """The rule for `action` in the dossier's state; ActionRefused if there is none."""
    try:
        chosen = Action(action)
    except ValueError:
        raise ActionRefused(_("Unknown action."), "unknown_action") from None
    rule = TRANSITIONS.get((State(dossier.state), chosen))
    if rule is None:
        raise ActionRefused(
            _("“%(action)s” is not possible while the dossier is “%(state)s”.")
            % {"state": State(dossier.state).label, "action": chosen.label},
            "illegal_transition",
        )
    return rule


def available_actions(
    dossier: Dossier,
    actor: Any,
    *,
    steps: Iterable[DossierStep] | None = None,
    apology_count: int | None = None,
) -> list[Action]:
    """The actions `actor` may take on the dossier now (for buttons; `perform` still checks
    the parameters). A caller that has read the rows of the control slip (with their units)
    or counted the apologies passes them, so the rules do not read them again."""
    state = State(dossier.state)
    reading = Reading(dossier, actor, steps=steps, apology_count=apology_count)
    return [
        rule.action
        for (rule_state, _action), rule in TRANSITIONS.items()
        if rule_state == state and _refusal(rule, reading) is None
    ]


def perform(
    dossier: Dossier,
    action: Action | str,
    actor: Any,
    *,
    now: datetime.datetime | None = None,
    **params: Any,
) -> Outcome:
    """Perform `action` on `dossier` as `actor`, with the action's parameters (see the
    effect of the same name in effects.py). Raises ActionRefused with a message for people;
    the dossier object passed in is refreshed from the database afterwards."""
    moment = now or timezone.now()
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("receiving_unit", "holding_unit", "procedure_version")
            .get(pk=dossier.pk)
        )
        rule = rule_for(locked, action)
        refusal = _refusal(rule, Reading(locked, actor))
        if refusal is not None:
            raise refusal
        context = Context(dossier=locked, actor=actor, now=moment)
        next_state = rule.effect(context, **params) or rule.next_state
        if next_state not in rule.next_states:
            raise RuntimeError(f"{rule.action} led to {next_state}, not {rule.next_states}.")
        from_state = locked.state
        locked.state = next_state
        finishing = next_state in FINISHED_STATES and locked.finished_at is None
        if finishing:
            locked.finished_at = moment
        locked.save()
        transition = Transition.objects.create(
            dossier=locked,
            action=rule.action,
            from_state=from_state,
            to_state=next_state,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            at=moment,
            note=context.note,
            data=_json_ready(context.details),
        )
        if finishing:
            record_finished_facts(Dossier.objects.filter(pk=locked.pk))
        audit.record(
            f"dossier.{rule.action.value}",
            locked,
            actor=actor,
            data={"from": from_state, "to": next_state, **context.details},
        )
        hooks.transition_performed(
            hooks.TransitionEvent(
                dossier=locked,
                transition=transition,
                actor=actor,
                lookup_secret=context.lookup_secret,
                details=context.details,
            )
        )
    dossier.refresh_from_db()
    return Outcome(locked, transition, rule.forms, context.lookup_secret)


def _json_ready(details: dict[str, Any]) -> dict[str, Any]:
    """Details as JSON can store them (moments as ISO text)."""
    return {
        key: value.isoformat() if isinstance(value, datetime.datetime) else value
        for key, value in details.items()
    }
