"""The committed OpenAPI file (docs/openapi.yaml) describes the code as it is."""

import difflib
from pathlib import Path

from django.conf import settings
from django.utils import translation
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.validation import validate_schema

COMMITTED_SCHEMA = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


def generate_schema() -> bytes:
    """What `make openapi` writes: drf-spectacular's generator, in English (`--lang en`)."""
    generator = spectacular_settings.DEFAULT_GENERATOR_CLASS()
    with translation.override("en"):
        schema = generator.get_schema(request=None, public=True)
    validate_schema(schema)
    return OpenApiYamlRenderer().render(schema, renderer_context={})


def test_committed_openapi_file_matches_the_code() -> None:
    generated = generate_schema().decode()
    committed = COMMITTED_SCHEMA.read_text(encoding="utf-8") if COMMITTED_SCHEMA.exists() else ""
    if generated != committed:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    generated.splitlines(keepends=True),
                    "docs/openapi.yaml (committed)",
                    "generated from the code",
                )
            )[:80]
        )
        raise AssertionError(
            "docs/openapi.yaml differs from the API in the code: run `make openapi` and "
            f"commit the file.\n{diff}"
        )
