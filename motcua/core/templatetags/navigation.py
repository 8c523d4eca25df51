"""Template tags the layouts use to link pages that other apps may not have built yet.

A layout names the pages it links by URL name; a name that does not resolve (the app that
serves it is not installed or not written yet) gives an empty address, and the layout leaves
the link out instead of failing with NoReverseMatch.
"""

import functools
from typing import Any

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.simple_tag
def first_url(*url_names: str, **kwargs: Any) -> str:
    """The address of the first URL name that resolves (with these keyword arguments), or "".
    URLs do not change while a process runs: each answer is worked out once per URL
    configuration and script prefix, as a name that does not resolve costs Django a search
    of every pattern and the layouts ask about a dozen on every page."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _first_url(urlconf, get_script_prefix(), url_names, tuple(sorted(kwargs.items())))


@functools.lru_cache(maxsize=1024)
def _first_url(
    urlconf: Any, prefix: str, url_names: tuple[str, ...], kwargs: tuple[tuple[str, Any], ...]
) -> str:
    for name in url_names:
        try:
            return reverse(name, kwargs=dict(kwargs) or None)
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
