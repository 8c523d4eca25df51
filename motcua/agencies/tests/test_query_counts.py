"""Query count of the unit directory's detail (issue 6's guards; the list is pinned in
test_api.py): the same at any depth of the tree and with any number of predecessors."""

import datetime
from typing import Any

import pytest
from rest_framework.test import APIClient

from motcua.agencies import services
from motcua.agencies.models import UnitKind
from motcua.agencies.tests.factories import UnitFactory, chain

pytestmark = pytest.mark.django_db


def test_a_units_detail_costs_the_same_at_any_depth_and_history(
    django_assert_num_queries: Any,
) -> None:
    line = chain(6)
    for depth, unit in enumerate(line):
        unit.qcvn_code = f"000.{depth:02d}.07.H41"
        unit.save()
    merged = UnitFactory.create(
        name="Phường mới", kind=UnitKind.WARD, parent=line[0], qcvn_code="000.00.41.H41"
    )
    for n in range(3):
        old = UnitFactory.create(
            name=f"Xã cũ {n}", kind=UnitKind.COMMUNE, parent=line[0], qcvn_code=f"000.0{n}.42.H41"
        )
        services.dissolve_unit(old, merged, on=datetime.date(2025, 7, 1))
    api = APIClient()
    # The unit with its parent and successors, its predecessors, and below the root its
    # ancestors (one id IN query read from the path, whatever the depth).
    with django_assert_num_queries(2):
        assert api.get("/api/v1/units/000.00.07.H41/").status_code == 200
    for code in ("000.01.07.H41", "000.05.07.H41", "000.00.41.H41"):
        with django_assert_num_queries(3):
            assert api.get(f"/api/v1/units/{code}/").status_code == 200
    # A dissolved unit: its successor's chain to the unit in force today as well.
    with django_assert_num_queries(4):
        assert api.get("/api/v1/units/000.01.42.H41/").status_code == 200
