import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from motcua.accounts.models import User, UserKind
from motcua.accounts.tests.factories import (
    PASSWORD,
    CitizenFactory,
    RepresentationFactory,
    StaffFactory,
)
from motcua.accounts.tests.helpers import signed_in_user_id
from motcua.core.models import AuditEvent

LOGIN = reverse("portal:login")
REGISTER = reverse("portal:register")
ACCOUNT = reverse("portal:account")


def test_the_sign_in_page_asks_for_a_phone_number_or_email(client: Client) -> None:
    response = client.get(LOGIN)

    assertContains(response, "Số điện thoại hoặc email")
    assertContains(response, 'name="username"')
    assertContains(response, 'autocomplete="current-password"')


def test_a_citizen_signs_in_with_the_phone_number_written_another_way(client: Client) -> None:
    citizen = CitizenFactory.create(phone="0912345678")

    response = client.post(LOGIN, {"username": "+84 912 345 678", "password": PASSWORD})

    assertRedirects(response, reverse("portal:home"), fetch_redirect_response=False)
    assert signed_in_user_id(client) == citizen.pk


def test_sign_in_goes_to_a_safe_next_page_only(client: Client) -> None:
    citizen = CitizenFactory.create()
    safe = client.post(f"{LOGIN}?next={ACCOUNT}", {"username": citizen.email, "password": PASSWORD})
    client.logout()
    unsafe = client.post(
        f"{LOGIN}?next=https://example.org/steal",
        {"username": citizen.email, "password": PASSWORD},
    )

    assertRedirects(safe, ACCOUNT, fetch_redirect_response=False)
    assertRedirects(unsafe, reverse("portal:home"), fetch_redirect_response=False)


def test_a_wrong_password_is_refused_in_vietnamese_and_keeps_what_was_typed(
    client: Client,
) -> None:
    CitizenFactory.create(phone="0912345678")

    response = client.post(LOGIN, {"username": "0912 345 678", "password": "sai-mật-khẩu"})

    assertContains(response, "không đúng", status_code=200)
    assertContains(response, 'value="0912 345 678"')
    assert signed_in_user_id(client) is None


def test_a_staff_account_is_sent_to_the_back_office(client: Client) -> None:
    staff = StaffFactory.create()

    response = client.post(LOGIN, {"username": staff.username, "password": PASSWORD})

    assertContains(response, "tài khoản cán bộ")
    assert signed_in_user_id(client) is None


def registration(**changes: str) -> dict[str, str]:
    data = {
        "full_name": "Lê Thị Hồng",
        "phone": "0987 654 321",
        "email": "Hong.Le@Example.vn",
        "cccd": "079203001234",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(changes)
    return data


def test_a_citizen_registers_and_is_signed_in(client: Client) -> None:
    response = client.post(REGISTER, registration())

    assertRedirects(response, ACCOUNT, fetch_redirect_response=False)
    user = User.objects.get(phone="0987654321")
    assert user.kind == UserKind.CITIZEN
    assert user.email == "hong.le@example.vn"
    assert user.cccd == "079203001234"
    assert user.check_password(PASSWORD)
    assert signed_in_user_id(client) == user.pk
    assert AuditEvent.objects.filter(action="accounts.citizen_registered", target_id=user.pk)


def test_registering_with_an_email_only_is_enough(client: Client) -> None:
    response = client.post(REGISTER, registration(phone="", cccd=""))

    assert response.status_code == 302
    assert User.objects.get(email="hong.le@example.vn").phone == ""


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "", "email": ""}, "Hãy nhập số điện thoại hoặc địa chỉ email"),
        ({"cccd": "07920300123"}, "đúng 12 chữ số"),
        ({"cccd": "003203001234"}, "không phải mã tỉnh"),
        ({"phone": "12345"}, "số điện thoại"),
        ({"password2": "Khác-hẳn-2026"}, "Hai trường mật khẩu không giống nhau"),
        ({"password1": "password", "password2": "password"}, "Mật khẩu này quá phổ biến"),
    ],
)
def test_bad_registrations_are_explained_and_lose_nothing_typed(
    client: Client, changes: dict[str, str], message: str
) -> None:
    response = client.post(REGISTER, registration(**changes))

    assertContains(response, message)
    assertContains(response, 'value="Lê Thị Hồng"')
    assert not User.objects.exists()


def test_a_phone_number_or_email_already_registered_is_refused(client: Client) -> None:
    CitizenFactory.create(phone="0987654321", email="other@example.vn")
    CitizenFactory.create(email="hong.le@example.vn")

    response = client.post(REGISTER, registration())

    assertContains(response, "Số điện thoại này đã được đăng ký")
    assertContains(response, "Địa chỉ email này đã được đăng ký")
    assert User.objects.count() == 2


def test_my_account_needs_a_sign_in(client: Client) -> None:
    response = client.get(ACCOUNT)

    assertRedirects(response, f"{LOGIN}?next={ACCOUNT}", fetch_redirect_response=False)


def test_my_account_shows_only_the_organisations_i_represent(client: Client) -> None:
    citizen = CitizenFactory.create()
    mine = RepresentationFactory.create(user=citizen)
    theirs = RepresentationFactory.create()
    client.force_login(citizen)

    response = client.get(ACCOUNT)

    assertContains(response, "Tài khoản của tôi")
    assertContains(response, mine.organisation.name)
    assertContains(response, mine.organisation.tax_code)
    assert theirs.organisation.name not in response.content.decode()


def test_sign_out_is_a_post(client: Client) -> None:
    client.force_login(CitizenFactory.create())

    assert client.get(reverse("portal:logout")).status_code == 405
    response = client.post(reverse("portal:logout"))

    assertRedirects(response, reverse("portal:home"), fetch_redirect_response=False)
    assert signed_in_user_id(client) is None
