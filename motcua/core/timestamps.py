"""Read PostgreSQL's `timestamptz` columns with psycopg's compiled loader.

Django registers, on every PostgreSQL connection, a loader for `timestamptz` written in
Python (`django.db.backends.postgresql.psycopg_any.BaseTzLoader`): it parses each value in
Python and replaces its time zone with the connection's. Measured on the million-dossier
database (docs/performance.md), that costs about 8-16 µs per value, so a page that reads
600 dossiers with two timestamps each spent about 20 ms parsing them; psycopg's compiled
loader (the `psycopg-binary` package the requirements pin) reads the same rows in under 1 ms.

When the connection's time zone is UTC (Django's with `USE_TZ`, and PostgreSQL's session time
zone then set to UTC), the compiled loader returns the very same values: aware datetimes whose
`tzinfo` is `datetime.timezone.utc`. Elsewhere Django's loader stays.
"""

import datetime
from collections.abc import Callable
from typing import Any

import psycopg
from django.db.backends.signals import connection_created
from psycopg.pq import Format

TIMESTAMPTZ = psycopg.adapters.types["timestamptz"].oid


class CompiledTimestamptzLoader:
    """psycopg's own `timestamptz` loader (compiled when psycopg-binary is installed), with
    the `timezone` attribute Django reads before each cursor to decide whether to register
    its loader again (`DatabaseWrapper.create_cursor`)."""

    timezone = datetime.UTC
    format = Format.TEXT
    load: Callable[[Any], datetime.datetime]

    def __init__(self, oid: int, context: Any = None) -> None:
        self.oid = oid
        # The compiled loader's bound method: psycopg calls it for each value, with no
        # Python frame of ours in between.
        compiled = psycopg.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
        assert compiled is not None
        self.load = compiled(oid, context).load


def use_compiled_loader(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor != "postgresql" or connection.timezone != datetime.UTC:
        return
    connection.connection.adapters.register_loader("timestamptz", CompiledTimestamptzLoader)


def install() -> None:
    connection_created.connect(use_compiled_loader, dispatch_uid="motcua-compiled-timestamps")
