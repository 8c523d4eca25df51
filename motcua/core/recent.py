"""A figure that is expensive to compute and may be a little old: computed once per
`fresh_for` seconds across every process that shares the cache (Redis in production), and
never by many requests at once.

When the stored value is older than `fresh_for`, one request (the one that takes the
cache's lock) computes it again while the others are answered with the stored value; when
no value is stored yet, the others wait for the first one's answer (at most `wait` seconds,
then compute their own). So sixteen people opening the province's yearly statistics in the
same second cost the database one query, not sixteen.
"""

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")

# How long a value outlives its freshness, as a multiple of `fresh_for`: a stale value is
# served while one request computes the next, and forgotten after this.
KEPT_FOR = 10
POLL_SECONDS = 0.05


def recent(key: str, compute: Callable[[], T], *, fresh_for: float, wait: float = 10.0) -> T:
    """The value stored under `key` if it is at most `fresh_for` seconds old; otherwise
    `compute()`'s, stored for the next callers (see the module's docstring)."""
    stored = cache.get(key)
    now = time.time()
    if stored is not None and now - stored[0] <= fresh_for:
        return stored[1]
    lock = f"{key}:computing"
    if cache.add(lock, 1, timeout=max(1, round(wait))):
        try:
            value = compute()
            cache.set(key, (time.time(), value), timeout=max(1, round(fresh_for * KEPT_FOR)))
            return value
        finally:
            cache.delete(lock)
    if stored is not None:
        return stored[1]
    deadline = now + wait
    while time.time() < deadline:
        time.sleep(POLL_SECONDS)
        stored = cache.get(key)
        if stored is not None:
            return stored[1]
    return compute()
