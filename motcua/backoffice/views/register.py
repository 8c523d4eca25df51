"""The register of dossiers (Sổ theo dõi hồ sơ): a filterable screen in keyset pages, and the
same selection as an Excel file and as the official form's PDF (Mẫu 07).

The selection is `motcua.dossiers.register` (scoped by `queries.dossiers_for`); the unit
list offers the units the person reaches (`accounts.scoping.reachable_units`)."""

from typing import cast

from django.contrib import messages
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from motcua.accounts.scoping import reachable_units
from motcua.backoffice.report_forms import RegisterFilterForm
from motcua.backoffice.views.access import staff_required
from motcua.dossiers import exports, register
from motcua.dossiers.inbox import Cursor
from motcua.dossiers.register import RegisterFilters
from motcua.official_forms.responses import pdf_response


def _form(request: HttpRequest) -> RegisterFilterForm:
    return RegisterFilterForm(request.GET, units=reachable_units(request.user).order_by("path"))


def _title_lines(filters: RegisterFilters) -> list[str]:
    period = filters.period
    first, last = (date_format(day, "d/m/Y") for day in (period.first, period.last))
    below = " và các đơn vị trực thuộc" if filters.subtree else ""
    return ["SỔ THEO DÕI HỒ SƠ", f"{filters.unit.name}{below}", f"Từ ngày {first} đến ngày {last}"]


@staff_required
def register_page(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    context: dict[str, object] = {"form": form, "rows": None}
    if form.is_valid():
        filters = form.filters()
        now = timezone.now()
        after = Cursor.decode(request.GET.get("after", ""))
        page = register.page(request.user, filters, after=after, now=now)
        # The filters as applied, defaults included, for the links.
        query = cast(QueryDict, form.data).copy()
        query.pop("after", None)
        next_query = query.copy()
        if page.next_cursor is not None:
            next_query["after"] = page.next_cursor.encode()
        context.update(
            rows=page.rows,
            total=register.count(request.user, filters, now),
            filter_query=query.urlencode(),
            next_query=next_query.urlencode() if page.next_cursor is not None else "",
            first_query=query.urlencode() if after is not None else "",
            pdf_max_rows=register.PDF_MAX_ROWS,
        )
    elif not form.fields["unit"].queryset.exists():  # type: ignore[attr-defined]
        context["no_units"] = True
    return render(request, "backoffice/register.html", context)


@staff_required
def register_excel(request: HttpRequest) -> HttpResponseBase:
    form = _form(request)
    if not form.is_valid():
        return _back(request)
    filters = form.filters()
    rows = register.entries(request.user, filters)
    workbook = exports.register_workbook(_title_lines(filters), rows)
    name = f"so-theo-doi-ho-so-{filters.period.first:%Y%m%d}-{filters.period.last:%Y%m%d}.xlsx"
    return FileResponse(
        workbook, as_attachment=True, filename=name, content_type=exports.XLSX_CONTENT_TYPE
    )


@staff_required
def register_pdf(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if not form.is_valid():
        return _back(request)
    filters = form.filters()
    if register.count(request.user, filters) > register.PDF_MAX_ROWS:
        messages.warning(
            request,
            _(
                "The selection has more than %(rows)d dossiers, too many for one PDF: narrow "
                "the filters (a shorter period, one procedure) or download the Excel file."
            )
            % {"rows": register.PDF_MAX_ROWS},
        )
        return _back(request)
    return pdf_response(register.official_form(request.user, filters))


def _back(request: HttpRequest) -> HttpResponse:
    """To the screen with the same filters, which shows what is wrong with them."""
    query = request.GET.urlencode()
    return HttpResponseRedirect(reverse("backoffice:register") + (f"?{query}" if query else ""))
