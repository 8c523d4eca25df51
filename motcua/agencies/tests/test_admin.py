"""The admin's unit list: tree order, folded search, status filter, history on the form."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.accounts.models import User
from motcua.agencies import services
from motcua.agencies.models import Unit, UnitKind
from motcua.agencies.tests.factories import UnitFactory
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:agencies_unit_changelist")


@pytest.fixture
def admin_client_vi(client: Client) -> Client:
    admin = User.objects.create_superuser("quantri", "quantri@example.com", "matkhau-quantri")
    client.force_login(admin)
    client.cookies["django_language"] = "vi"
    return client


@pytest.fixture
def tree() -> dict[str, Unit]:
    root = UnitFactory.create(name="UBND tỉnh Nghệ An", kind=UnitKind.PROVINCE_COMMITTEE)
    ward = UnitFactory.create(
        name="Phường Trường Vinh", kind=UnitKind.WARD, parent=root, admin_code="16681"
    )
    district = UnitFactory.create(name="Thành phố Vinh", kind=UnitKind.DISTRICT, parent=root)
    services.dissolve_unit(district, ward, on=datetime.date(2025, 7, 1))
    return {"root": root, "ward": ward, "district": district}


def test_the_list_shows_the_tree_indented_by_depth(
    admin_client_vi: Client, tree: dict[str, Unit]
) -> None:
    response = admin_client_vi.get(CHANGELIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'padding-inline-start: 0.0em">UBND tỉnh Nghệ An</span>' in page
    assert 'padding-inline-start: 1.5em">Phường Trường Vinh</span>' in page
    assert page.index("UBND tỉnh Nghệ An") < page.index("Phường Trường Vinh")


@pytest.mark.parametrize("term", ["truong vinh", "TRƯỜNG", "16681"])
def test_search_ignores_diacritics(
    admin_client_vi: Client, tree: dict[str, Unit], term: str
) -> None:
    response = admin_client_vi.get(CHANGELIST, {"q": term})
    assert list(response.context["cl"].result_list) == [tree["ward"]]


@pytest.mark.parametrize(
    ("status", "expected"), [("in_force", {"root", "ward"}), ("historical", {"district"})]
)
def test_status_filter(
    admin_client_vi: Client, tree: dict[str, Unit], status: str, expected: set[str]
) -> None:
    response = admin_client_vi.get(CHANGELIST, {"status": status})
    assert set(response.context["cl"].result_list) == {tree[name] for name in expected}


def test_the_list_does_not_query_per_row(admin_client_vi: Client, tree: dict[str, Unit]) -> None:
    with CaptureQueriesContext(connection) as few:
        admin_client_vi.get(CHANGELIST)
    for index in range(20):
        district = UnitFactory.create(name=f"Huyện {index}", parent=tree["root"])
        services.dissolve_unit(district, tree["ward"], on=datetime.date(2025, 7, 1))
    with CaptureQueriesContext(connection) as many:
        admin_client_vi.get(CHANGELIST)
    assert len(many) == len(few)


def test_the_form_shows_predecessors_and_place_in_tree(
    admin_client_vi: Client, tree: dict[str, Unit]
) -> None:
    response = admin_client_vi.get(reverse("admin:agencies_unit_change", args=[tree["ward"].pk]))
    page = response.content.decode()
    assert ">Thành phố Vinh</a>" in page  # predecessor
    assert ">UBND tỉnh Nghệ An</a>" in page  # place in the tree


def test_changing_the_parent_in_the_admin_moves_the_subtree_and_is_audited(
    admin_client_vi: Client, tree: dict[str, Unit]
) -> None:
    other_root = UnitFactory.create(name="UBND tỉnh Hà Tĩnh", kind=UnitKind.PROVINCE_COMMITTEE)
    centre = UnitFactory.create(
        name="Trung tâm PVHCC phường", kind=UnitKind.SERVICE_CENTRE, parent=tree["ward"]
    )
    ward = tree["ward"]
    response = admin_client_vi.post(
        reverse("admin:agencies_unit_change", args=[ward.pk]),
        {
            "name": ward.name,
            "short_name": ward.short_name,
            "kind": ward.kind,
            "parent": other_root.pk,
            "qcvn_code": "",
            "admin_code": ward.admin_code,
            "valid_from": "",
            "valid_to": "",
            "successor": "",
            "end_decision": "",
            "address": "",
            "phone": "",
            "email": "",
        },
    )
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.ancestor_ids == [other_root.pk, ward.pk]
    assert AuditEvent.objects.filter(action="admin.change", target_id=str(ward.pk)).exists()


def test_the_admin_refuses_a_parent_inside_the_unit(
    admin_client_vi: Client, tree: dict[str, Unit]
) -> None:
    root, ward = tree["root"], tree["ward"]
    response = admin_client_vi.post(
        reverse("admin:agencies_unit_change", args=[root.pk]),
        {"name": root.name, "short_name": root.short_name, "kind": root.kind, "parent": ward.pk},
    )
    assert response.status_code == 200
    assert "Không thể đặt “UBND tỉnh Nghệ An” vào dưới chính nó" in response.content.decode()
    root.refresh_from_db()
    assert root.parent is None
