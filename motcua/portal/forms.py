"""Forms of the citizens' portal for dossiers: who applies and where (the e-form itself is
`motcua.dossiers.eform.EForm`), the files of each component, the public lookup."""

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.models import Organisation, User
from motcua.accounts.validators import normalize_phone, validate_cccd, validate_phone
from motcua.agencies.models import Unit
from motcua.catalog.models import Component, ProcedureVersion
from motcua.dossiers import services
from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.services import ApplicantDetails
from motcua.worktime.limits import Channel

SELF = "self"
ORGANISATIONS_ONLY = gettext_lazy(
    "This procedure is for businesses and household businesses: submit it for one you "
    "represent. If yours is not listed, ask the support staff to record you as its "
    "representative."
)
ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class ApplicantForm(forms.Form):
    """Who applies (the citizen or an organisation they represent), how to reach them, which
    unit receives the dossier and how the result comes back."""

    on_behalf = forms.ChoiceField(label=gettext_lazy("Submitted for"), widget=forms.RadioSelect)
    name = forms.CharField(label=gettext_lazy("Full name"), max_length=255, required=False)
    phone = forms.CharField(
        label=gettext_lazy("Phone number"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("With the dossier code, it lets you follow the dossier."),
    )
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    cccd = forms.CharField(
        label=gettext_lazy("Citizen identity number (CCCD)"), max_length=20, required=False
    )
    address = forms.CharField(label=gettext_lazy("Address"), max_length=255, required=False)
    receiving_unit = forms.TypedChoiceField(
        label=gettext_lazy("Receiving agency"), coerce=int, required=False
    )
    return_channel = forms.ChoiceField(label=gettext_lazy("Receive the result"), required=False)

    def __init__(
        self,
        *args: Any,
        user: User,
        organisations: Iterable[Organisation],
        units: list[Unit],
        version: ProcedureVersion,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.organisations = {str(org.pk): org for org in organisations}
        self.units = {unit.pk: unit for unit in units}
        self.for_citizens = version.for_citizens
        behalf = [(f"org-{pk}", org.name) for pk, org in self.organisations.items()]
        if self.for_citizens or not behalf:
            myself = _("Myself (%(name)s)") % {"name": user.full_name or user.username}
            behalf.insert(0, (SELF, myself))
        cast(forms.ChoiceField, self.fields["on_behalf"]).choices = behalf
        self.fields["on_behalf"].initial = behalf[0][0]
        unit_choices: list[tuple[Any, str]] = [] if len(units) == 1 else [("", _("— Choose —"))]
        cast(forms.ChoiceField, self.fields["receiving_unit"]).choices = unit_choices + [
            (u.pk, u.name) for u in units
        ]
        channels = [(Channel.ONLINE.value, _("Online, on this portal"))]
        if version.at_desk:
            channels.append((Channel.DESK.value, _("At the receiving agency's desk")))
        if version.by_post:
            channels.append((Channel.POST.value, _("By public postal service")))
        cast(forms.ChoiceField, self.fields["return_channel"]).choices = channels
        for field in self.fields.values():
            if not isinstance(field.widget, forms.RadioSelect):
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = css
        self.fields["phone"].widget.attrs.update(
            {"inputmode": "tel", "autocomplete": "tel", "aria-required": "true"}
        )
        self.fields["name"].widget.attrs.update({"autocomplete": "name", "aria-required": "true"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["cccd"].widget.attrs["inputmode"] = "numeric"
        self.fields["receiving_unit"].widget.attrs["aria-required"] = "true"

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        if phone:
            validate_phone(phone)
            return normalize_phone(phone)
        return ""

    def clean_cccd(self) -> str:
        cccd = "".join(self.cleaned_data.get("cccd", "").split())
        if cccd:
            validate_cccd(cccd)
        return cccd

    def clean_receiving_unit(self) -> Unit | None:
        pk = self.cleaned_data.get("receiving_unit")
        return self.units.get(pk) if isinstance(pk, int) else None

    def require_complete(self) -> None:
        """For a submission (a draft may wait): name, phone and receiving unit."""
        if not self.is_valid():
            return
        data = self.cleaned_data
        if not data.get("name", "").strip() and self.organisation is None:
            self.add_error("name", _("Enter your full name."))
        if not data.get("phone"):
            self.add_error("phone", _("Enter a phone number, so that the agency can reach you."))
        if data.get("receiving_unit") is None:
            self.add_error("receiving_unit", _("Choose the agency that receives the dossier."))
        if not self.for_citizens and self.organisation is None:
            self.add_error("on_behalf", ORGANISATIONS_ONLY)

    def _answers(self) -> dict[str, Any]:
        """The answers that passed the check (all of them when the form is valid)."""
        self.is_valid()
        return self.cleaned_data

    @property
    def organisation(self) -> Organisation | None:
        choice = self._answers().get("on_behalf", SELF)
        if isinstance(choice, str) and choice.startswith("org-"):
            return self.organisations.get(choice[4:])
        return None

    def details(self) -> ApplicantDetails:
        """The applicant as the form says, with the account's name when none was given."""
        data = self._answers()
        organisation = self.organisation
        name = data.get("name", "").strip() or self.user.full_name or self.user.username
        return ApplicantDetails(
            name=organisation.name if organisation else name,
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            address=data.get("address", "") or (organisation.address if organisation else ""),
            cccd="" if organisation else data.get("cccd", ""),
        )

    def return_channel_value(self) -> Channel:
        value = self._answers().get("return_channel") or Channel.ONLINE
        return Channel(value)


def initial_applicant(user: User, draft: Any = None, units: Sequence[Unit] = ()) -> dict[str, Any]:
    """What the applicant part shows first: the draft as saved, else the account.

    A draft saved before a receiving unit was chosen holds the first unit of the list in
    its place; that one is not shown as chosen, so that nobody submits to a unit they did
    not pick (someone who did pick it picks it again)."""
    if draft is not None:
        unit = draft.receiving_unit_id
        if len(units) > 1 and unit == units[0].pk:
            unit = None
        return {
            "on_behalf": f"org-{draft.organisation_id}" if draft.organisation_id else SELF,
            "name": "" if draft.organisation_id else draft.applicant_name,
            "phone": draft.applicant_phone,
            "email": draft.applicant_email,
            "cccd": draft.applicant_cccd,
            "address": draft.applicant_address,
            "receiving_unit": unit,
            "return_channel": draft.return_channel or Channel.ONLINE,
        }
    return {
        "name": user.full_name,
        "phone": user.phone,
        "email": user.email,
        "cccd": user.cccd,
        "address": user.address,
        "return_channel": Channel.ONLINE,
    }


def file_field_name(component: Component) -> str:
    return f"file-{component.pk}"


def check_upload(uploaded: UploadedFile) -> str | None:
    """Why this upload cannot be kept (too large, not a PDF/JPEG/PNG by content), or None."""
    try:
        services.check_upload(uploaded)
    except ActionRefused as refusal:
        return refusal.message
    return None


class SupplementForm(forms.Form):
    """The papers a citizen adds when the agency asks for a supplement."""

    document = forms.FileField(
        label=gettext_lazy("Files of the supplement (PDF, JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES, "class": "form-control"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note to the agency"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def clean_document(self) -> UploadedFile:
        uploaded = self.cleaned_data["document"]
        problem = check_upload(uploaded)
        if problem:
            raise forms.ValidationError(problem)
        return uploaded


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you withdraw the dossier?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class LookupForm(forms.Form):
    """A dossier code and the phone number on it or the lookup secret on the receipt."""

    code = forms.CharField(
        label=gettext_lazy("Dossier code"),
        max_length=40,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
        help_text=gettext_lazy("Printed on the receipt, for example 000.00.40.H41-260302-0001."),
    )
    secret = forms.CharField(
        label=gettext_lazy("Phone number or lookup secret"),
        max_length=64,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "off"}),
        help_text=gettext_lazy(
            "The phone number written on the dossier, or the lookup secret on the receipt."
        ),
    )


def mark_invalid(form: forms.Form) -> None:
    """Give the inputs with an error Bootstrap's red border (Django adds aria-invalid)."""
    if not form.is_bound:
        return
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            css = widget.attrs.get("class", "")
            if "is-invalid" not in css:
                widget.attrs["class"] = f"{css} is-invalid".strip()
