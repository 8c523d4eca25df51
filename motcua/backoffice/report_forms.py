"""The filters of the register and of the statistics pages (GET forms: a bad value shows its
message beside the field, everything typed stays)."""

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Unit
from motcua.backoffice.inbox_forms import DateInput, InboxFilterForm
from motcua.dossiers import stats
from motcua.dossiers.register import RegisterFilters, RegisterStatus
from motcua.dossiers.stats import Period


def this_month() -> tuple[datetime.date, datetime.date]:
    """From the first of this month to today (Vietnam time)."""
    today = timezone.localdate()
    return today.replace(day=1), today


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        # Indented by depth, so that the tree shows in the list.
        return "\u2003" * max(obj.depth, 0) + obj.name


class PeriodForm(forms.Form):
    """A unit among `units` and a period; `defaults` fills what the address left out."""

    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    date_from = forms.DateField(label=_("From date"), widget=DateInput())
    date_to = forms.DateField(label=_("To date (included)"), widget=DateInput())

    def __init__(self, data: Any, *, units: QuerySet[Unit]) -> None:
        query = data.copy()
        first, last = this_month()
        query.setdefault("date_from", first.isoformat())
        query.setdefault("date_to", last.isoformat())
        if not query.get("unit"):
            default = units.first()
            if default is not None:
                query["unit"] = str(default.pk)
        super().__init__(query)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("date_from"), data.get("date_to")
        if first and last:
            problem = stats.period_problem(first, last)
            if problem:
                self.add_error("date_to", problem)
        return data

    def period(self) -> Period:
        return Period(self.cleaned_data["date_from"], self.cleaned_data["date_to"])


class RegisterFilterForm(PeriodForm):
    subtree = forms.BooleanField(label=_("Include the units below it"), required=False)
    # The same controls as the inbox's filters.
    procedure = InboxFilterForm.base_fields["procedure"]
    field = InboxFilterForm.base_fields["field"]
    channel = InboxFilterForm.base_fields["channel"]
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Every status")), *RegisterStatus.choices],
    )

    def filters(self) -> RegisterFilters:
        data = self.cleaned_data
        return RegisterFilters(
            unit=data["unit"],
            period=self.period(),
            subtree=bool(data.get("subtree")),
            procedure=data.get("procedure") or "",
            field=data.get("field"),
            channel=data.get("channel") or "",
            status=data.get("status") or "",
        )
