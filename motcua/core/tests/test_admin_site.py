"""The admin, where a province configures the platform, speaks Vietnamese."""

import pytest
from django.test import Client
from pytest_django.asserts import assertContains

from motcua.accounts.models import User, UserKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("quantri", password="x", kind=UserKind.STAFF))
    return client


def test_admin_index_is_in_vietnamese_with_the_platform_titles(administrator: Client) -> None:
    response = administrator.get("/admin/")
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assertContains(response, '<html lang="vi"')
    assertContains(response, "<title>Cấu hình nền tảng | Quản trị hệ thống Một Cửa</title>")
    assertContains(response, "Quản trị hệ thống Một Cửa</a>")
    # Django's own Vietnamese for the admin's chrome.
    assertContains(response, "Xem trang web")
    assertContains(response, "Hoạt động gần đây")


def test_admin_follows_the_language_switch(administrator: Client) -> None:
    administrator.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    response = administrator.get("/admin/")
    assertContains(response, "<title>Platform configuration | Một Cửa administration</title>")
    assertContains(response, "Recent actions")
