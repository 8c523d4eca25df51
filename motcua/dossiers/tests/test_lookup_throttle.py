"""The lookup API's throttle (attempts per address in fixed windows, one Redis round trip that
also reads the kept answer) and its direct answer to plain requests, which must be DRF's."""

import math
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.core.cache import cache, caches
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from pytest_django.fixtures import DjangoAssertNumQueries

from motcua.dossiers import queries
from motcua.dossiers.api.views import LookupThrottle, parse_rate, plain_query
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import Province, at, online_dossier

PHONE = "0912345678"
UNKNOWN = "000.00.02.H41-260302-9999"
# A moment 45 s into a minute: the window ends 15 s later.
T0 = 1_800_000_045.0
THROTTLED = "Yêu cầu bị tạm từ chối vì gửi quá nhiều lần. Có thể gửi lại sau {} giây."


@pytest.fixture(autouse=True)
def _fresh_counters() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The throttle's time, settable: `clock[0] = ...`."""
    now = [T0]
    monkeypatch.setattr(LookupThrottle, "timer", staticmethod(lambda: now[0]))
    return now


def received_code(world: Province) -> str:
    dossier = online_dossier(world)
    perform(dossier, Action.RECEIVE, world.officer, now=at(2026, 3, 2, 9))
    code = Dossier.objects.get(pk=dossier.pk).code
    assert code is not None
    return code


def lookup(code: str, secret: str, address: str = "198.51.100.7") -> Any:
    return Client(REMOTE_ADDR=address).get(
        reverse("api:dossier_lookup"), {"code": code, "secret": secret}
    )


def attempt(address: str = "198.51.100.7", read: str | None = None) -> Any:
    return LookupThrottle().attempt(RequestFactory().get("/", REMOTE_ADDR=address), read=read)


def test_rates_are_read_as_drf_s() -> None:
    assert parse_rate("20/min") == (20, 60)
    assert parse_rate("5/s") == (5, 1)
    assert parse_rate("100/hour") == (100, 3600)
    assert parse_rate("1000/day") == (1000, 86400)


@override_settings(MOTCUA_LOOKUP_RATE="3/min")
def test_the_limit_counts_each_address_within_its_window(clock: list[float]) -> None:
    answers = [attempt() for _ in range(4)]
    assert [a.allowed for a in answers] == [True, True, True, False]
    assert answers[3].wait == pytest.approx(15)
    assert attempt().allowed is False  # refused attempts do not open a new window
    assert attempt("198.51.100.8").allowed  # another address has its own count
    clock[0] = T0 + 14.5  # the same window
    assert attempt().allowed is False
    assert attempt().wait == pytest.approx(0.5)
    clock[0] = T0 + 15  # the next minute
    assert [attempt().allowed for _ in range(4)] == [True, True, True, False]
    assert attempt().wait == pytest.approx(60)


@override_settings(MOTCUA_LOOKUP_RATE="2/s")
def test_the_window_is_the_rate_s_period(clock: list[float]) -> None:
    clock[0] = 1_800_000_000.25
    assert [attempt().allowed for _ in range(3)] == [True, True, False]
    assert attempt().wait == pytest.approx(0.75)
    clock[0] = 1_800_000_001.0
    assert attempt().allowed


@override_settings(MOTCUA_LOOKUP_RATE="3/min")
def test_the_api_refuses_with_the_time_to_wait(world: Province, clock: list[float]) -> None:
    code = received_code(world)
    assert [lookup(code, f"GUESS{n}").status_code for n in range(3)] == [404, 404, 404]
    refused = lookup(code, PHONE)  # the right phone number, too late
    assert refused.status_code == 429
    assert refused["Retry-After"] == "15"
    assert refused.json() == {"detail": THROTTLED.format(15)}
    # A request DRF answers (a parameter missing) is counted and refused the same way.
    clock[0] = T0 + 10.2
    incomplete = Client(REMOTE_ADDR="198.51.100.7").get(
        reverse("api:dossier_lookup"), {"code": code}
    )
    assert incomplete.status_code == 429
    assert incomplete["Retry-After"] == str(math.ceil(60 - 55.2))
    assert incomplete.json() == {"detail": THROTTLED.format(5)}
    # The portal's page counts with the API.
    page = Client(REMOTE_ADDR="198.51.100.7").post(
        reverse("portal:dossier_lookup"), {"code": code, "secret": PHONE}
    )
    assert page.status_code == 429
    clock[0] = T0 + 15
    assert lookup(code, PHONE).status_code == 200


@override_settings(MOTCUA_LOOKUP_RATE="3/min")
def test_the_page_s_attempts_count_for_the_api(world: Province, clock: list[float]) -> None:
    code = received_code(world)
    for n in range(3):
        page = Client(REMOTE_ADDR="198.51.100.9").post(
            reverse("portal:dossier_lookup"), {"code": code, "secret": f"GUESS{n}"}
        )
        assert page.status_code == 404
    assert lookup(code, PHONE, address="198.51.100.9").status_code == 429


def drf_way(code: str, secret: str) -> Any:
    """The same request, answered by DRF's `dispatch` (`?format=json` is not plain)."""
    return Client(REMOTE_ADDR="198.51.100.7").get(
        reverse("api:dossier_lookup"), {"code": code, "secret": secret, "format": "json"}
    )


def same_answer(direct: Any, drf: Any) -> None:
    assert direct.status_code == drf.status_code
    assert direct.content == drf.content
    for header in ("Content-Type", "Allow", "Retry-After", "Vary"):
        assert direct.get(header) == drf.get(header), header


