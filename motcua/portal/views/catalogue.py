"""The procedure catalogue on the portal: search and browse, and one procedure's page."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from motcua.catalog import queries
from motcua.catalog.forms import ProcedureSearchForm

PAGE_SIZE = 20


def procedure_list(request: HttpRequest) -> HttpResponse:
    fields = list(queries.fields_in_use())
    form = ProcedureSearchForm(request.GET, fields=fields, agencies=queries.agencies_in_use())
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
    template = "catalog/portal/procedure_list.html"
    if request.headers.get("HX-Request") == "true":  # live results: only the list
        template = "catalog/portal/_procedure_results.html"
    return render(request, template, context)


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
