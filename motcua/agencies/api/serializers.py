from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.agencies.models import Unit


class UnitReferenceSerializer(serializers.ModelSerializer[Unit]):
    """Another unit, named in a unit's details (parent, successor, ancestors...)."""

    class Meta:
        model = Unit
        fields = ["qcvn_code", "name", "short_name", "kind", "valid_to"]


class UnitSerializer(serializers.ModelSerializer[Unit]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    in_force = serializers.SerializerMethodField()
    parent = UnitReferenceSerializer(read_only=True)
    successor = UnitReferenceSerializer(read_only=True)

    class Meta:
        model = Unit
        fields = [
            "qcvn_code",
            "name",
            "short_name",
            "kind",
            "kind_display",
            "admin_code",
            "depth",
            "parent",
            "valid_from",
            "valid_to",
            "in_force",
            "successor",
            "end_decision",
            "address",
            "phone",
            "email",
        ]

    @extend_schema_field(serializers.BooleanField())
    def get_in_force(self, unit: Unit) -> bool:
        return unit.is_in_force()


class UnitDetailSerializer(UnitSerializer):
    ancestors = serializers.SerializerMethodField()
    predecessors = UnitReferenceSerializer(many=True, read_only=True)
    current_successor = serializers.SerializerMethodField()

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "ancestors", "predecessors", "current_successor"]

    @extend_schema_field(UnitReferenceSerializer(many=True))
    def get_ancestors(self, unit: Unit) -> Any:
        return UnitReferenceSerializer(unit.ancestors(), many=True).data

    @extend_schema_field(UnitReferenceSerializer(allow_null=True))
    def get_current_successor(self, unit: Unit) -> Any:
        """The unit in force that carries this one's work; null while the unit is in force."""
        if unit.is_in_force():
            return None
        return UnitReferenceSerializer(unit.current_successor()).data
