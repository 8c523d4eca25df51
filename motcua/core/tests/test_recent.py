"""core.recent: an expensive figure computed once per freshness window, never by many
requests at once, a stale value served while one request computes the next."""

import threading
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache

from motcua.core import recent as recent_module
from motcua.core.recent import recent


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(recent_module.time, "time", clock)
    return clock


def counter() -> tuple[list[int], Callable[[], int]]:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    return calls, compute


def test_a_fresh_value_is_not_computed_again(clock: Clock) -> None:
    calls, compute = counter()
    assert recent("k", compute, fresh_for=60) == 1
    clock.now += 59
    assert recent("k", compute, fresh_for=60) == 1
    assert len(calls) == 1


def test_a_stale_value_is_computed_again(clock: Clock) -> None:
    calls, compute = counter()
    recent("k", compute, fresh_for=60)
    clock.now += 61
    assert recent("k", compute, fresh_for=60) == 2
    assert recent("k", compute, fresh_for=60) == 2
    assert len(calls) == 2


def test_while_one_request_computes_the_others_get_the_stale_value(clock: Clock) -> None:
    calls, compute = counter()
    recent("k", compute, fresh_for=60)
    clock.now += 61
    cache.add("k:computing", 1)  # another process is computing the next value
    assert recent("k", compute, fresh_for=60) == 1
    assert len(calls) == 1


def test_with_nothing_stored_the_others_wait_for_the_first_answer() -> None:
    started, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow() -> str:
        calls.append("slow")
        started.set()
        release.wait(5)
        return "first"

    def never() -> str:
        calls.append("never")
        return "second"

    answers: list[str] = []
    first = threading.Thread(target=lambda: answers.append(recent("k", slow, fresh_for=60)))
    first.start()
    assert started.wait(5)
    second = threading.Thread(target=lambda: answers.append(recent("k", never, fresh_for=60)))
    second.start()
    release.set()
    first.join(5)
    second.join(5)
    assert answers == ["first", "first"]
    assert calls == ["slow"]


def test_a_waiter_computes_its_own_when_the_first_never_answers() -> None:
    cache.add("k:computing", 1)
    assert recent("k", lambda: "own", fresh_for=60, wait=0.2) == "own"


def test_a_failed_computation_releases_the_lock() -> None:
    def broken() -> int:
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        recent("k", broken, fresh_for=60)
    assert recent("k", lambda: 3, fresh_for=60) == 3


@pytest.fixture
def nothing_kept_here() -> Iterator[None]:
    recent_module._kept.clear()
    yield
    recent_module._kept.clear()


def test_a_value_kept_in_process_is_reused_without_the_cache(
    clock: Clock, nothing_kept_here: None
) -> None:
    calls, compute = counter()
    assert recent("k", compute, fresh_for=60, in_process=True) == 1
    cache.clear()  # the shared copy is gone: only this process's copy can answer
    clock.now += 59
    assert recent("k", compute, fresh_for=60, in_process=True) == 1
    assert len(calls) == 1


def test_a_value_kept_in_process_is_fresh_for_as_long_as_the_shared_one(
    clock: Clock, nothing_kept_here: None
) -> None:
    calls, compute = counter()
    recent("k", compute, fresh_for=60, in_process=True)
    clock.now += 61
    assert recent("k", compute, fresh_for=60, in_process=True) == 2
    assert len(calls) == 2


def test_a_process_keeps_a_bounded_number_of_values(
    clock: Clock, nothing_kept_here: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recent_module, "IN_PROCESS_SIZE", 2)
    for key in ("a", "b", "a", "c"):  # "b" is the least recently used when "c" comes
        recent(key, lambda: 0, fresh_for=60, in_process=True)
    assert list(recent_module._kept) == ["a", "c"]
