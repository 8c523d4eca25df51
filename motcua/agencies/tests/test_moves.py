"""Moving units: the whole subtree follows in one UPDATE, and illegal moves are refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from motcua.agencies import services
from motcua.agencies.models import Unit
from motcua.agencies.tests.factories import UnitFactory, chain
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _unit_updates(context: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in context.captured_queries
        if query["sql"].startswith("UPDATE") and "agencies_unit" in query["sql"]
    ]


def test_moving_a_unit_carries_its_whole_subtree() -> None:
    old_root, new_root = UnitFactory.create(), UnitFactory.create()
    moved, child, grandchild = chain(3)
    services.move_unit(moved, old_root)
    services.move_unit(moved, new_root)
    for unit in (moved, child, grandchild):
        unit.refresh_from_db()
    assert moved.parent == new_root
    assert grandchild.path == new_root.path + f"{moved.pk:07d}/{child.pk:07d}/{grandchild.pk:07d}/"
    assert [moved.depth, child.depth, grandchild.depth] == [1, 2, 3]
    assert list(new_root.descendants()) == [moved, child, grandchild]
    assert not old_root.descendants().exists()


def test_a_move_updates_the_subtree_in_one_statement_whatever_its_size() -> None:
    def updates_to_move(subtree_size: int) -> list[str]:
        target = UnitFactory.create()
        moved = UnitFactory.create()
        for _ in range(subtree_size):
            UnitFactory.create(parent=moved)
        with CaptureQueriesContext(connection) as context:
            services.move_unit(moved, target)
        return _unit_updates(context)

    small, large = updates_to_move(1), updates_to_move(25)
    # The unit's own row, then one statement that rewrites every path of the subtree.
    assert len(small) == len(large) == 2
    assert "LIKE" in large[-1]


def test_a_unit_can_become_a_root_and_be_moved_back() -> None:
    root, middle, leaf = chain(3)
    services.move_unit(middle, None)
    leaf.refresh_from_db()
    assert leaf.depth == 1 and leaf.ancestor_ids == [middle.pk]
    services.move_unit(middle, root)
    leaf.refresh_from_db()
    assert leaf.ancestor_ids == [root.pk, middle.pk]


@pytest.mark.parametrize("target_level", [0, 1, 2])
def test_a_unit_cannot_move_into_its_own_subtree(target_level: int) -> None:
    moved, child, grandchild = chain(3)
    paths_before = dict(Unit.objects.values_list("pk", "path"))
    events_before = AuditEvent.objects.count()
    target = [moved, child, grandchild][target_level]
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        services.move_unit(moved, target)
    assert refused.value.message_dict["parent"] == [
        f"Không thể đặt “{moved.name}” vào dưới chính nó hoặc một đơn vị cấp dưới của nó."
    ]
    assert dict(Unit.objects.values_list("pk", "path")) == paths_before
    assert AuditEvent.objects.count() == events_before


def test_saving_a_stale_instance_cannot_create_a_cycle() -> None:
    root, child = chain(2)
    stale_root = Unit.objects.get(pk=root.pk)
    stale_root.parent = child
    with pytest.raises(ValidationError):
        stale_root.save()
    root.refresh_from_db()
    assert root.parent_id is None


def test_a_unit_in_force_cannot_move_under_an_ended_unit() -> None:
    ended = UnitFactory.create(valid_to=datetime.date(2025, 7, 1))
    unit = UnitFactory.create()
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        services.move_unit(unit, ended)
    assert "01/07/2025" in refused.value.message_dict["parent"][0]
    unit.refresh_from_db()
    assert unit.parent_id is None


def test_a_move_is_audited_with_the_old_and_new_parent() -> None:
    old_parent, new_parent = UnitFactory.create(), UnitFactory.create()
    unit = UnitFactory.create(parent=old_parent)
    services.move_unit(unit, new_parent)
    event = AuditEvent.objects.get(action="agencies.unit.moved")
    assert event.target_id == str(unit.pk)
    assert event.data["from"]["id"] == old_parent.pk
    assert event.data["to"]["name"] == new_parent.name


def test_moving_to_the_same_parent_changes_and_records_nothing() -> None:
    parent = UnitFactory.create()
    unit = UnitFactory.create(parent=parent)
    services.move_unit(unit, parent)
    assert not AuditEvent.objects.filter(action="agencies.unit.moved").exists()
