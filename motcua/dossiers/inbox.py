"""The back-office inbox of a member of staff: tabs, their counts, filters, search and keyset
pages, all from `queries.dossiers_for(user)` so nothing beyond the person's reach is counted
or listed.

Tabs (for the units the person belongs to, `accounts.scoping.reachable_units`):

- `receive`: submitted (online, at the desk, by post) and waiting for the officer's check;
- `process`: held by one of the units and not waiting for the applicant (received,
  in processing, decided and waiting for the return at the desk), or with an open
  consultation (liên thông) at one of them;
- `due_soon` / `overdue`: the open ones of `process` and `waiting` whose appointment is near
  or passed, computed by the database from the appointment and the clock
  (`queries.due_soon_condition`, `queries.overdue_condition`), never a stored flag;
- `waiting`: waiting for the applicant (a supplement at intake or during processing, a
  financial obligation), at a unit that holds or received the dossier;
- `done`: finished (returned, refused, stopped, cancelled).

The open tabs (all but `done`) are counted and paged from one read of the dossiers that may
be on them (`_read_open_facts`: a UNION of three indexed reads, held at one of the units in
a state of those tabs, received at one of them and waiting for the applicant, an open
consultation at one of them), placed on the tabs in Python once per generation of the
units (`OpenTabs`); each request only cuts the deadline tabs at its moment. `done` is
counted up to DONE_COUNT_LIMIT + 1 from at most that many finished dossiers per reason of
reach, and paged in the database on indexed columns with a keyset cursor (never OFFSET).
Neither tests every dossier the person reaches, so their cost follows the work waiting at
the units, not the size of their history.
"""

import base64
import binascii
import bisect
import datetime
import enum
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar

from django.db import connection
from django.db.models import Q, QuerySet, Value
from django.utils import timezone

from motcua.accounts.models import UNRESTRICTED_ROLES, shown_name
from motcua.accounts.roles import memberships_of
from motcua.accounts.scoping import reachable_units, unrestricted_condition
from motcua.accounts.staff_cache import kept
from motcua.agencies.models import Unit
from motcua.catalog.models import Field
from motcua.core.cache import generation as generation_of
from motcua.core.cache import remembered_seconds, renew_generations
from motcua.core.recent import recent
from motcua.core.text import fold
from motcua.dossiers.models import Dossier, DossierStep, StepPhase
from motcua.dossiers.queries import DeadlineClock, clock_stopped, dossiers_for
from motcua.dossiers.states import OPEN_STATES, State
from motcua.worktime.engine import VN_TZ

PAGE_SIZE = 25
T = TypeVar("T")
MAX_SEARCH_LENGTH = 100


class Tab(enum.StrEnum):
    RECEIVE = "receive"
    PROCESS = "process"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    WAITING = "waiting"
    DONE = "done"


WAITING_STATES = (
    State.SUPPLEMENT_AT_INTAKE,
    State.SUPPLEMENT_IN_PROCESS,
    State.AWAITING_PAYMENT,
)
# Held by a unit and its move: open, or decided and waiting for the return at the desk.
PROCESS_STATES = tuple(
    sorted(
        (OPEN_STATES | {State.REJECTED, State.RESULT_READY}) - set(WAITING_STATES),
    )
)
DONE_STATES = (State.RETURNED, State.REFUSED, State.STOPPED, State.CANCELLED)


@dataclass(frozen=True)
class InboxFilters:
    """Narrowing of every tab; empty values do not filter. `unit` must be one of the
    person's units (the form offers only those)."""

    text: str = ""
    procedure: str = ""  # procedure code
    field: Field | None = None
    channel: str = ""
    submitted_from: datetime.date | None = None
    submitted_to: datetime.date | None = None
    unit: Unit | None = None
    mine: bool = False


_UNITS_ATTRIBUTE = "_motcua_inbox_units"


def reached_units(user: Any) -> tuple[Unit, ...]:
    """The units whose dossiers `user` reaches (`accounts.scoping.reachable_units`), by
    path, with their names: read once per user object, so once per request, for the filter
    form's choices and for the inbox's queries, which name their ids as literals instead of
    repeating the membership subquery in every branch."""
    cached: tuple[Unit, ...] | None = getattr(user, _UNITS_ATTRIBUTE, None)
    if cached is None:
        active = getattr(user, "is_authenticated", False) and user.is_active

        def read() -> tuple[Unit, ...]:
            units = reachable_units(user) if active else Unit.objects.none()
            return tuple(units.order_by("path").only("pk", "name", "path"))

        cached = kept(user, "inbox units", read)
        setattr(user, _UNITS_ATTRIBUTE, cached)
    return cached


