"""Moving a test dossier along its lifecycle, as the dossiers' own tests do."""

import datetime

from motcua.dossiers.lifecycle import Action, Outcome, perform
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import Province, at

MONDAY = at(2026, 3, 2, 8)


def later(minutes: int) -> datetime.datetime:
    return MONDAY + datetime.timedelta(minutes=minutes)


def receive(world: Province, dossier: Dossier) -> Outcome:
    return perform(dossier, Action.RECEIVE, world.officer, now=MONDAY)


def to_review(world: Province, dossier: Dossier) -> Dossier:
    perform(dossier, Action.TRANSFER, world.officer, now=later(10))
    perform(dossier, Action.ASSIGN, world.leader, now=later(20), specialist=world.specialist)
    return dossier


def to_result(world: Province, dossier: Dossier) -> Dossier:
    perform(dossier, Action.PROPOSE, world.specialist, now=later(30), proposal="approve")
    perform(dossier, Action.APPROVE, world.leader, now=later(40))
    perform(dossier, Action.ISSUE_RESULT, world.leader, now=later(50), result_reference="12/GP")
    return dossier
