import datetime
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from motcua.dossiers.queries import PublicStatus
from motcua.dossiers.states import NATIONAL_STATUS_NAMES, State

CODE_MAX_LENGTH = 40
SECRET_MAX_LENGTH = 64


class LookupQuerySerializer(serializers.Serializer[None]):
    """The lookup's query: the dossier code and the phone number on it or its secret."""

    code = serializers.CharField(max_length=CODE_MAX_LENGTH, help_text="Dossier code (mã hồ sơ).")
    secret = serializers.CharField(
        max_length=SECRET_MAX_LENGTH,
        help_text="The lookup secret printed on the receipt, or the phone number on the dossier.",
    )


class LookupResultSerializer(serializers.Serializer[PublicStatus]):
    """Status and appointment only: nothing about the applicant."""

    code = serializers.CharField(
        help_text="Dossier code (mã hồ sơ): <receiving unit's QCVN 102 code>-YYMMDD-NNNN."
    )
    procedure_code = serializers.CharField()
    procedure_name = serializers.CharField()
    state = serializers.ChoiceField(choices=State.choices)
    state_display = serializers.CharField()
    national_status = serializers.IntegerField(allow_null=True)
    national_status_name = serializers.SerializerMethodField()
    receiving_unit = serializers.CharField(source="receiving_unit_name")
    submitted_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True, help_text="Appointment for the result.")
    returned_at = serializers.DateTimeField(allow_null=True, help_text="Result returned at.")

    def get_national_status_name(self, status: PublicStatus) -> str:
        return NATIONAL_STATUS_NAMES.get(status.national_status or 0, "")


_MOMENT = serializers.DateTimeField()


def lookup_answer(status: PublicStatus) -> dict[str, Any]:
    """`LookupResultSerializer(status).data`, built directly: the lookup is the busiest public
    request and a DRF serializer's construction (a deep copy of its fields) costs it more
    than its query (docs/performance.md). A test checks that both give the same answer."""

    zone = timezone.get_current_timezone()

    def moment(value: datetime.datetime | None) -> str | None:
        # DRF's DateTimeField: ISO 8601 in the current time zone, "Z" for UTC; a naive value
        # (none is stored) left to DRF.
        if value is None:
            return None
        if value.utcoffset() is None:
            return _MOMENT.to_representation(value)
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    national_status = status.national_status
    return {
        "code": status.code,
        "procedure_code": status.procedure_code,
        "procedure_name": status.procedure_name,
        "state": status.state,
        "state_display": status.state_display,
        "national_status": national_status,
        "national_status_name": NATIONAL_STATUS_NAMES.get(national_status or 0, ""),
        "receiving_unit": status.receiving_unit_name,
        "submitted_at": moment(status.submitted_at),
        "received_at": moment(status.received_at),
        "due_at": moment(status.due_at),
        "returned_at": moment(status.returned_at),
    }