def unit_ids(user: Any) -> tuple[int, ...]:
    return tuple(unit.pk for unit in reached_units(user))


def reaches_everything(user: Any) -> bool:
    """Whether the "done" tab of `user` holds every dossier of the province (a superuser, or
    an active membership of an unrestricted role: `scoping.unrestricted_condition`)."""
    return bool(getattr(user, "is_superuser", False)) or any(
        membership.role in UNRESTRICTED_ROLES for membership in memberships_of(user)
    )


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=VN_TZ)


def filtered(user: Any, filters: InboxFilters) -> QuerySet[Dossier]:
    """The dossiers `user` reaches, narrowed by `filters`. Drafts, and drafts the applicant
    withdrew before submitting them, never appear."""
    return _narrowed(dossiers_for(user), user, filters)


def _narrowed(dossiers: QuerySet[Dossier], user: Any, filters: InboxFilters) -> QuerySet[Dossier]:
    """`dossiers` without drafts, narrowed by `filters` (the reach is the caller's)."""
    dossiers = dossiers.exclude(state=State.DRAFT).filter(submitted_at__isnull=False)
    text = fold(filters.text)[:MAX_SEARCH_LENGTH]
    if text:
        dossiers = dossiers.filter(
            Q(search_text__contains=text)
            | Q(procedure_version__search_name__contains=text)
            | Q(procedure_version__procedure__code__iexact=filters.text.strip())
        )
    if filters.procedure:
        dossiers = dossiers.filter(procedure_version__procedure__code=filters.procedure.strip())
    if filters.field is not None:
        dossiers = dossiers.filter(procedure_version__field=filters.field)
    if filters.channel:
        dossiers = dossiers.filter(channel=filters.channel)
    if filters.submitted_from is not None:
        dossiers = dossiers.filter(submitted_at__gte=_day_start(filters.submitted_from))
    if filters.submitted_to is not None:
        next_day = filters.submitted_to + datetime.timedelta(days=1)
        dossiers = dossiers.filter(submitted_at__lt=_day_start(next_day))
    if filters.unit is not None:
        dossiers = dossiers.filter(Q(holding_unit=filters.unit) | Q(receiving_unit=filters.unit))
    if filters.mine:
        dossiers = dossiers.filter(Q(assignee=user.pk) | Q(entered_by=user.pk))
    return dossiers


# The "done" tab holds the whole history of the person's units: its count stops at one more
# than this (the page shows "1.000+"), so that counting it never reads the whole history.
DONE_COUNT_LIMIT = 1000


def _done_candidates(user: Any, dossiers: QuerySet[Dossier]) -> list[QuerySet[Any]]:
    """Ids of finished `dossiers` by each reason `user` reaches them (held at, received at,
    a row of the control slip at one of the units, every dossier for the unrestricted),
    each read through an index and stopped after DONE_COUNT_LIMIT + 1 rows where the
    database allows it in a UNION: together they hold min(DONE_COUNT_LIMIT + 1, all)
    distinct finished dossiers at least."""
    units = unit_ids(user)
    done = dossiers.filter(state__in=DONE_STATES).order_by()
    everything = done if user.is_superuser else done.filter(unrestricted_condition(user))
    branches = [
        done.filter(holding_unit__in=units).values("pk"),
        done.filter(receiving_unit__in=units).values("pk"),
        done.filter(pk__in=DossierStep.objects.filter(unit__in=units).values("dossier")).values(
            "pk"
        ),
        # Ordered by an indexed column so that the bounded read follows the index.
        everything.order_by("-submitted_at").values("pk"),
    ]
    if connection.features.supports_slicing_ordering_in_compound:
        return [branch[: DONE_COUNT_LIMIT + 1] for branch in branches]
    return [branch.order_by() for branch in branches]


