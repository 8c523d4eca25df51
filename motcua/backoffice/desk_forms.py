"""Desk entry of a paper dossier (in person or by post): which procedure at which unit, the
applicant as written on the paper, and a scan per paper of the procedure. The procedure's
own fields come from the same e-form as the portal (`motcua.dossiers.eform.EForm`)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role, StaffMembership
from motcua.agencies.models import COMMUNE_LEVEL_KINDS, Unit
from motcua.catalog.models import Component, ProcedureVersion, UnitRole, UnitScope
from motcua.dossiers import conf
from motcua.dossiers.services import ApplicantDetails, sniff_content_type
from motcua.worktime.limits import Channel


def desk_units(user: Any) -> QuerySet[Unit]:
    """The units in which `user` is a one-stop officer."""
    memberships = StaffMembership.objects.filter(
        user=user.pk, role=Role.RECEPTION_OFFICER, is_active=True
    )
    return Unit.objects.filter(pk__in=memberships.values("unit")).order_by("name")


def versions_received_at(unit: Unit) -> QuerySet[ProcedureVersion]:
    """The current versions of the procedures `unit` receives, by name."""
    receives = Q(unit_roles__unit=unit, unit_roles__role=UnitRole.RECEIVING)
    if unit.kind in COMMUNE_LEVEL_KINDS:
        receives |= Q(unit_scope=UnitScope.EVERY_COMMUNE)
    return (
        ProcedureVersion.objects.current()
        .filter(receives)
        .filter(Q(at_desk=True) | Q(by_post=True))
        .distinct()
        .select_related("procedure")
        .order_by("search_name", "pk")
    )


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.procedure.code} — {obj.name}"


class ProcedureChoiceForm(forms.Form):
    """Step one: the receiving unit and the procedure."""

    unit = forms.ModelChoiceField(label=_("Receiving unit"), queryset=Unit.objects.none())
    version = VersionChoiceField(label=_("Procedure"), queryset=ProcedureVersion.objects.none())

    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data)
        units = desk_units(user)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units
        unit_field.empty_label = None
        chosen = None
        if data and data.get("unit", "").isdigit():
            chosen = units.filter(pk=int(data["unit"])).first()
        chosen = chosen or units.first()
        version_field = self.fields["version"]
        assert isinstance(version_field, forms.ModelChoiceField)
        version_field.queryset = (
            versions_received_at(chosen) if chosen else ProcedureVersion.objects.none()
        )


class DeskEntryForm(forms.Form):
    """Step two: how the dossier came, the applicant, and the scans of its papers."""

    channel = forms.ChoiceField(
        label=_("The dossier came"),
        choices=[(Channel.DESK, _("In person at the desk")), (Channel.POST, _("By post"))],
        widget=forms.RadioSelect,
        initial=Channel.DESK,
    )
    applicant_name = forms.CharField(label=_("Applicant (person or organisation)"), max_length=255)
    applicant_cccd = forms.CharField(
        label=_("Applicant's CCCD number"), required=False, max_length=12
    )
    applicant_phone = forms.CharField(label=_("Phone number"), required=False, max_length=15)
    applicant_email = forms.EmailField(label=_("E-mail"), required=False)
    applicant_address = forms.CharField(label=_("Address"), required=False, max_length=255)
    submitter_name = forms.CharField(
        label=_("Handed in by (if not the applicant)"), required=False, max_length=255
    )
    sets_count = forms.IntegerField(label=_("Number of sets"), min_value=1, max_value=50, initial=1)
    return_channel = forms.ChoiceField(
        label=_("How the result is returned"), choices=Channel.choices, initial=Channel.DESK
    )

    def __init__(self, *args: Any, version: ProcedureVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.components = list(version.components.order_by("order"))
        for component in self.components:
            self.fields[f"component_{component.pk}"] = forms.FileField(
                label=component.name,
                required=False,
                help_text=_("A scan (PDF, JPEG or PNG); the paper copy stays in the dossier."),
            )

    def component_fields(self) -> list[forms.BoundField]:
        return [self[f"component_{component.pk}"] for component in self.components]

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("component_")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        limit = conf.upload_max_bytes()
        for component in self.components:
            name = f"component_{component.pk}"
            upload: UploadedFile | None = data.get(name)
            if upload is None:
                continue
            problem = None
            if upload.size is not None and upload.size > limit:
                problem = gettext("The file is larger than %(size)s MB.") % {
                    "size": f"{limit / 1024 / 1024:g}"
                }
            else:
                upload.seek(0)
                if sniff_content_type(upload.read(8)) is None:
                    problem = gettext("The file is not a PDF, JPEG or PNG file.")
                upload.seek(0)
            if problem:
                self.add_error(name, ValidationError(problem))
        return data

    def details(self) -> ApplicantDetails:
        data = self.cleaned_data
        return ApplicantDetails(
            name=data["applicant_name"],
            phone=data["applicant_phone"],
            email=data["applicant_email"],
            address=data["applicant_address"],
            cccd=data["applicant_cccd"],
        )

    def uploads(self) -> list[tuple[Component, UploadedFile]]:
        return [
            (component, upload)
            for component in self.components
            if (upload := self.cleaned_data.get(f"component_{component.pk}")) is not None
        ]
