"""Integer bounds in the schema are the same on SQLite and PostgreSQL."""

from typing import Any

from rest_framework import serializers

from motcua.api.schema import AutoSchema
from motcua.catalog.models import Component


class ComponentSerializer(serializers.ModelSerializer[Component]):
    class Meta:
        model = Component
        fields = ["copies", "order"]


def field_schema(name: str) -> dict[str, Any]:
    field = ComponentSerializer().fields[name]
    return AutoSchema()._map_serializer_field(field, "response")


def test_a_small_positive_integer_has_the_standard_sql_range_on_any_database() -> None:
    schema = field_schema("copies")
    assert (schema["type"], schema["minimum"], schema["maximum"]) == ("integer", 0, 32767)
    assert "format" not in schema  # a 32-bit integer, not int64


def test_bounds_a_serializer_declares_are_kept() -> None:
    class Bounded(ComponentSerializer):
        class Meta(ComponentSerializer.Meta):
            extra_kwargs = {"copies": {"max_value": 9}}

    schema = AutoSchema()._map_serializer_field(Bounded().fields["copies"], "response")
    assert schema["maximum"] == 9
