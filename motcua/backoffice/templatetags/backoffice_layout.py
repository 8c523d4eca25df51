"""Template tags of the back-office layout."""

from typing import Any

from django import template
from django.http import HttpRequest

from motcua.accounts.models import StaffMembership

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_memberships(context: dict[str, Any]) -> list[StaffMembership]:
    """The signed-in member of staff's active roles with their units, read once a request
    (the top bar and the page may both ask)."""
    request: HttpRequest | None = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    cached: list[StaffMembership] | None = getattr(request, "_staff_memberships", None)
    if cached is None:
        cached = list(
            StaffMembership.objects.filter(user_id=request.user.pk, is_active=True)
            .select_related("unit")
            .order_by("unit__path", "role")
        )
        request._staff_memberships = cached  # type: ignore[attr-defined]
    return cached
