"""The guard of every back-office page: `@staff_required` (functions) or `StaffRequiredMixin`
(classes). The rule itself is `motcua.accounts.access.backoffice_access`."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from motcua.accounts.access import BackofficeAccess, backoffice_access
from motcua.accounts.signin import url_with_next


def refusal(request: HttpRequest) -> HttpResponse | None:
    """The answer for a request that may not use the back-office, or None when it may."""
    access = backoffice_access(request.user)
    if access is BackofficeAccess.GRANTED:
        return None
    if access is BackofficeAccess.SIGN_IN:
        return HttpResponseRedirect(
            url_with_next(reverse("backoffice:login"), request.get_full_path())
        )
    if access is BackofficeAccess.SECOND_STEP:
        return HttpResponseRedirect(
            url_with_next(reverse("backoffice:login_otp"), request.get_full_path())
        )
    return render(request, "accounts/backoffice/not_staff.html", status=403)


def staff_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return refusal(request) or view(request, *args, **kwargs)

    return guarded


class StaffRequiredMixin:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return refusal(request) or super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
