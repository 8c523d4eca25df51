import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.template import engines
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from rest_framework.renderers import JSONRenderer

from motcua.catalog import generation
from motcua.catalog import queries as catalog_queries
from motcua.catalog.api.serializers import ProcedureSerializer, procedure_rows
from motcua.catalog.importing import import_catalogue
from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.catalog.tests.factories import (
    JUSTICE_DEPARTMENT,
    POLICE,
    PROVINCE_CENTRE,
    catalogue,
    make_units,
    procedure_record,
)

pytestmark = pytest.mark.django_db

FIELDS = [
    {"code": "HT", "name": "Hộ tịch"},
    {"code": "LLTP", "name": "Lý lịch tư pháp"},
    {"code": "XD", "name": "Xây dựng"},
]


@pytest.fixture
def layout_queries(rf: RequestFactory) -> int:
    """Queries the portal's layout makes by itself (its footer reads the service centre), so
    that the pins below count only the catalogue's own queries."""
    request = rf.get("/")
    request.user = AnonymousUser()
    page = engines["django"].from_string('{% extends "portal/base.html" %}')
    with CaptureQueriesContext(connection) as queries:
        page.render({}, request)
    return len(queries)


@pytest.fixture
def procedures() -> None:
    make_units()
    criminal_record = procedure_record(
        code="2.001417.000.00.00.H41",
        name="Cấp phiếu lý lịch tư pháp cho công dân Việt Nam",
        field="LLTP",
        authority_level="PROVINCE",
        unit_scope="LISTED_UNITS",
        units={"receiving": [PROVINCE_CENTRE], "processing": [JUSTICE_DEPARTMENT]},
        channels=["desk", "post"],
        online={"level": "INFO"},
        form_schema=[],
        time_limit={"amount": 10, "unit": "working_days"},
        fees=[{"kind": "FEE", "case": "Cấp phiếu lý lịch tư pháp", "amount": 200000}],
    )
    for component in criminal_record["components"]:
        component["eform"] = False
    records = [procedure_record(), criminal_record]
    records += [
        procedure_record(
            code=f"1.0100{index:02d}",
            name=f"Cấp giấy phép xây dựng loại {index}",
            field="XD",
            keywords="",
            decision={"number": f"{index}/QĐ-UBND", "date": "2025-06-28"},
        )
        for index in range(1, 26)
    ]
    import_catalogue(io.BytesIO(catalogue(*records, fields=FIELDS)))


def test_api_search_returns_ranked_json_with_the_promised_keys(client: Client, procedures) -> None:
    response = client.get("/api/v1/procedures/", {"search": "ly lich tu phap"})

    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    first = response.json()["results"][0]
    assert first["code"] == "2.001417.000.00.00.H41"
    assert first["name"] == "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam"
    assert first["field"] == {"code": "LLTP", "name": "Lý lịch tư pháp"}
    assert first["online_level"] == "INFO"
    assert first["online_level_display"] == "Cung cấp thông tin trực tuyến"
    assert first["time_limit"]["amount"] == 10
    assert first["time_limit"]["unit"] == "working_days"
    assert first["time_limit"]["text"] == "10 ngày làm việc"


def test_api_search_pages_and_filters(client: Client, procedures) -> None:
    response = client.get("/api/v1/procedures/", {"search": "giay phep xay dung"})
    data = response.json()
    assert data["count"] == 25 and len(data["results"]) == 20 and data["next"]

    filtered = client.get("/api/v1/procedures/", {"search": "khai sinh", "field": "XD"}).json()
    assert filtered["count"] == 0
    full = client.get("/api/v1/procedures/", {"online_level": "FULL", "page_size": "100"}).json()
    assert "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam" not in {
        r["name"] for r in full["results"]
    }
    agency = client.get("/api/v1/procedures/", {"agency": JUSTICE_DEPARTMENT}).json()
    assert [r["code"] for r in agency["results"]] == ["2.001417.000.00.00.H41"]


