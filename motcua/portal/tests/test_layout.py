"""The portal layout: landmarks, language, links that appear as the pages behind them are
built, the contact footer, and one query a page for the layout."""

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from pytest_django.asserts import assertContains, assertNotContains
from pytest_django.fixtures import DjangoAssertNumQueries

from motcua.accounts.models import User
from motcua.agencies.models import UnitKind
from motcua.agencies.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_home_is_vietnamese_with_landmarks_and_the_skip_link_first(client: Client) -> None:
    response = client.get("/")
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assertContains(response, 'href="#main">Bỏ qua, đến nội dung chính</a>')
    assert html.index("mc-skip-link") < html.index("<header")
    assertContains(response, '<main id="main"')
    assertContains(response, "<footer")
    assertContains(response, "Cổng dịch vụ công")
    assertContains(response, "Tỉnh Nghệ An")


def test_home_speaks_english_when_chosen(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response["Content-Language"] == "en"
    assertContains(response, '<html lang="en">')
    assertContains(response, "Skip to main content")
    assertContains(response, '<button type="submit" name="language" value="vi" lang="vi"')


def test_layout_loads_the_design_system_and_htmx_from_local_static_files(client: Client) -> None:
    response = client.get("/")
    for asset in (
        "/static/vendor/bootstrap.min.css",
        "/static/vendor/bootstrap-icons/bootstrap-icons.min.css",
        "/static/vendor/be-vietnam-pro.css",
        "/static/vendor/bootstrap.bundle.min.js",
        "/static/vendor/htmx.min.js",
    ):
        assertContains(response, asset)
    assertNotContains(response, "//cdn")


def test_htmx_requests_carry_the_csrf_token(client: Client) -> None:
    response = client.get("/")
    token = response.context["csrf_token"]
    assertContains(response, f"""hx-headers='{{"X-CSRFToken": "{token}"}}'""")


@pytest.mark.urls("motcua.portal.tests.urlconfs.home_only")
def test_pages_not_built_yet_are_not_linked(client: Client) -> None:
    response = client.get("/")
    assertNotContains(response, 'role="search"')
    assertNotContains(response, "Thủ tục hành chính")
    assertNotContains(response, "Đăng nhập")


@pytest.mark.urls("motcua.portal.tests.urlconfs.with_services")
def test_pages_are_linked_once_their_urls_exist(client: Client) -> None:
    response = client.get("/")
    assertContains(response, 'href="/thu-tuc/"', count=3)  # navigation, quick link, footer
    assertContains(response, 'href="/tra-cuu-ho-so/"', count=3)
    assertContains(response, 'href="/tinh-ngay-hen/"', count=3)
    assertContains(response, 'href="/dang-nhap/"')
    assertContains(response, 'href="/dang-ky/"')
    assertContains(response, '<form action="/thu-tuc/" method="get" role="search"')
    assertContains(response, '<input type="search" id="procedure-search" name="q"')
    assertContains(response, '<label for="procedure-search"')


@pytest.mark.urls("motcua.portal.tests.urlconfs.with_services")
def test_the_current_section_is_marked(client: Client) -> None:
    response = client.get("/thu-tuc/")
    html = response.content.decode()
    current = html[html.index('aria-current="page"') - 200 : html.index('aria-current="page"')]
    assert 'href="/thu-tuc/"' in current


@pytest.mark.urls("motcua.portal.tests.urlconfs.with_services")
def test_a_signed_in_citizen_sees_their_account_and_signs_out_with_a_post(
    client: Client,
) -> None:
    client.force_login(User.objects.create_user("dan", password="x"))
    response = client.get("/")
    assertContains(response, 'href="/tai-khoan/"')
    assertContains(response, '<form action="/dang-xuat/" method="post"')
    assertNotContains(response, 'href="/dang-nhap/"')


def test_footer_shows_the_service_centre_contact(client: Client) -> None:
    UnitFactory.create(
        kind=UnitKind.PROVINCE_COMMITTEE, name="Ủy ban nhân dân tỉnh", phone="0238 111"
    )
    UnitFactory.create(
        kind=UnitKind.SERVICE_CENTRE,
        name="Trung tâm Phục vụ hành chính công tỉnh",
        address="16 Trường Thi, Vinh",
        phone="0238 3 596 699",
        email="tthcc@example.vn",
    )
    response = client.get("/")
    assertContains(response, "Trung tâm Phục vụ hành chính công tỉnh")
    assertContains(response, "16 Trường Thi, Vinh")
    assertContains(response, 'href="tel:02383596699"')
    assertContains(response, 'href="mailto:tthcc@example.vn"')


def test_footer_falls_back_to_the_peoples_committee(client: Client) -> None:
    UnitFactory.create(kind=UnitKind.PROVINCE_COMMITTEE, name="Ủy ban nhân dân tỉnh Thử")
    assertContains(client.get("/"), "Ủy ban nhân dân tỉnh Thử")


def test_the_layout_costs_one_query(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    UnitFactory.create(kind=UnitKind.SERVICE_CENTRE)
    with django_assert_num_queries(1):
        client.get("/")


@override_settings(MOTCUA_CATALOGUE_ANSWERS_SECONDS=60)
def test_the_footer_contact_is_remembered_until_a_unit_is_saved(
    client: Client,
    django_assert_num_queries: DjangoAssertNumQueries,
    django_capture_on_commit_callbacks: Any,
) -> None:
    cache.clear()
    centre = UnitFactory.create(kind=UnitKind.SERVICE_CENTRE, name="Trung tâm cũ")
    assertContains(client.get("/"), "Trung tâm cũ")
    with django_assert_num_queries(0):
        assertContains(client.get("/"), "Trung tâm cũ")
    centre.name = "Trung tâm Phục vụ hành chính công"
    with django_capture_on_commit_callbacks(execute=True):
        centre.save()
    assertContains(client.get("/"), "Trung tâm Phục vụ hành chính công")
