"""The public dossier lookup as JSON: `GET /api/v1/dossiers/lookup?code=...&secret=...`.

The same answer as the portal's page: status and appointment only, for whoever has the code
and the phone number on the dossier or the lookup secret on the receipt; one 404 for an
unknown code and for a wrong secret, so that a code alone reveals nothing. Anonymous callers
are throttled per address (scope `dossier_lookup`, see `LookupThrottle`).

The lookup is the busiest public request, and its throughput is measured against the
smallest Django view's (docs/performance.md). A plain request (GET, both parameters valid,
an Accept header JSON satisfies unchanged) is therefore answered without DRF's request
handling: counted and its kept answer read in one Redis round trip, the same JSON written
directly. Anything else (a parameter missing or too long, another method, another Accept,
`?format=`) and the 404 and 429 answers go through DRF as before, which gives them their
documented bodies; a test checks that both ways give the same answers.
"""

import dataclasses
import functools
import hashlib
import time
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from redis.exceptions import NoScriptError
from rest_framework import serializers
from rest_framework.exceptions import APIException, NotFound, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from motcua.dossiers import citizen, queries
from motcua.dossiers.api.serializers import (
    CODE_MAX_LENGTH,
    SECRET_MAX_LENGTH,
    LookupQuerySerializer,
    LookupResultSerializer,
    lookup_answer,
)

ERROR = inline_serializer(
    "LookupError",
    {"detail": serializers.CharField(), "errors": serializers.DictField(required=False)},
)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
JSON = JSONRenderer()
JSON_RANGES = frozenset({"*/*", "application/*", "application/json"})


@functools.lru_cache(maxsize=8)
def parse_rate(rate: str) -> tuple[int, int]:
    """DRF's rate format: "20/min" → (20, 60), the attempts allowed and the window in
    seconds."""
    number, period = rate.split("/")
    return int(number), PERIODS[period.strip()[0]]


@dataclasses.dataclass(frozen=True)
class Attempt:
    allowed: bool
    wait: float
    kept: Any = queries.UNREAD  # the value read along, when asked for


