"""The small province of the dossier tests (motcua/dossiers/tests/factories.py)."""

from motcua.dossiers.tests.conftest import _fresh_calendars, world

__all__ = ["_fresh_calendars", "world"]
