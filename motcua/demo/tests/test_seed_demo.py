"""The demo province: realistic, valid, and the same after any number of runs."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import translation

from motcua.accounts.models import Organisation, Representation, Role, StaffMembership, User
from motcua.agencies.models import COMMUNE_LEVEL_KINDS, Unit, UnitKind
from motcua.agencies.validators import qcvn102_parent
from motcua.core.models import AuditEvent
from motcua.demo import people, province

pytestmark = pytest.mark.django_db

MODELS = (Unit, User, StaffMembership, Organisation, Representation, AuditEvent)


def _seed() -> str:
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    return output.getvalue()


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in MODELS}


@pytest.fixture
def seeded() -> str:
    return _seed()


def test_a_second_run_creates_and_records_nothing(seeded: str) -> None:
    first = _counts()
    paths = dict(Unit.objects.values_list("qcvn_code", "path"))
    with translation.override("en"):
        second_output = _seed()
    assert _counts() == first
    assert dict(Unit.objects.values_list("qcvn_code", "path")) == paths
    assert "0 created, 0 reorganisations recorded" in second_output


def test_every_role_has_a_demo_account(seeded: str) -> None:
    roles = set(StaffMembership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    for membership in StaffMembership.objects.select_related("user"):
        assert membership.user.kind == "staff"
        assert membership.user.check_password(people.DEMO_PASSWORD)


def test_only_the_administrator_and_the_supervisor_open_the_admin(seeded: str) -> None:
    assert set(User.objects.filter(is_staff=True).values_list("username", flat=True)) == {
        "quantri",
        "giamsat.vpubnd",
    }
    assert list(User.objects.filter(is_superuser=True).values_list("username", flat=True)) == [
        "quantri"
    ]
    supervisor = StaffMembership.objects.get(role=Role.SUPERVISOR)
    assert supervisor.unit.qcvn_code == province.PROVINCE_CODE
    assert supervisor.unit.parent is None  # the whole province is the supervisor's subtree


@pytest.mark.parametrize("identifier", ["0912345678", "+84 912 345 678", "nguyenvanan@example.com"])
def test_citizens_sign_in_with_phone_or_email(seeded: str, identifier: str) -> None:
    request = RequestFactory().post("/dang-nhap/")
    user = authenticate(request, username=identifier, password=people.DEMO_PASSWORD)
    assert user is not None and user.full_name == "Nguyễn Văn An"


def test_demo_people_are_valid_and_the_organisation_has_a_representative(seeded: str) -> None:
    for user in User.objects.all():
        user.full_clean(exclude=["password"])
    organisation = Organisation.objects.get()
    organisation.full_clean()
    representation = Representation.objects.get()
    assert representation.organisation == organisation
    assert representation.user.phone == "0912345678"


def test_the_accounts_table_is_printed(seeded: str) -> None:
    assert people.DEMO_PASSWORD in seeded
    for account in people.STAFF:
        assert account.username in seeded
    assert "0987654321" in seeded


def test_the_province_has_the_size_the_issue_asks_for(seeded: str) -> None:
    current = Unit.objects.current()
    root = Unit.objects.get(qcvn_code=province.PROVINCE_CODE)
    assert root.parent is None and root.admin_code == "40"
    assert current.filter(kind=UnitKind.PROVINCE_COUNCIL).count() == 1
    assert current.filter(kind=UnitKind.DEPARTMENT, parent=root).count() >= 15
    assert current.filter(kind=UnitKind.DIVISION).count() >= 10
    communes = current.filter(kind__in=COMMUNE_LEVEL_KINDS)
    assert communes.count() >= 20
    for commune in communes:
        assert commune.children.filter(kind=UnitKind.SERVICE_CENTRE).count() == 1
        assert len(commune.admin_code) == 5
    assert current.filter(kind=UnitKind.VERTICAL_BRANCH).count() >= 3
    centre = Unit.objects.get(qcvn_code=people.PROVINCIAL_CENTRE)
    desks = set(centre.children.values_list("name", flat=True))
    assert {"Quầy Công an tỉnh", "Quầy Thuế tỉnh", "Quầy Bảo hiểm xã hội tỉnh"} <= desks


def test_every_unit_is_valid_and_its_code_sits_under_its_parents(seeded: str) -> None:
    for unit in Unit.objects.select_related("parent"):
        unit.full_clean()
        assert unit.qcvn_code is not None
        if unit.parent is not None:
            assert qcvn102_parent(unit.qcvn_code) == unit.parent.qcvn_code, unit.name


def test_former_districts_resolve_to_their_successors(seeded: str) -> None:
    districts = Unit.objects.filter(kind=UnitKind.DISTRICT)
    assert districts.count() >= 5
    for district in districts:
        assert district.valid_to == province.REFORM_DAY
        assert district.current_successor().is_in_force()
        assert not district.descendants().current().exists()
    vinh = Unit.objects.get(name="Thành phố Vinh")
    assert vinh.current_successor().name == "Phường Trường Vinh"
    old_commune = Unit.objects.get(name="Phường Cửa Nam")
    assert old_commune.parent == vinh
    assert old_commune.current_successor().name == "Phường Thành Vinh"
    # The new Xã Kim Liên and the old one share a name, not a row.
    assert Unit.objects.filter(name="Xã Kim Liên").count() == 2
    merged = Unit.objects.get(name="Sở Tài nguyên và Môi trường")
    assert merged.current_successor().name == "Sở Nông nghiệp và Môi trường"
    assert merged.valid_to == province.DEPARTMENTS_MERGED_ON


def test_communes_merged_together_are_recorded_together(seeded: str) -> None:
    event = AuditEvent.objects.get(action="agencies.unit.merged", target_label="Phường Nghi Thu")
    partners = {partner["name"] for partner in event.data["together_with"]}
    assert partners == {"Phường Nghi Hương", "Phường Thu Thủy"}
