import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from pytest_django import DjangoAssertNumQueries

from motcua.accounts.models import Organisation, Representation, Role, StaffMembership
from motcua.accounts.scoping import reaches_units, scoped
from motcua.accounts.tests.factories import (
    CitizenFactory,
    MembershipFactory,
    OrganisationFactory,
    RepresentationFactory,
    StaffFactory,
)
from motcua.agencies.models import Unit
from motcua.agencies.tests.factories import UnitFactory, chain


def visible_memberships(user: object) -> set[int]:
    return set(scoped(StaffMembership.objects.all(), user).values_list("pk", flat=True))


def test_staff_of_one_unit_gets_nothing_of_another_unit() -> None:
    unit_x, unit_y = UnitFactory.create(), UnitFactory.create()
    officer = MembershipFactory.create(unit=unit_x, role=Role.RECEPTION_OFFICER).user
    colleague = MembershipFactory.create(unit=unit_x)
    stranger = MembershipFactory.create(unit=unit_y)

    visible = visible_memberships(officer)

    assert colleague.pk in visible
    assert stranger.pk not in visible
    assert not scoped(StaffMembership.objects.filter(pk=stranger.pk), officer).exists()


def test_a_plain_role_does_not_reach_the_units_below() -> None:
    department, division = chain(2)
    leader = MembershipFactory.create(unit=department, role=Role.AGENCY_LEADER).user
    below = MembershipFactory.create(unit=division)

    assert below.pk not in visible_memberships(leader)


def test_a_supervisor_of_the_province_sees_descendants_five_levels_down() -> None:
    province, *_, deepest = chain(6)
    neighbour_root = UnitFactory.create()
    supervisor = MembershipFactory.create(unit=province, role=Role.SUPERVISOR).user
    deep = MembershipFactory.create(unit=deepest)
    outside = MembershipFactory.create(unit=neighbour_root)

    visible = visible_memberships(supervisor)

    assert deepest.depth - province.depth == 5
    assert deep.pk in visible
    assert outside.pk not in visible


def test_a_supervisor_of_a_branch_does_not_see_its_parent_or_siblings() -> None:
    root, branch = chain(2)
    sibling = UnitFactory.create(parent=root)
    supervisor = MembershipFactory.create(unit=branch, role=Role.SUPERVISOR).user
    above = MembershipFactory.create(unit=root)
    beside = MembershipFactory.create(unit=sibling)

    visible = visible_memberships(supervisor)

    assert above.pk not in visible
    assert beside.pk not in visible


def test_inactive_memberships_grant_nothing() -> None:
    unit = UnitFactory.create()
    former = MembershipFactory.create(unit=unit, is_active=False).user
    MembershipFactory.create(unit=unit)

    assert visible_memberships(former) == set()


def test_system_administrators_and_superusers_see_every_row() -> None:
    rows = {MembershipFactory.create().pk for _ in range(3)}
    administrator = MembershipFactory.create(role=Role.SYSTEM_ADMINISTRATOR).user
    superuser = StaffFactory.create(is_superuser=True)

    assert rows <= visible_memberships(administrator)
    assert rows <= visible_memberships(superuser)


def test_anonymous_and_deactivated_users_see_nothing() -> None:
    membership = MembershipFactory.create()
    membership.user.is_active = False

    assert visible_memberships(AnonymousUser()) == set()
    assert visible_memberships(membership.user) == set()


def test_citizen_a_never_sees_citizen_b_rows() -> None:
    citizen_a, citizen_b = CitizenFactory.create(), CitizenFactory.create()
    own = RepresentationFactory.create(user=citizen_a)
    other = RepresentationFactory.create(user=citizen_b)

    rows = scoped(Representation.objects.all(), citizen_a, unit_fields=(), owner_fields=("user",))

    assert list(rows) == [own]
    assert not rows.filter(pk=other.pk).exists()


def test_citizens_see_the_organisations_they_represent() -> None:
    citizen = CitizenFactory.create()
    mine = RepresentationFactory.create(user=citizen).organisation
    OrganisationFactory.create()  # nobody's
    RepresentationFactory.create()  # someone else's

    organisations = scoped(
        Organisation.objects.all(), citizen, unit_fields=(), owner_fields=("pk",)
    )
    through_organisation = scoped(
        Representation.objects.all(), citizen, unit_fields=(), owner_fields=("organisation",)
    )

    assert list(organisations) == [mine]
    assert {row.organisation for row in through_organisation} == {mine}


def test_citizens_see_nothing_of_unit_scoped_rows_and_staff_nothing_of_owned_rows() -> None:
    citizen = CitizenFactory.create()
    MembershipFactory.create()
    officer = MembershipFactory.create().user
    RepresentationFactory.create()

    assert visible_memberships(citizen) == set()
    representations = scoped(
        Representation.objects.all(), officer, unit_fields=(), owner_fields=("user",)
    )
    assert not representations.exists()


@pytest.mark.parametrize("memberships", [1, 12])
def test_the_scoped_query_is_one_query_whatever_the_number_of_memberships(
    memberships: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    officer = StaffFactory.create()
    for unit in chain(memberships):
        MembershipFactory.create(user=officer, unit=unit, role=Role.SUPERVISOR)
    officer.refresh_from_db()

    with django_assert_num_queries(1):
        rows = list(scoped(StaffMembership.objects.select_related("unit"), officer))

    assert len(rows) == memberships


@pytest.mark.parametrize(
    ("unit_fields", "owner_fields"),
    [(("user",), ()), (("nonexistent",), ()), ((), ("unit",))],
)
def test_a_wrong_field_declaration_is_refused_for_everybody(
    unit_fields: tuple[str, ...], owner_fields: tuple[str, ...]
) -> None:
    with pytest.raises(ImproperlyConfigured):
        scoped(
            StaffMembership.objects.all(),
            AnonymousUser(),
            unit_fields=unit_fields,
            owner_fields=owner_fields,
        )


def test_reaches_units_answers_as_the_scoped_query_does(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    root, branch, leaf = chain(3)
    sibling = UnitFactory.create(parent=root)
    units = [root, branch, leaf, sibling]
    deactivated = MembershipFactory.create(unit=branch).user
    deactivated.is_active = False
    people = [
        MembershipFactory.create(unit=branch, role=Role.RECEPTION_OFFICER).user,
        MembershipFactory.create(unit=branch, role=Role.SUPERVISOR).user,
        MembershipFactory.create(unit=leaf, role=Role.SUPERVISOR).user,
        MembershipFactory.create(unit=sibling, role=Role.SYSTEM_ADMINISTRATOR).user,
        MembershipFactory.create(unit=root, is_active=False).user,
        StaffFactory.create(is_superuser=True),
        deactivated,
        CitizenFactory.create(),
        AnonymousUser(),
    ]
    for person in people:
        expected = {
            unit.pk
            for unit in units
            if scoped(Unit.objects.filter(pk=unit.pk), person, unit_fields=("pk",)).exists()
        }
        reached = {unit.pk for unit in units if reaches_units(person, [unit])}
        assert reached == expected, person
        assert reaches_units(person, units) == bool(expected)
    # Asked again, the memberships read with the first answer serve (no query).
    with django_assert_num_queries(0):
        assert reaches_units(people[1], [leaf])
