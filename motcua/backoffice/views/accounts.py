"""Staff sign-in (with the TOTP code step when due), sign-out, and TOTP enrolment."""

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, LogoutView, RedirectURLMixin
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import FormView
from django_otp import login as otp_login

from motcua.accounts.forms import SecondStepForm, StaffSignInForm, TOTPEnrolmentForm
from motcua.accounts.services import confirm_totp_enrolment, start_totp_enrolment
from motcua.accounts.signin import (
    begin_second_step,
    complete_sign_in,
    second_step_user,
    url_with_next,
)
from motcua.accounts.totp import confirmed_device, grouped_secret, qr_code_svg
from motcua.backoffice.views.access import StaffRequiredMixin


class StaffLoginView(LoginView):
    template_name = "accounts/backoffice/login.html"
    authentication_form = StaffSignInForm
    next_page = "backoffice:home"

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if confirmed_device(user) is not None:
            begin_second_step(self.request, user)
            code_step = reverse("backoffice:login_otp")
            return HttpResponseRedirect(url_with_next(code_step, self.get_redirect_url()))
        return super().form_valid(form)


class SecondStepView(RedirectURLMixin, FormView):
    template_name = "accounts/backoffice/login_otp.html"
    form_class = SecondStepForm
    next_page = "backoffice:home"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.account = second_step_user(request)
        self.device = confirmed_device(self.account) if self.account is not None else None
        if self.account is None or self.device is None:
            sign_in = reverse("backoffice:login")
            return HttpResponseRedirect(url_with_next(sign_in, self.get_redirect_url()))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "request": self.request,
            "user": self.account,
            "device": self.device,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            account=self.account, next=self.get_redirect_url(), **kwargs
        )

    def form_valid(self, form: SecondStepForm) -> HttpResponse:
        assert self.account is not None and self.device is not None
        complete_sign_in(self.request, self.account, self.device)
        return HttpResponseRedirect(self.get_success_url())


class StaffLogoutView(LogoutView):
    next_page = "backoffice:login"


class TOTPSetupView(StaffRequiredMixin, FormView):
    """Shows the state of two-step sign-in, or sets it up: a QR code and a code to confirm."""

    template_name = "accounts/backoffice/totp_setup.html"
    form_class = TOTPEnrolmentForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "device": self.waiting_device}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.confirmed = confirmed_device(request.user)
        if self.confirmed is not None:
            return self.render_to_response(self.get_context_data(form=None))
        self.waiting_device = start_totp_enrolment(request.user)
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.confirmed = confirmed_device(request.user)
        if self.confirmed is not None:
            return HttpResponseRedirect(request.path)
        self.waiting_device = start_totp_enrolment(request.user)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(confirmed_device=self.confirmed, **kwargs)
        if self.confirmed is None:
            context["qr_code"] = qr_code_svg(self.waiting_device)
            context["secret"] = grouped_secret(self.waiting_device)
        return context

    def form_valid(self, form: TOTPEnrolmentForm) -> HttpResponse:
        confirm_totp_enrolment(self.waiting_device, actor=self.request.user)
        otp_login(self.request, self.waiting_device)
        return HttpResponseRedirect(self.request.path)
