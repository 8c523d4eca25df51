"""The inbox of a member of staff: tabs with their counts, filters, search and keyset pages.

The counts are one query (`dossiers.inbox.tab_counts`) and a page another
(`dossiers.inbox.inbox_page`); with HTMX the filters refresh only the tabs and the list.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import get_format

from motcua.accounts.models import Role
from motcua.accounts.roles import has_role
from motcua.backoffice.inbox_forms import TAB_LABELS, InboxFilterForm
from motcua.backoffice.views.access import staff_required
from motcua.dossiers import inbox as inbox_queries
from motcua.dossiers.inbox import Cursor, Inbox, Tab


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
        "filter_query": query.urlencode(),
        "next_query": next_query.urlencode() if page.next_cursor is not None else "",
        "first_query": (query.urlencode() + f"&tab={tab.value}") if after is not None else "",
        "filtered": form.is_filtered(),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "backoffice/dossiers/_inbox_results.html", context)
    return render(request, "backoffice/dossiers/inbox.html", context)