def test_api_search_reads_each_page_with_its_count_in_one_query(
    client: Client, procedures, django_assert_num_queries
) -> None:
    # PostgreSQL ranks in SQL; SQLite reads the candidates first and ranks them in Python.
    ranking = 1 if connection.vendor == "postgresql" else 2
    with django_assert_num_queries(ranking):
        first = client.get("/api/v1/procedures/", {"search": "giay phep xay dung"}).json()
    with django_assert_num_queries(ranking):
        second = client.get(first["next"]).json()
    assert first["count"] == second["count"] == 25
    assert (len(first["results"]), len(second["results"])) == (20, 5)
    assert second["next"] is None and second["previous"]
    codes = [r["code"] for r in first["results"] + second["results"]]
    assert len(set(codes)) == 25
    # Past the end, or not a page: 404, as before; nothing found: an empty first page.
    for page in ("3", "0", "abc"):
        response = client.get("/api/v1/procedures/", {"search": "giay phep xay dung", "page": page})
        assert response.status_code == 404
    empty = client.get("/api/v1/procedures/", {"search": "zzzzqqq"}).json()
    assert empty == {"count": 0, "next": None, "previous": None, "results": []}


def test_api_list_without_search_pages_by_cursor_in_code_order(
    client: Client, procedures, django_assert_num_queries
) -> None:
    codes = []
    url = "/api/v1/procedures/?page_size=10"
    while url:
        with django_assert_num_queries(1):
            data = client.get(url).json()
        codes += [item["code"] for item in data["results"]]
        url = data["next"]
        assert "count" not in data
    assert len(codes) == 27 == len(set(codes))
    assert codes == sorted(codes)


def test_api_list_rows_are_the_serializers_output(client: Client, procedures) -> None:
    # The list builds its rows without the serializer: byte for byte the same JSON.
    versions = list(ProcedureVersion.objects.select_related("procedure", "field"))
    versions[0].time_limit_note = "Kể từ ngày nhận đủ hồ sơ"
    versions[1].status = VersionStatus.SUSPENDED
    for language in ("vi", "en"):
        with translation.override(language):
            expected = JSONRenderer().render(ProcedureSerializer(versions, many=True).data)
            assert JSONRenderer().render(procedure_rows(versions)) == expected
    response = client.get("/api/v1/procedures/", {"search": "ly lich tu phap"})
    first = ProcedureVersion.objects.get(procedure__code=response.json()["results"][0]["code"])
    with translation.override("vi"):
        expected_row = ProcedureSerializer(first).data
    assert response.json()["results"][0] == expected_row


