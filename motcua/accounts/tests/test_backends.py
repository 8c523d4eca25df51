import pytest
from django.test import RequestFactory

from motcua.accounts.backends import PhoneOrEmailBackend
from motcua.accounts.tests.factories import PASSWORD, CitizenFactory, StaffFactory


def sign_in(identifier: str, password: str = PASSWORD) -> object:
    return PhoneOrEmailBackend().authenticate(
        RequestFactory().post("/"), username=identifier, password=password
    )


@pytest.mark.parametrize(
    "identifier",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "+84912345678",
        "+84 912-345-678",
        "84912345678",
    ],
)
def test_a_phone_number_in_any_format(identifier: str) -> None:
    citizen = CitizenFactory.create(phone="0912345678")

    assert sign_in(identifier) == citizen


@pytest.mark.parametrize("identifier", ["dan@example.vn", "Dan@Example.VN", "  DAN@EXAMPLE.VN "])
def test_an_email_in_any_case(identifier: str) -> None:
    citizen = CitizenFactory.create(email="dan@example.vn")

    assert sign_in(identifier) == citizen


def test_a_user_name() -> None:
    staff = StaffFactory.create(username="nguyenvana")

    assert sign_in("nguyenvana") == staff


def test_wrong_passwords_unknown_people_and_deactivated_accounts_get_nobody() -> None:
    CitizenFactory.create(phone="0912345678")
    CitizenFactory.create(email="off@example.vn", is_active=False)

    assert sign_in("0912345678", "wrong") is None
    assert sign_in("0999999999") is None
    assert sign_in("off@example.vn") is None
    assert sign_in("") is None
