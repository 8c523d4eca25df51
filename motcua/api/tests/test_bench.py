"""The benchmarks' baseline view: routed only when MOTCUA_BENCH_ENDPOINTS is on."""

import json

from django.test import RequestFactory, override_settings

from motcua.api import bench


def test_the_ping_view_answers_json_without_touching_the_database() -> None:
    # No django_db mark: any query would fail the test.
    response = bench.ping(RequestFactory().get("/bench/ping/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"ok": True}


def test_the_ping_view_takes_only_get() -> None:
    assert bench.ping(RequestFactory().post("/bench/ping/")).status_code == 405


def test_the_route_exists_only_with_the_setting_on() -> None:
    with override_settings(MOTCUA_BENCH_ENDPOINTS=False):
        assert bench.urlpatterns() == []
    with override_settings(MOTCUA_BENCH_ENDPOINTS=True):
        routes = bench.urlpatterns()
    assert [str(route.pattern) for route in routes] == ["bench/ping/"]
    assert routes[0].callback is bench.ping


def test_the_installation_default_is_off(settings) -> None:
    assert settings.MOTCUA_BENCH_ENDPOINTS is False
