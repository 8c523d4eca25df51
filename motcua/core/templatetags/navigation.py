"""Template tags the layouts use to link pages that other apps may not have built yet.

A layout names the pages it links by URL name; a name that does not resolve (the app that
serves it is not installed or not written yet) gives an empty address, and the layout leaves
the link out instead of failing with NoReverseMatch.
"""

import functools
import unicodedata
from typing import Any

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info

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


@register.simple_tag
def nav_link(label: str, url: str, icon: str = "", current: bool = False) -> str:
    """One navigation item: a `<li>` with its link, marked as the current page when
    `current`; nothing when `url` is empty (the page is not built yet). Written here rather
    than as an included template: the layouts show up to eight on every page, and an include
    costs more than the rest of the item."""
    if not url:
        return ""
    return format_html(
        '<li class="nav-item">\n  <a class="nav-link d-flex align-items-center gap-2{}" '
        'href="{}"{}>\n    {}<span>{}</span>\n  </a>\n</li>',
        " active" if current else "",
        url,
        mark_safe(' aria-current="page"') if current else "",
        format_html('<i class="bi bi-{}" aria-hidden="true"></i>', icon) if icon else "",
        label,
    )


@register.simple_tag
def language_buttons() -> SafeString:
    """The language switcher's buttons, one a language of LANGUAGES: its code shown, its
    name (in itself, composed to NFC) for screen readers and as the title, the current
    one pressed. Built once per current language rather than by the template's loop over
    Django's language information on every page."""
    codes = tuple(code for code, _name in settings.LANGUAGES)
    return _language_buttons(codes, get_language())


@functools.lru_cache(maxsize=64)
def _language_buttons(codes: tuple[str, ...], current: str | None) -> SafeString:
    return format_html_join(
        "\n",
        '<button type="submit" name="language" value="{}" lang="{}"\n'
        '        class="btn {}"\n'
        '        aria-pressed="{}"\n'
        '        title="{}">\n'
        '  <span aria-hidden="true">{}</span>\n'
        '  <span class="visually-hidden">{}</span>\n'
        "</button>",
        (
            (
                code,
                code,
                "btn-light active" if code == current else "btn-outline-light",
                "true" if code == current else "false",
                name,
                code.upper(),
                name,
            )
            for code in codes
            for name in [unicodedata.normalize("NFC", get_language_info(code)["name_local"])]
        ),
    )
