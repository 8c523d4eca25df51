"""The benchmarks' baseline (docs/performance.md): the smallest Django JSON view, served by the
same gunicorn workers through the same middleware as every page, so that `bench/run_all.py`
can state each path's throughput as a ratio to it.

Only routed when the setting `MOTCUA_BENCH_ENDPOINTS` is on (environment variable of the same
name; off by default, so a province's installation never exposes it). It is a plain Django
view, not a DRF one, and so never appears in the API schema.
"""

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

PING_PATH = "bench/ping/"


@require_GET
def ping(request: HttpRequest) -> JsonResponse:
    """{"ok": true}: no query, no template."""
    return JsonResponse({"ok": True})


def urlpatterns() -> list[URLPattern]:
    """The benchmark-only routes, or none when `MOTCUA_BENCH_ENDPOINTS` is off."""
    if not getattr(settings, "MOTCUA_BENCH_ENDPOINTS", False):
        return []
    return [path(PING_PATH, ping, name="bench_ping")]
