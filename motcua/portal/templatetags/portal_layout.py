"""Template tags of the portal layout."""

from django import template
from django.db.models import Case, IntegerField, Value, When

from motcua.agencies.models import Unit, UnitKind

register = template.Library()


@register.simple_tag
def province_contact() -> Unit | None:
    """The office citizens contact, shown in the footer: the province's Public Administration
    Service Centre, or its People's Committee where no centre is recorded."""
    return (
        Unit.objects.current()
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