@override_settings(MOTCUA_CATALOGUE_ANSWERS_SECONDS=60)
def test_api_list_is_remembered_until_the_catalogue_changes(
    client: Client, procedures, django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    cache.clear()
    search = {"search": "ly lich tu phap"}
    first = client.get("/api/v1/procedures/", search).json()
    with django_assert_num_queries(0):
        assert client.get("/api/v1/procedures/", search).json() == first
    # Another language is another answer.
    english = client.get("/api/v1/procedures/", search, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["results"][0]["online_level_display"] == "Online information"

    version = ProcedureVersion.objects.get(procedure__code="2.001417.000.00.00.H41")
    version.name = "Cấp phiếu lý lịch tư pháp số 1"
    with django_capture_on_commit_callbacks(execute=True):
        version.save()
    renamed = client.get("/api/v1/procedures/", search).json()
    assert renamed["results"][0]["name"] == "Cấp phiếu lý lịch tư pháp số 1"

    # The importer's units are inserted in bulk (no signal): the import renews the answers.
    agency = {"agency": PROVINCE_CENTRE, "page_size": "100"}
    before = {row["code"] for row in client.get("/api/v1/procedures/", agency).json()["results"]}
    record = procedure_record(
        code="1.010001",
        name="Cấp giấy phép xây dựng loại 1",
        field="XD",
        keywords="",
        decision={"number": "1/QĐ-UBND", "date": "2025-06-28"},
        units={"coordinating": [POLICE], "receiving": [PROVINCE_CENTRE]},
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_catalogue(io.BytesIO(catalogue(record, fields=FIELDS)))
    after = {row["code"] for row in client.get("/api/v1/procedures/", agency).json()["results"]}
    assert after == before | {"1.010001"} != before


def test_api_list_is_remembered_only_in_a_shared_cache_unless_configured() -> None:
    assert generation.answers_seconds() == 0  # the tests' cache is per process
    redis = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    with override_settings(CACHES=redis):
        assert generation.answers_seconds() == generation.ANSWERS_DEFAULT_SECONDS


def test_api_detail_by_code(client: Client, procedures, django_assert_num_queries) -> None:
    with django_assert_num_queries(5):
        response = client.get("/api/v1/procedures/2.001417.000.00.00.H41/")
    assert response.status_code == 200
    data = response.json()
    assert data["units"]["receiving"] == [
        {"qcvn_code": PROVINCE_CENTRE, "name": "Trung tâm Phục vụ hành chính công tỉnh"}
    ]
    assert data["fees"][0]["amount_vnd"] == 200000
    assert data["channels"] == ["desk", "post"]
    assert data["process"][0]["name"] == "Tiếp nhận hồ sơ"
    assert data["process"][0]["role_display"]
    assert client.get("/api/v1/procedures/1.999999/").status_code == 404


def test_api_is_in_the_openapi_schema(client: Client) -> None:
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/procedures/" in schema
    assert "/api/v1/procedures/{code}/" in schema


def test_list_page_in_vietnamese_with_search_and_browse(
    client: Client, procedures, django_assert_num_queries, layout_queries: int
) -> None:
    url = reverse("portal:procedure_list")
    # Fields, agencies, count and page.
    with django_assert_num_queries(layout_queries + 4):
        page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and page["Content-Language"] == "vi"
    assert "Thủ tục hành chính" in html
    assert "Tìm theo lĩnh vực" in html or "Lĩnh vực" in html
    assert 'role="search"' in html and 'for="id_q"' in html
    assert "Xây dựng" in html

    # The fallback reads the candidates once more to rank them in Python.
    searching = 5 if connection.vendor == "sqlite" else 4
    with django_assert_num_queries(layout_queries + searching):
        found = client.get(url, {"q": "dang ky khai sinh"})
    body = found.content.decode()
    assert body.index("Đăng ký khai sinh") < body.index("Cấp phiếu lý lịch tư pháp")
    assert 'value="dang ky khai sinh"' in body  # what was typed stays in the box


def test_list_page_filters_and_htmx_partial(client: Client, procedures) -> None:
    url = reverse("portal:procedure_list")
    page = client.get(url, {"field": "LLTP"}).content.decode()
    assert "Cấp phiếu lý lịch tư pháp" in page and "Đăng ký khai sinh" not in page

    partial = client.get(url, {"q": "khai sinh"}, headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<html" not in body and "Đăng ký khai sinh" in body
    assert 'id="result-status"' in body and 'hx-swap-oob="true"' in body

    second = client.get(url, {"field": "XD", "page": "2"}).content.decode()
    assert "Trang 2" in second

    unknown = client.get(url, {"q": "khai sinh", "field": "NOPE"}).content.decode()
    assert "Đăng ký khai sinh" in unknown  # a stale filter value does not lose the search


def test_detail_page_has_what_a_citizen_needs(
    client: Client, procedures, django_assert_num_queries, layout_queries: int
) -> None:
    url = reverse("portal:procedure_detail", kwargs={"code": "2.001417.000.00.00.H41"})
    # The version, then its units, components, fees and steps.
    with django_assert_num_queries(layout_queries + 5):
        page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    for text in (
        "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam",
        "10 ngày làm việc",
        "200.000",
        "Sở Tư pháp",
        "Trung tâm Phục vụ hành chính công tỉnh",
        "Tờ khai đăng ký khai sinh",
        "Luật Hộ tịch năm 2014",
        "Cung cấp thông tin trực tuyến",
    ):
        assert text in html, text
    assert "Nộp hồ sơ trực tuyến" not in html  # not offered online
    assert (
        client.get(reverse("portal:procedure_detail", kwargs={"code": "9.999999"})).status_code
        == 404
    )


def test_submit_button_leads_to_the_online_submission_form(client: Client, procedures) -> None:
    url = reverse("portal:procedure_detail", kwargs={"code": "1.001193"})
    html = client.get(url).content.decode()
    assert "DVCTT toàn trình" in html
    assert "Nộp hồ sơ trực tuyến" in html
    submit = reverse("portal:submit", kwargs={"code": "1.001193"})
    assert f'href="{submit}"' in html


@override_settings(MOTCUA_CATALOGUE_ANSWERS_SECONDS=60)
def test_a_procedure_with_its_parts_is_remembered_until_the_catalogue_changes(
    procedures, django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    cache.clear()
    code = "2.001417.000.00.00.H41"
    first = catalog_queries.procedure_detail(code)
    assert first is not None
    with django_assert_num_queries(0):
        again = catalog_queries.procedure_detail(code)
        assert again is not None
        assert [c.name for c in again.components.all()] == [c.name for c in first.components.all()]
    component = first.components.all()[0]
    component.name = "Tờ khai đã sửa"
    with django_capture_on_commit_callbacks(execute=True):
        component.save()
    changed = catalog_queries.procedure_detail(code)
    assert changed is not None and changed.components.all()[0].name == "Tờ khai đã sửa"
