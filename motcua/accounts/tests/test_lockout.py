from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertTemplateUsed

from motcua.accounts.tests.factories import PASSWORD, CitizenFactory, StaffFactory
from motcua.accounts.tests.helpers import (
    clear_throttle,
    confirmed_device_for,
    current_code,
    signed_in_user_id,
    wrong_code,
)

PORTAL_LOGIN = reverse("portal:login")
BACKOFFICE_LOGIN = reverse("backoffice:login")


def test_the_portal_locks_an_account_after_five_failures_however_it_is_typed(
    client: Client,
) -> None:
    CitizenFactory.create(phone="0912345678", email="dan@example.vn")
    typed = ["0912345678", "+84 912 345 678", "0912.345.678", "DAN@example.vn", "84912345678"]
    answers = [
        client.post(PORTAL_LOGIN, {"username": identifier, "password": "sai"}).status_code
        for identifier in typed
    ]

    response = client.post(PORTAL_LOGIN, {"username": "0912 345 678", "password": PASSWORD})

    assert answers == [200, 200, 200, 200, 429]  # the fifth failure locks the account
    assert response.status_code == 429
    assertTemplateUsed(response, "accounts/locked_out.html")
    assertTemplateUsed(response, "portal/base.html")
    assertContains(response, "tạm thời bị khóa", status_code=429)
    assertContains(response, "15 phút", status_code=429)
    assert signed_in_user_id(client) is None


def test_the_back_office_locks_an_account_after_five_failures(client: Client) -> None:
    staff = StaffFactory.create()
    for _ in range(5):
        client.post(BACKOFFICE_LOGIN, {"username": staff.username, "password": "sai"})

    response = client.post(BACKOFFICE_LOGIN, {"username": staff.email, "password": PASSWORD})

    assert response.status_code == 429
    assertTemplateUsed(response, "backoffice/base.html")
    assert signed_in_user_id(client) is None


def test_four_failures_then_the_right_password_start_the_count_again(client: Client) -> None:
    citizen = CitizenFactory.create()
    for _ in range(4):
        client.post(PORTAL_LOGIN, {"username": citizen.email, "password": "sai"})
    client.post(PORTAL_LOGIN, {"username": citizen.email, "password": PASSWORD})
    client.logout()
    for _ in range(4):
        client.post(PORTAL_LOGIN, {"username": citizen.email, "password": "sai"})

    response = client.post(PORTAL_LOGIN, {"username": citizen.email, "password": PASSWORD})

    assert response.status_code == 302


def test_a_locked_account_does_not_lock_another(client: Client) -> None:
    locked, other = CitizenFactory.create(), CitizenFactory.create()
    for _ in range(5):
        client.post(PORTAL_LOGIN, {"username": locked.email, "password": "sai"})

    response = client.post(PORTAL_LOGIN, {"username": other.email, "password": PASSWORD})

    assert response.status_code == 302


def test_wrong_totp_codes_count_towards_the_lock_out(client: Client) -> None:
    failures = settings.AXES_FAILURE_LIMIT
    staff = StaffFactory.create()
    device = confirmed_device_for(staff)
    code_step = reverse("backoffice:login_otp")
    client.post(BACKOFFICE_LOGIN, {"username": staff.username, "password": PASSWORD})
    answers = []
    for _ in range(failures):
        clear_throttle(device)
        answers.append(client.post(code_step, {"code": wrong_code(device)}).status_code)
    clear_throttle(device)

    response = client.post(code_step, {"code": current_code(device)})

    assert answers[:-1] == [200] * (failures - 1)
    assert answers[-1] == 429
    assert response.status_code == 429
    assert signed_in_user_id(client) is None
