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
be on them (`_open_rows`: a UNION of three indexed reads, held at one of the units in a
state of those tabs, received at one of them and waiting for the applicant, an open
consultation at one of them), placed on the tabs in Python. `done` is counted up to
DONE_COUNT_LIMIT + 1 from at most that many finished dossiers per reason of reach, and paged
in the database on indexed columns with a keyset cursor (never OFFSET). Neither tests every
dossier the person reaches, so their cost follows the work waiting at the units, not the
size of their history.
"""

import base64
import binascii
import datetime
import enum
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from django.db import connection
from django.db.models import Q, QuerySet, Value
from django.utils import timezone

from motcua.accounts.models import UNRESTRICTED_ROLES
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
    computes, the others wait for it: `core.recent`)."""
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
    return recent(f"inbox:done:{digest}", compute, fresh_for=seconds)


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


class _OpenRow(NamedTuple):
    """A dossier that may be on an open tab, with what places it on the tabs."""

    pk: int
    due_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    is_overdue: bool
    is_due_soon: bool
    tabs: frozenset[Tab]


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


def _open_facts(user: Any, filters: InboxFilters) -> list[_OpenFacts]:
    """`_read_open_facts`, remembered for everyone who reaches the same units and asks the
    same filters until a save at one of the units renews them (`forget_open_rows`)."""
    units = unit_ids(user)
    if not units:
        return []
    seconds = open_seconds()
    generation = (
        generation_of(*(OPEN_GENERATION.format(unit) for unit in units)) if seconds else None
    )
    if generation is None:
        return _read_open_facts(user, units, filters)
    facts = (generation, units, _question(user, filters))
    digest = hashlib.sha256(repr(facts).encode()).hexdigest()
    return recent(
        f"inbox:open:{digest}",
        lambda: _read_open_facts(user, units, filters),
        fresh_for=seconds,
    )


def _open_rows(user: Any, filters: InboxFilters, now: datetime.datetime) -> list[_OpenRow]:
    """Every dossier on an open tab of `user` under `filters` at `now`: the facts of
    `_open_facts` placed on the tabs, the conditions of the tabs (the module's
    documentation) and the deadline status (`queries.DeadlineClock`) written for one row."""
    reached = set(unit_ids(user))
    clock = DeadlineClock(now)
    rows = []
    for pk, state, holder, receiver, due_at, submitted_at, stopped, consulted in _open_facts(
        user, filters
    ):
        held = holder in reached
        process = (held and state in PROCESS_STATES) or consulted
        waiting = state in WAITING_STATES and (held or receiver in reached)
        tabs = set()
        if held and state == State.SUBMITTED:
            tabs.add(Tab.RECEIVE)
        if process:
            tabs.add(Tab.PROCESS)
        if waiting:
            tabs.add(Tab.WAITING)
        late, soon = clock.status(state, due_at, stopped)
        if (process or waiting) and soon:
            tabs.add(Tab.DUE_SOON)
        if (process or waiting) and late:
            tabs.add(Tab.OVERDUE)
        if tabs:
            rows.append(_OpenRow(pk, due_at, submitted_at, late, soon, frozenset(tabs)))
    return rows


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
class Page:
    rows: list[Dossier]
    next_cursor: Cursor | None


def _after(column: str, descending: bool, cursor: Cursor) -> Q:
    direction = "lt" if descending else "gt"
    return Q(**{f"{column}__{direction}": cursor.value}) | Q(
        **{column: cursor.value, f"pk__{direction}": cursor.pk}
    )


# What a row of the list shows, and nothing else.
LIST_COLUMNS = (
    "code",
    "channel",
    "applicant_name",
    "submitted_at",
    "due_at",
    "state",
    "procedure_version__name",
    "holding_unit__name",
    "holding_unit__short_name",
    "assignee__full_name",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__username",
)


