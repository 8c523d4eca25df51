"""Forms for signing in (both faces), registering as a citizen and the TOTP code steps.

The sign-in forms keep Django's field name "username" for what the person types, because
django-axes reads that name to count failures.
"""

import re
from typing import Any

import django_otp
from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.lockout import is_locked_out, record_failed_second_step
from motcua.accounts.models import User, UserKind
from motcua.accounts.validators import normalize_phone, validate_cccd, validate_phone


class _SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing accounts of the other face with a clear message."""

    allowed_kind: UserKind
    identifier_label: Any  # a lazy translation
    error_messages = {
        **AuthenticationForm.error_messages,
        "inactive": _("This account has been deactivated. Please contact the administrator."),
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = self.identifier_label

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if user.kind != self.allowed_kind:
            raise ValidationError(self.error_messages["wrong_face"], code="wrong_face")


class CitizenSignInForm(_SignInForm):
    allowed_kind = UserKind.CITIZEN
    identifier_label = _("Phone number or e-mail")
    error_messages = {
        **_SignInForm.error_messages,
        "invalid_login": _(
            "The phone number or e-mail, or the password, is not right. Please try again; "
            "the password is case-sensitive."
        ),
        "wrong_face": _(
            "This is a staff account. Please sign in at the back-office for officials."
        ),
    }


class StaffSignInForm(_SignInForm):
    allowed_kind = UserKind.STAFF
    identifier_label = _("User name or e-mail")
    error_messages = {
        **_SignInForm.error_messages,
        "invalid_login": _(
            "The user name or e-mail, or the password, is not right. Please try again; "
            "the password is case-sensitive."
        ),
        "wrong_face": _(
            "This is a citizen's account: the back-office is only for officials of the "
            "agencies. Please sign in at the public-service portal."
        ),
    }


class CitizenRegistrationForm(SetPasswordMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    cccd = forms.CharField(
        label=_("Citizen identity number (CCCD)"),
        required=False,
        max_length=20,
        help_text=_("Optional: the 12 digits on your citizen identity card."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    password1, password2 = SetPasswordMixin.create_password_fields()

    error_messages = {
        **SetPasswordMixin.error_messages,
        "no_contact": _(
            "Give a phone number or an e-mail address (or both): you will sign in with it."
        ),
        "phone_taken": _(
            "This phone number is already registered. Sign in with it, or use another number."
        ),
        "email_taken": _(
            "This e-mail address is already registered. Sign in with it, or use another one."
        ),
        "cccd_taken": _("This CCCD number is already registered with another account."),
    }

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if not value:
            return ""
        validate_phone(value)
        phone = normalize_phone(value)
        if User.objects.filter(phone=phone).exists():
            raise ValidationError(self.error_messages["phone_taken"], code="phone_taken")
        return phone

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if email and User.objects.filter(email=email).exists():
            raise ValidationError(self.error_messages["email_taken"], code="email_taken")
        return email

    def clean_cccd(self) -> str:
        value = re.sub(r"\s", "", self.cleaned_data["cccd"])
        if not value:
            return ""
        validate_cccd(value)
        if User.objects.filter(cccd=value).exists():
            raise ValidationError(self.error_messages["cccd_taken"], code="cccd_taken")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        contact_errors = "phone" in self.errors or "email" in self.errors
        if not contact_errors and not (cleaned.get("phone") or cleaned.get("email")):
            self.add_error("phone", ValidationError(self.error_messages["no_contact"]))
        self.validate_passwords()
        self.validate_password_for_user(
            User(
                full_name=cleaned.get("full_name", ""),
                email=cleaned.get("email", ""),
                phone=cleaned.get("phone", ""),
            )
        )
        return cleaned


class _CodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=10,
        help_text=_("The code your authenticator app shows now for this account."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "class": "font-monospace",
            }
        ),
    )

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise ValidationError(
                _("Type the 6 digits that your authenticator app shows."), code="format"
            )
        return code

    @staticmethod
    def refuse_while_throttled(device: TOTPDevice) -> None:
        """django-otp doubles the wait after each wrong code (1, 2, 4... seconds)."""
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            until = timezone.localtime(details["locked_until"])
            raise ValidationError(
                _("Too many wrong codes in a row. Please wait until %(time)s and try again."),
                code="throttled",
                params={"time": formats.time_format(until, "H:i:s")},
            )


WRONG_CODE = _("This code is not right, or it has expired. Type the code the app shows now.")


class TOTPEnrolmentForm(_CodeForm):
    """Proves that the app the person set up produces the codes of this device."""

    def __init__(self, *args: Any, device: TOTPDevice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        code = super().clean_code()
        self.refuse_while_throttled(self.device)
        if not self.device.verify_token(code):
            raise ValidationError(WRONG_CODE, code="wrong")
        return code


class SecondStepForm(_CodeForm):
    """The code step of signing in; a wrong code counts towards the account's lock-out."""

    def __init__(
        self, *args: Any, request: HttpRequest, user: User, device: TOTPDevice, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.request, self.user, self.device = request, user, device

    def clean_code(self) -> str:
        code = super().clean_code()
        if is_locked_out(self.request, self.user):
            raise ValidationError(_("This account is locked for a while."), code="locked")
        self.refuse_while_throttled(self.device)
        if django_otp.verify_token(self.user, self.device.persistent_id, code) is None:
            record_failed_second_step(self.request, self.user)
            raise ValidationError(WRONG_CODE, code="wrong")
        return code
