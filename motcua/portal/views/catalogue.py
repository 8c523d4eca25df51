"""The procedure catalogue on the portal: search and browse, and one procedure's page."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from motcua.catalog import queries
from motcua.catalog.forms import ProcedureSearchForm
from motcua.core.text import fold

PAGE_SIZE = 20


def procedure_list(request: HttpRequest) -> HttpResponse:
    # Sorted on the folded names, so that "Đất đai" comes with the D's, not after the Z's.
    fields = sorted(queries.fields_in_use(), key=lambda field: fold(field.name))
    agencies = sorted(queries.agencies_in_use(), key=lambda unit: fold(unit.name))
    form = ProcedureSearchForm(request.GET, fields=fields, agencies=agencies)
    text, filters = form.text(), form.filters()
    page = Paginator(queries.procedure_list(text, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page_obj": page,
        "searching": bool(text.strip()),
        "filtered": any(vars(filters).values()),
        "browse_fields": fields,
    }
    if request.headers.get("HX-Request") == "true":
        # Live results while typing: only the list, and the count for screen readers.
        return render(request, "catalog/portal/_procedure_results.html", {**context, "live": True})
    return render(request, "catalog/portal/procedure_list.html", context)


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    version = queries.procedure_detail(code)
    if version is None:
        raise Http404
    return render(
        request,
        "catalog/portal/procedure_detail.html",
        {
            "version": version,
            "submit_url": _submit_url(code) if version.accepts_online_submission else "",
        },
    )


def _submit_url(code: str) -> str:
    """The online submission form, once the portal has one (url name `portal:submit`)."""
    try:
        return reverse("portal:submit", kwargs={"code": code})
    except NoReverseMatch:
        return ""
