"""The back-office layout and start page: who is signed in, in which units and roles."""

import pytest
from django.test import Client
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains
from pytest_django.fixtures import DjangoAssertNumQueries

from motcua.accounts.models import Role, StaffMembership, User, UserKind
from motcua.agencies.models import Unit
from motcua.agencies.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def staff_member() -> User:
    return User.objects.create_user(
        "canbo", password="x", kind=UserKind.STAFF, full_name="Trần Thị Cán Bộ"
    )


def test_start_page_lists_the_roles_and_units_of_the_signed_in_member(client: Client) -> None:
    user = staff_member()
    justice = UnitFactory.create(name="Sở Tư pháp", short_name="STP")
    centre = UnitFactory.create(name="Trung tâm Phục vụ hành chính công tỉnh", short_name="TTPVHCC")
    StaffMembership.objects.create(user=user, unit=justice, role=Role.SPECIALIST)
    StaffMembership.objects.create(user=user, unit=centre, role=Role.RECEPTION_OFFICER)
    StaffMembership.objects.create(
        user=user, unit=UnitFactory.create(name="Sở Cũ"), role=Role.CLERK, is_active=False
    )
    client.force_login(user)

    response = client.get("/can-bo/")

    assertContains(response, "Xin chào, Trần Thị Cán Bộ")
    rows = response.content.decode().split(
        '<table class="table table-sm align-middle mc-memberships">'
    )[1]
    assert "Sở Tư pháp" in rows
    with translation.override("vi"):
        assert str(Role.SPECIALIST.label) in rows
    assert "Trung tâm Phục vụ hành chính công tỉnh" in rows
    assertNotContains(response, "Sở Cũ")
    # The top bar names the first role with the unit's short name.
    assertContains(response, "· STP</small>")


def test_a_member_without_a_role_is_told_whom_to_ask(client: Client) -> None:
    client.force_login(staff_member())
    response = client.get("/can-bo/")
    assertContains(response, "Bạn chưa được giao vai trò ở đơn vị nào.")


def test_layout_has_landmarks_skip_link_sidenav_and_sign_out_by_post(client: Client) -> None:
    client.force_login(staff_member())
    response = client.get("/can-bo/")
    html = response.content.decode()
    assert html.index("mc-skip-link") < html.index("<header")
    assertContains(response, '<main id="main"')
    assertContains(response, 'class="offcanvas-lg offcanvas-start')
    assertContains(response, '<nav aria-label="Điều hướng khu vực cán bộ">')
    assertContains(response, '<form action="/can-bo/dang-xuat/" method="post"')
    assertContains(response, 'hx-headers=\'{"X-CSRFToken": "')


def test_configuration_link_only_for_admin_users(client: Client) -> None:
    client.force_login(staff_member())
    assertNotContains(client.get("/can-bo/"), 'href="/admin/"')
    User.objects.filter(username="canbo").update(is_staff=True)
    assertContains(client.get("/can-bo/"), 'href="/admin/"')


def test_memberships_are_read_once_a_page(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    user = staff_member()
    for unit in UnitFactory.create_batch(5):
        StaffMembership.objects.create(user=user, unit=unit, role=Role.SPECIALIST)
    client.force_login(user)
    # The session, the user, the access rule's look for an authenticator, the memberships
    # (once, though the top bar and the page both show them).
    with django_assert_num_queries(4):
        response = client.get("/can-bo/")
    assert response.status_code == 200
    assert Unit.objects.count() == 5
