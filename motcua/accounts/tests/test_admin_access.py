from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from pytest_django.asserts import assertRedirects

from motcua.accounts.tests.factories import StaffFactory
from motcua.accounts.tests.helpers import confirmed_device_for, current_code

ADMIN = reverse("admin:index")
CODE_STEP = reverse("backoffice:login_otp")


def test_staff_without_an_authenticator_use_the_admin_with_their_password(
    client: Client,
) -> None:
    client.force_login(StaffFactory.create(is_staff=True))

    assert client.get(ADMIN).status_code == 200


def test_staff_with_an_authenticator_must_give_the_code_before_the_admin(client: Client) -> None:
    staff = StaffFactory.create(is_staff=True)
    device = confirmed_device_for(staff)
    client.force_login(staff)

    refused = client.get(ADMIN, follow=True)

    assert refused.redirect_chain[-1][0] == f"{CODE_STEP}?next={ADMIN}"
    client.post(CODE_STEP, {"code": current_code(device), "next": ADMIN})
    assert client.get(ADMIN).status_code == 200


def test_a_verified_session_opens_the_admin(client: Client) -> None:
    staff = StaffFactory.create(is_staff=True)
    device = confirmed_device_for(staff)
    client.force_login(staff)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    assert client.get(ADMIN).status_code == 200


def test_the_admin_sign_in_is_the_back_office_sign_in(client: Client) -> None:
    response = client.get(reverse("admin:login"), {"next": ADMIN})

    assertRedirects(
        response, f"{reverse('backoffice:login')}?next={ADMIN}", fetch_redirect_response=False
    )


def test_an_account_without_the_admin_flag_is_still_refused(client: Client) -> None:
    client.force_login(StaffFactory.create(is_staff=False))

    response = client.get(ADMIN)

    assert response.status_code == 302
