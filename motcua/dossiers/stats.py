"""Statistics of dossier handling per unit (with its subtree) and period, counted by the rules
of the domain specification §4.4, all in one SQL aggregate query (docs/statistics.md).

Which dossiers a unit counts: those whose lead processing unit (cơ quan chủ trì giải quyết,
`Dossier.processing_unit`) is the unit or a unit below it, received (given a code) before the
period ends and not finished before it starts. Each such dossier is counted exactly once by
where it comes from and once by where it stands:

- origin: carried over (received before the period, still open when it starts), or newly
  received in the period at the desk, online or by post;
- outcome: processing ended in the period (§4.4's end of processing, `finished_at`) with the
  result issued (resolved early, on time or late), with a rejection on the merits returned
  to the applicant (returned), stopped at the applicant's request (withdrawn) or stopped for
  another reason (stopped); or still open at the end of the period (in progress on time or
  overdue).

So `carried_over + received_total == resolved_total + returned + withdrawn + stopped +
in_progress_total` always holds.

Early / on time / late compare the end of processing with the appointment to the minute,
as `motcua.worktime.engine.classify` does (a test checks that the SQL agrees with it). The
appointment is the one in force before any apology (the apology's "previous appointment"):
an apology admits the delay, its new date does not make the dossier on time. Supplement time
is already excluded, since supplying a supplement moves the appointment by the working time
it took. A dossier that got more than one supplement request during processing counts as
late (the QĐ 766 rule). An open dossier waiting for a supplement (or a payment that stops
the clock) at the end of the period is judged at the moment the wait began.

What cannot change once processing has ended (the outcome, the appointment judged against,
the number of supplement requests) is stored on the dossier when it ends
(`record_finished_facts`), so the query reads it instead of the dossier's history; whether
an open dossier is overdue is always judged at query time.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMinute
from django.db.models.lookups import GreaterThan, LessThan, StartsWith
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Role, StaffMembership
from motcua.accounts.scoping import reachable_units
from motcua.agencies.models import Unit, UnitKind
from motcua.agencies.queries import subtree_ids, unit_by_qcvn_code
from motcua.core.recent import recent
from motcua.dossiers.actions import Action
from motcua.dossiers.models import Apology, Dossier, Pause, PauseKind, Transition
from motcua.dossiers.states import State
from motcua.worktime.engine import VN_TZ
from motcua.worktime.limits import Channel

# Where a dossier comes from (the origin dimension).
CARRIED_OVER = "carried_over"
ORIGINS = (CARRIED_OVER, Channel.DESK.value, Channel.ONLINE.value, Channel.POST.value)

# Where it stands at the end of the period (the outcome dimension).
RESOLVED_EARLY = "resolved_early"
RESOLVED_ON_TIME = "resolved_on_time"
RESOLVED_LATE = "resolved_late"
# Finished by the appointment, late only because of repeated supplement requests.
RESOLVED_LATE_SUPPLEMENTS = "resolved_late_supplements"
RETURNED = "returned"
WITHDRAWN = "withdrawn"
STOPPED = "stopped"
IN_PROGRESS_ON_TIME = "in_progress_on_time"
IN_PROGRESS_OVERDUE = "in_progress_overdue"
OUTCOMES = (
    RESOLVED_EARLY,
    RESOLVED_ON_TIME,
    RESOLVED_LATE,
    RESOLVED_LATE_SUPPLEMENTS,
    RETURNED,
    WITHDRAWN,
    STOPPED,
    IN_PROGRESS_ON_TIME,
    IN_PROGRESS_OVERDUE,
)

# More supplement requests during processing than this make a dossier late (QĐ 766).
MAX_SUPPLEMENT_REQUESTS_ON_TIME = 1
# The longest period asked at once (a year, leap years included).
MAX_PERIOD_DAYS = 366


@dataclass(frozen=True)
class Period:
    """Whole days in Vietnam time, `first` to `last` inclusive."""

    first: datetime.date
    last: datetime.date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("The period ends before it starts.")

    @property
    def start(self) -> datetime.datetime:
        return datetime.datetime.combine(self.first, datetime.time(), tzinfo=VN_TZ)

    @property
    def end(self) -> datetime.datetime:
        """The first moment after the period."""
        following = self.last + datetime.timedelta(days=1)
        return datetime.datetime.combine(following, datetime.time(), tzinfo=VN_TZ)


@dataclass
class DossierCounts:
    """The figures of one unit (with its subtree) for one period."""

    carried_over: int = 0
    received_desk: int = 0
    received_online: int = 0
    received_post: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    # Every late dossier, those late only because of repeated supplement requests included.
    resolved_late: int = 0
    resolved_late_repeated_supplements: int = 0
    returned: int = 0
    withdrawn: int = 0
    stopped: int = 0
    in_progress_on_time: int = 0
    in_progress_overdue: int = 0

    @property
    def received_total(self) -> int:
        """Newly received in the period, all channels."""
        return self.received_desk + self.received_online + self.received_post

    @property
    def total(self) -> int:
        """Carried over and newly received: every dossier the unit had to handle."""
        return self.carried_over + self.received_total

    @property
    def resolved_total(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def in_progress_total(self) -> int:
        return self.in_progress_on_time + self.in_progress_overdue

    @property
    def on_time_rate(self) -> Decimal | None:
        """Resolved early or on time, in percent of the resolved (two decimals); None when
        nothing was resolved."""
        if not self.resolved_total:
            return None
        rate = Decimal(100 * (self.resolved_early + self.resolved_on_time)) / self.resolved_total
        return rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def add(self, origin: str, outcome: str, count: int) -> None:
        if origin == CARRIED_OVER:
            self.carried_over += count
        else:
            name = f"received_{origin}"
            setattr(self, name, getattr(self, name) + count)
        if outcome == RESOLVED_LATE_SUPPLEMENTS:
            self.resolved_late += count
            self.resolved_late_repeated_supplements += count
        else:
            setattr(self, outcome, getattr(self, outcome) + count)

    def as_dict(self) -> dict[str, Any]:
        """Every figure under its English key, the derived ones included."""
        stored = {item.name: getattr(self, item.name) for item in fields(self)}
        return {
            **stored,
            "received_total": self.received_total,
            "total": self.total,
            "resolved_total": self.resolved_total,
            "in_progress_total": self.in_progress_total,
            "on_time_rate": self.on_time_rate,
        }


@dataclass
class UnitStatistics:
    """A unit's figures, and those of each unit directly below it (its own dossiers under
    `own`, those of each child's subtree under the child)."""

    unit: Unit
    period: Period
    counts: DossierCounts
    own: DossierCounts
    children: list[tuple[Unit, DossierCounts]] = field(default_factory=list)


