"""The read-only unit directory of the REST API."""

import datetime
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from rest_framework.test import APIClient

from motcua.agencies import services
from motcua.agencies.models import Unit, UnitKind
from motcua.agencies.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

UNITS = "/api/v1/units/"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def tree() -> dict[str, Unit]:
    root = UnitFactory.create(
        name="UBND tỉnh Nghệ An",
        short_name="UBND",
        kind=UnitKind.PROVINCE_COMMITTEE,
        qcvn_code="000.00.00.H41",
        admin_code="40",
    )
    department = UnitFactory.create(
        name="Sở Tư pháp",
        short_name="STP",
        kind=UnitKind.DEPARTMENT,
        parent=root,
        qcvn_code="000.00.05.H41",
    )
    division = UnitFactory.create(
        name="Phòng Hành chính tư pháp", parent=department, qcvn_code="000.01.05.H41"
    )
    ward = UnitFactory.create(
        name="Phường Trường Vinh",
        kind=UnitKind.WARD,
        parent=root,
        qcvn_code="000.00.40.H41",
        admin_code="16681",
        valid_from=datetime.date(2025, 7, 1),
    )
    district = UnitFactory.create(
        name="Thành phố Vinh",
        kind=UnitKind.DISTRICT,
        parent=root,
        qcvn_code="000.00.80.H41",
        admin_code="412",
    )
    services.dissolve_unit(district, ward, on=datetime.date(2025, 7, 1))
    return {
        "root": root,
        "department": department,
        "division": division,
        "ward": ward,
        "district": district,
    }


def _codes(response: Any) -> list[str]:
    return [unit["qcvn_code"] for unit in response.json()["results"]]


def test_the_list_is_public_paginated_and_in_tree_order(
    api: APIClient,
    tree: dict[str, Unit],
    django_assert_num_queries: Callable[[int], AbstractContextManager[Any]],
) -> None:
    with django_assert_num_queries(2):  # the count and the page, parents and successors joined
        response = api.get(UNITS, {"page_size": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    assert _codes(response) == ["000.00.00.H41", "000.00.05.H41", "000.01.05.H41"]
    assert body["results"][1]["parent"]["qcvn_code"] == "000.00.00.H41"
    assert body["next"] is not None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"search": "truong vinh"}, ["000.00.40.H41"]),
        ({"kind": "department"}, ["000.00.05.H41"]),
        ({"admin_code": "412"}, ["000.00.80.H41"]),
        ({"current": "false"}, ["000.00.80.H41"]),
        ({"within": "000.00.05.H41"}, ["000.00.05.H41", "000.01.05.H41"]),
        ({"within": "000.00.99.H41"}, []),
    ],
)
def test_filters(
    api: APIClient, tree: dict[str, Unit], params: dict[str, str], expected: list[str]
) -> None:
    assert _codes(api.get(UNITS, params)) == expected


def test_current_units_leave_out_the_former_district(api: APIClient, tree: dict[str, Unit]) -> None:
    assert "000.00.80.H41" not in _codes(api.get(UNITS, {"current": "true"}))


def test_detail_by_qcvn_code_shows_ancestors_and_history(
    api: APIClient, tree: dict[str, Unit]
) -> None:
    division = api.get(f"{UNITS}000.01.05.H41/").json()
    assert [unit["qcvn_code"] for unit in division["ancestors"]] == [
        "000.00.00.H41",
        "000.00.05.H41",
    ]
    assert division["in_force"] is True and division["current_successor"] is None

    district = api.get(f"{UNITS}000.00.80.H41/").json()
    assert district["in_force"] is False
    assert district["successor"]["name"] == "Phường Trường Vinh"
    assert district["current_successor"]["qcvn_code"] == "000.00.40.H41"

    ward = api.get(f"{UNITS}000.00.40.H41/").json()
    assert [unit["name"] for unit in ward["predecessors"]] == ["Thành phố Vinh"]


def test_unknown_code_is_not_found(api: APIClient, tree: dict[str, Unit]) -> None:
    assert api.get(f"{UNITS}000.00.77.H41/").status_code == 404
