"""Changing the calendar: notices with their days, and office hours. Each operation writes its
audit event in its transaction; the revision token changes through signals.py."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from motcua.core import audit
from motcua.worktime import units
from motcua.worktime.engine import DEFAULT_SCHEDULE
from motcua.worktime.models import DayKind, Notice, NoticeDay, NoticeLevel, OfficeHours

NamedDay = tuple[datetime.date, str]


def publish_notice(
    *,
    year: int,
    title: str,
    level: NoticeLevel = NoticeLevel.NATIONAL,
    unit_code: str = "",
    reference: str = "",
    issued_on: datetime.date | None = None,
    days_off: Iterable[NamedDay] = (),
    working_days: Iterable[NamedDay] = (),
    actor: Any = None,
) -> Notice:
    """Record a notice or a local decision with the days it gives off and the weekend days it
    makes working days."""
    with transaction.atomic():
        notice = Notice(
            year=year,
            title=title,
            level=level,
            unit_code=units.normalise(unit_code),
            reference=reference,
            issued_on=issued_on,
        )
        notice.full_clean()
        notice.save()
        days = [(day, name, DayKind.DAY_OFF) for day, name in days_off]
        days += [(day, name, DayKind.WORKING) for day, name in working_days]
        for day, name, kind in days:
            row = NoticeDay(notice=notice, date=day, name=name, kind=kind)
            row.full_clean()
            row.save()
        audit.record(
            "worktime.notice.publish",
            notice,
            actor=actor,
            data={
                "unit_code": notice.unit_code,
                "days": [{"date": day.isoformat(), "kind": kind} for day, _, kind in days],
            },
        )
    return notice


def set_office_hours(
    *,
    unit_code: str = "",
    valid_from: datetime.date = DEFAULT_SCHEDULE.valid_from,
    actor: Any = None,
    **hours: Any,
) -> OfficeHours:
    """Create or change a unit's office hours from `valid_from` on; `hours` are OfficeHours
    fields (weekdays, morning_start, ..., desk_cutoff, saturday_morning_receiving)."""
    with transaction.atomic():
        row = OfficeHours.objects.filter(
            unit_code=units.normalise(unit_code), valid_from=valid_from
        ).first() or OfficeHours(unit_code=units.normalise(unit_code), valid_from=valid_from)
        for name, value in hours.items():
            OfficeHours._meta.get_field(name)  # an unknown name raises FieldDoesNotExist
            setattr(row, name, value)
        row.full_clean()
        row.save()
        audit.record(
            "worktime.office_hours.set",
            row,
            actor=actor,
            data={"unit_code": row.unit_code, "valid_from": valid_from, **hours},
        )
    return row
