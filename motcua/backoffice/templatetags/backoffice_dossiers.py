"""Template helpers of the back-office dossier pages."""

import datetime
from typing import Any

from django import template
from django.forms import BoundField, CheckboxInput, CheckboxSelectMultiple, RadioSelect, Select
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from motcua.core.choices import label
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.worktime.limits import Channel

register = template.Library()

# A dossier not received yet has no code: its page is reached by its number.
ID_PREFIX = "so-"


@register.filter
def dossier_ref(dossier: Dossier) -> str:
    return dossier.code or f"{ID_PREFIX}{dossier.pk}"


@register.filter
def dossier_url(dossier: Dossier) -> str:
    return reverse("backoffice:dossier", kwargs={"ref": dossier_ref(dossier)})


@register.filter
def moment(value: datetime.datetime | None, layout: str = "%H:%M %d/%m/%Y") -> str:
    """`value|date:"H:i d/m/Y"` (local time; "" for None), or another strftime `layout`, for
    the moments of the dossier pages and lists, without the date filter's general format
    parser (~100 Python calls each)."""
    return timezone.localtime(value).strftime(layout) if value else ""


@register.filter
def state_label(state: str) -> str:
    """`dossier.get_state_display` at a fraction of its cost (`core.choices`)."""
    return label(State, state)


@register.filter
def channel_label(channel: str) -> str:
    """`dossier.get_channel_display` at a fraction of its cost (`core.choices`)."""
    return label(Channel, channel)


@register.filter
def control(field: BoundField) -> SafeString:
    """The widget with Bootstrap's class for its kind, marked invalid when it has errors."""
    widget = field.field.widget
    if isinstance(widget, CheckboxInput):
        base = "form-check-input"
    elif isinstance(widget, RadioSelect | CheckboxSelectMultiple):
        base = ""
    elif isinstance(widget, Select):
        base = "form-select"
    else:
        base = "form-control"
    classes = [base, widget.attrs.get("class", "")]
    if field.errors:
        classes.append("is-invalid")
    return field.as_widget(attrs={"class": " ".join(c for c in classes if c)})


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, CheckboxInput)


@register.filter
def is_choice_list(field: BoundField) -> bool:
    return isinstance(field.field.widget, RadioSelect | CheckboxSelectMultiple)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)
