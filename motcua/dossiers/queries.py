"""Reads of dossiers: what each person may reach, the inboxes, the derived deadline status
("due soon", "overdue", computed in the query from the appointment and the clock, never
stored), the control slip, the timeline and the public lookup.

Who reaches which dossier (`dossiers_for`):
- staff: dossiers held by or received at a unit of theirs (supervisors: any unit of their
  subtree), and dossiers in which a unit of theirs has a row of the control slip (a
  consulted agency); never a draft;
- citizens: their own dossiers and those of the organisations they represent.
"""

import datetime
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from motcua.accounts.models import UserKind
from motcua.accounts.scoping import reachable_units, scoped
from motcua.accounts.validators import normalize_phone
from motcua.dossiers import conf, numbering, timing
from motcua.dossiers.models import Dossier, DossierStep, Pause, StepPhase, Transition
from motcua.dossiers.states import OPEN_STATES, State

LIST_RELATIONS = ("procedure_version", "receiving_unit", "holding_unit", "assignee")


def dossiers_for(user: Any) -> QuerySet[Dossier]:
    """Every dossier `user` may reach (see the module's documentation)."""
    dossiers = Dossier.objects.all()
    own = scoped(
        dossiers,
        user,
        unit_fields=("holding_unit", "receiving_unit"),
        owner_fields=("applicant", "organisation"),
    )
    if getattr(user, "kind", None) != UserKind.STAFF:
        return own
    with_step = scoped(
        DossierStep.objects.filter(dossier=OuterRef("pk")), user, unit_fields=("unit",)
    )
    return (own | dossiers.filter(Exists(with_step))).exclude(state=State.DRAFT)


def clock_stopped() -> Exists:
    """Whether a dossier has an open pause that stops its clock (a supplement, a payment)."""
    return Exists(
        Pause.objects.filter(dossier=OuterRef("pk"), ended_at__isnull=True, stops_clock=True)
    )


def _clock_runs() -> Q:
    return Q(state__in=OPEN_STATES) & ~Q(clock_stopped())


def overdue_condition(now: datetime.datetime) -> Q:
    """Open, its clock running, and its appointment passed."""
    return _clock_runs() & Q(due_at__lt=now)


def due_soon_condition(now: datetime.datetime, working_hours: int | None = None) -> Q:
    """Open, its clock running, and its appointment within the next `working_hours`
    (default MOTCUA_DUE_SOON_WORKING_HOURS) working hours."""
    hours = conf.due_soon_working_hours() if working_hours is None else working_hours
    limit = timing.due_soon_limit(now, hours)
    return _clock_runs() & Q(due_at__gte=now, due_at__lte=limit)


def _step_clock_runs() -> Q:
    """An open row of the control slip with a due moment, of a dossier whose clock runs."""
    stopped = Pause.objects.filter(
        dossier=OuterRef("dossier"), ended_at__isnull=True, stops_clock=True
    )
    return (
        Q(given_at__isnull=False, finished_at__isnull=True, due_at__isnull=False)
        & Q(dossier__state__in=OPEN_STATES)
        & ~Q(Exists(stopped))
    )


def step_overdue_condition(now: datetime.datetime) -> Q:
    """For DossierStep: open, its dossier's clock running, and its due moment passed."""
    return _step_clock_runs() & Q(due_at__lt=now)


def step_due_soon_condition(now: datetime.datetime, working_hours: int) -> Q:
    """For DossierStep: open, its dossier's clock running, and its due moment within the
    next `working_hours` working hours."""
    limit = timing.due_soon_limit(now, working_hours)
    return _step_clock_runs() & Q(due_at__gte=now, due_at__lte=limit)


