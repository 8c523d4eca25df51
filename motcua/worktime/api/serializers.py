"""The deadline calculator and the days off of a year, for machines; messages in the
requester's language (Vietnamese by default)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.worktime import queries, units
from motcua.worktime.engine import FIRST_YEAR, LAST_YEAR, CalendarRangeError, DaySource
from motcua.worktime.limits import MAX_AMOUNT, Channel, TimeUnit


class UnitCodeField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False,
            allow_blank=True,
            max_length=13,
            help_text="QCVN 102 identifier of the unit whose calendar counts (default: the "
            "province's).",
            **kwargs,
        )


class DeadlineQuerySerializer(serializers.Serializer[dict[str, Any]]):
    start = serializers.DateTimeField(
        help_text="Moment of receipt, ISO 8601; without an offset it is Vietnam time.",
        error_messages={
            "required": _("Enter the moment of receipt."),
            "invalid": _(
                "Enter the moment of receipt as an ISO 8601 date and time, for example "
                "2026-03-05T09:30:00+07:00."
            ),
        },
    )
    amount = serializers.IntegerField(
        min_value=0,
        max_value=MAX_AMOUNT,
        help_text="The legal time limit, a whole number.",
        error_messages={
            "required": _("Enter the time limit."),
            "invalid": _("The time limit must be a whole number."),
            "min_value": _("The time limit must not be negative."),
            "max_value": _("The time limit is too long."),
        },
    )
    unit = serializers.ChoiceField(
        choices=TimeUnit.choices,
        error_messages={
            "required": _("Enter the unit of time."),
            "invalid_choice": _(
                "Unknown unit of time; use working_hours, working_days, days or months."
            ),
        },
    )
    unit_code = UnitCodeField()
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        default=Channel.DESK,
        help_text="How the dossier was received; the desk cut-off applies to desk and post.",
        error_messages={"invalid_choice": _("Unknown channel; use desk, online or post.")},
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            attrs["answer"] = queries.explain_deadline(
                attrs["start"],
                attrs["amount"],
                TimeUnit(attrs["unit"]),
                channel=Channel(attrs["channel"]),
                unit_code=attrs.get("unit_code"),
            )
        except units.UnknownUnit as error:
            message = queries.unknown_unit_message(error.code)
            raise serializers.ValidationError({"unit_code": message}) from None
        except CalendarRangeError:
            raise serializers.ValidationError({"start": queries.out_of_range_message()}) from None
        return attrs


class DaysOffQuerySerializer(serializers.Serializer[dict[str, Any]]):
    year = serializers.IntegerField(
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "required": _("Enter the year."),
            "invalid": _("The year must be a whole number."),
            "min_value": _("The calendar covers the years from {min_value}."),
            "max_value": _("The calendar covers the years up to {max_value}."),
        },
    )
    unit_code = UnitCodeField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            attrs["calendar"] = queries.get_calendar(attrs.get("unit_code"))
        except units.UnknownUnit as error:
            message = queries.unknown_unit_message(error.code)
            raise serializers.ValidationError({"unit_code": message}) from None
        return attrs


# Described inline: other apps' fields named "kind" have their own enums.
@extend_schema_field({"type": "string", "enum": DaySource.values})
class DayKindField(serializers.CharField):
    pass


class DaySerializer(serializers.Serializer[Any]):
    date = serializers.DateField(source="day")
    name = serializers.CharField()
    kind = DayKindField(
        source="source",
        help_text="weekly: the unit's weekly rest; holiday: Labour Code holiday, observed or "
        "substituted day; notice: a national yearly notice; local: a province's or unit's "
        "decision.",
    )


class DeadlineSerializer(serializers.Serializer[Any]):
    start = serializers.DateTimeField(source="deadline.received_at")
    received_effective = serializers.DateTimeField(
        source="deadline.received_effective", help_text="When the clock started."
    )
    due = serializers.DateTimeField(source="deadline.due", help_text="The appointment.")
    amount = serializers.IntegerField(source="deadline.amount")
    unit = serializers.ChoiceField(source="deadline.unit", choices=TimeUnit.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    unit_code = serializers.CharField(help_text="Empty for the province's calendar.")
    days_off = DaySerializer(
        many=True, help_text="Days not worked from the day of receipt to the appointment."
    )


class DaysOffSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    days_off = DaySerializer(many=True, help_text="Monday-to-Friday days that are not worked.")
    make_up_days = DaySerializer(many=True, help_text="Weekend days that are worked.")
