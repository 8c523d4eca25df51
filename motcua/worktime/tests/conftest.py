import datetime

import pytest

from motcua.worktime import official_notices, queries
from motcua.worktime.engine import VN_TZ, WorkCalendar, build_calendar
from motcua.worktime.models import Notice, NoticeDay


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """A moment in Vietnam time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


@pytest.fixture(scope="session")
def national() -> WorkCalendar:
    """The default office hours with the package's holidays and the shipped notices, built
    without the database (the tables of real cases and the properties use it)."""
    return build_calendar(rules=official_notices.rules())


@pytest.fixture(autouse=True)
def _fresh_calendars() -> None:
    # Rolled-back tests leave calendars built from their rows in the process cache.
    queries.forget_calendars()


@pytest.fixture
def shipped_notices(db: None) -> None:
    """The notices the data migration installs, again if need be: a transactional test (the
    browser journeys) earlier in the same worker empties every table when it ends."""
    official_notices.install(Notice, NoticeDay)