def _searched_done(dossiers: QuerySet[Dossier]) -> list[QuerySet[Any]]:
    """Ids of the finished `dossiers` of a search, newest first, up to DONE_COUNT_LIMIT + 1.

    A search narrows first (through its trigram index): reading its own matches is cheap,
    whereas each branch of `_done_candidates` would walk a unit's whole history when the
    search leaves fewer finished dossiers than the limit (37 s against 0.1 s, measured in
    docs/performance.md)."""
    done = dossiers.filter(state__in=DONE_STATES).order_by("-submitted_at").values("pk")
    if connection.features.supports_slicing_ordering_in_compound:
        return [done[: DONE_COUNT_LIMIT + 1]]
    return [done.order_by()]


def done_count(user: Any, filters: InboxFilters | None = None) -> int:
    """How many finished dossiers `user` reaches under `filters`, up to DONE_COUNT_LIMIT + 1
    (more than the limit means "more than 1,000"); remembered with the history's generation
    (`_remembered`).

    Without a search, the finished dossiers held at the units are counted first, stopped at
    the limit: for a unit with a history that is the answer (one read of the unit's index).
    Otherwise every reason of reach is read, each stopped at the limit
    (`_done_candidates`); a search counts its own matches (`_searched_done`)."""
    filters = filters or InboxFilters()
    limit = DONE_COUNT_LIMIT + 1

    def count() -> int:
        if not filters.text:
            held = _narrowed(Dossier.objects.all(), user, filters).filter(
                holding_unit__in=unit_ids(user), state__in=DONE_STATES
            )
            # In the order of an index on the unit, so that the database reads that index
            # and stops at the limit instead of scanning the table for rows of the units.
            if held.order_by("holding_unit")[:limit].count() >= limit:
                return limit
        dossiers = filtered(user, filters)
        finished = _searched_done(dossiers) if filters.text else _done_candidates(user, dossiers)
        first, *others = finished
        ids = first.union(*others, all=True) if others else first
        return min(dossiers.filter(state__in=DONE_STATES, pk__in=ids).count(), limit)

    return _remembered(user, ("count", filters, limit), count)


# The "done" tab changes only when a dossier enters or leaves a finished state, which only
# a transition does: its count and its pages are remembered in the cache under a
# generation token of each unit the person reaches (and of the whole province for those
# who reach everything), which `forget_history` renews after such a transition commits.
# A per-process cache would not see another process's renewal: without a setting, the
# figures are remembered only in a shared cache (Redis in production).
HISTORY_GENERATION = "inbox:history:{}"
HISTORY_DEFAULT_SECONDS = 300

# The rows of the open tabs change with every save of a dossier or of a row of its control
# slip: they are remembered under a generation token of each unit the person reaches, which
# `forget_open_rows` renews when such a save commits (a bulk update, which saves nothing,
# shows after MOTCUA_INBOX_OPEN_SECONDS). What the rows mean at the moment of the request
# (overdue, due soon) is worked out at each request from the remembered appointments.
OPEN_GENERATION = "inbox:open:{}"
OPEN_DEFAULT_SECONDS = 60


def history_seconds() -> int:
    """How long the "done" tab's figures are remembered (0: never),
    MOTCUA_INBOX_HISTORY_SECONDS."""
    return remembered_seconds("MOTCUA_INBOX_HISTORY_SECONDS", HISTORY_DEFAULT_SECONDS)


def open_seconds() -> int:
    """How long the open tabs' rows are remembered at most (0: never),
    MOTCUA_INBOX_OPEN_SECONDS."""
    return remembered_seconds("MOTCUA_INBOX_OPEN_SECONDS", OPEN_DEFAULT_SECONDS)


def _question(user: Any, filters: InboxFilters) -> tuple[Any, ...]:
    """What `filters` ask, as plain values for a cache key."""
    return (
        filters.text,
        filters.procedure,
        getattr(filters.field, "pk", None),
        filters.channel,
        filters.submitted_from,
        filters.submitted_to,
        getattr(filters.unit, "pk", None),
        user.pk if filters.mine else None,
    )