def _listed(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return dossiers.select_related("procedure_version", "holding_unit", "assignee").only(
        *LIST_COLUMNS
    )


class Inbox:
    """The inbox of `user` under `filters` at the moment `now`: the rows of the open tabs
    are read once (`_open_rows`) and give both their counts and their pages; the "done" tab
    is counted (`done_count`) and paged in the database."""

    def __init__(
        self,
        user: Any,
        filters: InboxFilters | None = None,
        now: datetime.datetime | None = None,
    ) -> None:
        self.user = user
        self.filters = filters or InboxFilters()
        self.now = now or timezone.now()
        self._open: list[_OpenRow] | None = None

    def open_rows(self) -> list[_OpenRow]:
        if self._open is None:
            self._open = _open_rows(self.user, self.filters, self.now)
        return self._open

    def counts(self) -> dict[Tab, int]:
        counts = dict.fromkeys(Tab, 0)
        for row in self.open_rows():
            for tab in row.tabs:
                counts[tab] += 1
        counts[Tab.DONE] = done_count(self.user, self.filters)
        return counts

    def page(self, tab: Tab, after: Cursor | None = None, size: int = PAGE_SIZE) -> Page:
        """One page of a tab (what a row shows, with its deadline status), and the cursor of
        the next page if there is one."""
        column, descending = ORDER[tab]
        if tab == Tab.DONE:
            return self._done_page(column, descending, after, size)
        return self._open_page(tab, column, descending, after, size)

    def _done_page(self, column: str, descending: bool, after: Cursor | None, size: int) -> Page:
        """The ids of a page of the "done" tab are read in the database (keyset, newest
        first) and remembered with the history's generation; the rows are then read by id,
        so what they show is current."""

        def ids() -> tuple[list[int], Cursor | None]:
            done = filtered(self.user, self.filters).filter(
                state__in=DONE_STATES, **{f"{column}__isnull": False}
            )
            page = keyset_page(
                done.only("pk", column), column, descending=descending, after=after, size=size
            )
            return [dossier.pk for dossier in page.rows], page.next_cursor

        chosen, next_cursor = _remembered(
            self.user, ("page", self.filters, column, descending, after, size), ids
        )
        found = {dossier.pk: dossier for dossier in _listed(Dossier.objects.filter(pk__in=chosen))}
        rows = [found[pk] for pk in chosen if pk in found]
        for dossier in rows:
            # A finished dossier's clock does not run: never due soon nor overdue.
            dossier.is_overdue = dossier.is_due_soon = False  # type: ignore[attr-defined]
        return Page(rows, next_cursor)

    def _open_page(
        self, tab: Tab, column: str, descending: bool, after: Cursor | None, size: int
    ) -> Page:
        rows = sorted(
            (
                (value, row.pk, row)
                for row in self.open_rows()
                if tab in row.tabs and (value := getattr(row, column)) is not None
            ),
            key=lambda item: (item[0], item[1]),
            reverse=descending,
        )
        if after is not None:
            start = (after.value, after.pk)
            rows = [
                item
                for item in rows
                if ((item[0], item[1]) < start if descending else (item[0], item[1]) > start)
            ]
        chosen = {pk: row for _value, pk, row in rows[:size]}
        found = {dossier.pk: dossier for dossier in _listed(Dossier.objects.filter(pk__in=chosen))}
        shown = []
        for pk, row in chosen.items():
            dossier = found.get(pk)
            if dossier is not None:
                dossier.is_overdue = row.is_overdue  # type: ignore[attr-defined]
                dossier.is_due_soon = row.is_due_soon  # type: ignore[attr-defined]
                shown.append(dossier)
        if len(rows) <= size:
            return Page(shown, None)
        last_value, last_pk, _row = rows[size - 1]
        return Page(shown, Cursor(last_value, last_pk))


def inbox_page(
    user: Any,
    tab: Tab,
    filters: InboxFilters | None = None,
    *,
    after: Cursor | None = None,
    now: datetime.datetime | None = None,
    size: int = PAGE_SIZE,
) -> Page:
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
) -> Page:
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
