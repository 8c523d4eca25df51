"""Render an official form to a standalone HTML page (browser preview) or to a PDF.

Both come from the same Django template: `render_html` is what a staff member prints from
the browser, `render_pdf` feeds that HTML to WeasyPrint. Templates are looked up through
Django's loaders, so a province overrides a form by placing a template of the same name in
a directory listed earlier (see docs/official-forms.md).
"""

from typing import Any

import qrcode
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString
from qrcode.constants import ERROR_CORRECT_M

from motcua.official_forms.contexts import DossierForm, OfficialForm
from motcua.official_forms.fonts import FORM_FONT_FAMILY

# Two modules of white around the code are enough on white paper and keep it compact.
QR_QUIET_ZONE = 2


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code's modules, quiet zone included (True is a dark module)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QR_QUIET_ZONE)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


def qr_svg(text: str) -> SafeString:
    """An inline SVG QR code of `text`, one path of dark runs, sized by the stylesheet."""
    matrix = qr_matrix(text)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start},{y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    size = len(matrix)
    return format_html(
        '<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}"'
        ' shape-rendering="crispEdges" role="img" aria-label="{label}">'
        '<rect width="{size}" height="{size}" fill="#fff"/>'
        '<path fill="#000" d="{path}"/></svg>',
        size=size,
        label=text,
        path="".join(runs),
    )


def _template_context(form: OfficialForm, *, preview: bool) -> dict[str, Any]:
    qr = form.lookup_url if isinstance(form, DossierForm) else ""
    return {
        "form": form,
        "copies": range(1, form.copy_count + 1),
        "qr_code": qr_svg(qr) if qr else "",
        "font_family": FORM_FONT_FAMILY,
        "preview": preview,
    }


def render_html(template_name: str, context: OfficialForm, *, preview: bool = False) -> str:
    """The form as a complete HTML page; `preview` adds a print button for the browser."""
    return render_to_string(template_name, _template_context(context, preview=preview))


def render_pdf(template_name: str, context: OfficialForm) -> bytes:
    """The form as a PDF with its font embedded (WeasyPrint)."""
    # Imported here: WeasyPrint takes a noticeable time to load, and only printing needs it.
    from weasyprint import HTML

    html = render_html(template_name, context)
    pdf = HTML(string=html).write_pdf()
    assert pdf is not None  # write_pdf returns the bytes when no target is given
    return pdf
