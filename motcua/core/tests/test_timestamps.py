import datetime

import pytest
from django.db import connection
from psycopg.pq import Format

from motcua.core.timestamps import TIMESTAMPTZ, CompiledTimestamptzLoader

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

MOMENTS = [
    "2026-01-01 10:00:00.123456+07",
    "2025-07-01 00:00:00+00",
    "1999-12-31 23:59:59.999999-03:30",
    "0001-01-01 00:00:00+00",
]


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("psycopg's loaders exist on PostgreSQL only (.ci/run).")


def test_timestamps_are_read_by_psycopgs_compiled_loader_as_aware_utc_values() -> None:
    with connection.cursor() as cursor:
        # Django checks the loader before each cursor: ours must stay registered.
        assert cursor.cursor.adapters.get_loader(TIMESTAMPTZ, Format.TEXT) is (
            CompiledTimestamptzLoader
        )
        selected = ", ".join(f"'{moment}'::timestamptz" for moment in MOMENTS)
        cursor.execute(f"SELECT {selected}")
        read = cursor.fetchone()
    expected = [
        datetime.datetime.fromisoformat(moment).astimezone(datetime.UTC) for moment in MOMENTS
    ]
    assert list(read) == expected
    assert all(value.tzinfo is datetime.UTC for value in read)
