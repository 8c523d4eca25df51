"""The inbox's search box and filters (every value optional; a bad value is ignored with its
message, the rest still filters)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Unit
from motcua.catalog.generation import remembered
from motcua.catalog.models import Field
from motcua.core.widgets import CompactSelect
from motcua.dossiers.inbox import MAX_SEARCH_LENGTH, InboxFilters, Tab, reached_units
from motcua.worktime.limits import Channel

TAB_LABELS = {
    Tab.RECEIVE: _("Waiting to be received"),
    Tab.PROCESS: _("To process"),
    Tab.DUE_SOON: _("Due soon"),
    Tab.OVERDUE: _("Overdue"),
    Tab.WAITING: _("Waiting for supplement or payment"),
    Tab.DONE: _("Done"),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class InboxFilterForm(forms.Form):
    tab = forms.ChoiceField(choices=list(TAB_LABELS.items()), required=False)
    q = forms.CharField(
        label=_("Search by code, applicant or procedure"),
        required=False,
        max_length=MAX_SEARCH_LENGTH,
    )
    procedure = forms.CharField(label=_("Procedure code"), required=False, max_length=30)
    field = forms.ModelChoiceField(
        label=_("Field"),
        queryset=Field.objects.order_by("name"),
        required=False,
        empty_label=_("Every field"),
        to_field_name="code",
        widget=CompactSelect,
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("Every channel")), *Channel.choices],
        widget=CompactSelect,
    )
    submitted_from = forms.DateField(label=_("Submitted from"), required=False, widget=DateInput())
    submitted_to = forms.DateField(label=_("Submitted until"), required=False, widget=DateInput())
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All my units"),
        widget=CompactSelect,
    )
    mine = forms.BooleanField(label=_("Only dossiers assigned to or entered by me"), required=False)

    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data)
        # The choices are read once, as plain lists (a model choice field would iterate its
        # queryset through a server-side cursor at each rendering); the querysets only
        # check a chosen value.
        units = reached_units(user)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = Unit.objects.filter(pk__in=[choice.pk for choice in units])
        unit.choices = [("", unit.empty_label), *((choice.pk, choice.name) for choice in units)]
        field = self.fields["field"]
        assert isinstance(field, forms.ModelChoiceField)
        fields = field.queryset
        assert fields is not None
        # The fields change with the catalogue only (`catalog.generation`).
        names = remembered(
            ("field names",), lambda: tuple(fields.values_list("code", "name")), in_process=True
        )
        field.choices = [("", field.empty_label), *names]
        self.fields["tab"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("submitted_from"), data.get("submitted_to")
        if first and last and first > last:
            self.add_error("submitted_to", _("The end of the period is before its start."))
        return data

    def value(self, name: str) -> Any:
        """A valid value, or empty when it was missing or wrong."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    def chosen_tab(self) -> Tab:
        return Tab(self.value("tab") or Tab.PROCESS)

    def filters(self) -> InboxFilters:
        return InboxFilters(
            text=self.value("q") or "",
            procedure=self.value("procedure") or "",
            field=self.value("field"),
            channel=self.value("channel") or "",
            submitted_from=self.value("submitted_from"),
            submitted_to=self.value("submitted_to"),
            unit=self.value("unit"),
            mine=bool(self.value("mine")),
        )

    def is_filtered(self) -> bool:
        return any(vars(self.filters()).values())
