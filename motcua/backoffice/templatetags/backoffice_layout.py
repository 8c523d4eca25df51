"""Template tags of the back-office layout."""

from typing import Any

from django import template
from django.http import HttpRequest

from motcua.accounts.models import StaffMembership
from motcua.accounts.roles import memberships_of

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_memberships(context: dict[str, Any]) -> tuple[StaffMembership, ...]:
    """The signed-in member of staff's active roles with their units (read once a request:
    the top bar and the page may both ask)."""
    request: HttpRequest | None = context.get("request")
    return memberships_of(request.user) if request is not None else ()
