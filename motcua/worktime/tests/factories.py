import datetime

import factory
from factory.django import DjangoModelFactory

from motcua.worktime.models import DayKind, Notice, NoticeDay, NoticeLevel, OfficeHours


class NoticeFactory(DjangoModelFactory[Notice]):
    class Meta:
        model = Notice

    level = NoticeLevel.LOCAL
    unit_code = ""
    year = 2026
    title = factory.Sequence(lambda n: f"Quyết định nghỉ lễ hội số {n}")


class NoticeDayFactory(DjangoModelFactory[NoticeDay]):
    class Meta:
        model = NoticeDay

    notice = factory.SubFactory(NoticeFactory)
    date = datetime.date(2026, 3, 10)
    kind = DayKind.DAY_OFF
    name = "Lễ hội truyền thống"


class OfficeHoursFactory(DjangoModelFactory[OfficeHours]):
    class Meta:
        model = OfficeHours

    unit_code = ""
