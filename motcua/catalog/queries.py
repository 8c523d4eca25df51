"""Reusable reads of the catalogue for the portal and the API."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from motcua.agencies.models import Unit
from motcua.catalog.generation import remembered
from motcua.catalog.models import (
    Component,
    Fee,
    Field,
    ProcedureVersion,
    ProcessStep,
    UnitRole,
    VersionUnit,
)
from motcua.catalog.search import ProcedureFilters, search_procedures


def procedure_list(
    text: str = "", filters: ProcedureFilters | None = None
) -> QuerySet[ProcedureVersion]:
    """Current versions for a list: searched and filtered, with what a list row shows."""
    return search_procedures(text, filters).select_related("procedure", "field")


def procedure_detail(code: str, on: datetime.date | None = None) -> ProcedureVersion | None:
    """The current version of the procedure with this code, with every part loaded;
    remembered until the catalogue changes (`generation.remembered`): the portal's page, the
    API and every online submission read it."""
    day = on or timezone.localdate()
    return remembered(("procedure detail", code, day), lambda: _procedure_detail(code, day))


def _procedure_detail(code: str, on: datetime.date) -> ProcedureVersion | None:
    return (
        ProcedureVersion.objects.current(on)
        .filter(procedure__code=code)
        .select_related("procedure", "field")
        .prefetch_related(
            Prefetch(
                "unit_roles",
                VersionUnit.objects.select_related("unit").order_by("role", "unit__name"),
            ),
            Prefetch("components", Component.objects.order_by("order")),
            Prefetch("fees", Fee.objects.order_by("order")),
            Prefetch("process_steps", ProcessStep.objects.select_related("unit").order_by("order")),
        )
        .first()
    )


def fields_in_use() -> QuerySet[Field]:
    """Fields that have at least one current procedure, with their number of current
    procedures (`procedure_count`), for browsing and filters."""
    current = ProcedureVersion.objects.current().values("pk")
    return (
        Field.objects.annotate(
            procedure_count=Count("versions", filter=Q(versions__pk__in=current))
        )
        .filter(procedure_count__gt=0)
        .order_by("name")
    )


def agencies_in_use() -> QuerySet[Unit]:
    """Units that receive or process a current procedure, for browsing and filters."""
    roles = VersionUnit.objects.filter(
        version__in=ProcedureVersion.objects.current(),
        role__in=[UnitRole.RECEIVING, UnitRole.PROCESSING],
    )
    return Unit.objects.filter(pk__in=roles.values("unit_id")).order_by("name")
