from collections.abc import Iterator

import pytest

from motcua.dossiers.tests.factories import Province, make_province
from motcua.notifications.tests.providers import FlakySmsProvider
from motcua.worktime import queries as worktime_queries


@pytest.fixture(autouse=True)
def _fresh_calendars() -> None:
    # Rolled-back tests leave calendars built from their rows in the process cache.
    worktime_queries.forget_calendars()


@pytest.fixture(autouse=True)
def _fresh_test_provider() -> Iterator[None]:
    FlakySmsProvider.reset()
    yield
    FlakySmsProvider.reset()


@pytest.fixture
def world(db: None) -> Province:
    return make_province()
