"""Production settings refuse unsafe configurations; checked in a fresh interpreter each time."""

import os
import subprocess
import sys

import pytest

STRONG_KEY = "k" * 50


def load_production_settings(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import motcua.settings.production"],
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
