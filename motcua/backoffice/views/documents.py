"""The official forms of one dossier as PDF (TT 03/2025 Phụ lục I, rendered by
`motcua.official_forms` from the contexts of `dossiers.forms_context`), and which of them
apply to a dossier now.

The receipt's lookup secret is known only when the dossier is received (only its hash is
stored): the receiving officer's session keeps it for the receipt printed right after, and a
later reprint has the code and QR code without the secret.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import urlencode

from motcua.accounts.models import Role
from motcua.accounts.roles import memberships_of
from motcua.backoffice.templatetags.backoffice_dossiers import dossier_ref
from motcua.backoffice.views.access import staff_required
from motcua.backoffice.views.dossier_access import reachable_dossier
from motcua.dossiers import forms_context, lifecycle
from motcua.dossiers.models import Apology, Dossier, Pause, PauseKind, Transition
from motcua.dossiers.steps import LEADER_ROLES
from motcua.official_forms.contexts import OfficialForm, Signer
from motcua.official_forms.responses import pdf_response

# Where the public lookup lives when the portal does not name it (yet).
LOOKUP_FALLBACK_PATH = "/tra-cuu-ho-so/"
SECRET_SESSION_KEY = "motcua.receipt_secret.{pk}"  # noqa: S105 (a session key's name)


def lookup_url(dossier: Dossier) -> str:
    """The public lookup address printed as the QR code, with the dossier's code (`ma`, as
    the notifications and the specimens write it), on the site's public address."""
    try:
        path = reverse("portal:dossier_lookup")
    except NoReverseMatch:
        path = LOOKUP_FALLBACK_PATH
    query = f"?{urlencode({'ma': dossier.code})}" if dossier.code else ""
    return f"{settings.SITE_URL}{path}{query}"


def remember_receipt_secret(request: HttpRequest, dossier: Dossier, secret: str) -> None:
    request.session[SECRET_SESSION_KEY.format(pk=dossier.pk)] = secret


def _signer(person: Any, unit_id: int | None) -> Signer:
    """The signature block of the leader who issued a letter: the title of their role in
    the unit (Vietnamese, upper case) and their name."""
    roles = [
        membership.role
        for membership in memberships_of(person)
        if membership.unit_id == unit_id and membership.role in LEADER_ROLES
    ]
    with translation.override("vi"):
        title = str(Role(roles[0]).label if roles else Role.AGENCY_LEADER.label)
    return Signer(title_lines=(title.upper(),), name=str(person) if person is not None else "")


@dataclass(frozen=True)
class Document:
    number: str
    label: str
    url: str


def _url(dossier: Dossier, number: str, item: int | None = None) -> str:
    kwargs: dict[str, Any] = {"ref": dossier_ref(dossier), "number": number}
    if item is None:
        return reverse("backoffice:dossier_form", kwargs=kwargs)
    return reverse("backoffice:dossier_form_item", kwargs={**kwargs, "item": item})


def documents(
    dossier: Dossier,
    transitions: list[Transition],
    pauses: list[Pause],
    apologies: list[Apology],
) -> list[Document]:
    """The forms that apply to the dossier, from rows the page has already read."""
    found: list[Document] = []

    def add(number: str, item: int | None = None, suffix: str = "") -> None:
        label = str(lifecycle.OfficialForm(number).label) + suffix
        found.append(Document(number, label, _url(dossier, number, item)))

    received = dossier.received_at is not None and dossier.due_at is not None
    if received:
        add("01")
    supplements = [pause for pause in pauses if pause.kind != PauseKind.FINANCIAL_OBLIGATION]
    for pause in supplements:
        suffix = f" ({pause.started_at:%d/%m/%Y})" if len(supplements) > 1 else ""
        add("02", pause.pk, suffix)
    if any(transition.action == "refuse" for transition in transitions):
        add("03")
    for apology in apologies:
        add("04", apology.pk, f" ({apology.issued_at:%d/%m/%Y})" if len(apologies) > 1 else "")
    if received and any(transition.action == "stop" for transition in transitions):
        add("05")
    if received:
        add("06")
    return found


def _form(request: HttpRequest, dossier: Dossier, number: str, item: int | None) -> OfficialForm:
    url = lookup_url(dossier)
    received = dossier.received_at is not None and dossier.due_at is not None
    if number == "01" and received:
        secret = request.session.get(SECRET_SESSION_KEY.format(pk=dossier.pk), "")
        return forms_context.receipt_slip(dossier, lookup_secret=secret, lookup_url=url)
    if number == "02" and item is not None:
        pause = (
            dossier.pauses.exclude(kind=PauseKind.FINANCIAL_OBLIGATION)
            .select_related("requested_by")
            .filter(pk=item)
            .first()
        )
        if pause is not None:
            return forms_context.supplement_request(dossier, pause, lookup_url=url)
    if number == "03":
        refusal = dossier.transitions.filter(action="refuse").select_related("actor").last()
        if refusal is not None:
            return forms_context.refusal_notice(dossier, refusal, lookup_url=url)
    if number == "04" and item is not None and received:
        apology = (
            dossier.apologies.select_related("issued_by", "unit_at_fault").filter(pk=item).first()
        )
        if apology is not None:
            signer = _signer(apology.issued_by, apology.unit_at_fault_id)
            return forms_context.apology_letter(dossier, apology, signer=signer, lookup_url=url)
    if number == "05" and received:
        stop = dossier.transitions.filter(action="stop").select_related("actor").last()
        if stop is not None:
            unit = dossier.processing_unit_id or dossier.receiving_unit_id
            signer = _signer(stop.actor, unit)
            return forms_context.stop_notice(dossier, stop, signer=signer, lookup_url=url)
    if number == "06" and received:
        return forms_context.control_slip(dossier, lookup_url=url)
    raise Http404("This form does not apply to the dossier.")


@staff_required
def dossier_form(
    request: HttpRequest, ref: str, number: str, item: int | None = None
) -> HttpResponse:
    dossier = reachable_dossier(request, ref)
    return pdf_response(_form(request, dossier, number, item))
