"""Filters of the form templates: Vietnamese dates and blanks to fill in by hand."""

from datetime import date, datetime

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from motcua.official_forms import vietnamese

register = template.Library()

# What a form prints where a value is not known yet, for the officer to write in by hand.
BLANK = "…………………"


@register.filter
def long_date(value: date, place: str) -> str:
    return vietnamese.long_date(value, place)


@register.filter
def day_month_year(value: date | datetime | None) -> str:
    if value is None:
        return f"ngày {BLANK}"
    if isinstance(value, datetime):
        value = vietnamese.in_vietnam(value).date()
    return vietnamese.day_month_year(value)


@register.filter
def time_and_date(value: datetime | None) -> str:
    if value is None:
        return "…… giờ …… phút, ngày …… tháng …… năm ……"
    return vietnamese.time_and_date(value)


@register.filter
def short_date(value: date | None) -> str:
    return "" if value is None else vietnamese.short_date(value)


@register.filter
def short_time_and_date(value: datetime | None) -> str:
    return "" if value is None else vietnamese.short_time_and_date(value)


@register.filter
def or_blank(value: object) -> object:
    """The value, or dots to fill in when it is empty."""
    return value if value not in (None, "") else BLANK


@register.filter
def break_after_hyphens(code: str) -> SafeString:
    """A dossier code that may wrap after its hyphens in a narrow cell, never inside a part."""
    return mark_safe("-<wbr>".join(conditional_escape(part) for part in code.split("-")))  # noqa: S308
