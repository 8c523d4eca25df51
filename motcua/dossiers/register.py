"""The register of dossiers (Sổ theo dõi hồ sơ, Mẫu 07) as a filterable list: the dossiers a
receiving unit (and, when asked, the units below it) received in a period, narrowed by
procedure, field, channel and status, read in keyset pages for the screen, and whole for the
Excel file and the PDF.

Every read starts from `queries.dossiers_for(user)`, so a person never sees a dossier
beyond their reach whatever unit they ask for. The period and the unit are served by the
index on (receiving_unit, received_at); the other filters narrow that range.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Unit
from motcua.agencies.queries import subtree_ids
from motcua.catalog.models import Field
from motcua.dossiers import forms_context
from motcua.dossiers.inbox import Cursor, Page, keyset_page
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import dossiers_for, overdue_condition
from motcua.dossiers.states import OPEN_STATES, State
from motcua.dossiers.stats import Period
from motcua.official_forms.contexts import DossierRegister

PAGE_SIZE = 50
# A PDF of more rows than this takes too long to lay out: narrow the filters first.
PDF_MAX_ROWS = 1000


class RegisterStatus(TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    OVERDUE = "overdue", _("In progress, overdue")
    WAITING = "waiting", _("Waiting for the applicant")
    DECIDED = "decided", _("Decided, waiting to be returned")
    RETURNED = "returned", _("Result handed over")
    STOPPED = "stopped", _("Stopped or withdrawn")


WAITING_STATES = (State.SUPPLEMENT_IN_PROCESS, State.AWAITING_PAYMENT)


def status_condition(status: RegisterStatus, now: datetime.datetime) -> Q:
    if status == RegisterStatus.IN_PROGRESS:
        return Q(state__in=OPEN_STATES)
    if status == RegisterStatus.OVERDUE:
        return overdue_condition(now)
    if status == RegisterStatus.WAITING:
        return Q(state__in=WAITING_STATES)
    if status == RegisterStatus.DECIDED:
        return Q(state__in=(State.RESULT_READY, State.REJECTED))
    if status == RegisterStatus.RETURNED:
        return Q(state=State.RETURNED)
    return Q(state=State.STOPPED)


@dataclass(frozen=True)
class RegisterFilters:
    """What the register shows: `unit`'s book (with the units below it when `subtree`) for
    `period`; empty values of the other fields do not filter."""

    unit: Unit
    period: Period
    subtree: bool = False
    procedure: str = ""  # the procedure's code
    field: Field | None = None
    channel: str = ""
    status: str = ""


def entries(
    user: Any, filters: RegisterFilters, now: datetime.datetime | None = None
) -> QuerySet[Dossier]:
    """The register's dossiers under `filters` that `user` reaches, in the order received,
    with what a row shows (`forms_context.register_rows`)."""
    period = filters.period
    dossiers = dossiers_for(user).filter(
        received_at__gte=period.start,
        received_at__lt=period.end,
    )
    if filters.subtree:
        dossiers = dossiers.filter(receiving_unit__in=subtree_ids(filters.unit))
    else:
        dossiers = dossiers.filter(receiving_unit=filters.unit)
    if filters.procedure:
        dossiers = dossiers.filter(procedure_version__procedure__code=filters.procedure.strip())
    if filters.field is not None:
        dossiers = dossiers.filter(procedure_version__field=filters.field)
    if filters.channel:
        dossiers = dossiers.filter(channel=filters.channel)
    if filters.status:
        moment = now or timezone.now()
        dossiers = dossiers.filter(status_condition(RegisterStatus(filters.status), moment))
    return forms_context.register_rows(dossiers)


def page(
    user: Any,
    filters: RegisterFilters,
    *,
    after: Cursor | None = None,
    size: int | None = None,
    now: datetime.datetime | None = None,
) -> Page:
    """One page of the register (PAGE_SIZE rows unless `size` says otherwise) and the cursor
    of the next: one query."""
    rows = entries(user, filters, now)
    return keyset_page(rows, "received_at", after=after, size=size or PAGE_SIZE)


def count(user: Any, filters: RegisterFilters, now: datetime.datetime | None = None) -> int:
    return entries(user, filters, now).order_by().count()


def official_form(
    user: Any, filters: RegisterFilters, now: datetime.datetime | None = None
) -> DossierRegister:
    """Mẫu 07 of the selection (at most PDF_MAX_ROWS rows: check `count` first)."""
    rows = entries(user, filters, now)[:PDF_MAX_ROWS]
    period = filters.period
    return forms_context.register_form(filters.unit, rows, first=period.first, last=period.last)
