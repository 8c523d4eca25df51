from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from motcua.core.request_context import RequestContext, acting_from


def client_ip(request: HttpRequest) -> str | None:
    """The client's address; X-Forwarded-For is trusted only behind a configured proxy."""
    if getattr(settings, "BEHIND_TLS_PROXY", False) or getattr(
        settings, "TRUST_X_FORWARDED_FOR", False
    ):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = RequestContext(
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )
        with acting_from(context):
            return self.get_response(request)
