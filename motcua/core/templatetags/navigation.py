"""Template tags the layouts use to link pages that other apps may not have built yet.

A layout names the pages it links by URL name; a name that does not resolve (the app that
serves it is not installed or not written yet) gives an empty address, and the layout leaves
the link out instead of failing with NoReverseMatch.
"""

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def first_url(*url_names: str, **kwargs: Any) -> str:
    """The address of the first URL name that resolves (with these keyword arguments), or ""."""
    for name in url_names:
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            continue
    return ""


@register.filter
def is_current(path: str, url: str) -> bool:
    """Whether the page at `path` belongs to the section at `url` (the root only matches itself)."""
    if not url:
        return False
    if url == "/":
        return path == "/"
    return path == url or path.startswith(url.rstrip("/") + "/")
