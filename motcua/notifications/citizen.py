"""Messages to the applicant when their dossier moves: receipt, a supplement request, the
result ready, an apology with a new appointment.

`on_transition` subscribes to `motcua.dossiers.hooks` (see `apps.py`): it runs inside the
transition's transaction, so the messages are queued with the transition or not at all.
"""

import datetime
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from motcua.dossiers.hooks import TransitionEvent
from motcua.dossiers.models import Apology, Dossier, Pause
from motcua.notifications import services
from motcua.notifications.services import Recipient

RECEIVED = "dossier_received"
SUPPLEMENT_REQUESTED = "supplement_requested"
RESULT_READY = "result_ready"
APOLOGY = "apology"


def applicant(dossier: Dossier) -> Recipient:
    """The applicant as written on the dossier, with the account's addresses as fallback."""
    account = dossier.applicant
    return Recipient(
        email=dossier.applicant_email or (account.email if account else ""),
        phone=dossier.applicant_phone or (account.phone if account else ""),
        user=account,
        language=getattr(account, "language", "") or "",
    )


def moment(value: datetime.datetime | None) -> str:
    """A moment as people read it in Vietnam: "08:00 09/03/2026"."""
    return date_format(localtime(value), "H:i d/m/Y") if value else ""


def lookup_url(dossier: Dossier) -> str:
    return f"{settings.SITE_URL}/tra-cuu-ho-so/?{urlencode({'ma': dossier.code or ''})}"


def _context(dossier: Dossier) -> dict[str, Any]:
    return {
        "name": dossier.applicant_name,
        "code": dossier.code or "",
        "procedure": dossier.procedure_version.name,
        "unit": dossier.receiving_unit.name,
        "appointment": moment(dossier.due_at),
        "lookup_url": lookup_url(dossier) if dossier.code else "",
        "submitted": moment(dossier.submitted_at),
    }


def _queue(event: TransitionEvent, template: str, extra: dict[str, Any], secret: str = "") -> None:
    dossier = event.dossier
    services.enqueue(
        applicant(dossier),
        template,
        {**_context(dossier), **extra},
        dossier=dossier,
        secret=secret,
        now=event.transition.at,
    )


def _received(event: TransitionEvent) -> None:
    _queue(event, RECEIVED, {}, secret=event.lookup_secret)


def _supplement_requested(event: TransitionEvent) -> None:
    pause = event.dossier.pauses.filter(ended_at__isnull=True).first()
    items = list(pause.items) if pause else list(event.details.get("items", []))
    _queue(
        event,
        SUPPLEMENT_REQUESTED,
        {"items": items, "reason": pause.reason if isinstance(pause, Pause) else ""},
    )


def evaluation_url(dossier: Dossier) -> str:
    """Where an applicant with an account evaluates the service once the result is returned
    (the dossier's page on the portal); empty for an applicant without one, who is given the
    paper form at the desk."""
    if dossier.applicant_id is None:
        return ""
    return f"{settings.SITE_URL}{reverse('portal:my_dossier', args=[dossier.pk])}#danh-gia"


def _result_ready(event: TransitionEvent) -> None:
    dossier = event.dossier
    _queue(
        event,
        RESULT_READY,
        {"return_channel": dossier.return_channel, "evaluation_url": evaluation_url(dossier)},
    )


def _apology(event: TransitionEvent) -> None:
    apology = Apology.objects.filter(dossier=event.dossier).order_by("-issued_at", "-pk").first()
    if apology is None:
        return
    _queue(
        event,
        APOLOGY,
        {
            "old_appointment": moment(apology.old_due_at),
            "reason": apology.reason,
            "unit_at_fault": apology.unit_at_fault.name,
        },
    )


HANDLERS: dict[str, Callable[[TransitionEvent], None]] = {
    "receive": _received,
    "request_supplement": _supplement_requested,
    "issue_result": _result_ready,
    "apologise": _apology,
}


def on_transition(event: TransitionEvent) -> None:
    handler = HANDLERS.get(event.action)
    if handler is not None:
        handler(event)
