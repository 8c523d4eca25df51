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
import enum
import hmac
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]
from django.utils import timezone

from motcua.accounts.models import UserKind
from motcua.accounts.scoping import reachable_units, scoped
from motcua.accounts.validators import normalize_phone
from motcua.catalog.models import Component
from motcua.core.cache import remembered_seconds
from motcua.dossiers import conf, numbering, timing
from motcua.dossiers.models import (
    Apology,
    Dossier,
    DossierFile,
    DossierStep,
    Pause,
    StepPhase,
    Transition,
)
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
    the limit of "due soon" is computed once (on first need, unless given) for every row
    asked about."""

    def __init__(self, now: datetime.datetime, soon_limit: datetime.datetime | None = None) -> None:
        self.now = now
        self._soon_limit = soon_limit

    def status(
        self, state: str, due_at: datetime.datetime | None, stopped: bool
    ) -> tuple[bool, bool]:
        """(`is_overdue`, `is_due_soon`) of a dossier in `state` with the appointment
        `due_at`, its clock stopped by an open pause or not."""
        if stopped or due_at is None or state not in OPEN_STATES:
            return False, False
        if due_at < self.now:
            return True, False
        return False, due_at <= self.soon_limit()

    def soon_limit(self) -> datetime.datetime:
        """The last appointment that is "due soon" at this moment."""
        if self._soon_limit is None:
            self._soon_limit = timing.due_soon_limit(self.now, conf.due_soon_working_hours())
        return self._soon_limit


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


CONTROL_SLIP_ORDER = ("order",)
TIMELINE_ORDER = ("at", "pk")


def control_slip(dossier: Dossier) -> QuerySet[DossierStep]:
    """The rows of the control slip in order, with the names the slip prints."""
    return dossier.steps.select_related(
        "unit", "from_unit", "given_by", "received_by", "finished_by", "process_step"
    ).order_by(*CONTROL_SLIP_ORDER)


def timeline(dossier: Dossier) -> QuerySet[Transition]:
    return dossier.transitions.select_related("actor").order_by(*TIMELINE_ORDER)


M = TypeVar("M", bound=Model)
Converters = list[tuple[int, list[Callable[..., Any]], Any]]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    converters: Converters
    own_columns: slice
    populators: list[Any]  # django.db.models.query.RelatedPopulator


class RowsOf(Generic[M]):
    """The rows of `model` whose field `key` (a foreign key, "pk", a unique field) has a
    given value, or one of given values, in `order`, with the `related` objects joined: the
    same rows as `model.objects.filter(key=value).select_related(*related).order_by(*order)`,
    by SQL that Django compiles once per database connection (and number of values).
    Building a queryset's SQL and its objects costs Django ~1 ms of CPU, five times running
    the query; a page that shows one dossier reads several such lists (docs/performance.md).
    The query still goes through Django's cursor: counted by the tests, logged in debug."""

    def __init__(
        self,
        model: type[M],
        key: str,
        order: tuple[str, ...] = (),
        related: tuple[str, ...] = (),
    ) -> None:
        self.model = model
        self.key = key
        self.order = order
        self.related = related
        self.names = [field.attname for field in model._meta.concrete_fields]
        self._compiled: weakref.WeakKeyDictionary[BaseDatabaseWrapper, dict[int, _Compiled]] = (
            weakref.WeakKeyDictionary()
        )

    def of(self, value: Any, using: str = DEFAULT_DB_ALIAS) -> list[M]:
        """The rows whose `key` is `value`."""
        return self._read([value], using)

    def among(self, values: Iterable[Any], using: str = DEFAULT_DB_ALIAS) -> list[M]:
        """The rows whose `key` is one of `values` (none, without a query, for no values)."""
        wanted = list(values)
        return self._read(wanted, using) if wanted else []

    def _read(self, values: list[Any], using: str) -> list[M]:
        connection = connections[using]
        by_count = self._compiled.setdefault(connection, {})
        compiled = by_count.get(len(values))
        if compiled is None:
            compiled = by_count[len(values)] = self._compile(len(values), using)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, values)
            rows = cursor.fetchall()
        found = []
        for row in rows:
            fields = list(row)
            for position, converters, expression in compiled.converters:
                value = fields[position]
                for convert in converters:
                    value = convert(value, expression, connection)
                fields[position] = value
            obj = self.model.from_db(using, self.names, fields[compiled.own_columns])
            for populator in compiled.populators:
                populator.populate(fields, obj)
            found.append(obj)
        return found

    def _compile(self, count: int, using: str) -> _Compiled:
        # Any values will do (numbers, or their text for a text key): the SQL takes them as
        # its only parameters.
        placeholders = list(range(count))
        lookup: dict[str, Any] = {self.key: 0} if count == 1 else {f"{self.key}__in": placeholders}
        queryset = self.model._default_manager.filter(**lookup).order_by(*self.order)
        if self.related:
            queryset = queryset.select_related(*self.related)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        columns = [column for column, _sql, _alias in compiler.select]
        # The model's own columns, then those of each related object (as ModelIterable reads).
        selected = compiler.klass_info["select_fields"]
        own_columns = slice(selected[0], selected[-1] + 1)
        if (
            list(map(str, params)) != list(map(str, placeholders))
            or [column.target.attname for column in columns[own_columns]] != self.names
        ):
            raise ValueError(f"Not a plain query of {self.model.__name__} by its {self.key}: {sql}")
        converters = [
            (position, converters, expression)
            for position, (converters, expression) in compiler.get_converters(columns).items()
        ]
        populators = get_related_populators(compiler.klass_info, compiler.select, using)
        return _Compiled(sql, converters, own_columns, populators)


