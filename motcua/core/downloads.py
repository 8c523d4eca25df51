"""Private files (dossier papers, results) sent to the one person allowed to have them."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def private_attachment(stored: FieldFile, *, filename: str, content_type: str) -> FileResponse:
    """The file as a download that no shared cache keeps and no browser reinterprets.

    The caller has checked access. 404 when the row outlived its file (a restore, a cleaned
    disk): the person can do nothing about it, and a 500 would say less."""
    try:
        content = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        content, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
