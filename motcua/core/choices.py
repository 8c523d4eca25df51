"""The label of a choice, as `get_<field>_display()` shows it, without its cost.

Django's `get_<field>_display()` rebuilds the field's whole map of choices at each call,
hashing every label, which translates each one: a list of 25 dossiers, with their state and
channel, asked gettext ~600 times (docs/performance.md). Here a label is translated once per
choice and language."""

import functools

from django.conf import settings
from django.db.models import Choices
from django.utils.translation import get_language


def label(choices: type[Choices], value: str) -> str:
    """What `get_<field>_display()` shows for `value` (the value itself when it is not one
    of the choices); remembered per language, except in debug, where the translations may
    be recompiled under the running server."""
    if settings.DEBUG:
        return _label(choices, value)
    return _remembered(choices, value, get_language())


def _label(choices: type[Choices], value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@functools.cache
def _remembered(choices: type[Choices], value: str, language: str | None) -> str:
    return _label(choices, value)
