from rest_framework import serializers

from motcua.dossiers.models import Dossier
from motcua.dossiers.states import NATIONAL_STATUS_NAMES


class LookupQuerySerializer(serializers.Serializer[None]):
    """The lookup's query: the dossier code and the phone number on it or its secret."""

    code = serializers.CharField(max_length=40, help_text="Dossier code (mã hồ sơ).")
    secret = serializers.CharField(
        max_length=64,
        help_text="The lookup secret printed on the receipt, or the phone number on the dossier.",
    )


class LookupResultSerializer(serializers.ModelSerializer[Dossier]):
    """Status and appointment only: nothing about the applicant."""

    procedure_code = serializers.CharField(source="procedure_version.procedure.code")
    procedure_name = serializers.CharField(source="procedure_version.name")
    state_display = serializers.CharField(source="get_state_display")
    national_status = serializers.IntegerField(allow_null=True)
    national_status_name = serializers.SerializerMethodField()
    receiving_unit = serializers.CharField(source="receiving_unit.name")

    class Meta:
        model = Dossier
        fields = [
            "code",
            "procedure_code",
            "procedure_name",
            "state",
            "state_display",
            "national_status",
            "national_status_name",
            "receiving_unit",
            "submitted_at",
            "received_at",
            "due_at",
            "returned_at",
        ]

    def get_national_status_name(self, dossier: Dossier) -> str:
        return NATIONAL_STATUS_NAMES.get(dossier.national_status or 0, "")
