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

`tab_counts` answers every count in one SQL query (conditional aggregates) over the open
candidates (`open_candidates`, a UNION of indexed reads) and at most DONE_COUNT_LIMIT + 1
finished dossiers per reason of reach, so `done` is counted up to that bound; `inbox_page`
reads one page of a tab in one query, ordered on indexed columns and continued with a
keyset cursor (never OFFSET). Neither tests every dossier the person reaches, so their cost
follows the work waiting at the units, not the size of their history.
"""

import base64
import binascii
import datetime
import enum
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from motcua.accounts.scoping import reachable_units, unrestricted_condition
from motcua.agencies.models import Unit
from motcua.catalog.models import Field
from motcua.core.text import fold
from motcua.dossiers.models import Dossier, DossierStep, StepPhase
from motcua.dossiers.queries import (
    LIST_RELATIONS,
    dossiers_for,
    due_soon_condition,
    overdue_condition,
    with_deadline_status,
)
from motcua.dossiers.states import OPEN_STATES, State
from motcua.worktime.engine import VN_TZ

PAGE_SIZE = 25
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


def _units(user: Any) -> QuerySet[Unit]:
    return reachable_units(user).values("pk")  # type: ignore[return-value]


def tab_conditions(user: Any, now: datetime.datetime) -> dict[Tab, Q]:
    """The condition of each tab, for the dossiers `user` reaches."""
    units = _units(user)
    consulted = DossierStep.objects.filter(
        dossier=OuterRef("pk"),
        phase=StepPhase.CONSULTATION,
        unit__in=units,
        given_at__isnull=False,
        finished_at__isnull=True,
    )
    held = Q(holding_unit__in=units)
    process = (held & Q(state__in=PROCESS_STATES)) | Q(Exists(consulted))
    waiting = Q(state__in=WAITING_STATES) & (held | Q(receiving_unit__in=units))
    return {
        Tab.RECEIVE: held & Q(state=State.SUBMITTED),
        Tab.PROCESS: process,
        Tab.DUE_SOON: (process | waiting) & due_soon_condition(now),
        Tab.OVERDUE: (process | waiting) & overdue_condition(now),
        Tab.WAITING: waiting,
        Tab.DONE: Q(state__in=DONE_STATES),
    }


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=VN_TZ)


def filtered(user: Any, filters: InboxFilters) -> QuerySet[Dossier]:
    """The dossiers `user` reaches, narrowed by `filters`. Drafts, and drafts the applicant
    withdrew before submitting them, never appear."""
    dossiers = dossiers_for(user).exclude(state=State.DRAFT).filter(submitted_at__isnull=False)
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


def open_candidates(user: Any) -> QuerySet[Any]:
    """The ids of every dossier that may be on an open tab (receive, process, due soon,
    overdue, waiting) of `user`: a UNION of three reads that indexes answer (held at one of
    the units in a state of those tabs, received at one of them and waiting for the
    applicant, an open consultation at one of them). Each tab's condition implies this set,
    so filtering by it changes no tab; it lets the database start from these few rows
    instead of testing every dossier the person reaches."""
    units = _units(user)
    held = Dossier.objects.filter(
        holding_unit__in=units, state__in=[State.SUBMITTED, *PROCESS_STATES, *WAITING_STATES]
    )
    received = Dossier.objects.filter(receiving_unit__in=units, state__in=WAITING_STATES)
    consulted = DossierStep.objects.filter(
        phase=StepPhase.CONSULTATION,
        unit__in=units,
        given_at__isnull=False,
        finished_at__isnull=True,
    )
    return (
        held.order_by()
        .values("pk")
        .union(
            received.order_by().values("pk"),
            consulted.order_by().values("dossier"),
            all=True,
        )
    )


def _tab_rows(user: Any, tab: Tab, dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """`dossiers` narrowed to the rows a tab may hold, by an index-backed set for the open
    tabs and by state for `done`."""
    if tab == Tab.DONE:
        return dossiers.filter(state__in=DONE_STATES)
    return dossiers.filter(pk__in=open_candidates(user))


def _done_candidates(user: Any, dossiers: QuerySet[Dossier]) -> list[QuerySet[Any]]:
    """Ids of finished `dossiers` by each reason `user` reaches them (held at, received at,
    a row of the control slip at one of the units, every dossier for the unrestricted),
    each read through an index and stopped after DONE_COUNT_LIMIT + 1 rows where the
    database allows it in a UNION: together they hold min(DONE_COUNT_LIMIT + 1, all)
    distinct finished dossiers at least. The control slip's branch, the costly one (a
    unit's whole history of rows), is read only when the held ones do not reach the limit
    already."""
    units = _units(user)
    done = dossiers.filter(state__in=DONE_STATES).order_by()
    held = done.filter(holding_unit__in=units).values("pk")
    bounded = connection.features.supports_slicing_ordering_in_compound
    limit = DONE_COUNT_LIMIT + 1
    stepped = done.filter(pk__in=DossierStep.objects.filter(unit__in=units).values("dossier"))
    if bounded:
        stepped = stepped.filter(~Exists(held[DONE_COUNT_LIMIT:limit]))
    everything = done if user.is_superuser else done.filter(unrestricted_condition(user))
    branches = [
        held,
        done.filter(receiving_unit__in=units).values("pk"),
        stepped.values("pk"),
        # Ordered by an indexed column so that the bounded read follows the index.
        everything.order_by("-submitted_at").values("pk"),
    ]
    if bounded:
        return [branch[:limit] for branch in branches]
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


def tab_counts(
    user: Any, filters: InboxFilters | None = None, now: datetime.datetime | None = None
) -> dict[Tab, int]:
    """How many dossiers each tab holds under `filters`, `done` counted up to
    DONE_COUNT_LIMIT + 1 (more than the limit means "more than 1,000"): one query.

    The rows counted are the open candidates (`open_candidates`) and at most
    DONE_COUNT_LIMIT + 1 finished dossiers, each then tested against its tab's condition,
    so the cost follows the work waiting at the units, not the size of their history."""
    filters = filters or InboxFilters()
    conditions = tab_conditions(user, now or timezone.now())
    dossiers = filtered(user, filters)
    finished = _searched_done(dossiers) if filters.text else _done_candidates(user, dossiers)
    rows = dossiers.filter(pk__in=open_candidates(user).union(*finished, all=True))
    counts = rows.aggregate(
        **{tab.value: Count("pk", filter=condition) for tab, condition in conditions.items()}
    )
    result = {tab: counts[tab.value] or 0 for tab in Tab}
    result[Tab.DONE] = min(result[Tab.DONE], DONE_COUNT_LIMIT + 1)
    return result


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
    the next page if there is one: one query."""
    moment = now or timezone.now()
    column, descending = ORDER[tab]
    dossiers = _tab_rows(user, tab, filtered(user, filters or InboxFilters())).filter(
        tab_conditions(user, moment)[tab], **{f"{column}__isnull": False}
    )
    rows = with_deadline_status(dossiers, moment).select_related(
        *LIST_RELATIONS, "procedure_version__procedure"
    )
    return keyset_page(rows, column, descending=descending, after=after, size=size)


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
