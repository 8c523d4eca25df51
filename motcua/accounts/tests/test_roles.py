from django.contrib.auth.models import AnonymousUser
from pytest_django import DjangoAssertNumQueries

from motcua.accounts.models import Role
from motcua.accounts.roles import has_role, is_system_administrator, memberships_of
from motcua.accounts.tests.factories import CitizenFactory, MembershipFactory, StaffFactory
from motcua.agencies.tests.factories import UnitFactory, chain


def test_memberships_are_read_once_per_user_object(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    staff = StaffFactory.create()
    MembershipFactory.create(user=staff)
    MembershipFactory.create(user=staff, is_active=False)

    with django_assert_num_queries(1):
        first = memberships_of(staff)
        second = memberships_of(staff)
        units = [membership.unit.name for membership in second]

    assert first == second
    assert len(units) == 1


def test_citizens_and_anonymous_users_hold_no_role() -> None:
    assert memberships_of(AnonymousUser()) == ()
    assert memberships_of(CitizenFactory.create()) == ()
    assert not has_role(AnonymousUser(), Role.SPECIALIST)


def test_has_role_in_a_unit() -> None:
    unit, other = UnitFactory.create(), UnitFactory.create()
    specialist = MembershipFactory.create(unit=unit, role=Role.SPECIALIST).user

    assert has_role(specialist, Role.SPECIALIST)
    assert has_role(specialist, Role.SPECIALIST, unit)
    assert not has_role(specialist, Role.SPECIALIST, other)
    assert not has_role(specialist, Role.DIVISION_LEADER, unit)


def test_subtree_roles_hold_in_every_unit_below_and_others_do_not() -> None:
    province, department, division = chain(3)
    supervisor = MembershipFactory.create(unit=province, role=Role.SUPERVISOR).user
    leader = MembershipFactory.create(unit=department, role=Role.AGENCY_LEADER).user

    assert has_role(supervisor, Role.SUPERVISOR, division)
    assert not has_role(leader, Role.AGENCY_LEADER, division)
    assert not has_role(
        MembershipFactory.create(unit=division, role=Role.SUPERVISOR).user,
        Role.SUPERVISOR,
        province,
    )


def test_system_administrators() -> None:
    assert is_system_administrator(MembershipFactory.create(role=Role.SYSTEM_ADMINISTRATOR).user)
    assert is_system_administrator(StaffFactory.create(is_superuser=True))
    assert not is_system_administrator(MembershipFactory.create(role=Role.SUPERVISOR).user)