# The lists a page showing one dossier reads, by the dossier's id (the papers by its
# procedure version's): the timeline and the control slip in the order of `timeline` and
# `control_slip`, the others oldest first.
transitions_of = RowsOf(Transition, "dossier", TIMELINE_ORDER)
steps_of = RowsOf(DossierStep, "dossier", CONTROL_SLIP_ORDER)
pauses_of = RowsOf(Pause, "dossier", ("started_at",))
apologies_of = RowsOf(Apology, "dossier", ("issued_at", "pk"))
files_of = RowsOf(DossierFile, "dossier", ("uploaded_at", "pk"))
components_of = RowsOf(Component, "version", ("order",))


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


# The public answer of a dossier is kept in the shared cache by code, and forgotten when the
# dossier is saved or deleted (`forget_public_row`, on commit): a lookup is then one read of
# the cache. Only what the dossier itself holds is kept fresh so; a renamed unit or
# procedure shows after MOTCUA_LOOKUP_SECONDS.
PUBLIC_ROW = "lookup:{}"
LOOKUP_DEFAULT_SECONDS = 300


class Unread(enum.Enum):
    UNREAD = enum.auto()


# `public_lookup(kept=...)` when the caller did not read the cache for it.
UNREAD = Unread.UNREAD


def lookup_seconds() -> int:
    """How long a dossier's public answer may be kept (0: never), MOTCUA_LOOKUP_SECONDS."""
    return remembered_seconds("MOTCUA_LOOKUP_SECONDS", LOOKUP_DEFAULT_SECONDS)


def public_row_key(code: str) -> str | None:
    """The cache key of the public answer of the dossier with this code as typed, None when
    answers are not kept: a caller that reads it along with other keys (the lookup API, with
    its throttle's counter) passes what it found as `public_lookup(kept=...)`."""
    return PUBLIC_ROW.format(code.strip().upper()) if lookup_seconds() else None


def _public_row(code: str, kept: Any = UNREAD) -> tuple[Any, ...] | None:
    """The lookup's columns of the dossier with this code (the phone and the secret's hash
    first), from the cache (`kept`: what the caller read under `public_row_key`) or in one
    query; an unknown code is not remembered."""
    seconds = lookup_seconds()
    key = PUBLIC_ROW.format(code)
    if seconds:
        if kept is UNREAD:
            kept = cache.get(key)
        if kept is not None:
            return tuple(kept)
    # The code is unique: no ordering (first() would add one) for the planner to consider.
    rows = Dossier.objects.filter(code=code).values_list(
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
    if row is not None and seconds:
        cache.set(key, row, timeout=seconds)
    return row


def forget_public_row(sender: Any, instance: Dossier, **kwargs: Any) -> None:
    """After a dossier is saved or deleted (post_save and post_delete,
    `DossiersConfig.ready`), forget its public answer once the transaction commits."""
    if instance.code and lookup_seconds():
        key = PUBLIC_ROW.format(instance.code)
        transaction.on_commit(lambda: cache.delete(key))


def public_lookup(
    code: str, *, phone: str = "", secret: str = "", kept: Any = UNREAD
) -> PublicStatus | None:
    """The status of the dossier with this code, if the phone number on it or its lookup
    secret is given correctly (both compared in constant time); None otherwise, whatever was
    wrong. One query reading only the columns shown, or its row kept in the cache (`kept`:
    what the caller read under `public_row_key(code)`, if it did): the lookup is the most
    frequent public request (docs/performance.md)."""
    row = _public_row(code.strip().upper(), kept)
    if row is None:
        return None
    stored_phone, secret_hash, *shown = row
    if phone.strip():
        typed = normalize_phone(phone).encode()
        stored = normalize_phone(stored_phone).encode()
        matches = bool(stored) and hmac.compare_digest(typed, stored)
    else:
        matches = numbering.secret_matches(secret, secret_hash)
    return PublicStatus(*shown) if matches else None
