"""GET /api/v1/statistics/dossiers: public counts, 400 with a Vietnamese message."""

import datetime
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import DjangoAssertNumQueries

from motcua.dossiers.tests.factories import Province
from motcua.dossiers.tests.scenarios import make_division, march

URL = "/api/v1/statistics/dossiers"


@pytest.fixture(autouse=True)
def _no_earlier_requests() -> Iterator[None]:
    # The throttle counts requests in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def month(world: Province) -> None:
    march(world, make_division(world))


@pytest.mark.usefixtures("month")
def test_the_province_by_default_without_signing_in(client: Client) -> None:
    response = client.get(URL, {"from": "2026-03-01", "to": "2026-03-31"})

    assert response.status_code == 200
    body = response.json()
    # Counted by hand in test_statistics (the period is over: the answer does not depend
    # on today).
    assert body == {
        "unit_code": "000.00.00.H41",
        "unit_name": "UBND tỉnh Nghệ An",
        "from": "2026-03-01",
        "to": "2026-03-31",
        "carried_over": 2,
        "received_total": 14,
        "received_desk": 9,
        "received_online": 3,
        "received_post": 2,
        "total": 16,
        "resolved_total": 8,
        "resolved_early": 3,
        "resolved_on_time": 1,
        "resolved_late": 4,
        "resolved_late_repeated_supplements": 1,
        "returned": 1,
        "withdrawn": 1,
        "stopped": 1,
        "in_progress_total": 5,
        "in_progress_on_time": 3,
        "in_progress_overdue": 2,
        "on_time_rate": 50.0,
    }


@pytest.mark.usefixtures("month")
def test_a_unit_by_its_code_counts_its_subtree(client: Client) -> None:
    body = client.get(
        URL, {"unit_code": "000.00.10.h41", "from": "2026-03-01", "to": "2026-03-31"}
    ).json()
    assert (body["unit_code"], body["unit_name"]) == ("000.00.10.H41", "Sở Tư pháp")
    assert body["total"] == 15
    police = client.get(
        URL, {"unit_code": "000.00.30.H41", "from": "2026-03-30", "to": "2026-03-30"}
    ).json()
    assert (police["received_desk"], police["in_progress_on_time"]) == (1, 1)
    assert police["on_time_rate"] is None


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"to": "2026-03-31"}, "from", "Nhập ngày đầu kỳ."),
        ({"from": "2026-03-01"}, "to", "Nhập ngày cuối kỳ."),
        (
            {"from": "01/03/2026", "to": "2026-03-31"},
            "from",
            "Nhập ngày theo dạng YYYY-MM-DD, ví dụ 2026-03-31.",
        ),
        (
            {"from": "2026-03-31", "to": "2026-03-01"},
            "to",
            "Kỳ thống kê kết thúc trước khi bắt đầu: chọn ngày cuối kỳ bằng hoặc sau ngày đầu kỳ.",
        ),
        (
            {"from": "2025-01-01", "to": "2026-03-31"},
            "to",
            "Một kỳ thống kê dài tối đa 366 ngày: hãy hỏi kỳ dài hơn thành nhiều phần.",
        ),
        (
            {"unit_code": "000.00.99.H41", "from": "2026-03-01", "to": "2026-03-31"},
            "unit_code",
            "Không tìm thấy đơn vị có mã 000.00.99.H41.",
        ),
    ],
)
def test_bad_input_is_answered_400_in_vietnamese(
    client: Client, world: Province, query: dict[str, str], field: str, message: str
) -> None:
    response = client.get(URL, query)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == message
    assert body["errors"][field] == [message]


def test_without_a_province_unit(client: Client, db: None) -> None:
    response = client.get(URL, {"from": "2026-03-01", "to": "2026-03-31"})
    assert response.status_code == 400
    assert response.json()["errors"]["unit_code"] == ["Chưa có đơn vị cấp tỉnh nào."]


def test_the_query_count_is_fixed(
    client: Client, world: Province, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    query = {"from": "2026-03-01", "to": "2026-03-31"}
    # The province's unit, then the counts.
    with django_assert_num_queries(2):
        assert client.get(URL, query).json()["total"] == 0
    march(world, make_division(world))
    with django_assert_num_queries(2):
        assert client.get(URL, query).json()["total"] == 16


def test_a_year_is_not_too_long(client: Client, world: Province) -> None:
    response = client.get(URL, {"from": "2024-01-01", "to": "2024-12-31"})
    assert response.status_code == 200
    assert datetime.date.fromisoformat(response.json()["to"]).year == 2024


def test_anonymous_callers_are_throttled_signed_in_staff_are_not(
    client: Client, world: Province
) -> None:
    query = {"from": "2026-03-01", "to": "2026-03-01"}
    for _ in range(60):
        assert client.get(URL, query).status_code == 200
    refused = client.get(URL, query)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Yêu cầu bị tạm từ chối vì gửi quá nhiều lần.")
    client.force_login(world.leader)
    assert client.get(URL, query).status_code == 200
