"""The open tabs placed once and cut at each request (`inbox.OpenTabs`, `inbox.page_of_keys`)
against the rules of the tabs applied row by row, as the module's documentation states them."""

import datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.dossiers.inbox import (
    ORDER,
    PROCESS_STATES,
    WAITING_STATES,
    Cursor,
    OpenTabs,
    Tab,
    page_of_keys,
)
from motcua.dossiers.queries import DeadlineClock
from motcua.dossiers.states import State

START = datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC)
REACHED = frozenset({1, 2})
OPEN_TABS = [tab for tab in Tab if tab != Tab.DONE]

# Few distinct moments, so that ties of appointments and of submissions are common.
moments = st.integers(0, 12).map(lambda hours: START + datetime.timedelta(hours=4 * hours))
facts = st.lists(
    st.tuples(
        st.sampled_from(list(State)),
        st.sampled_from([1, 2, 3, None]),  # holder: 1 and 2 are the person's units
        st.sampled_from([1, 2, 3, None]),  # receiver
        st.none() | moments,  # due_at
        st.none() | moments,  # submitted_at
        st.booleans(),  # clock stopped by a pause
        st.booleans(),  # open consultation at one of the units
    ),
    max_size=40,
).map(lambda rows: [(pk, *row) for pk, row in enumerate(rows, start=1)])


def by_rule(rows: list[Any], clock: DeadlineClock) -> dict[Tab, list[tuple[Any, int]]]:
    """Each row's tabs decided one by one: the reference."""
    placed: dict[Tab, list[tuple[Any, int]]] = {tab: [] for tab in OPEN_TABS}
    for pk, state, holder, receiver, due_at, submitted_at, stopped, consulted in rows:
        held = holder in REACHED
        process = (held and state in PROCESS_STATES) or consulted
        waiting = state in WAITING_STATES and (held or receiver in REACHED)
        late, soon = clock.status(state, due_at, stopped)
        there = {
            Tab.RECEIVE: held and state == State.SUBMITTED,
            Tab.PROCESS: process,
            Tab.WAITING: waiting,
            Tab.DUE_SOON: (process or waiting) and soon,
            Tab.OVERDUE: (process or waiting) and late,
        }
        values = {"due_at": due_at, "submitted_at": submitted_at}
        for tab in OPEN_TABS:
            if there[tab]:
                placed[tab].append((values[ORDER[tab][0]], pk))
    return placed


@settings(max_examples=300, deadline=None)
@given(rows=facts, now=moments, soon_hours=st.integers(0, 30))
def test_counts_orders_and_flags_are_those_of_the_rules_row_by_row(
    rows: list[Any], now: datetime.datetime, soon_hours: int
) -> None:
    clock = DeadlineClock(now, soon_limit=now + datetime.timedelta(hours=soon_hours))
    tabs = OpenTabs.place(rows, REACHED)
    expected = by_rule(rows, clock)
    for tab in OPEN_TABS:
        assert tabs.count(tab, clock) == len(expected[tab]), tab
        listed = sorted((key for key in expected[tab] if key[0] is not None), reverse=ORDER[tab][1])
        assert tabs.keys(tab, clock) == listed, tab
    for pk, state, _holder, _receiver, due_at, _submitted, stopped, _consulted in rows:
        if any(pk == key[1] for keys in expected.values() for key in keys):
            assert tabs.flags(pk, clock) == clock.status(state, due_at, stopped), pk


sorted_keys = st.lists(st.tuples(moments, st.integers(1, 30)), unique=True).map(sorted)


@settings(max_examples=300, deadline=None)
@given(keys=sorted_keys, descending=st.booleans(), size=st.integers(1, 5))
def test_pages_of_keys_show_every_key_once_in_order(
    keys: list[tuple[datetime.datetime, int]], descending: bool, size: int
) -> None:
    ordered = keys[::-1] if descending else keys
    seen: list[tuple[datetime.datetime, int]] = []
    after: Cursor | None = None
    for _ in range(len(ordered) + 1):
        chosen, after = page_of_keys(ordered, descending, after, size)
        assert 0 < len(chosen) <= size or not ordered
        seen.extend(chosen)
        if after is None:
            break
        assert (after.value, after.pk) == chosen[-1]
    assert seen == ordered


@given(keys=sorted_keys, descending=st.booleans(), cut=moments, pk=st.integers(0, 31))
def test_a_page_after_any_cursor_starts_past_it(
    keys: list[tuple[datetime.datetime, int]], descending: bool, cut: datetime.datetime, pk: int
) -> None:
    ordered = keys[::-1] if descending else keys
    chosen, _next = page_of_keys(ordered, descending, Cursor(cut, pk), len(ordered) + 1)
    past = [key for key in ordered if (key < (cut, pk) if descending else key > (cut, pk))]
    assert chosen == past
