import time

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertRedirects

from motcua.accounts.signin import PENDING_MAX_AGE_SECONDS, PENDING_SESSION_KEY
from motcua.accounts.tests.factories import PASSWORD, CitizenFactory, StaffFactory
from motcua.accounts.tests.helpers import (
    clear_throttle,
    confirmed_device_for,
    current_code,
    signed_in_user_id,
    wrong_code,
)
from motcua.core.models import AuditEvent

LOGIN = reverse("backoffice:login")
CODE_STEP = reverse("backoffice:login_otp")
HOME = reverse("backoffice:home")
SETUP = reverse("backoffice:otp_setup")


def test_staff_sign_in_with_a_user_name_or_an_email_in_any_case(client: Client) -> None:
    staff = StaffFactory.create(email="can.bo@ubnd.example.vn")

    by_name = client.post(LOGIN, {"username": staff.username, "password": PASSWORD})
    client.logout()
    by_email = client.post(LOGIN, {"username": "Can.Bo@UBND.example.vn", "password": PASSWORD})

    assertRedirects(by_name, HOME, fetch_redirect_response=False)
    assertRedirects(by_email, HOME, fetch_redirect_response=False)
    assert signed_in_user_id(client) == staff.pk


def test_a_citizen_account_is_refused_the_back_office_with_a_clear_message(
    client: Client,
) -> None:
    citizen = CitizenFactory.create()

    response = client.post(LOGIN, {"username": citizen.phone, "password": PASSWORD})

    assertContains(response, "chỉ dành cho cán bộ")
    assert signed_in_user_id(client) is None


def test_back_office_pages_send_strangers_to_the_sign_in(client: Client) -> None:
    response = client.get(HOME)

    assertRedirects(response, f"{LOGIN}?next={HOME}", fetch_redirect_response=False)


def test_a_signed_in_citizen_is_told_the_back_office_is_for_officials(client: Client) -> None:
    client.force_login(CitizenFactory.create())

    response = client.get(HOME)

    assertContains(response, "chỉ dành cho cán bộ", status_code=403)


def test_staff_with_an_authenticator_give_a_code_after_the_password(client: Client) -> None:
    staff = StaffFactory.create()
    device = confirmed_device_for(staff)

    first = client.post(f"{LOGIN}?next={SETUP}", {"username": staff.username, "password": PASSWORD})

    assertRedirects(first, f"{CODE_STEP}?next={SETUP}", fetch_redirect_response=False)
    assert signed_in_user_id(client) is None
    assert client.get(HOME).status_code == 302

    wrong = client.post(CODE_STEP, {"code": wrong_code(device), "next": SETUP})
    assertContains(wrong, "Mã này không đúng")
    assert signed_in_user_id(client) is None
    too_soon = client.post(CODE_STEP, {"code": current_code(device), "next": SETUP})
    assertContains(too_soon, "Nhập sai mã quá nhiều lần")
    clear_throttle(device)

    right = client.post(CODE_STEP, {"code": current_code(device), "next": SETUP})
    assertRedirects(right, SETUP, fetch_redirect_response=False)
    assert signed_in_user_id(client) == staff.pk
    assert client.get(HOME).status_code == 200


def test_the_code_step_refuses_an_unsafe_next_page(client: Client) -> None:
    staff = StaffFactory.create()
    device = confirmed_device_for(staff)
    client.post(LOGIN, {"username": staff.username, "password": PASSWORD})

    response = client.post(
        CODE_STEP, {"code": current_code(device), "next": "https://example.org/"}
    )

    assertRedirects(response, HOME, fetch_redirect_response=False)


def test_the_code_step_expires(client: Client) -> None:
    staff = StaffFactory.create()
    device = confirmed_device_for(staff)
    client.post(LOGIN, {"username": staff.username, "password": PASSWORD})
    session = client.session
    session[PENDING_SESSION_KEY]["since"] = int(time.time()) - PENDING_MAX_AGE_SECONDS - 1
    session.save()

    response = client.post(CODE_STEP, {"code": current_code(device)})

    assertRedirects(response, LOGIN, fetch_redirect_response=False)
    assert signed_in_user_id(client) is None


def test_the_code_step_without_a_password_step_goes_back_to_sign_in(client: Client) -> None:
    response = client.get(CODE_STEP)

    assertRedirects(response, LOGIN, fetch_redirect_response=False)


def test_a_session_signed_in_without_the_code_must_give_it(client: Client) -> None:
    staff = StaffFactory.create()
    device = confirmed_device_for(staff)
    client.force_login(staff)

    blocked = client.get(HOME)
    assertRedirects(blocked, f"{CODE_STEP}?next={HOME}", fetch_redirect_response=False)

    client.post(CODE_STEP, {"code": current_code(device)})
    assert client.get(HOME).status_code == 200


def test_staff_enrol_an_authenticator_with_a_qr_code_and_a_code(client: Client) -> None:
    staff = StaffFactory.create()
    client.force_login(staff)

    page = client.get(SETUP)
    assertContains(page, "<svg")
    assertContains(page, 'role="img"')
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    assert client.get(SETUP).context["secret"] == page.context["secret"]  # same device

    wrong = client.post(SETUP, {"code": wrong_code(device)})
    assertContains(wrong, "Mã này không đúng")
    clear_throttle(device)
    assert not device.confirmed

    client.post(SETUP, {"code": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="accounts.totp_confirmed", target_id=device.pk)
    # This session used the code already; the page now tells the state.
    assertContains(client.get(SETUP), "Xác thực hai bước đang bật")
    assert client.get(HOME).status_code == 200


def test_staff_sign_out_is_a_post_and_ends_the_verified_session(client: Client) -> None:
    staff = StaffFactory.create()
    client.force_login(staff)

    response = client.post(reverse("backoffice:logout"))

    assertRedirects(response, LOGIN, fetch_redirect_response=False)
    assert signed_in_user_id(client) is None
