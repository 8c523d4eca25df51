"""Every change of a calendar row, from a service, the admin or a script, writes a new
revision token in the same transaction (and, once it commits, a new generation token in the
shared cache), so that every process rebuilds its calendars."""

import uuid
from typing import Any

from django.db.models.signals import post_delete, post_save

from motcua.core.cache import renew_generations
from motcua.worktime import queries
from motcua.worktime.models import CalendarRevision, Notice, NoticeDay, OfficeHours


def bump_revision(**kwargs: Any) -> None:
    CalendarRevision.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})
    renew_generations(queries.CALENDAR_GENERATION)
    queries.forget_calendars()


def connect() -> None:
    for model in (Notice, NoticeDay, OfficeHours):
        post_save.connect(bump_revision, sender=model, dispatch_uid=f"worktime-{model.__name__}")
        post_delete.connect(
            bump_revision, sender=model, dispatch_uid=f"worktime-{model.__name__}-delete"
        )
