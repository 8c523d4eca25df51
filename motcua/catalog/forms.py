from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Field

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