def _remembered(user: Any, question: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """`compute()`, shared through the cache by everyone who reaches the same dossiers and
    asks the same `question` while the history of their units does not change (one request
    computes, the others wait for it: `core.recent`), and kept in the process that read it
    (counts and ids, which nobody changes)."""
    seconds = history_seconds()
    if not seconds:
        return compute()
    everything = reaches_everything(user)
    scopes = [*map(str, unit_ids(user)), *(["all"] if everything else [])]
    generation = generation_of(*(HISTORY_GENERATION.format(scope) for scope in scopes))
    if generation is None:
        return compute()
    facts = (generation, everything, _question(user, question[1]), question[0], question[2:])
    digest = hashlib.sha256(repr(facts).encode()).hexdigest()
    return recent(f"inbox:done:{digest}", compute, fresh_for=seconds, in_process=True)


def forget_history(dossier: Dossier, from_state: str, to_state: str) -> None:
    """After a transition into or out of a finished state commits, renew the generation of
    every unit that reaches the dossier, and of the province: the "done" tab of those
    units is computed again at its next request."""
    if not history_seconds() or not {from_state, to_state} & set(DONE_STATES):
        return
    steps = DossierStep.objects.filter(dossier=dossier).values_list("unit_id", flat=True)
    scopes = {dossier.holding_unit_id, dossier.receiving_unit_id, *steps} - {None}
    renew_generations(*(HISTORY_GENERATION.format(scope) for scope in [*scopes, "all"]))


def forget_open_rows(sender: Any, instance: Dossier | DossierStep, **kwargs: Any) -> None:
    """After a dossier or a row of its control slip is saved or deleted (post_save and
    post_delete, `DossiersConfig.ready`), renew, once the transaction commits, the open rows
    of the units it names: the dossier's holder and receiver; the row's unit and the unit it
    came from, so that a unit that hands a dossier over (its row finished) loses it at once."""
    if not open_seconds():
        return
    named: set[int | None]
    if isinstance(instance, Dossier):
        named = {instance.holding_unit_id, instance.receiving_unit_id}
    else:
        named = {instance.unit_id, instance.from_unit_id}
    renew_generations(*(OPEN_GENERATION.format(unit) for unit in named if unit is not None))


# What places a dossier on the open tabs: (pk, state, holding unit, receiving unit, due_at,
# submitted_at, clock stopped by a pause, open consultation at one of the units).
_OpenFacts = tuple[int, str, int | None, int | None, Any, Any, bool, bool]


def _read_open_facts(user: Any, units: tuple[int, ...], filters: InboxFilters) -> list[_OpenFacts]:
    """Every dossier that may be on an open tab of `user` under `filters`: three reads in one
    UNION that returns the columns deciding the tabs (held at one of the units in a state of
    those tabs, from the covering index `dossier_holder_state_idx`; received at one of them
    and waiting for the applicant; an open consultation at one of them). Each tab's
    condition implies this set, so the database starts from these few rows instead of
    testing every dossier the person reaches."""
    consultation = {
        "steps__phase": StepPhase.CONSULTATION,
        "steps__unit__in": units,
        "steps__given_at__isnull": False,
        "steps__finished_at__isnull": True,
    }
    branches = [
        Dossier.objects.filter(
            holding_unit__in=units, state__in=[State.SUBMITTED, *PROCESS_STATES, *WAITING_STATES]
        ),
        Dossier.objects.filter(receiving_unit__in=units, state__in=WAITING_STATES),
        Dossier.objects.filter(**consultation),
    ]
    columns = ["pk", "state", "holding_unit_id", "receiving_unit_id", "due_at", "submitted_at"]
    first, *others = (
        _narrowed(branch, user, filters)
        .annotate(stopped=clock_stopped(), consulted=Value(consulted))
        .order_by()
        .values_list(*columns, "stopped", "consulted")
        for consulted, branch in zip((False, False, True), branches, strict=True)
    )
    found: dict[int, _OpenFacts] = {}
    # A dossier held and consulted at the person's units, or consulted twice, comes again.
    for row in first.union(*others, all=True):
        earlier = found.get(row[0])
        found[row[0]] = row if earlier is None else (*row[:7], row[7] or earlier[7])
    return list(found.values())


def _open_tabs(user: Any, filters: InboxFilters) -> "OpenTabs":
    """The open tabs of `user` under `filters` (`_read_open_facts` placed by `OpenTabs.place`),
    remembered for everyone who reaches the same units and asks the same filters until a
    save at one of the units renews them (`forget_open_rows`)."""
    units = unit_ids(user)
    if not units:
        return OpenTabs.place([], frozenset())
    seconds = open_seconds()
    generation = (
        generation_of(*(OPEN_GENERATION.format(unit) for unit in units)) if seconds else None
    )

    def place() -> OpenTabs:
        return OpenTabs.place(_read_open_facts(user, units, filters), frozenset(units))

    if generation is None:
        return place()
    facts = (generation, units, _question(user, filters))
    digest = hashlib.sha256(repr(facts).encode()).hexdigest()
    return recent(f"inbox:open:{digest}", place, fresh_for=seconds, in_process=True)


# A tab's key of order: (sort value, primary key).
_Key = tuple[Any, int]


@dataclass(frozen=True, slots=True)
class OpenTabs:
    """The open tabs of a person, placed once from the facts of their dossiers
    (`_read_open_facts`) for every request until the facts change: what does not depend on
    the moment of the request is decided here, and what does (overdue, due soon) is cut at
    each request from `running` with two binary searches (`OpenTabs.keys`), whatever the
    number of rows.

    - `counts`: the rows of `receive`, `process` and `waiting`;
    - `ordered`: their keys in the tab's order (`ORDER`), rows without a sort value left out;
    - `running`: (appointment, primary key) of the rows of `process` or `waiting` whose clock
      runs (an open state, no open pause, an appointment), by appointment: `overdue` is the
      part before the moment of the request, `due_soon` the part up to the limit of "due
      soon" (`queries.DeadlineClock`);
    - `appointments`: the appointment of every placed row whose clock runs, for its flags.
    """

    counts: dict[Tab, int]
    ordered: dict[Tab, list[_Key]]
    running: list[_Key]
    appointments: dict[int, datetime.datetime]

    @classmethod
    def place(cls, facts: list["_OpenFacts"], reached: frozenset[int]) -> "OpenTabs":
        """The tabs of the dossiers of `facts` for a person who reaches the units `reached`
        (the module's documentation gives the conditions of the tabs)."""
        counts = dict.fromkeys(TIMELESS_TABS, 0)
        ordered: dict[Tab, list[_Key]] = {tab: [] for tab in TIMELESS_TABS}
        running: list[_Key] = []
        appointments: dict[int, datetime.datetime] = {}
        for pk, state, holder, receiver, due_at, submitted_at, stopped, consulted in facts:
            held = holder in reached
            process = (held and state in PROCESS_STATES) or consulted
            waiting = state in WAITING_STATES and (held or receiver in reached)
            placed = [
                tab
                for tab, there in (
                    (Tab.RECEIVE, held and state == State.SUBMITTED),
                    (Tab.PROCESS, process),
                    (Tab.WAITING, waiting),
                )
                if there
            ]
            if not placed:
                continue
            sorted_by = {"due_at": due_at, "submitted_at": submitted_at}
            for tab in placed:
                counts[tab] += 1
                value = sorted_by[ORDER[tab][0]]
                if value is not None:
                    ordered[tab].append((value, pk))
            if due_at is not None and not stopped and state in OPEN_STATES:
                appointments[pk] = due_at
                if process or waiting:
                    running.append((due_at, pk))
        for tab, keys in ordered.items():
            keys.sort(reverse=ORDER[tab][1])
        running.sort()
        return cls(counts, ordered, running, appointments)

    def _deadline_parts(self, clock: DeadlineClock) -> tuple[int, int]:
        """Where `running` stops being overdue, and where it stops being due soon."""
        late_end = bisect.bisect_left(self.running, clock.now, key=_first)
        if late_end == len(self.running):
            return late_end, late_end
        return late_end, bisect.bisect_right(self.running, clock.soon_limit(), key=_first)

    def count(self, tab: Tab, clock: DeadlineClock) -> int:
        if tab in self.counts:
            return self.counts[tab]
        late_end, soon_end = self._deadline_parts(clock)
        return late_end if tab == Tab.OVERDUE else soon_end - late_end

    def keys(self, tab: Tab, clock: DeadlineClock) -> list[_Key]:
        """The keys of `tab` in its order (the moment of `clock` for the deadline tabs)."""
        if tab in self.ordered:
            return self.ordered[tab]
        late_end, soon_end = self._deadline_parts(clock)
        return self.running[:late_end] if tab == Tab.OVERDUE else self.running[late_end:soon_end]

    def flags(self, pk: int, clock: DeadlineClock) -> tuple[bool, bool]:
        """(`is_overdue`, `is_due_soon`) of a placed row at the moment of `clock`."""
        due_at = self.appointments.get(pk)
        if due_at is None:
            return False, False
        if due_at < clock.now:
            return True, False
        return False, due_at <= clock.soon_limit()


def _first(key: _Key) -> Any:
    return key[0]


# The tabs whose rows do not depend on the moment of the request, and the open tabs.
TIMELESS_TABS = (Tab.RECEIVE, Tab.PROCESS, Tab.WAITING)
OPEN_TABS = tuple(tab for tab in Tab if tab != Tab.DONE)


def tab_counts(
    user: Any, filters: InboxFilters | None = None, now: datetime.datetime | None = None
) -> dict[Tab, int]:
    """How many dossiers each tab holds under `filters`, `done` counted up to
    DONE_COUNT_LIMIT + 1 (more than the limit means "more than 1,000")."""
    return Inbox(user, filters, now).counts()


# The order of each tab: (column, descending). The primary key breaks ties.
ORDER = {
    Tab.RECEIVE: ("submitted_at", False),
    Tab.PROCESS: ("due_at", False),
    Tab.DUE_SOON: ("due_at", False),
    Tab.OVERDUE: ("due_at", False),
    Tab.WAITING: ("submitted_at", False),
    Tab.DONE: ("submitted_at", True),
}


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after the row with this sort value and primary key."""

    value: datetime.datetime
    pk: int

    def encode(self) -> str:
        text = f"{self.value.isoformat()}|{self.pk}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> "Cursor | None":
        """The cursor of a page link, or None for anything that is not one."""
        try:
            padded = token + "=" * (-len(token) % 4)
            value, pk = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
            moment = datetime.datetime.fromisoformat(value)
            if moment.tzinfo is None:
                return None
            return cls(moment, int(pk))
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return None


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    next_cursor: Cursor | None


def _after(column: str, descending: bool, cursor: Cursor) -> Q:
    direction = "lt" if descending else "gt"
    return Q(**{f"{column}__{direction}": cursor.value}) | Q(
        **{column: cursor.value, f"pk__{direction}": cursor.pk}
    )


class Row(NamedTuple):
    """What a row of the inbox shows (read as plain values: a page reads 25 of them on every
    request, and building models with their relations cost more than the rest)."""

    pk: int
    code: str | None
    channel: str
    applicant_name: str
    procedure_name: str
    submitted_at: datetime.datetime | None
    due_at: datetime.datetime | None
    state: str
    holding_unit: str  # its short name, else its name; "" when nobody holds the dossier
    assignee: str  # the person's name as pages show it (`accounts.models.shown_name`); "" if none
    is_overdue: bool
    is_due_soon: bool


_ROW_COLUMNS = (
    "pk",
    "code",
    "channel",
    "applicant_name",
    "procedure_version__name",
    "submitted_at",
    "due_at",
    "state",
    "holding_unit__short_name",
    "holding_unit__name",
    "assignee__full_name",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__username",
)


def _rows(chosen: Sequence[int], flags: Callable[[int], tuple[bool, bool]]) -> list[Row]:
    """The rows of the dossiers `chosen`, in that order, with their deadline `flags`."""
    found = {
        values[0]: values
        for values in Dossier.objects.filter(pk__in=chosen).values_list(*_ROW_COLUMNS)
    }
    rows = []
    for pk in chosen:
        values = found.get(pk)
        if values is None:  # deleted since its id was read
            continue
        (_pk, code, channel, applicant, procedure, submitted, due, state) = values[:8]
        unit_short, unit_name, full_name, first_name, last_name, username = values[8:]
        assignee = shown_name(full_name, first_name, last_name, username) if username else ""
        rows.append(
            Row(
                pk,
                code,
                channel,
                applicant,
                procedure,
                submitted,
                due,
                state,
                unit_short or unit_name or "",
                assignee,
                *flags(pk),
            )
        )
    return rows


def _never_late(pk: int) -> tuple[bool, bool]:
    # A finished dossier's clock does not run: never due soon nor overdue.
    return False, False


class Inbox:
    """The inbox of `user` under `filters` at the moment `now`: the open tabs are placed once
    per generation (`_open_tabs`) and give both their counts and their pages; the "done" tab
    is counted (`done_count`) and paged in the database."""

    def __init__(
        self,
        user: Any,
        filters: InboxFilters | None = None,
        now: datetime.datetime | None = None,
    ) -> None:
        self.user = user
        self.filters = filters or InboxFilters()
        self.clock = DeadlineClock(now or timezone.now())
        self._open: OpenTabs | None = None

    def open_tabs(self) -> OpenTabs:
        if self._open is None:
            self._open = _open_tabs(self.user, self.filters)
        return self._open

    def counts(self) -> dict[Tab, int]:
        tabs = self.open_tabs()
        counts: dict[Tab, int] = {tab: tabs.count(tab, self.clock) for tab in OPEN_TABS}
        counts[Tab.DONE] = done_count(self.user, self.filters)
        return counts

    def page(self, tab: Tab, after: Cursor | None = None, size: int = PAGE_SIZE) -> Page[Row]:
        """One page of a tab (what a row shows, with its deadline status), and the cursor of
        the next page if there is one."""
        column, descending = ORDER[tab]
        if tab == Tab.DONE:
            return self._done_page(column, descending, after, size)
        return self._open_page(tab, descending, after, size)

    def _done_page(
        self, column: str, descending: bool, after: Cursor | None, size: int
    ) -> Page[Row]:
        """The ids of a page of the "done" tab are read in the database (keyset, newest
        first) and remembered with the history's generation; the rows are then read by id,
        so what they show is current."""

        def ids() -> tuple[tuple[int, ...], Cursor | None]:
            done = filtered(self.user, self.filters).filter(
                state__in=DONE_STATES, **{f"{column}__isnull": False}
            )
            page = keyset_page(
                done.only("pk", column), column, descending=descending, after=after, size=size
            )
            return tuple(dossier.pk for dossier in page.rows), page.next_cursor

        chosen, next_cursor = _remembered(
            self.user, ("page", self.filters, column, descending, after, size), ids
        )
        return Page(_rows(chosen, _never_late), next_cursor)

    def _open_page(self, tab: Tab, descending: bool, after: Cursor | None, size: int) -> Page[Row]:
        tabs = self.open_tabs()
        chosen, next_cursor = page_of_keys(tabs.keys(tab, self.clock), descending, after, size)
        rows = _rows([pk for _value, pk in chosen], lambda pk: tabs.flags(pk, self.clock))
        return Page(rows, next_cursor)


def page_of_keys(
    keys: list[_Key], descending: bool, after: Cursor | None, size: int
) -> tuple[list[_Key], Cursor | None]:
    """The `size` keys after the cursor among `keys` (in their tab's order, descending or
    not), found by bisection, and the cursor of the next page if there is one."""
    start = 0
    if after is not None:
        cursor = (after.value, after.pk)
        if descending:
            start = bisect.bisect_left(keys, True, key=lambda key: key < cursor)
        else:
            start = bisect.bisect_right(keys, cursor)
    chosen = keys[start : start + size]
    if start + size >= len(keys):
        return chosen, None
    last_value, last_pk = chosen[-1]
    return chosen, Cursor(last_value, last_pk)


def inbox_page(
    user: Any,
    tab: Tab,
    filters: InboxFilters | None = None,
    *,
    after: Cursor | None = None,
    now: datetime.datetime | None = None,
    size: int = PAGE_SIZE,
) -> Page[Row]:
    """One page of a tab (with the deadline status and what a row shows), and the cursor of
    the next page if there is one."""
    return Inbox(user, filters, now).page(tab, after, size)


def keyset_page(
    rows: QuerySet[Dossier],
    column: str,
    *,
    descending: bool = False,
    after: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> Page[Dossier]:
    """The `size` rows after the cursor in the order of `column` then the primary key, and
    the cursor of the next page if there is one: one query, never OFFSET."""
    if after is not None:
        rows = rows.filter(_after(column, descending, after))
    ordering = [f"-{column}", "-pk"] if descending else [column, "pk"]
    found = list(rows.order_by(*ordering)[: size + 1])
    if len(found) <= size:
        return Page(found, None)
    last = found[size - 1]
    return Page(found[:size], Cursor(getattr(last, column), last.pk))