def province_root() -> Unit | None:
    """The province's unit: the top of the tree (the provincial People's Committee first)."""
    roots = Unit.objects.filter(parent__isnull=True).current()
    committee = roots.filter(kind=UnitKind.PROVINCE_COMMITTEE).order_by("path").first()
    return committee or roots.order_by("path").first()


# Who reads the statistics in the back-office: leaders for their units, supervisors (and
# system administrators) for their subtrees.
STATISTICS_ROLES = frozenset(
    {Role.AGENCY_LEADER, Role.DIVISION_LEADER, Role.SUPERVISOR, Role.SYSTEM_ADMINISTRATOR}
)


def statistics_units(user: Any) -> QuerySet[Unit]:
    """The units whose statistics `user` may open in the back-office, in tree order: the
    units they reach (`accounts.scoping.reachable_units`) at or below a unit where they
    hold a role of STATISTICS_ROLES; every unit for a superuser."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.order_by("path")
    leads = StaffMembership.objects.filter(
        StartsWith(OuterRef("path"), F("unit__path")),
        user=user.pk,
        is_active=True,
        role__in=STATISTICS_ROLES,
    )
    return reachable_units(user).filter(Exists(leads)).order_by("path")


def period_problem(first: datetime.date, last: datetime.date) -> str | None:
    """Why `first`..`last` cannot be a period of the statistics, for a person; None if it can."""
    if last < first:
        return _("The period ends before it starts: choose an end date on or after the start date.")
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        return _("A period covers at most %(days)d days: ask for a longer one in parts.") % {
            "days": MAX_PERIOD_DAYS
        }
    return None


def unit_for_code(code: str | None) -> Unit | None:
    """The unit with this QCVN 102 code, or the province's unit when the code is blank."""
    if not (code or "").strip():
        return province_root()
    return unit_by_qcvn_code(code or "")


def _appointment() -> Coalesce:
    """The appointment the dossier is judged by: the one before its first apology, or the
    current one (moved by supplements) when there was none."""
    first_apology = Apology.objects.filter(dossier=OuterRef("pk")).order_by("issued_at", "pk")
    return Coalesce(
        Subquery(first_apology.values("old_due_at")[:1]),
        F("due_at"),
        output_field=DateTimeField(),
    )


def _repeated_supplements() -> Q:
    second = Pause.objects.filter(
        dossier=OuterRef("pk"), kind=PauseKind.SUPPLEMENT_IN_PROCESS
    ).order_by("started_at", "pk")[MAX_SUPPLEMENT_REQUESTS_ON_TIME:]
    return Q(Exists(second))


