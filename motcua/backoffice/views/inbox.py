"""The inbox of a member of staff: tabs with their counts, filters, search and keyset pages.

The counts are one query (`dossiers.inbox.tab_counts`) and a page another
(`dossiers.inbox.inbox_page`); with HTMX the filters refresh only the tabs and the list.
"""

import functools

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from motcua.accounts.models import Role
from motcua.accounts.roles import has_role
from motcua.backoffice.inbox_forms import TAB_LABELS, InboxFilterForm
from motcua.backoffice.views.access import staff_required
from motcua.catalog.generation import remembered
from motcua.dossiers import inbox as inbox_queries
from motcua.dossiers.inbox import Cursor, Inbox, Row, Tab

FILTERS_TEMPLATE = "backoffice/dossiers/_inbox_filters.html"
ROW_TEMPLATE = "backoffice/dossiers/_inbox_row.html"
# Rows rendered per process (about 1 kB each): the same rows come back on every refresh.
ROWS_KEPT = 4096


def shown_count(count: int) -> str:
    """A tab's count as the badge shows it: "1.000+" beyond the bounded count of `done`."""
    separator = str(get_format("THOUSAND_SEPARATOR"))
    if count > inbox_queries.DONE_COUNT_LIMIT:
        return f"{inbox_queries.DONE_COUNT_LIMIT:,}".replace(",", separator) + "+"
    return f"{count:,}".replace(",", separator)


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if not data.get("tab"):
        # The desk starts with what waits for its check, everyone else with their work.
        desk = has_role(request.user, Role.RECEPTION_OFFICER)
        data["tab"] = Tab.RECEIVE if desk else Tab.PROCESS
    form = InboxFilterForm(data, user=request.user)
    tab, filters = form.chosen_tab(), form.filters()
    now = timezone.now()
    after = Cursor.decode(request.GET.get("after", ""))
    reader = Inbox(request.user, filters, now)
    page = reader.page(tab, after)
    counts = reader.counts()
    query = data.copy()
    query.pop("after", None)
    query.pop("tab", None)
    next_query = data.copy()
    if page.next_cursor is not None:
        next_query["after"] = page.next_cursor.encode()
    context = {
        "form": form,
        "tab": tab,
        "tab_label": TAB_LABELS[tab],
        "tabs": [(item, TAB_LABELS[item], counts[item], shown_count(counts[item])) for item in Tab],
        "rows": page.rows,
        "rows_html": [row_html(row) for row in page.rows],
        "filter_query": query.urlencode(),
        "next_query": next_query.urlencode() if page.next_cursor is not None else "",
        "first_query": (query.urlencode() + f"&tab={tab.value}") if after is not None else "",
        "filtered": form.is_filtered(),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "backoffice/dossiers/_inbox_results.html", context)
    context["filters_html"] = _filters_html(request, form, tab, data)
    return render(request, "backoffice/dossiers/inbox.html", context)


def row_html(row: Row) -> SafeString:
    """A row of the list as HTML. A row holds everything it shows (`dossiers.inbox.Row`), so
    its HTML is kept per process for the same row in the same language, time zone and URL
    prefix: an officer's inbox shows the same rows at each refresh, and rendering 25 rows
    through the template engine cost more than the rest of the page (docs/performance.md)."""
    return _rendered_row(
        row, get_language(), timezone.get_current_timezone_name(), get_script_prefix()
    )


@functools.lru_cache(maxsize=ROWS_KEPT)
def _rendered_row(row: Row, language: str, zone: str, prefix: str) -> SafeString:
    # The arguments after `row` are the key: render_to_string reads them from the request's
    # activated language, time zone and script prefix.
    return mark_safe(render_to_string(ROW_TEMPLATE, {"dossier": row}))  # noqa: S308 (autoescaped)


def _filters_html(request: HttpRequest, form: InboxFilterForm, tab: Tab, data: QueryDict) -> str:
    """The search box and filters, kept for the same values asked in the same language with
    the same choices: the person's units and the catalogue's fields, whose saves both renew
    the catalogue's token (`catalog.generation`). Rendering a form's widgets is most of what
    an inbox page costs once its rows are remembered (docs/performance.md)."""
    units = tuple((unit.pk, unit.name) for unit in inbox_queries.reached_units(request.user))
    asked = sorted((key, values) for key, values in data.lists() if key != "after")
    question = ("inbox filters", get_language(), asked, units)
    context = {"form": form, "tab": tab, "filtered": form.is_filtered()}
    return mark_safe(  # noqa: S308 (our template, rendered with autoescape)
        remembered(question, lambda: render_to_string(FILTERS_TEMPLATE, context), in_process=True)
    )
