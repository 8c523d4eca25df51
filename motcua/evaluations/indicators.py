"""The indicators of TT 01/2018/TT-VPCP a citizen answers on the evaluation form, in the
order of the circular, each with its question, its answers and the points each answer
typically scores (domain spec §5.1: 2 / 1 / 0 per indicator, unverified; the scoring of a
whole form, self-score and appraised score, comes with the SIPAS issue and keeps these
points configurable).

The forms of the portal and of the desk, the pages that show an evaluation and the admin all
read this list, so a new indicator is one entry here and one field of `Evaluation`.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

from motcua.evaluations.models import (
    AgenciesContacted,
    Attitude,
    Contacts,
    OneStop,
    OnlineService,
)


@dataclass(frozen=True)
class Indicator:
    number: int  # its number among the nine of TT 01/2018
    field: str  # the field of `Evaluation` that stores the answer
    question: "_StrPromise"
    choices: type[models.TextChoices]
    points: dict[str, int]

    def label_of(self, value: str) -> str:
        return str(self.choices(value).label) if value in self.choices.values else ""


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        3,
        "contacts",
        _(
            "How many times did you have to contact the desk to complete your dossier "
            "(online included)?"
        ),
        Contacts,
        {Contacts.AT_MOST_ONCE: 2, Contacts.TWICE: 1, Contacts.MORE: 0},
    ),
    Indicator(
        4,
        "agencies_contacted",
        _("How many agencies or units did you have to contact to complete your dossier?"),
        AgenciesContacted,
        {
            AgenciesContacted.ONLY_DESK: 2,
            AgenciesContacted.ONE_MORE: 1,
            AgenciesContacted.SEVERAL: 0,
        },
    ),
    Indicator(
        5,
        "one_stop",
        _("Was your dossier received, handled and returned entirely at the one-stop desk?"),
        OneStop,
        {OneStop.FULLY: 2, OneStop.PARTLY: 0},
    ),
    Indicator(
        7,
        "attitude",
        _("How was the attitude of the officers who guided you, received and handled it?"),
        Attitude,
        {Attitude.COURTEOUS: 2, Attitude.ACCEPTABLE: 1, Attitude.TROUBLESOME: 0},
    ),
    Indicator(
        9,
        "online_service",
        _("If you used the online public service: how were its progress and quality?"),
        OnlineService,
        {OnlineService.GOOD: 2, OnlineService.ACCEPTABLE: 1, OnlineService.POOR: 0},
    ),
)

BY_FIELD: dict[str, Indicator] = {indicator.field: indicator for indicator in INDICATORS}


def answered(evaluation: object) -> list[tuple[Indicator, str]]:
    """The indicators the evaluation answers, each with the answer as people read it."""
    rows = []
    for indicator in INDICATORS:
        label = indicator.label_of(getattr(evaluation, indicator.field, ""))
        if label:
            rows.append((indicator, label))
    return rows