def _supplement_requests() -> Coalesce:
    requests = (
        Pause.objects.filter(dossier=OuterRef("pk"), kind=PauseKind.SUPPLEMENT_IN_PROCESS)
        .order_by()
        .values("dossier")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(requests), Value(0))


def _finished_outcome() -> Case:
    """The outcome of a finished dossier, from its history (transitions, apologies, pauses):
    it never changes once processing has ended."""
    appointment = TruncMinute(_appointment(), output_field=DateTimeField())
    ended = TruncMinute("finished_at", output_field=DateTimeField())
    rejected = Transition.objects.filter(dossier=OuterRef("pk"), to_state=State.REJECTED)
    withdrawn = Transition.objects.filter(
        dossier=OuterRef("pk"), action=Action.STOP, from_state=State.WITHDRAWAL_REQUESTED
    )
    return Case(
        When(Q(state=State.STOPPED) & Q(Exists(withdrawn)), then=Value(WITHDRAWN)),
        When(state=State.STOPPED, then=Value(STOPPED)),
        When(Exists(rejected), then=Value(RETURNED)),
        When(GreaterThan(ended, appointment), then=Value(RESOLVED_LATE)),
        When(_repeated_supplements(), then=Value(RESOLVED_LATE_SUPPLEMENTS)),
        When(LessThan(ended, appointment), then=Value(RESOLVED_EARLY)),
        default=Value(RESOLVED_ON_TIME),
        output_field=CharField(),
    )


def record_finished_facts(dossiers: QuerySet[Dossier]) -> int:
    """Store on each finished dossier of `dossiers` the facts the statistics read
    (`finish_outcome`, `judged_due_at`, `supplement_requests`), computed from its history in
    one UPDATE; the number of dossiers updated. Called in the transaction that ends
    processing and by the migration that added the fields (the history loader writes the same
    facts with its rows, and its tests check them against this rule)."""
    return dossiers.filter(finished_at__isnull=False).update(
        finish_outcome=_finished_outcome(),
        judged_due_at=_appointment(),
        supplement_requests=_supplement_requests(),
    )


def _overdue_at_end(period: Period, now: datetime.datetime) -> Q:
    """For a dossier open at the end of the period: judged there (or now, or when its wait
    for the applicant began) after its appointment, the stored one if it has finished since."""
    end = period.end
    moment = min(end, now)
    appointment = TruncMinute(
        Coalesce(F("judged_due_at"), _appointment(), output_field=DateTimeField()),
        output_field=DateTimeField(),
    )
    waiting_since = Pause.objects.filter(
        dossier=OuterRef("pk"), stops_clock=True, started_at__lt=end
    ).filter(Q(ended_at__isnull=True) | Q(ended_at__gte=end))
    judged_at = TruncMinute(
        Coalesce(
            Subquery(waiting_since.order_by("-started_at").values("started_at")[:1]),
            Value(moment),
            output_field=DateTimeField(),
        ),
        output_field=DateTimeField(),
    )
    return Q(GreaterThan(judged_at, appointment))


def counted(
    dossiers: QuerySet[Dossier], units: Iterable[Unit], period: Period
) -> QuerySet[Dossier]:
    """The dossiers the units (with their subtrees) count for the period (see the module)."""
    return dossiers.filter(
        processing_unit__in=subtree_ids(*units),
        received_at__lt=period.end,
    ).filter(Q(finished_at__isnull=True) | Q(finished_at__gte=period.start))


def _tallies(period: Period, now: datetime.datetime) -> dict[str, Count]:
    """Per group: finished in the period, open at its end, and of those overdue, each for
    the carried-over dossiers and for those received in the period."""
    finished = Q(finished_at__lt=period.end)
    open_at_end = Q(finished_at__isnull=True) | Q(finished_at__gte=period.end)
    overdue = _overdue_at_end(period, now)
    tallies = {}
    for name, origin in (
        ("carried", Q(received_at__lt=period.start)),
        ("received", Q(received_at__gte=period.start)),
    ):
        tallies[f"{name}_finished"] = Count("pk", filter=origin & finished)
        tallies[f"{name}_open"] = Count("pk", filter=origin & open_at_end)
        tallies[f"{name}_overdue"] = Count("pk", filter=origin & open_at_end & overdue)
    return tallies


