"""Fixtures of the portal's dossier tests (helpers in dossier_world.py)."""

import pytest

from motcua.agencies.models import UnitKind
from motcua.agencies.tests.factories import UnitFactory
from motcua.catalog.models import Component
from motcua.dossiers.tests.factories import Province, make_province
from motcua.portal.tests.dossier_world import FORM
from motcua.worktime import queries as worktime_queries


@pytest.fixture
def _fresh_calendars() -> None:
    # Rolled-back tests leave calendars built from their rows in the process cache.
    worktime_queries.forget_calendars()


@pytest.fixture
def world(db: None, _fresh_calendars: None) -> Province:
    world = make_province()
    world.province.admin_code = "40"
    world.province.save()
    UnitFactory.create(
        name="Phường Trường Vinh", kind=UnitKind.WARD, admin_code="16681", parent=world.province
    )
    world.version.form_schema = FORM
    world.version.save()
    Component.objects.create(version=world.version, order=2, name="Giấy chứng sinh", required=False)
    Component.objects.filter(version=world.version, order=1).update(name="Tờ khai có chữ ký")
    return world
