import datetime
import io

import pytest
from django.core.management import call_command

from motcua.demo import calendar as demo_calendar
from motcua.worktime.limits import TimeUnit
from motcua.worktime.models import Notice, OfficeHours
from motcua.worktime.queries import get_calendar
from motcua.worktime.tests.conftest import at

pytestmark = pytest.mark.django_db


def test_the_demo_province_has_its_local_calendar_rows_once() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert Notice.objects.filter(unit_code=demo_calendar.KIM_LIEN).count() == 1
    assert OfficeHours.objects.filter(unit_code=demo_calendar.SERVICE_CENTRE).count() == 1

    commune = get_calendar(demo_calendar.KIM_LIEN)
    assert not commune.is_working_day(demo_calendar.FESTIVAL_DAY)
    assert get_calendar().is_working_day(demo_calendar.FESTIVAL_DAY)
    # Its service centre (a unit below the commune) follows the commune's calendar.
    centre = get_calendar("000.01.65.H41")
    assert centre.deadline(at(2026, 5, 18, 9), 1, TimeUnit.WORKING_DAYS).due == at(2026, 5, 20, 17)

    desk = get_calendar(demo_calendar.SERVICE_CENTRE).schedule_on(datetime.date(2026, 5, 16))
    assert desk.saturday_morning_receiving
