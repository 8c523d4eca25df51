"""HTTP responses of a rendered form, for the views that print a dossier's forms."""

from django.http import HttpResponse

from motcua.official_forms.contexts import DossierForm, OfficialForm
from motcua.official_forms.rendering import render_html, render_pdf


def pdf_filename(form: OfficialForm) -> str:
    """'mau-01-000.00.20.H41-260305-0012.pdf': form number, then the dossier code if any."""
    code = form.dossier_code if isinstance(form, DossierForm) else ""
    return "-".join(part for part in ("mau", form.form_number, code) if part) + ".pdf"


def pdf_response(form: OfficialForm) -> HttpResponse:
    """The form's PDF, shown in the browser's viewer (inline) with a meaningful file name."""
    response = HttpResponse(render_pdf(form.template_name, form), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_filename(form)}"'
    return response


def preview_response(form: OfficialForm) -> HttpResponse:
    """The form as a printable HTML page with a print button."""
    return HttpResponse(render_html(form.template_name, form, preview=True))
