"""Finding the dossier a back-office URL names, among those the person may reach."""

from typing import Any

from django.http import Http404, HttpRequest

from motcua.accounts.scoping import reaches_units
from motcua.backoffice.templatetags.backoffice_dossiers import ID_PREFIX
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import dossiers_for, with_deadline_status
from motcua.dossiers.states import State

# Joined to the dossier: what the pages and the official forms print of it. Not its people
# (the page reads them with the others it names): PostgreSQL takes several times longer to
# plan the join of nine tables than of seven.
PAGE_RELATIONS = (
    "procedure_version__procedure",
    "procedure_version__field",
    "receiving_unit",
    "holding_unit",
    "processing_unit",
)


def reachable_dossier(request: HttpRequest, ref: str) -> Dossier:
    """The dossier with this code (or "so-<number>" before it has one) if the signed-in
    person may reach it (`dossiers.queries.dossiers_for`), with its deadline status; 404
    otherwise, so another unit's dossier is not even confirmed to exist."""
    if ref.startswith(ID_PREFIX):
        number = ref[len(ID_PREFIX) :]
        if not number.isdigit():
            raise Http404
        lookup: dict[str, Any] = {"pk": int(number)}
    else:
        lookup = {"code": ref}
    # The code and the number are unique: no ordering, and the scoped query only if needed.
    rows = with_deadline_status(Dossier.objects.filter(**lookup)).select_related(*PAGE_RELATIONS)
    found = next(iter(rows.order_by()[:1]), None)
    if found is None or not _reaches(request.user, found):
        raise Http404
    return found


def _reaches(user: Any, dossier: Dossier) -> bool:
    """Whether `dossiers_for(user)` holds the dossier. A member of staff of the unit that
    holds or received it is answered from their memberships (no query); anyone else (a
    consulted agency, an applicant) by the scoped query for this one row."""
    if dossier.state != State.DRAFT and reaches_units(
        user, (dossier.holding_unit, dossier.receiving_unit)
    ):
        return True
    return dossiers_for(user).filter(pk=dossier.pk).exists()
