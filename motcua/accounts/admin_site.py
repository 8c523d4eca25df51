"""The admin site with the platform's access rule for two-step sign-in.

Why a subclass of AdminSite: `has_permission` is the one place every admin page asks "may
this request use the admin?", so the rule lives there and covers all of them (pages of
third-party apps included). `motcua.accounts.apps.AdminConfig` makes it the default site,
so `admin.site` and `@admin.register` keep working unchanged everywhere.

The rule: Django's own (an active account with `is_staff`), and, for an account that has
confirmed an authenticator app, a session verified with a code. The same rule guards the
back-office (`motcua.accounts.access`); a member of staff without an authenticator keeps
signing in with a password alone, as the architecture allows ("staff may use TOTP").

The admin has no sign-in form of its own: its login page sends people to the back-office
sign-in, which asks for the code when one is due and counts failures for the lock-out.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from motcua.accounts.signin import url_with_next
from motcua.accounts.totp import needs_otp_verification


class AdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and not needs_otp_verification(request.user)

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        index = reverse("admin:index", current_app=self.name)
        if self.has_permission(request):
            return HttpResponseRedirect(index)
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or index
        step = (
            "backoffice:login_otp" if needs_otp_verification(request.user) else "backoffice:login"
        )
        return HttpResponseRedirect(url_with_next(reverse(step), next_url))
