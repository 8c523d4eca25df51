"""Subtree and ancestor reads: one query whatever the depth, and the same answer as a walk."""

from collections import defaultdict
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from motcua.accounts.models import Role, StaffMembership, User
from motcua.agencies import queries, services
from motcua.agencies.models import Unit
from motcua.agencies.tests.factories import UnitFactory, chain

pytestmark = pytest.mark.django_db

AssertNumQueries = Callable[[int], AbstractContextManager[Any]]


def test_paths_and_depths_follow_the_parents() -> None:
    root, child, grandchild = chain(3)
    assert root.path == f"/{root.pk:07d}/"
    assert grandchild.path == f"/{root.pk:07d}/{child.pk:07d}/{grandchild.pk:07d}/"
    assert [unit.depth for unit in (root, child, grandchild)] == [0, 1, 2]
    assert grandchild.ancestor_ids == [root.pk, child.pk]


def test_subtree_at_six_levels_is_one_query(django_assert_num_queries: AssertNumQueries) -> None:
    levels = chain(6)
    UnitFactory.create(parent=levels[2])  # a side branch in the middle
    other_root = UnitFactory.create()
    for depth, unit in enumerate(levels):
        with django_assert_num_queries(1):
            subtree = list(Unit.objects.subtree_of(unit))
        expected_size = 6 - depth + (1 if depth <= 2 else 0)
        assert len(subtree) == expected_size
        assert other_root not in subtree
        assert subtree[0] == unit  # ordered by path: the unit before its descendants


def test_ancestors_at_six_levels_are_one_query(
    django_assert_num_queries: AssertNumQueries,
) -> None:
    levels = chain(6)
    for depth, unit in enumerate(levels):
        # The root has no ancestors: Django answers `id IN ()` without asking the database.
        with django_assert_num_queries(1 if depth else 0):
            ancestors = list(unit.ancestors())
        assert ancestors == levels[:depth]


def test_descendants_exclude_the_unit_and_its_siblings() -> None:
    root, middle, leaf = chain(3)
    sibling = UnitFactory.create(parent=root)
    assert list(middle.descendants()) == [leaf]
    assert set(root.descendants()) == {middle, leaf, sibling}


def test_subtree_of_several_units_and_of_none() -> None:
    first, second = UnitFactory.create(), UnitFactory.create()
    child = UnitFactory.create(parent=second)
    assert set(Unit.objects.subtree_of(first, second)) == {first, second, child}
    assert not Unit.objects.subtree_of().exists()


def test_ordering_by_path_lists_siblings_in_creation_order_past_nine() -> None:
    root = UnitFactory.create()
    children = [UnitFactory.create(parent=root) for _ in range(12)]
    grandchild = UnitFactory.create(parent=children[1])
    listed = list(Unit.objects.subtree_of(root))
    assert listed == [root, children[0], children[1], grandchild, *children[2:]]


def test_other_models_filter_by_subtree_without_loading_ids(
    django_assert_num_queries: AssertNumQueries,
) -> None:
    _root, division, team = chain(3)
    elsewhere = UnitFactory.create()
    user = User.objects.create_user("chuyenvien", kind="staff")
    inside = [
        StaffMembership.objects.create(user=user, unit=unit, role=Role.SPECIALIST)
        for unit in (division, team)
    ]
    StaffMembership.objects.create(user=user, unit=elsewhere, role=Role.SPECIALIST)
    with django_assert_num_queries(1):
        by_subquery = set(StaffMembership.objects.filter(unit__in=queries.subtree_ids(division)))
    with django_assert_num_queries(1):
        by_join = set(StaffMembership.objects.filter(queries.in_subtree("unit", division)))
    assert by_subquery == by_join == set(inside)
    assert not StaffMembership.objects.filter(queries.in_subtree("unit")).exists()


def test_search_ignores_diacritics_and_case() -> None:
    ward = UnitFactory.create(name="Phường Trường Vinh", short_name="UBND", qcvn_code=None)
    UnitFactory.create(name="Phường Vinh Hưng")
    department = UnitFactory.create(name="Sở Tư pháp", short_name="STP", qcvn_code="000.00.05.H41")
    assert list(Unit.objects.search("truong vinh")) == [ward]
    assert list(Unit.objects.search("TRƯỜNG")) == [ward]
    assert set(Unit.objects.search("vinh")) == {ward, Unit.objects.get(name="Phường Vinh Hưng")}
    assert list(Unit.objects.search("stp")) == [department]
    assert list(Unit.objects.search("00.05.h41")) == [department]
    assert Unit.objects.search("  ").count() == 3


def test_search_text_follows_a_rename() -> None:
    unit = UnitFactory.create(name="Sở Kế hoạch và Đầu tư")
    services.update_unit(unit, name="Sở Tài chính")
    assert list(Unit.objects.search("tai chinh")) == [unit]
    assert not Unit.objects.search("ke hoach").exists()


def _naive_subtree(unit_id: int, children: dict[int | None, list[int]]) -> set[int]:
    found = {unit_id}
    for child in children[unit_id]:
        found |= _naive_subtree(child, children)
    return found


def _naive_ancestors(unit_id: int, parents: Mapping[int, int | None]) -> list[int]:
    chain_ids: list[int] = []
    parent = parents[unit_id]
    while parent is not None:
        chain_ids.insert(0, parent)
        parent = parents[parent]
    return chain_ids


class RandomTreeTests(TestCase):
    """Random trees, reshaped by random moves: the path queries agree with a recursive walk
    over the parent links, and a move into a unit's own subtree is always refused."""

    @settings(max_examples=25, deadline=None)
    @given(
        parent_choices=st.lists(st.integers(min_value=0, max_value=10**6), max_size=20),
        moves=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=-1)), max_size=6),
    )
    def test_subtree_and_ancestors_match_a_recursive_walk(
        self, parent_choices: list[int], moves: list[tuple[int, int]]
    ) -> None:
        units = [UnitFactory.create()]
        for choice in parent_choices:
            units.append(UnitFactory.create(parent=units[choice % len(units)]))
        for mover_index, target_index in moves:
            mover = units[mover_index % len(units)]
            target = None if target_index < 0 else units[target_index % len(units)]
            parents = dict(Unit.objects.values_list("pk", "parent_id"))
            children: dict[int | None, list[int]] = defaultdict(list)
            for pk, parent_id in parents.items():
                children[parent_id].append(pk)
            if target is not None and target.pk in _naive_subtree(mover.pk, children):
                with self.assertRaises(ValidationError):
                    services.move_unit(mover, target)
            else:
                services.move_unit(mover, target)

        parents = dict(Unit.objects.values_list("pk", "parent_id"))
        children = defaultdict(list)
        for pk, parent_id in parents.items():
            children[parent_id].append(pk)
        for unit in Unit.objects.all():
            subtree = set(Unit.objects.subtree_of(unit).values_list("pk", flat=True))
            assert subtree == _naive_subtree(unit.pk, children)
            assert [u.pk for u in unit.ancestors()] == _naive_ancestors(unit.pk, parents)
            assert unit.depth == len(_naive_ancestors(unit.pk, parents))