def grouped_counts(
    unit: Unit,
    period: Period,
    *,
    by_unit: bool = False,
    now: datetime.datetime | None = None,
) -> list[dict[str, Any]]:
    """One SQL query: the number of dossiers per (origin, outcome), and per processing unit
    when `by_unit`, as rows with the keys `origin`, `outcome`, `count` (and
    `processing_unit`).

    The query groups by plain columns (processing unit, channel, stored outcome), so that
    PostgreSQL estimates the groups well and aggregates them in a hash table, and counts
    origins and open dossiers with `FILTER`; only the dossiers open at the end of the period
    are judged row by row (a few indexed look-ups each). A finished dossier whose outcome
    was never stored is grouped by the outcome computed from its history, in a second part
    of the same query that reads only such dossiers (a partial index keeps them).

    Without `now`, the figures may be up to MOTCUA_STATISTICS_FRESH_SECONDS old (default 60;
    0 computes every time): many people asking for the same unit and period share one query
    (`core.recent`)."""
    fresh_for = settings.MOTCUA_STATISTICS_FRESH_SECONDS
    if now is not None or fresh_for <= 0:
        return _grouped_counts(unit, period, by_unit=by_unit, now=now)
    key = f"stats:grouped:{unit.pk}:{period.first}:{period.last}:{int(by_unit)}"
    return recent(key, lambda: _grouped_counts(unit, period, by_unit=by_unit), fresh_for=fresh_for)


def _grouped_counts(
    unit: Unit, period: Period, *, by_unit: bool, now: datetime.datetime | None = None
) -> list[dict[str, Any]]:
    moment = now or timezone.now()
    dossiers = counted(Dossier.objects.all(), [unit], period).order_by()
    units = ["processing_unit"] if by_unit else []
    tallies = _tallies(period, moment)
    stored = dossiers.values(*units, "channel", "finish_outcome").annotate(**tallies)
    missing = (
        dossiers.filter(finished_at__isnull=False, finish_outcome__isnull=True)
        .filter(finished_at__lt=period.end)
        .annotate(computed=_finished_outcome())
        .values(*units, "channel", "computed")
        .annotate(**tallies)
    )
    totals: dict[tuple[Any, ...], int] = {}

    def add(unit_id: Any, origin: str, outcome: str, count: int) -> None:
        if count:
            key = (unit_id, origin, outcome)
            totals[key] = totals.get(key, 0) + count

    for row in stored.union(missing, all=True):
        unit_id = row.get("processing_unit")
        for name, origin in (("carried", CARRIED_OVER), ("received", row["channel"])):
            if row["finish_outcome"] is not None:
                add(unit_id, origin, row["finish_outcome"], row[f"{name}_finished"])
            overdue = row[f"{name}_overdue"]
            add(unit_id, origin, IN_PROGRESS_OVERDUE, overdue)
            add(unit_id, origin, IN_PROGRESS_ON_TIME, row[f"{name}_open"] - overdue)
    return [
        {**({"processing_unit": unit_id} if by_unit else {}), "origin": o, "outcome": c, "count": n}
        for (unit_id, o, c), n in totals.items()
    ]


def dossier_counts(
    unit: Unit, period: Period, *, now: datetime.datetime | None = None
) -> DossierCounts:
    """The unit's figures (its subtree included) for the period: one query."""
    counts = DossierCounts()
    for row in grouped_counts(unit, period, now=now):
        counts.add(row["origin"], row["outcome"], row["count"])
    return counts


def unit_statistics(
    unit: Unit, period: Period, *, now: datetime.datetime | None = None
) -> UnitStatistics:
    """The unit's figures with a line per unit directly below it: two queries (the units of
    the subtree, the counts per processing unit, which are then added up by child: a loop
    over at most (units, origins, outcomes) rows, never over dossiers)."""
    subtree = list(Unit.objects.subtree_of(unit).order_by("path"))
    children = [child for child in subtree if child.parent_id == unit.pk]
    by_child: dict[int, DossierCounts] = {child.pk: DossierCounts() for child in children}
    # Each unit of the subtree to the counts of the child it lies under (or the unit's own).
    own, total = DossierCounts(), DossierCounts()
    target_of: dict[int, DossierCounts] = {unit.pk: own}
    for member in subtree:
        for child in children:
            if member.path.startswith(child.path):
                target_of[member.pk] = by_child[child.pk]
                break
    for row in grouped_counts(unit, period, by_unit=True, now=now):
        target_of.get(row["processing_unit"], own).add(row["origin"], row["outcome"], row["count"])
        total.add(row["origin"], row["outcome"], row["count"])
    shown = [
        (child, by_child[child.pk])
        for child in children
        if by_child[child.pk].total or child.valid_to is None
    ]
    return UnitStatistics(unit=unit, period=period, counts=total, own=own, children=shown)
