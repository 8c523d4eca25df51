import functools
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import models
from rest_framework import serializers

from motcua.agencies.models import Unit
from motcua.catalog.models import Component, Fee, Field, ProcedureVersion, ProcessStep


class DisplayField(serializers.CharField):
    """A choice's label, `source` naming its `get_<field>_display` method (for the schema).
    The label is read from the field's choices, mapped once per model field: the method
    rebuilds that mapping on every call, and DRF's generic lookup inspects its signature,
    on every row (a third of a catalogue search's time, docs/performance.md)."""

    def get_attribute(self, instance: Any) -> Any:
        name = str(self.source).removeprefix("get_").removesuffix("_display")
        value = getattr(instance, name)
        return _choice_labels(instance._meta.label, name).get(value, value)


@functools.cache
def _choice_labels(model_label: str, name: str) -> dict[Any, Any]:
    field = apps.get_model(model_label)._meta.get_field(name)
    assert isinstance(field, models.Field)
    return dict(field.flatchoices)


class FieldSerializer(serializers.ModelSerializer[Field]):
    class Meta:
        model = Field
        fields = ["code", "name"]


class UnitBriefSerializer(serializers.ModelSerializer[Unit]):
    class Meta:
        model = Unit
        fields = ["qcvn_code", "name"]


class TimeLimitSerializer(serializers.Serializer[ProcedureVersion]):
    amount = serializers.IntegerField(source="time_limit_amount")
    unit = serializers.CharField(source="time_limit_unit")
    text = serializers.CharField(source="time_limit_display")
    note = serializers.CharField(source="time_limit_note")


class ProcedureSerializer(serializers.ModelSerializer[ProcedureVersion]):
    """A procedure in a list: what is needed to choose it."""

    code = serializers.CharField(source="procedure.code")
    field = FieldSerializer()
    authority_level_display = DisplayField(source="get_authority_level_display")
    online_level_display = DisplayField(source="get_online_level_display")
    time_limit = TimeLimitSerializer(source="*")
    accepts_online_submission = serializers.BooleanField()

    class Meta:
        model = ProcedureVersion
        fields = [
            "code",
            "name",
            "field",
            "authority_level",
            "authority_level_display",
            "online_level",
            "online_level_display",
            "time_limit",
            "has_fee",
            "accepts_online_submission",
            "status",
        ]


def procedure_rows(versions: Iterable[ProcedureVersion]) -> list[dict[str, Any]]:
    """What `ProcedureSerializer(versions, many=True).data` says, built directly: the
    serializer copies and walks its fields through DRF's generic machinery for every row,
    most of a catalogue search's time in Python (the tests compare both)."""
    return [
        {
            "code": version.procedure.code,
            "name": version.name,
            "field": {"code": version.field.code, "name": version.field.name},
            "authority_level": version.authority_level,
            "authority_level_display": _label(version, "authority_level"),
            "online_level": version.online_level,
            "online_level_display": _label(version, "online_level"),
            "time_limit": {
                "amount": version.time_limit_amount,
                "unit": version.time_limit_unit,
                "text": str(version.time_limit_display),
                "note": version.time_limit_note,
            },
            "has_fee": version.has_fee,
            "accepts_online_submission": version.accepts_online_submission,
            "status": version.status,
        }
        for version in versions
    ]


def _label(version: ProcedureVersion, name: str) -> str:
    value = getattr(version, name)
    return str(_choice_labels(version._meta.label, name).get(value, value))


# What a list row reads (`procedure_rows`), for the list's query.
ROW_COLUMNS = (
    "procedure__code",
    "name",
    "field__code",
    "field__name",
    "authority_level",
    "online_level",
    "time_limit_amount",
    "time_limit_unit",
    "time_limit_note",
    "has_fee",
    "online",
    "status",
)


class ComponentSerializer(serializers.ModelSerializer[Component]):
    copy_kind_display = DisplayField(source="get_copy_kind_display")

    class Meta:
        model = Component
        fields = [
            "order",
            "name",
            "copy_kind",
            "copy_kind_display",
            "copies",
            "required",
            "note",
            "form_name",
            "form_url",
            "replaced_by_eform",
        ]


class FeeSerializer(serializers.ModelSerializer[Fee]):
    kind_display = DisplayField(source="get_kind_display")

    class Meta:
        model = Fee
        fields = ["order", "kind", "kind_display", "case", "amount_vnd", "note"]


class ProcessStepSerializer(serializers.ModelSerializer[ProcessStep]):
    role_display = DisplayField(source="get_role_display")
    unit = UnitBriefSerializer(allow_null=True)
    duration_text = serializers.CharField(source="duration_display")

    class Meta:
        model = ProcessStep
        fields = [
            "order",
            "name",
            "role",
            "role_display",
            "unit",
            "duration_amount",
            "duration_unit",
            "duration_text",
            "parallel_with_previous",
        ]


class UnitsSerializer(serializers.Serializer[ProcedureVersion]):
    receiving = UnitBriefSerializer(source="receiving_units", many=True)
    processing = UnitBriefSerializer(source="processing_units", many=True)
    coordinating = UnitBriefSerializer(source="coordinating_units", many=True)
    result = UnitBriefSerializer(source="result_units", many=True)


class ProcedureDetailSerializer(ProcedureSerializer):
    """Everything a citizen needs about a procedure, as its current version says."""

    decision_number = serializers.CharField()
    unit_scope_display = DisplayField(source="get_unit_scope_display")
    units = UnitsSerializer(source="*")
    applicants = serializers.ListField(source="applicant_kinds", child=serializers.CharField())
    channels = serializers.ListField(source="channel_kinds", child=serializers.CharField())
    steps = serializers.ListField(source="step_list", child=serializers.CharField())
    legal_basis = serializers.ListField(source="legal_basis_list", child=serializers.CharField())
    components = ComponentSerializer(many=True)
    fees = FeeSerializer(many=True)
    process = ProcessStepSerializer(source="process_steps", many=True)

    class Meta(ProcedureSerializer.Meta):
        fields = [
            *ProcedureSerializer.Meta.fields,
            "decision_number",
            "decision_date",
            "effective_from",
            "effective_to",
            "status_since",
            "unit_scope",
            "unit_scope_display",
            "units",
            "applicants",
            "channels",
            "steps",
            "cutoff_time",
            "legal_basis",
            "conditions",
            "result_name",
            "result_template_name",
            "result_template_url",
            "result_requires_paper_document",
            "eligible_for_full",
            "components",
            "fees",
            "process",
            "form_schema",
        ]
