"""Subscribers to the transitions of dossiers: how other apps act on a change of state
without the lifecycle knowing them.

`lifecycle.perform` calls `transition_performed` inside its transaction, after the dossier,
its control slip, its transition row and its audit event are written. A subscriber writes
its own rows in that same transaction (the notifications app queues its messages to the
citizen there), so a transition that rolls back leaves nothing behind, and an error in a
subscriber rolls the transition back. Subscribers must not talk to the outside world here:
they record what is to be done, and a worker does it after the commit.

Apps subscribe in their `AppConfig.ready`, so that the dependency points from them to
dossiers and never the other way (docs/architecture.md).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from motcua.dossiers.inbox import forget_history
from motcua.dossiers.models import Dossier, Transition


@dataclass(frozen=True)
class TransitionEvent:
    """What a subscriber learns: the dossier as saved, its transition row, and (at receipt
    only) the lookup secret given to the applicant, which is never stored by dossiers."""

    dossier: Dossier
    transition: Transition
    actor: Any
    lookup_secret: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def action(self) -> str:
        return self.transition.action


Subscriber = Callable[[TransitionEvent], None]

_subscribers: dict[str, Subscriber] = {}


def subscribe(name: str, subscriber: Subscriber) -> None:
    """Call `subscriber` for every transition. Subscribing again under the same name replaces
    the earlier subscriber (AppConfig.ready may run more than once in tests)."""
    _subscribers[name] = subscriber


def unsubscribe(name: str) -> None:
    _subscribers.pop(name, None)


def subscribers() -> list[str]:
    return sorted(_subscribers)


@contextmanager
def muted(*names: str) -> Iterator[None]:
    """Leave the named subscribers out while the block runs (in this process): for replaying
    history, such as the demo province's past dossiers, whose applicants must not get
    messages dated months ago."""
    removed = {name: _subscribers.pop(name) for name in names if name in _subscribers}
    try:
        yield
    finally:
        _subscribers.update(removed)


def transition_performed(event: TransitionEvent) -> None:
    """Tell every subscriber, in the order they subscribed, inside the caller's transaction."""
    for subscriber in list(_subscribers.values()):
        subscriber(event)


def _forget_inbox_history(event: TransitionEvent) -> None:
    forget_history(event.dossier, event.transition.from_state, event.transition.to_state)


# The inbox's "done" tab is remembered until a dossier enters or leaves it (inbox.py).
subscribe("dossiers.inbox", _forget_inbox_history)
