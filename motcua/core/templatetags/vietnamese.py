"""Template filters for Vietnamese text."""

import unicodedata

from django import template

register = template.Library()


@register.filter
def nfc(text: str) -> str:
    """The composed (NFC) form: "Tiếng Việt" as one code point a letter, as people type it and
    as search and screen readers expect (Django's own language names are decomposed)."""
    return unicodedata.normalize("NFC", str(text))
