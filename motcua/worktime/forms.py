"""The deadline calculator's form (the portal's "Tính ngày hẹn trả kết quả" page)."""

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.worktime import queries, units
from motcua.worktime.engine import VN_TZ, CalendarRangeError
from motcua.worktime.limits import MAX_AMOUNT, Channel, TimeUnit


class DeadlineForm(forms.Form):
    received_on = forms.DateField(
        label=_("Date of receipt"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    received_time = forms.TimeField(
        label=_("Time of receipt"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    amount = forms.IntegerField(
        label=_("Time limit"),
        min_value=0,
        max_value=MAX_AMOUNT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    unit = forms.TypedChoiceField(
        label=_("Unit of time"), choices=TimeUnit.choices, coerce=TimeUnit
    )
    channel = forms.TypedChoiceField(
        label=_("Channel of receipt"), choices=Channel.choices, coerce=Channel, initial=Channel.DESK
    )
    unit_code = forms.ChoiceField(label=_("Receiving unit"), required=False)

    def __init__(
        self, *args: Any, unit_choices: Sequence[tuple[str, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        province = ("", _("The province's calendar"))
        self.fields["unit_code"].choices = [province, *unit_choices]  # type: ignore[attr-defined]
        self.answer: queries.DeadlineAnswer | None = None
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        received_at = datetime.datetime.combine(
            data["received_on"], data["received_time"], tzinfo=VN_TZ
        )
        try:
            self.answer = queries.explain_deadline(
                received_at,
                data["amount"],
                data["unit"],
                channel=data["channel"],
                unit_code=data["unit_code"],
            )
        except units.UnknownUnit as error:
            self.add_error("unit_code", queries.unknown_unit_message(error.code))
        except CalendarRangeError:
            self.add_error("received_on", queries.out_of_range_message())
        return data
