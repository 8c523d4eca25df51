"""The OpenAPI schema generator of the platform's API.

drf-spectacular reads an integer field's bounds from the model field's validators, which
Django builds from the database in use: PostgreSQL gives a PositiveSmallIntegerField the
range 0..32767, SQLite (which enforces no integer sizes) 0..2^63-1. The committed schema
(docs/openapi.yaml) must not depend on the database it was generated on, so bounds that are
only the database's implicit range are replaced by the standard SQL range of the field's
type, which PostgreSQL (production) enforces.
"""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    def _insert_min_max(self, field: Any, content: dict[str, Any]) -> None:
        super()._insert_min_max(field, content)
        internal_type = model_integer_type(field)
        if internal_type is None:
            return
        implicit = connection.ops.integer_field_range(internal_type)
        standard = BaseDatabaseOperations.integer_field_ranges.get(internal_type)
        if standard is None:
            return
        for key, implicit_bound, standard_bound in zip(
            ("minimum", "maximum"), implicit, standard, strict=True
        ):
            if key in content and content[key] == implicit_bound:
                content[key] = standard_bound


def model_integer_type(field: Any) -> str | None:
    """The internal type ("PositiveSmallIntegerField"...) of the model integer field a
    ModelSerializer field was built from, or None."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source or field.source == "*":
        return None
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return None
    if not isinstance(model_field, models.IntegerField):
        return None
    return str(model_field.get_internal_type())
