"""A figure that is expensive to compute and may be a little old: computed once per
`fresh_for` seconds across every process that shares the cache (Redis in production), and
never by many requests at once.

When the stored value is older than `fresh_for`, one request (the one that takes the
cache's lock) computes it again while the others are answered with the stored value; when
no value is stored yet, the others wait for the first one's answer (at most `wait` seconds,
then compute their own). So sixteen people opening the province's yearly statistics in the
same second cost the database one query, not sixteen.

With `in_process`, a value is also kept in the process that read it, and reused there
without asking the cache until `fresh_for` has passed since it was computed: for values whose
key names the generation of what they were computed from (a renewal makes a new key), read
on every request, and costly to unpickle. Callers must not change what they are given.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

T = TypeVar("T")

# How long a value outlives its freshness, as a multiple of `fresh_for`: a stale value is
# served while one request computes the next, and forgotten after this.
KEPT_FOR = 10
POLL_SECONDS = 0.05
# How many values `in_process` keeps in each process (the least recently used go first).
IN_PROCESS_SIZE = 256

_kept: OrderedDict[str, tuple[float, Any]] = OrderedDict()
_kept_lock = threading.Lock()


def recent(
    key: str,
    compute: Callable[[], T],
    *,
    fresh_for: float,
    wait: float = 10.0,
    in_process: bool = False,
) -> T:
    """The value stored under `key` if it is at most `fresh_for` seconds old; otherwise
    `compute()`'s, stored for the next callers (see the module's docstring)."""
    now = time.time()
    if in_process:
        with _kept_lock:
            here = _kept.get(key)
            if here is not None and now - here[0] <= fresh_for:
                _kept.move_to_end(key)
                return here[1]
    stored = _shared(key, compute, now, fresh_for=fresh_for, wait=wait)
    if in_process:
        with _kept_lock:
            _kept[key] = stored
            _kept.move_to_end(key)
            while len(_kept) > IN_PROCESS_SIZE:
                _kept.popitem(last=False)
    return stored[1]


def _shared(
    key: str, compute: Callable[[], T], now: float, *, fresh_for: float, wait: float
) -> tuple[float, T]:
    """(when it was computed, the value) from the shared cache, or computed (`recent`)."""
    stored = cache.get(key)
    if stored is not None and now - stored[0] <= fresh_for:
        return stored
    lock = f"{key}:computing"
    if cache.add(lock, 1, timeout=max(1, round(wait))):
        try:
            fresh = (time.time(), compute())
            cache.set(key, fresh, timeout=max(1, round(fresh_for * KEPT_FOR)))
            return fresh
        finally:
            cache.delete(lock)
    if stored is not None:
        return stored
    deadline = now + wait
    while time.time() < deadline:
        time.sleep(POLL_SECONDS)
        stored = cache.get(key)
        if stored is not None:
            return stored
    return time.time(), compute()
