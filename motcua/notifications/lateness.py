"""The lateness job: warn the people responsible before a dossier or a step of it runs out
of time, and when it has.

"Due soon" and "overdue" come from the dossiers' queries (derived from the due moment and
the clock in SQL, never stored). For each dossier and each open row of its control slip
that crossed a threshold, the job queues a message to the officer responsible (the
specialist in charge of the dossier; the person who received the step) and the leaders of
the unit (division and agency leaders), and records a `LatenessWarning`, once per target,
threshold and due moment: a rerun warns nobody twice, and two runs at once cannot either
(a unique constraint). A new appointment is a new due moment and is warned about again.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import Role, StaffMembership
from motcua.agencies.models import Unit
from motcua.dossiers import queries
from motcua.dossiers.models import Dossier, DossierStep
from motcua.notifications import conf, services
from motcua.notifications.citizen import moment
from motcua.notifications.models import Channel, LatenessWarning, Threshold

LEADER_ROLES = (Role.DIVISION_LEADER, Role.AGENCY_LEADER)
TEMPLATES = {Threshold.DUE_SOON: "lateness_due_soon", Threshold.OVERDUE: "lateness_overdue"}


@dataclass
class LatenessReport:
    warned: dict[str, int] = field(default_factory=dict)
    messages: int = 0

    def count(self, kind: str, threshold: Threshold) -> int:
        return self.warned.get(f"{kind}_{threshold.value}", 0)


class _Leaders:
    """The active leaders of each unit, read once per unit and run."""

    def __init__(self) -> None:
        self._by_unit: dict[int, list[Any]] = {}

    def of(self, unit: Unit) -> list[Any]:
        if unit.pk not in self._by_unit:
            memberships = StaffMembership.objects.filter(
                unit=unit, role__in=LEADER_ROLES, is_active=True, user__is_active=True
            ).select_related("user")
            self._by_unit[unit.pk] = [membership.user for membership in memberships]
        return self._by_unit[unit.pk]


def _people(responsible: Any, leaders: list[Any]) -> list[Any]:
    """The responsible officer first, then the leaders, each once, active ones only."""
    people: dict[int, Any] = {}
    for person in [responsible, *leaders]:
        if person is not None and person.is_active and person.pk not in people:
            people[person.pk] = person
    return list(people.values())


def _not_warned(threshold: Threshold, *, step: bool) -> Q:
    given = LatenessWarning.objects.filter(threshold=threshold, due_at=OuterRef("due_at"))
    if step:
        given = given.filter(step=OuterRef("pk"))
    else:
        given = given.filter(dossier=OuterRef("pk"), step__isnull=True)
    return ~Q(Exists(given))


def dossiers_to_warn(threshold: Threshold, now: datetime.datetime) -> QuerySet[Dossier]:
    condition = (
        queries.due_soon_condition(now, conf.dossier_warning_working_hours())
        if threshold == Threshold.DUE_SOON
        else queries.overdue_condition(now)
    )
    return (
        Dossier.objects.filter(condition & _not_warned(threshold, step=False))
        .select_related("procedure_version", "holding_unit", "assignee")
        .order_by("due_at", "pk")
    )


def steps_to_warn(threshold: Threshold, now: datetime.datetime) -> QuerySet[DossierStep]:
    condition = (
        queries.step_due_soon_condition(now, conf.step_warning_working_hours())
        if threshold == Threshold.DUE_SOON
        else queries.step_overdue_condition(now)
    )
    return (
        DossierStep.objects.filter(condition & _not_warned(threshold, step=True))
        .select_related(
            "dossier__procedure_version",
            "dossier__assignee",
            "unit",
            "process_step",
            "received_by",
        )
        .order_by("due_at", "pk")
    )


def _warn(
    *,
    dossier: Dossier,
    step: DossierStep | None,
    threshold: Threshold,
    due_at: datetime.datetime,
    people: list[Any],
    context: dict[str, Any],
    now: datetime.datetime,
) -> int | None:
    """Record the warning and queue its messages in one transaction; None if another run
    gave it first. Returns the number of messages queued."""
    try:
        with transaction.atomic():
            warning = LatenessWarning.objects.create(
                dossier=dossier, step=step, threshold=threshold, due_at=due_at, warned_at=now
            )
            queued = 0
            for person in people:
                recipient = services.recipient_for_user(person)
                # Staff read e-mail at work; a text message only for those without one.
                channels = (Channel.EMAIL,) if recipient.email else (Channel.SMS,)
                queued += len(
                    services.enqueue(
                        recipient,
                        TEMPLATES[threshold],
                        {**context, "name": str(person)},
                        channels=channels,
                        dossier=dossier,
                        now=now,
                    )
                )
            warning.recipients = len(people)
            warning.save(update_fields=["recipients"])
    except IntegrityError:
        return None
    return queued


def _targets(
    now: datetime.datetime, leaders: _Leaders
) -> Iterator[tuple[str, Threshold, dict[str, Any]]]:
    for threshold in Threshold:
        for dossier in dossiers_to_warn(threshold, now).iterator(chunk_size=500):
            assert dossier.due_at is not None  # the conditions compare it
            yield (
                "dossier",
                threshold,
                {
                    "dossier": dossier,
                    "step": None,
                    "due_at": dossier.due_at,
                    "people": _people(dossier.assignee, leaders.of(dossier.holding_unit)),
                    "context": _context(dossier, dossier.holding_unit, dossier.due_at, ""),
                },
            )
        for step in steps_to_warn(threshold, now).iterator(chunk_size=500):
            assert step.due_at is not None
            name = step.process_step.name if step.process_step else step.get_phase_display()
            yield (
                "step",
                threshold,
                {
                    "dossier": step.dossier,
                    "step": step,
                    "due_at": step.due_at,
                    "people": _people(step.received_by, leaders.of(step.unit)),
                    "context": _context(step.dossier, step.unit, step.due_at, name),
                },
            )


def _context(dossier: Dossier, unit: Unit, due_at: datetime.datetime, step: str) -> dict[str, Any]:
    return {
        "code": dossier.code or "",
        "procedure": dossier.procedure_version.name,
        "unit": unit.name,
        "due": moment(due_at),
        "step": step,
        "assignee": str(dossier.assignee) if dossier.assignee_id else "",
    }


def warn_lateness(now: datetime.datetime | None = None) -> LatenessReport:
    """Warn about every dossier and step that is due soon or overdue and was not warned
    about yet for that threshold and due moment."""
    when = now or timezone.now()
    report = LatenessReport()
    leaders = _Leaders()
    for kind, threshold, target in list(_targets(when, leaders)):
        queued = _warn(threshold=threshold, now=when, **target)
        if queued is None:
            continue
        key = f"{kind}_{threshold.value}"
        report.warned[key] = report.warned.get(key, 0) + 1
        report.messages += queued
    return report
