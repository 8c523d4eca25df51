"""Creating and updating units: validated, and audited in the same transaction."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from motcua.accounts.models import User
from motcua.agencies import queries, services
from motcua.agencies.models import Unit, UnitKind
from motcua.agencies.tests.factories import UnitFactory
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_create_unit_under_a_parent_is_audited_with_the_actor() -> None:
    admin = User.objects.create_user("quantri", kind="staff")
    root = UnitFactory.create(kind=UnitKind.PROVINCE_COMMITTEE, qcvn_code="000.00.00.H41")
    unit = services.create_unit(
        parent=root,
        name="Sở Tư pháp",
        short_name="STP",
        kind=UnitKind.DEPARTMENT,
        qcvn_code="000.00.05.H41",
        actor=admin,
    )
    assert unit.parent == root and unit.depth == 1
    assert queries.unit_by_qcvn_code(" 000.00.05.h41 ") == unit
    event = AuditEvent.objects.get(action="agencies.unit.created")
    assert event.actor == admin
    assert event.data["qcvn_code"] == "000.00.05.H41"
    assert event.data["parent"] == root.pk


@pytest.mark.parametrize(
    "fields",
    [
        {"qcvn_code": "000.5.00.H41"},
        {"admin_code": "40"},  # a department has no administrative-unit code
        {"valid_from": datetime.date(2025, 7, 1), "valid_to": datetime.date(2025, 1, 1)},
        {"kind": "hamlet"},
    ],
)
def test_create_unit_refuses_bad_input_and_records_nothing(fields: dict[str, Any]) -> None:
    values: dict[str, Any] = {"kind": UnitKind.DEPARTMENT, **fields}
    with pytest.raises(ValidationError):
        services.create_unit(parent=None, name="Sở Nội vụ", short_name="SNV", **values)
    assert not Unit.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_duplicate_qcvn_code_is_refused() -> None:
    UnitFactory.create(qcvn_code="000.00.05.H41")
    with pytest.raises(ValidationError) as refused:
        services.create_unit(
            parent=None,
            name="Sở Tư pháp",
            short_name="STP",
            kind=UnitKind.DEPARTMENT,
            qcvn_code="000.00.05.H41",
        )
    assert "qcvn_code" in refused.value.message_dict


def test_a_unit_in_force_cannot_be_created_under_an_ended_unit() -> None:
    ended = UnitFactory.create(name="Huyện Nam Đàn", valid_to=datetime.date(2025, 7, 1))
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        services.create_unit(parent=ended, name="Phòng Tư pháp", short_name="PTP", kind="division")
    assert refused.value.message_dict["parent"] == [
        "“Huyện Nam Đàn” đã kết thúc từ ngày 01/07/2025: không thể đặt đơn vị đang hoạt động "
        "vào dưới đơn vị này."
    ]


def test_update_records_only_what_changed() -> None:
    unit = UnitFactory.create(name="Sở Thông tin và Truyền thông", short_name="STTTT")
    assert services.update_unit(unit, name=unit.name, short_name="STTTT") == []
    assert not AuditEvent.objects.exists()
    changed = services.update_unit(unit, name="Sở Khoa học và Công nghệ", short_name="SKHCN")
    assert sorted(changed) == ["name", "short_name"]
    unit.refresh_from_db()
    assert unit.short_name == "SKHCN"
    event = AuditEvent.objects.get(action="agencies.unit.updated")
    assert event.data["changes"]["name"] == [
        "Sở Thông tin và Truyền thông",
        "Sở Khoa học và Công nghệ",
    ]


def test_update_refuses_bad_values_and_keeps_the_stored_row() -> None:
    unit = UnitFactory.create(qcvn_code="000.00.05.H41")
    with pytest.raises(ValidationError):
        services.update_unit(unit, qcvn_code="000.00.5.H41")
    unit.refresh_from_db()
    assert unit.qcvn_code == "000.00.05.H41"


@pytest.mark.parametrize("field", ["parent", "successor", "valid_to", "path"])
def test_update_leaves_the_tree_and_history_to_their_own_operations(field: str) -> None:
    unit = UnitFactory.create()
    with pytest.raises(ValueError, match="move_unit or merge_units"):
        services.update_unit(unit, **{field: None})
