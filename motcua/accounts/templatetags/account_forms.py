"""Rendering form fields of the account pages with Bootstrap's classes."""

from django import template
from django.forms import BoundField, CheckboxInput
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def control(field: BoundField) -> SafeString:
    """The field's widget with Bootstrap's control class, marked invalid when it has errors
    (Django adds aria-invalid and aria-describedby for the help text and errors itself)."""
    base = "form-check-input" if isinstance(field.field.widget, CheckboxInput) else "form-control"
    classes = [base, field.field.widget.attrs.get("class", "")]
    if field.errors:
        classes.append("is-invalid")
    return field.as_widget(attrs={"class": " ".join(c for c in classes if c)})