def with_deadline_status(
    dossiers: QuerySet[Dossier], now: datetime.datetime | None = None
) -> QuerySet[Dossier]:
    """Annotate `is_overdue` and `is_due_soon` (booleans computed by the database)."""
    moment = now or timezone.now()
    return dossiers.annotate(
        is_overdue=Case(
            When(overdue_condition(moment), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        is_due_soon=Case(
            When(due_soon_condition(moment), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def deadline_status(
    dossier: Dossier, pauses: Iterable[Pause], now: datetime.datetime | None = None
) -> tuple[bool, bool]:
    """(`is_overdue`, `is_due_soon`) of one dossier whose pauses are already read: the
    conditions of `with_deadline_status` written for one row, for a page that shows one
    dossier (building the annotation's SQL costs more than the page's other queries). A test
    checks that both give the same answer."""
    moment = now or timezone.now()
    stopped = any(pause.ended_at is None and pause.stops_clock for pause in pauses)
    return DeadlineClock(moment).status(dossier.state, dossier.due_at, stopped)


class DeadlineClock:
    """`overdue_condition` and `due_soon_condition` at one moment, for rows already read:
    the limit of "due soon" is computed once (on first need) for every row asked about."""

    def __init__(self, now: datetime.datetime) -> None:
        self.now = now
        self._soon_limit: datetime.datetime | None = None

    def status(
        self, state: str, due_at: datetime.datetime | None, stopped: bool
    ) -> tuple[bool, bool]:
        """(`is_overdue`, `is_due_soon`) of a dossier in `state` with the appointment
        `due_at`, its clock stopped by an open pause or not."""
        if stopped or due_at is None or state not in OPEN_STATES:
            return False, False
        if due_at < self.now:
            return True, False
        if self._soon_limit is None:
            self._soon_limit = timing.due_soon_limit(self.now, conf.due_soon_working_hours())
        return False, due_at <= self._soon_limit


def overdue(dossiers: QuerySet[Dossier], now: datetime.datetime | None = None) -> QuerySet[Dossier]:
    return dossiers.filter(overdue_condition(now or timezone.now()))


def due_soon(
    dossiers: QuerySet[Dossier], now: datetime.datetime | None = None
) -> QuerySet[Dossier]:
    return dossiers.filter(due_soon_condition(now or timezone.now()))


# Not yet received or already decided, but still waiting for the desk.
WAITING_AT_DESK = (
    State.SUBMITTED,
    State.SUPPLEMENT_AT_INTAKE,
    State.REJECTED,
    State.RESULT_READY,
)


def inbox(user: Any, now: datetime.datetime | None = None) -> QuerySet[Dossier]:
    """The dossiers waiting for a unit of a member of staff: held there and not finished,
    or with an open consultation there; the nearest appointment first, with the deadline
    status annotated and what a list shows joined in."""
    units = reachable_units(user).values("pk")
    consulted = DossierStep.objects.filter(
        dossier=OuterRef("pk"),
        phase=StepPhase.CONSULTATION,
        unit__in=units,
        given_at__isnull=False,
        finished_at__isnull=True,
    )
    waiting = Q(holding_unit__in=units) & Q(state__in=[*OPEN_STATES, *WAITING_AT_DESK])
    dossiers = dossiers_for(user).filter(waiting | Q(Exists(consulted)))
    return (
        with_deadline_status(dossiers, now)
        .select_related(*LIST_RELATIONS)
        .order_by("due_at", "submitted_at", "pk")
    )


def my_dossiers(user: Any) -> QuerySet[Dossier]:
    """A citizen's dossiers ("Hồ sơ của tôi"), drafts included, newest first."""
    return (
        dossiers_for(user)
        .select_related("procedure_version", "receiving_unit")
        .order_by("-created_at", "-pk")
    )


def control_slip(dossier: Dossier) -> QuerySet[DossierStep]:
    """The rows of the control slip in order, with the names the slip prints."""
    return dossier.steps.select_related(
        "unit", "from_unit", "given_by", "received_by", "finished_by", "process_step"
    ).order_by("order")


def timeline(dossier: Dossier) -> QuerySet[Transition]:
    return dossier.transitions.select_related("actor").order_by("at", "pk")


@dataclass(frozen=True)
class PublicStatus:
    """What the public lookup shows of a dossier: its status and appointment, nothing about
    the applicant."""

    code: str
    procedure_code: str
    procedure_name: str
    receiving_unit_name: str
    state: str
    submitted_at: datetime.datetime | None
    received_at: datetime.datetime | None
    due_at: datetime.datetime | None
    returned_at: datetime.datetime | None

    @property
    def state_display(self) -> str:
        return str(State(self.state).label)

    @property
    def national_status(self) -> int | None:
        return State(self.state).national_code


def public_lookup(code: str, *, phone: str = "", secret: str = "") -> PublicStatus | None:
    """The status of the dossier with this code, if the phone number on it or its lookup
    secret is given correctly (both compared in constant time); None otherwise, whatever was
    wrong. One query reading only the columns shown: the lookup is the most frequent public
    request (docs/performance.md)."""
    # The code is unique: no ordering (first() would add one) for the planner to consider.
    rows = Dossier.objects.filter(code=code.strip().upper()).values_list(
        "applicant_phone",
        "lookup_secret_hash",
        "code",
        "procedure_version__procedure__code",
        "procedure_version__name",
        "receiving_unit__name",
        "state",
        "submitted_at",
        "received_at",
        "due_at",
        "returned_at",
    )[:1]
    row = next(iter(rows), None)
    if row is None:
        return None
    stored_phone, secret_hash, *shown = row
    if phone.strip():
        typed = normalize_phone(phone).encode()
        stored = normalize_phone(stored_phone).encode()
        matches = bool(stored) and hmac.compare_digest(typed, stored)
    else:
        matches = numbering.secret_matches(secret, secret_hash)
    return PublicStatus(*shown) if matches else None  # type: ignore[arg-type]
