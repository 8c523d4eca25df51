"""Dossiers at the end of their handling, ready to be evaluated, and evaluations made through
the service, on the province of the dossier tests (motcua/dossiers/tests/factories.py)."""

import datetime
from typing import Any

from motcua.agencies.models import Unit
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import Province, at, online_dossier
from motcua.dossiers.tests.scenarios import in_review, received, resolve, return_at_desk
from motcua.evaluations import services
from motcua.evaluations.models import Evaluation, Level
from motcua.worktime.limits import Channel

MONDAY = at(2026, 3, 2, 8)


def returned(
    world: Province, channel: Channel = Channel.ONLINE, name: str = "Trần Thị Không Tài Khoản"
) -> Dossier:
    """Received on Monday 2 March 2026, resolved on the 4th, returned at the desk on the
    5th. Online: the applicant is the world's citizen; otherwise a person without account."""
    dossier = in_review(world, received(world, MONDAY, channel, name=name))
    resolve(world, dossier, at(2026, 3, 4, 10))
    return_at_desk(world, dossier, at(2026, 3, 5, 9))
    dossier.refresh_from_db()
    return dossier


def result_ready(world: Province) -> Dossier:
    dossier = in_review(world, received(world, MONDAY, Channel.ONLINE))
    resolve(world, dossier, at(2026, 3, 4, 10))
    dossier.refresh_from_db()
    return dossier


def refused(world: Province) -> Dossier:
    dossier = online_dossier(world, key=f"refused-{Dossier.objects.count()}")
    perform(dossier, Action.REFUSE, world.officer, now=MONDAY, reasons=["Không thuộc thẩm quyền"])
    dossier.refresh_from_db()
    return dossier


def stopped(world: Province) -> Dossier:
    dossier = in_review(world, received(world, MONDAY, Channel.ONLINE))
    perform(dossier, Action.STOP, world.leader, now=at(2026, 3, 3, 10), reason="Quyết định dừng")
    dossier.refresh_from_db()
    return dossier


def evaluated(
    world: Province,
    level: Level,
    when: datetime.datetime,
    processing_unit: Unit | None = None,
    **answers: Any,
) -> Evaluation:
    """A desk dossier returned and its paper form entered by the desk's officer at `when`.
    With `processing_unit`, the dossier is recorded as led by that unit (it went through the
    department's path; only the unit counted matters to the statistics)."""
    dossier = returned(world, Channel.DESK)
    if processing_unit is not None:
        Dossier.objects.filter(pk=dossier.pk).update(processing_unit=processing_unit)
        dossier.refresh_from_db()
    return services.evaluate(dossier, world.officer, level=level, answers=answers, now=when)