@override_settings(MOTCUA_LOOKUP_RATE="4/min")
def test_the_direct_answers_are_drf_s(world: Province, clock: list[float]) -> None:
    code = received_code(world)
    found = lookup(f"  {code.lower()} ", "0912.345.678")
    assert found.status_code == 200 and found.json()["code"] == code
    same_answer(found, drf_way(code, PHONE))
    wrong = lookup(code, "AAAA2222")
    assert wrong.status_code == 404
    same_answer(wrong, drf_way(UNKNOWN, "AAAA2222"))
    refused = lookup(code, PHONE)
    assert refused.status_code == 429
    same_answer(refused, drf_way(code, PHONE))


@pytest.mark.parametrize(
    ("query", "accept", "plain"),
    [
        ({"code": "C", "secret": "S"}, None, True),
        ({"code": " C\t", "secret": "S"}, "*/*", True),
        ({"code": "C", "secret": "S"}, "text/html,application/xml;q=0.9,*/*;q=0.8", True),
        ({"code": "C", "secret": "S"}, "Application/JSON", True),
        ({"code": "C", "secret": "S"}, "text/html", False),  # DRF: 406
        ({"code": "C", "secret": "S"}, "", False),  # DRF: 406
        ({"code": "C", "secret": "S"}, "application/json; indent=4", False),
        ({"code": "C", "secret": "S", "format": "json"}, None, False),
        ({"code": "C"}, None, False),
        ({"code": "  ", "secret": "S"}, None, False),
        ({"code": "C" * 41, "secret": "S"}, None, False),
        ({"code": "C" * 40, "secret": "9" * 64}, None, True),
        ({"code": "C", "secret": "9" * 65}, None, False),
        ({"code": "C\x00", "secret": "S"}, None, False),
    ],
)
def test_which_requests_are_answered_directly(
    query: dict[str, str], accept: str | None, plain: bool
) -> None:
    factory = RequestFactory() if accept is None else RequestFactory(HTTP_ACCEPT=accept)
    assert (plain_query(factory.get("/", query)) is not None) is plain
    assert plain_query(factory.head("/", query)) is None


# With Redis (skipped when no server answers on the default port).


def redis_cache() -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "motcua.core.cache.ReusingRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"motcua-test-{secrets.token_hex(4)}",
        }
    }


@pytest.fixture
def with_redis() -> Iterator[list[tuple[Any, ...]]]:
    """The default cache in Redis (database 15, keys of its own), and the commands sent."""
    try:
        redis.Redis(host="127.0.0.1", port=6379, db=15, socket_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    sent: list[tuple[Any, ...]] = []
    with override_settings(CACHES=redis_cache(), MOTCUA_LOOKUP_SECONDS=60):
        client = caches["default"]._cache.get_client(write=True)  # type: ignore[attr-defined]
        original = client.execute_command

        def counting(*args: Any, **options: Any) -> Any:
            sent.append(args)
            return original(*args, **options)

        client.execute_command = counting
        try:
            yield sent
        finally:
            del client.execute_command
            prefix = caches["default"].make_key("")
            for key in client.scan_iter(match=f"{prefix}*"):
                client.delete(key)


@override_settings(MOTCUA_LOOKUP_RATE="2/min")
def test_redis_counts_and_reads_in_one_command(
    with_redis: list[tuple[Any, ...]], clock: list[float]
) -> None:
    caches["default"].set("kept", ("a", 1), timeout=60)
    with_redis.clear()
    first = attempt(read="kept")
    assert len(with_redis) == 1 and with_redis[0][0] == "EVALSHA"
    assert first.allowed and first.kept == ("a", 1)
    second = attempt(read="missing")
    assert second.allowed and second.kept is None
    third = attempt()
    assert not third.allowed and third.wait == pytest.approx(15)
    assert third.kept is queries.UNREAD
    client = caches["default"]._cache.get_client(write=True)  # type: ignore[attr-defined]
    counter = caches["default"].make_key(f"throttle_dossier_lookup_198.51.100.7_{int(T0 // 60)}")
    assert int(client.get(counter)) == 3
    assert 0 < client.ttl(counter) <= 60
    # Scripts flushed (a restarted Redis): sent whole again, then known.
    client.script_flush()
    with_redis.clear()
    assert attempt("198.51.100.8").allowed
    assert attempt("198.51.100.8").allowed
    assert not attempt("198.51.100.8").allowed
    assert [command[0] for command in with_redis] == ["EVALSHA", "EVAL", "EVALSHA", "EVALSHA"]


def test_with_redis_a_kept_lookup_is_one_command_and_no_query(
    world: Province,
    with_redis: list[tuple[Any, ...]],
    django_capture_on_commit_callbacks: Any,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        code = received_code(world)
    assert lookup(code, PHONE).status_code == 200  # the row is kept
    with_redis.clear()
    with django_assert_num_queries(0):
        again = lookup(code, PHONE, address="198.51.100.8")
    assert again.status_code == 200 and again.json()["state"] == State.RECEIVED
    assert [command[0] for command in with_redis] == ["EVALSHA"]
    # A save forgets the kept answer: the next lookup reads the dossier again.
    with django_capture_on_commit_callbacks(execute=True):
        Dossier.objects.get(code=code).save()
    with django_assert_num_queries(1):
        assert lookup(code, PHONE, address="198.51.100.9").status_code == 200
