"""Template tags of the back-office layout.

The layout is rendered on every back-office page; what it shows that does not change while
a process runs (the addresses of its stylesheets and scripts, its navigation in a language)
is worked out once, except in debug, where files and templates may change under the running
server."""

import functools
from typing import Any

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import StaffMembership
from motcua.accounts.roles import memberships_of
from motcua.core.templatetags.navigation import first_url, is_current, nav_link

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_memberships(context: dict[str, Any]) -> tuple[StaffMembership, ...]:
    """The signed-in member of staff's active roles with their units (read once a request:
    the top bar and the page may both ask)."""
    request: HttpRequest | None = context.get("request")
    return memberships_of(request.user) if request is not None else ()


_asset_urls: dict[str, str] = {}


@register.simple_tag
def asset(path: str) -> str:
    """`{% static path %}`, looked up in the storage's manifest once per process (~20 µs
    each, seven a page)."""
    url = _asset_urls.get(path)
    if url is None:
        url = static(path)
        if not settings.DEBUG:
            _asset_urls[path] = url
    return url


# (label, URL names, icon, how the item is current: "root" on the start page only, "section"
# on its pages, "never"), as the layout's side navigation lists them.
_NAV_ITEMS = (
    (_("Start page"), ("backoffice:home",), "speedometer2", "root"),
    (_("Dossier inbox"), ("backoffice:inbox",), "inboxes", "section"),
    (_("Dossier register"), ("backoffice:register",), "journal-text", "section"),
    (_("Statistics"), ("backoffice:statistics",), "bar-chart", "section"),
    (_("Configuration (admin)"), ("admin:index",), "gear", "staff"),
    (_("API documentation"), ("api:docs",), "braces", "never"),
)


@register.simple_tag(takes_context=True)
def backoffice_nav(context: dict[str, Any]) -> SafeString:
    """The side navigation's items (`nav_link`): the start page, current on itself only;
    the inbox, the register and the statistics, current on their pages; the configuration
    for `is_staff` people; the API documentation. The same few answers for every page:
    rendered once per language, page current and configuration shown."""
    request: HttpRequest | None = context.get("request")
    path = request.path if request is not None else ""
    user = context.get("user")
    staff = bool(getattr(user, "is_staff", False))
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    prefix = get_script_prefix()
    current = tuple(
        _is_current(path, first_url(*names), rule) for _label, names, _icon, rule in _NAV_ITEMS
    )
    if settings.DEBUG:
        return _nav.__wrapped__(urlconf, prefix, get_language(), staff, current)
    return _nav(urlconf, prefix, get_language(), staff, current)


def _is_current(path: str, url: str, rule: str) -> bool:
    if rule == "root":
        return path == url
    return rule == "section" and is_current(path, url)


@functools.lru_cache(maxsize=256)
def _nav(
    urlconf: Any, prefix: str, language: str | None, staff: bool, current: tuple[bool, ...]
) -> SafeString:
    items = [
        nav_link(label=str(label), url=first_url(*names), icon=icon, current=now)
        for (label, names, icon, rule), now in zip(_NAV_ITEMS, current, strict=True)
        if rule != "staff" or staff
    ]
    return format_html_join("\n", "{}", ((item,) for item in items if item))


@receiver(setting_changed)
def _forget(setting: str, **kwargs: Any) -> None:
    """Tests that change the storages or the URLs see their own."""
    if setting in {"STORAGES", "STATIC_URL", "STATIC_ROOT"}:
        _asset_urls.clear()
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"}:
        _nav.cache_clear()
