"""Finding the dossier a back-office URL names, among those the person may reach."""

from django.http import Http404, HttpRequest

from motcua.backoffice.templatetags.backoffice_dossiers import ID_PREFIX
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import dossiers_for, with_deadline_status

PAGE_RELATIONS = (
    "procedure_version__procedure",
    "procedure_version__field",
    "receiving_unit",
    "holding_unit",
    "processing_unit",
    "assignee",
    "applicant",
    "entered_by",
)


def reachable_dossier(request: HttpRequest, ref: str) -> Dossier:
    """The dossier with this code (or "so-<number>" before it has one) if the signed-in
    person may reach it (`dossiers.queries.dossiers_for`), with its deadline status; 404
    otherwise, so another unit's dossier is not even confirmed to exist."""
    dossiers = with_deadline_status(dossiers_for(request.user)).select_related(*PAGE_RELATIONS)
    if ref.startswith(ID_PREFIX):
        number = ref[len(ID_PREFIX) :]
        if not number.isdigit():
            raise Http404
        found = dossiers.filter(pk=int(number)).first()
    else:
        found = dossiers.filter(code=ref).first()
    if found is None:
        raise Http404
    return found
