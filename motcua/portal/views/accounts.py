"""Citizens' sign-in, sign-out, registration and "My account"."""

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView, RedirectURLMixin
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.views.generic import FormView

from motcua.accounts.forms import CitizenRegistrationForm, CitizenSignInForm
from motcua.accounts.models import User
from motcua.accounts.queries import representations_of
from motcua.accounts.services import register_citizen
from motcua.accounts.signin import sign_in_new_account


class CitizenLoginView(LoginView):
    template_name = "accounts/portal/login.html"
    authentication_form = CitizenSignInForm
    redirect_authenticated_user = True


class CitizenLogoutView(LogoutView):
    next_page = "portal:home"


class RegisterView(RedirectURLMixin, FormView):
    template_name = "accounts/portal/register.html"
    form_class = CitizenRegistrationForm
    next_page = "portal:account"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            return HttpResponseRedirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(next=self.get_redirect_url(), **kwargs)

    def form_valid(self, form: CitizenRegistrationForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            user = register_citizen(
                full_name=data["full_name"],
                phone=data["phone"],
                email=data["email"],
                cccd=data["cccd"],
                password=data["password1"],
            )
        except IntegrityError:
            # The same phone, e-mail or CCCD was registered a moment ago (a double click):
            # validating again explains it on the right field.
            return self.form_invalid(self.get_form())
        sign_in_new_account(self.request, user)
        return HttpResponseRedirect(self.get_success_url())


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/portal/account.html",
        {"representations": representations_of(cast(User, request.user))},
    )
