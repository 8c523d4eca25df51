"""Specimens of the seven forms, for staff to see and print this installation's layout."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse

from motcua.official_forms.contexts import OfficialForm
from motcua.official_forms.responses import pdf_response, preview_response
from motcua.official_forms.specimens import SPECIMENS


def _specimen(number: str) -> OfficialForm:
    try:
        return SPECIMENS[number]()
    except KeyError:
        raise Http404(number) from None


@staff_member_required
def specimen_preview(request: HttpRequest, number: str) -> HttpResponse:
    return preview_response(_specimen(number))


@staff_member_required
def specimen_pdf(request: HttpRequest, number: str) -> HttpResponse:
    return pdf_response(_specimen(number))
