"""Who is acting and from where, for the request being served.

Services record audit events without passing the request around: the middleware sets the
context at the start of a request, and management commands or tasks may set it themselves.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    user_agent: str = ""


_NOBODY = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("motcua_request_context", default=None)


def current() -> RequestContext:
    return _current.get() or _NOBODY


@contextmanager
def acting_from(context: RequestContext) -> Iterator[None]:
    token = _current.set(context)
    try:
        yield
    finally:
        _current.reset(token)
