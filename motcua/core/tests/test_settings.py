"""Production settings refuse unsafe configurations; checked in a fresh interpreter each time."""

import os
import subprocess
import sys

import pytest

STRONG_KEY = "k" * 50


def load_production_settings(then: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603 (this test's own code, no outside input)
        [sys.executable, "-c", f"import motcua.settings.production as s; {then}"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_debug() -> None:
    result = load_production_settings(DEBUG="1", SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "Production refuses DEBUG" in result.stderr


@pytest.mark.parametrize(
    "secret_key",
    ["", "change-me", "development-only-secret-key-never-use-in-production", "short"],
)
def test_production_refuses_a_default_or_weak_secret_key(secret_key: str) -> None:
    result = load_production_settings(SECRET_KEY=secret_key)
    assert result.returncode != 0
    assert "Production needs SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_key_and_debug_off() -> None:
    result = load_production_settings(DEBUG="0", SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr


def test_a_malformed_boolean_is_named() -> None:
    result = load_production_settings(DEBUG="maybe", SECRET_KEY=STRONG_KEY)
    assert "DEBUG must be a boolean" in result.stderr


def read_settings(names: str, **env: str) -> str:
    """What a fresh process's production settings hold under `env` (and none of this
    machine's MOTCUA_ variables or Redis), as the repr of a tuple of `names`."""
    unset = {key: "" for key in os.environ if key.startswith("MOTCUA_") or key == "REDIS_URL"}
    result = load_production_settings(
        **{**unset, **env, "SECRET_KEY": STRONG_KEY},
        then=f"print(repr(({names},)))",
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_remembered_answers_seconds_are_read_from_the_environment() -> None:
    names = ", ".join(
        f"s.MOTCUA_{name}_SECONDS"
        for name in ("INBOX_HISTORY", "INBOX_OPEN", "CATALOGUE_ANSWERS", "LOOKUP", "STAFF")
    )
    assert read_settings(names) == "(None, None, None, None, None)"
    chosen = read_settings(
        names,
        MOTCUA_INBOX_HISTORY_SECONDS="30",
        MOTCUA_INBOX_OPEN_SECONDS="0",
        MOTCUA_CATALOGUE_ANSWERS_SECONDS="600",
        MOTCUA_LOOKUP_SECONDS="45",
        MOTCUA_STAFF_SECONDS="120",
    )
    assert chosen == "(30, 0, 600, 45, 120)"


def test_each_database_keeps_its_keys_apart_in_a_shared_redis() -> None:
    prefix = read_settings(
        "s.CACHES['default']['KEY_PREFIX']",
        REDIS_URL="redis://127.0.0.1:6379/0",
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/motcua_bench",
    )
    assert prefix == "('motcua_bench',)"
