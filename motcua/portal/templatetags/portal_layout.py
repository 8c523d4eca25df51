"""Template tags of the portal layout."""

import datetime

from django import template
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from motcua.agencies.models import Unit, UnitKind
from motcua.catalog.generation import remembered

register = template.Library()


@register.simple_tag
def province_contact() -> Unit | None:
    """The office citizens contact, shown in the footer: the province's Public Administration
    Service Centre, or its People's Committee where no centre is recorded. Read once per day
    and change of the catalogue (whose token every save of a unit renews,
    `catalog.generation`), not on every page of the portal."""
    today = timezone.localdate()
    return remembered(("province contact", today), lambda: _province_contact(today))


def _province_contact(today: datetime.date) -> Unit | None:
    return (
        Unit.objects.current(today)
        .filter(kind__in=[UnitKind.SERVICE_CENTRE, UnitKind.PROVINCE_COMMITTEE])
        .order_by(
            Case(
                When(kind=UnitKind.SERVICE_CENTRE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "depth",
            "pk",
        )
        .only("name", "address", "phone", "email")
        .first()
    )
