"""Django's Redis cache, with one Redis client object per connection pool; how long features
keep their remembered answers in it.

Django's client builds a new `redis.Redis` object for every cache operation, and building one
fills its table of about 170 response callbacks: 0.3 to 0.4 ms each time, twice per throttled
lookup, more than the lookup's own Redis round trips (docs/performance.md). A `redis.Redis`
object holds no connection of its own (it borrows from the pool for each command), so one per
pool serves every thread."""

# django-stubs do not describe the client's private helpers that this class reuses.
# mypy: disable-error-code="attr-defined"

import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction


def remembered_seconds(setting: str, default: int) -> int:
    """How long a feature keeps answers that generation tokens renew (0: never): its
    setting when configured; otherwise `default` when the cache is shared by every process
    (Redis), and 0 with a per-process cache, which would not see another process renew a
    token."""
    configured = getattr(settings, setting, None)
    if configured is not None:
        return int(configured)
    return default if is_shared() else 0


def is_shared() -> bool:
    """Whether the cache is one that every process sees (Redis), not a per-process one."""
    backend = str(settings.CACHES["default"]["BACKEND"])
    return not backend.endswith(("LocMemCache", "DummyCache"))


def generation(*keys: str) -> str | None:
    """The generation tokens under `keys`, joined: each is created at its first use, and
    renewed (`renew_generations`) by the writes that change the answers kept under it. None
    when the cache lost a token meanwhile (compute without keeping)."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, new_token(), timeout=None)
        found.update(cache.get_many(missing))
    if len(found) < len(keys):
        return None
    return ",".join(str(found[key]) for key in keys)


def renew_generations(*keys: str) -> None:
    """Give `keys` new generation tokens once the current transaction commits: what was kept
    under the old ones is computed again at its next request."""
    if keys:
        transaction.on_commit(
            lambda: cache.set_many({key: new_token() for key in keys}, timeout=None)
        )


def new_token() -> str:
    return secrets.token_hex(8)


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