class LookupThrottle(BaseThrottle):
    """Attempts per client address, MOTCUA_LOOKUP_RATE (default "20/min"): at most that many
    in each window of the period (a minute, aligned on the clock). One counter per address and
    window, incremented and given its expiry in one round trip to Redis (DRF's
    `SimpleRateThrottle` reads and writes a list of times: two); with a per-process cache
    (tests, development) the cache's own `add` and `incr`. The API and the portal's page count
    together."""

    scope = "dossier_lookup"
    timer = staticmethod(time.time)

    def __init__(self) -> None:
        self._wait = 0.0

    def allow_request(self, request: Request, view: APIView) -> bool:
        attempt = self.attempt(request)
        self._wait = attempt.wait
        return attempt.allowed

    def wait(self) -> float:
        return self._wait

    def get_ident(self, request: Request | HttpRequest) -> str:
        """DRF's `get_ident` (the address X-Forwarded-For gives through NUM_PROXIES proxies of
        ours, else REMOTE_ADDR), read from META without building `request.headers`."""
        meta = request.META
        xff = meta.get("HTTP_X_FORWARDED_FOR")
        remote_addr = str(meta.get("REMOTE_ADDR", ""))
        num_proxies = api_settings.NUM_PROXIES
        if num_proxies is not None:
            if num_proxies == 0 or xff is None:
                return remote_addr
            addrs = xff.split(",")
            return str(addrs[-min(num_proxies, len(addrs))].strip())
        return "".join(xff.split()) if xff else remote_addr

    def attempt(self, request: Request | HttpRequest, read: str | None = None) -> Attempt:
        """Count this request's attempt; with `read`, also read that cache key in the same
        round trip (`Attempt.kept`: its value or None)."""
        number, seconds = parse_rate(str(getattr(settings, "MOTCUA_LOOKUP_RATE", "20/min")))
        now = self.timer()
        window = int(now // seconds)
        key = f"throttle_{self.scope}_{self.get_ident(request)}_{window}"
        count, kept = _count(key, seconds, read)
        return Attempt(count <= number, (window + 1) * seconds - now, kept)


# Increment the counter KEYS[1], give it its expiry (ARGV[1] seconds) when it is new, and
# read KEYS[2] if given: one command, one answer.
COUNT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
if KEYS[2] then return {count, redis.call('GET', KEYS[2])} end
return {count}
"""
COUNT_SCRIPT_SHA = hashlib.sha1(COUNT_SCRIPT.encode(), usedforsecurity=False).hexdigest()


def _count(key: str, seconds: int, read: str | None) -> tuple[int, Any]:
    """Increment the counter `key` (expiring `seconds` after its first attempt) and read the
    cache key `read` if given (its value or None; `queries.UNREAD` when not given)."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        keys = [backend.make_key(key)]
        if read is not None:
            keys.append(backend.make_key(read))
        client_of = backend._cache  # type: ignore[attr-defined]  # Django's RedisCacheClient
        client = client_of.get_client(keys[0], write=True)
        try:
            answer = client.evalsha(COUNT_SCRIPT_SHA, len(keys), *keys, seconds)
        except NoScriptError:  # Redis restarted or its scripts flushed: load it again
            answer = client.eval(COUNT_SCRIPT, len(keys), *keys, seconds)
        if read is None:
            return answer[0], queries.UNREAD
        value = answer[1]
        return answer[0], None if value is None else client_of._serializer.loads(value)
    if backend.add(key, 1, timeout=seconds):
        count = 1
    else:
        try:
            count = backend.incr(key)
        except ValueError:  # expired between the two
            backend.set(key, 1, timeout=seconds)
            count = 1
    return count, queries.UNREAD if read is None else backend.get(read)


class DossierLookupView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [LookupThrottle]
    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary="Look up a dossier's status by its code and secret",
        parameters=[LookupQuerySerializer],
        responses={
            200: LookupResultSerializer,
            400: OpenApiResponse(ERROR, description="A parameter is missing or too long."),
            404: OpenApiResponse(
                ERROR, description="No dossier with this code and this phone number or secret."
            ),
            429: OpenApiResponse(ERROR, description="Too many lookups from this address."),
        },
    )
    def get(self, request: Request) -> Response:
        query = LookupQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        status = citizen.lookup(query.validated_data["code"], query.validated_data["secret"])
        if status is None:
            raise NotFound(not_found_message())
        return Response(lookup_answer(status))

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """A plain request (`plain_query`) answered directly; any other through DRF."""
        plain = plain_query(request)
        if plain is None:
            return super().dispatch(request, *args, **kwargs)
        code, secret = plain
        throttle = LookupThrottle()
        attempt = throttle.attempt(request, read=queries.public_row_key(code))
        if not attempt.allowed:
            return self.drf_error(request, Throttled(attempt.wait), *args, **kwargs)
        status = citizen.lookup(code, secret, kept=attempt.kept)
        if status is None:
            return self.drf_error(request, NotFound(not_found_message()), *args, **kwargs)
        response = HttpResponse(JSON.render(lookup_answer(status)), content_type=JSON.media_type)
        response["Allow"] = ", ".join(self.allowed_methods)
        return response

    def drf_error(
        self, request: HttpRequest, exc: APIException, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        """The answer DRF's `dispatch` gives when its handler raises `exc`."""
        drf_request = self.initialize_request(request, *args, **kwargs)
        self.request = drf_request
        self.headers = self.default_response_headers
        response = self.handle_exception(exc)
        self.response = self.finalize_response(drf_request, response, *args, **kwargs)
        return self.response


def not_found_message() -> str:
    return _("No dossier matches this code and phone number or secret.")


def plain_query(request: HttpRequest) -> tuple[str, str] | None:
    """The code and the secret of a GET whose answer DRF would give unchanged, both valid for
    `LookupQuerySerializer` (present, not blank, not too long, stripped) with no character
    its validators look at; None for any other request."""
    if request.method != "GET":
        return None
    accept = request.META.get("HTTP_ACCEPT")
    if accept is not None and not _plain_json(accept):
        return None
    query = request.GET
    if api_settings.URL_FORMAT_OVERRIDE in query:
        return None
    code = query.get("code")
    secret = query.get("secret")
    if code is None or secret is None:
        return None
    code = code.strip()
    secret = secret.strip()
    if not (0 < len(code) <= CODE_MAX_LENGTH and 0 < len(secret) <= SECRET_MAX_LENGTH):
        return None
    if not (code.isprintable() and secret.isprintable()):
        return None
    return code, secret


def _plain_json(accept: str) -> bool:
    """Whether DRF's negotiation would pick JSON for this Accept header with no parameter
    that changes it (`indent`)."""
    if "indent" in accept:
        return False
    return any(item.split(";", 1)[0].strip().lower() in JSON_RANGES for item in accept.split(","))
