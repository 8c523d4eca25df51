from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Unit
from motcua.catalog.models import AuthorityLevel, Field, OnlineLevel
from motcua.catalog.search import ProcedureFilters

# A whole province's catalogue in Excel is a few megabytes.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ALLOWED_SUFFIXES = (".json", ".xlsx")


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Catalogue file"),
        help_text=_("JSON or Excel (.xlsx) in the catalogue format; at most 20 MB."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise ValidationError(_("Choose a .json or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 20 MB."))
        return upload


class CatalogueExportForm(forms.Form):
    FORMATS = [("xlsx", _("Excel (.xlsx)")), ("json", _("JSON"))]

    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)
    field = forms.ModelChoiceField(
        label=_("Field"),
        queryset=Field.objects.order_by("name"),
        required=False,
        empty_label=_("Every field"),
        to_field_name="code",
    )


class ProcedureSearchForm(forms.Form):
    """The portal's search box and filters; every value is optional."""

    q = forms.CharField(label=_("Search administrative procedures"), required=False, max_length=200)
    field = forms.ChoiceField(label=_("Field"), required=False)
    level = forms.ChoiceField(
        label=_("Implementing level"),
        required=False,
        choices=[("", _("Every level")), *AuthorityLevel.choices],
    )
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    online_level = forms.ChoiceField(
        label=_("Online service"),
        required=False,
        choices=[("", _("Every level of service")), *OnlineLevel.choices],
    )

    def __init__(
        self, *args: Any, fields: Iterable[Field], agencies: Iterable[Unit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field_choice, agency_choice = self.fields["field"], self.fields["agency"]
        assert isinstance(field_choice, forms.ChoiceField)
        assert isinstance(agency_choice, forms.ChoiceField)
        field_choice.choices = [
            ("", _("Every field")),
            *((field.code, field.name) for field in fields),
        ]
        agency_choice.choices = [
            ("", _("Every agency")),
            *((unit.qcvn_code or str(unit.pk), unit.name) for unit in agencies),
        ]

    def filters(self) -> ProcedureFilters:
        self.is_valid()  # a bad value drops only that filter (cleaned_data keeps the rest)
        data = self.cleaned_data
        return ProcedureFilters(
            field=data.get("field", ""),
            level=data.get("level", ""),
            agency=data.get("agency", ""),
            online_level=data.get("online_level", ""),
        )

    def text(self) -> str:
        self.is_valid()
        return str(self.cleaned_data.get("q", ""))
