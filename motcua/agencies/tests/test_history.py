"""The 2025 reorganisation as history: old units resolve to their successors and old records
keep the old names."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from motcua.accounts.models import Role, StaffMembership, User
from motcua.agencies import queries, services
from motcua.agencies.models import Unit, UnitKind
from motcua.agencies.tests.factories import UnitFactory
from motcua.core import audit
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db

REFORM_DAY = datetime.date(2025, 7, 1)
DECISION = "Nghị quyết sắp xếp đơn vị hành chính cấp xã năm 2025"


@pytest.fixture
def province() -> Unit:
    return UnitFactory.create(
        name="UBND tỉnh Nghệ An", kind=UnitKind.PROVINCE_COMMITTEE, qcvn_code="000.00.00.H41"
    )


@pytest.fixture
def district(province: Unit) -> Unit:
    return UnitFactory.create(
        name="Huyện Nghi Lộc", kind=UnitKind.DISTRICT, parent=province, admin_code="429"
    )


@pytest.fixture
def ward(province: Unit) -> Unit:
    return UnitFactory.create(
        name="Xã Nghi Lộc", kind=UnitKind.COMMUNE, parent=province, valid_from=REFORM_DAY
    )


def test_a_former_district_resolves_to_its_successor(district: Unit, ward: Unit) -> None:
    services.dissolve_unit(district, ward, on=REFORM_DAY, decision=DECISION)
    district.refresh_from_db()
    assert district.valid_to == REFORM_DAY and district.end_decision == DECISION
    assert district.current_successor() == ward
    assert ward.current_successor() == ward
    assert list(ward.predecessors.all()) == [district]
    assert district in Unit.objects.historical()
    assert district not in Unit.objects.current()
    assert district in Unit.objects.current(on=datetime.date(2025, 6, 30))
    assert ward not in Unit.objects.current(on=datetime.date(2025, 6, 30))


def test_records_made_before_the_merger_keep_the_old_name(
    district: Unit, ward: Unit, province: Unit
) -> None:
    officer = User.objects.create_user("canbo.nghiloc", kind="staff")
    membership = StaffMembership.objects.create(
        user=officer, unit=district, role=Role.RECEPTION_OFFICER
    )
    old_event = audit.record("test.received_at", district)

    services.dissolve_unit(district, ward, on=REFORM_DAY)
    services.update_unit(ward, name="Xã Nghi Lộc mới")

    membership.refresh_from_db()
    assert membership.unit.name == "Huyện Nghi Lộc"
    assert "Huyện Nghi Lộc" in str(membership)
    assert membership.unit.current_successor().name == "Xã Nghi Lộc mới"
    old_event = AuditEvent.objects.get(pk=old_event.pk)
    assert old_event.target_label == "Huyện Nghi Lộc"


def test_merging_several_communes_records_each_with_its_partners(
    district: Unit, ward: Unit
) -> None:
    communes = [
        UnitFactory.create(name=name, kind=UnitKind.COMMUNE, parent=district)
        for name in ("Thị trấn Quán Hành", "Xã Nghi Trung", "Xã Nghi Diên")
    ]
    closed = services.merge_units(communes, ward, on=REFORM_DAY, decision=DECISION)
    assert {unit.pk for unit in closed} == {unit.pk for unit in communes}
    assert set(ward.predecessors.all()) == set(communes)
    events = AuditEvent.objects.filter(action="agencies.unit.merged")
    assert {event.target_label for event in events} == {unit.name for unit in communes}
    first = events.get(target_id=str(communes[0].pk))
    assert first.data["successor"]["name"] == "Xã Nghi Lộc"
    assert first.data["decision"] == DECISION
    assert {partner["name"] for partner in first.data["together_with"]} == {
        "Xã Nghi Trung",
        "Xã Nghi Diên",
    }


def test_a_chain_of_reorganisations_resolves_to_the_unit_in_force(
    district: Unit, ward: Unit, province: Unit
) -> None:
    older = UnitFactory.create(name="Xã Nghi Thạch", kind=UnitKind.COMMUNE, parent=district)
    middle = UnitFactory.create(name="Xã Thịnh Trường", kind=UnitKind.COMMUNE, parent=district)
    services.merge_units([older], middle, on=datetime.date(2020, 1, 1))
    services.merge_units([middle], ward, on=REFORM_DAY)
    services.dissolve_unit(district, ward, on=REFORM_DAY)
    assert older.current_successor() == ward
    assert queries.lineage_ids(ward) == {ward.pk, middle.pk, older.pk, district.pk}
    assert queries.lineage_ids(older) == {older.pk}


def test_a_district_with_communes_in_force_cannot_be_dissolved(district: Unit, ward: Unit) -> None:
    UnitFactory.create(name="Xã Nghi Hoa", kind=UnitKind.COMMUNE, parent=district)
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        services.dissolve_unit(district, ward, on=REFORM_DAY)
    assert "Xã Nghi Hoa" in refused.value.messages[0]
    district.refresh_from_db()
    assert district.valid_to is None and district.successor is None
    assert not AuditEvent.objects.filter(action="agencies.unit.dissolved").exists()


@pytest.mark.parametrize(
    "problem", ["successor_not_in_force", "already_ended", "successor_inside", "itself"]
)
def test_impossible_reorganisations_are_refused(
    problem: str, district: Unit, ward: Unit, province: Unit
) -> None:
    unit, successor = district, ward
    if problem == "successor_not_in_force":
        successor = UnitFactory.create(parent=province, valid_to=datetime.date(2024, 1, 1))
    elif problem == "already_ended":
        services.dissolve_unit(district, ward, on=REFORM_DAY)
    elif problem == "successor_inside":
        successor = UnitFactory.create(
            parent=district, kind=UnitKind.COMMUNE, valid_to=datetime.date(2025, 7, 2)
        )
    else:
        successor = district
    with pytest.raises(ValidationError):
        services.dissolve_unit(unit, successor, on=REFORM_DAY)


def test_a_unit_cannot_end_before_it_starts(ward: Unit, province: Unit) -> None:
    with pytest.raises(ValidationError):
        services.dissolve_unit(ward, province, on=datetime.date(2025, 6, 1))
