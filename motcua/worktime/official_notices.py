"""The civil servants' holiday notices of 2024-2026 that Một Cửa ships as data.

Only notices whose days are known with confidence are listed (docs/worktime.md gives the
sources and what the `holidays` package already knows); a document number is left empty
where it was not verified. Later notices are added by administrators in the admin (or, for
every installation, by a new data migration that calls `install` again: it adds only what is
missing).
"""

import datetime
from typing import Any

from motcua.worktime.engine import DayRule, DaySource

Day = datetime.date


def _span(first: Day, last: Day, name: str) -> list[tuple[Day, str]]:
    return [
        (first + datetime.timedelta(days=offset), name) for offset in range((last - first).days + 1)
    ]


NOTICES: list[dict[str, Any]] = [
    {
        "year": 2024,
        "title": "Lịch nghỉ Tết Âm lịch Giáp Thìn 2024 của cán bộ, công chức, viên chức",
        "reference": "",
        "issued_on": None,
        "days_off": _span(Day(2024, 2, 8), Day(2024, 2, 14), "Nghỉ Tết Âm lịch"),
        "working_days": [],
    },
    {
        "year": 2024,
        "title": "Hoán đổi ngày làm việc dịp nghỉ lễ 30/4 và 1/5/2024",
        "reference": "2450/VPCP-KGVX",
        "issued_on": None,
        "days_off": [(Day(2024, 4, 29), "Nghỉ hoán đổi (làm bù thứ Bảy 04/5/2024)")],
        "working_days": [(Day(2024, 5, 4), "Làm bù cho thứ Hai 29/4/2024")],
    },
    {
        "year": 2025,
        "title": "Lịch nghỉ Tết Âm lịch Ất Tỵ 2025 của cán bộ, công chức, viên chức",
        "reference": "6150/TB-BLĐTBXH",
        "issued_on": None,
        "days_off": _span(Day(2025, 1, 25), Day(2025, 2, 2), "Nghỉ Tết Âm lịch"),
        "working_days": [],
    },
    {
        "year": 2025,
        "title": "Hoán đổi ngày làm việc dịp nghỉ lễ 30/4 và 1/5/2025",
        "reference": "",
        "issued_on": None,
        "days_off": [(Day(2025, 5, 2), "Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)")],
        "working_days": [(Day(2025, 4, 26), "Làm bù cho thứ Sáu 02/5/2025")],
    },
    {
        "year": 2026,
        "title": "Nghỉ Tết Dương lịch 2026 và hoán đổi ngày làm việc",
        "reference": "12729/VPCP-KGVX",
        "issued_on": Day(2025, 12, 25),
        "days_off": [(Day(2026, 1, 2), "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)")],
        "working_days": [(Day(2026, 1, 10), "Làm bù cho thứ Sáu 02/01/2026")],
    },
    {
        "year": 2026,
        "title": "Lịch nghỉ Tết Âm lịch Bính Ngọ 2026 của cán bộ, công chức, viên chức",
        "reference": "",
        "issued_on": None,
        "days_off": _span(Day(2026, 2, 14), Day(2026, 2, 22), "Nghỉ Tết Âm lịch"),
        "working_days": [],
    },
]


def rules() -> list[DayRule]:
    """The notices' days as engine rules, in the order the database layers them."""
    return [
        DayRule(day, working, name, DaySource.NOTICE)
        for notice in NOTICES
        for working, key in ((False, "days_off"), (True, "working_days"))
        for day, name in notice[key]
    ]


def install(notice_model: Any, day_model: Any) -> int:
    """Create the notices that are missing (by year and title); returns how many were added.
    Takes the model classes so that a migration can pass its historical models."""
    added = 0
    for data in NOTICES:
        notice, created = notice_model.objects.get_or_create(
            year=data["year"],
            title=data["title"],
            level="national",
            unit_code="",
            defaults={"reference": data["reference"], "issued_on": data["issued_on"]},
        )
        if not created:
            continue
        added += 1
        for kind, key in (("day_off", "days_off"), ("working", "working_days")):
            for day, name in data[key]:
                day_model.objects.create(notice=notice, date=day, kind=kind, name=name)
    return added
