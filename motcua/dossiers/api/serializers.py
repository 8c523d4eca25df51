from rest_framework import serializers

from motcua.dossiers.queries import PublicStatus
from motcua.dossiers.states import NATIONAL_STATUS_NAMES, State


class LookupQuerySerializer(serializers.Serializer[None]):
    """The lookup's query: the dossier code and the phone number on it or its secret."""

    code = serializers.CharField(max_length=40, help_text="Dossier code (mã hồ sơ).")
    secret = serializers.CharField(
        max_length=64,
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
