"""The official forms of a dossier (TT 03/2025, Phụ lục I) as `motcua.official_forms`
contexts, built from the dossier's rows; the faces render them (HTML preview or PDF).

Every text a form prints is Vietnamese whatever the reader's language, so labels are taken
under the Vietnamese translation. What only a face knows is passed in: the public lookup
address printed as a QR code, and the signature block of a letter.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone, translation

from motcua.agencies.models import Unit
from motcua.catalog.models import CopyKind
from motcua.dossiers.models import Apology, Dossier, DossierStep, Pause, StepPhase, Transition
from motcua.dossiers.states import State
from motcua.official_forms import contexts as forms
from motcua.worktime.engine import Punctuality
from motcua.worktime.limits import Channel, TimeUnit

OUTCOMES = {
    Punctuality.EARLY: forms.StepOutcome.EARLY,
    Punctuality.ON_TIME: forms.StepOutcome.ON_TIME,
    Punctuality.LATE: forms.StepOutcome.LATE,
}
# The worse of two outcomes is what a unit's row shows.
SEVERITY = [Punctuality.EARLY, Punctuality.ON_TIME, Punctuality.LATE]


def _vietnamese(label: Any) -> str:
    with translation.override("vi"):
        return str(label)


def place_name() -> str:
    """The place of the date line: the province's name without its kind ("Nghệ An")."""
    name: str = settings.MOTCUA_PROVINCE_NAME
    for prefix in ("Tỉnh ", "Thành phố "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _header(unit: Unit) -> dict[str, str]:
    return {
        "parent_agency_name": unit.parent.name if unit.parent else unit.name,
        "agency_name": unit.name,
    }


def _about(
    dossier: Dossier, unit: Unit, lookup_url: str, issued_on: datetime.date | None
) -> dict[str, Any]:
    return {
        **_header(unit),
        "place_name": place_name(),
        "issued_on": issued_on or timezone.localdate(),
        "dossier_code": dossier.code or "",
        "lookup_url": lookup_url,
        "applicant": forms.Applicant(
            name=dossier.applicant_name,
            address=dossier.applicant_address,
            phone=dossier.applicant_phone,
            email=dossier.applicant_email,
        ),
        "procedure_name": dossier.procedure_version.name,
    }


def _name(person: Any) -> str:
    return str(person) if person is not None else ""


def time_limit_text(dossier: Dossier) -> str:
    """The legal time limit as the receipt prints it: "05 ngày làm việc"."""
    version = dossier.procedure_version
    unit = _vietnamese(TimeUnit(version.time_limit_unit).label)
    return f"{version.time_limit_amount:02d} {unit}"


def return_channel_text(dossier: Dossier) -> str:
    channel = Channel(dossier.return_channel or dossier.channel)
    if channel == Channel.DESK:
        return f"Trực tiếp tại {dossier.receiving_unit.name}"
    if channel == Channel.POST:
        return "Qua dịch vụ bưu chính công ích"
    return "Trực tuyến qua Cổng Dịch vụ công"


def receipt_slip(
    dossier: Dossier, *, lookup_secret: str = "", lookup_url: str = ""
) -> forms.ReceiptSlip:
    """Mẫu 01; `lookup_secret` is known only at receipt (Outcome.lookup_secret)."""
    assert dossier.received_at is not None and dossier.due_at is not None
    reception = (
        dossier.steps.filter(phase=StepPhase.RECEPTION).select_related("received_by").first()
    )
    components = [
        forms.ComponentLine(
            name=component.name,
            original_or_copy=_vietnamese(CopyKind(component.copy_kind).label),
            copies=component.copies,
        )
        for component in dossier.procedure_version.components.all()
    ]
    return forms.ReceiptSlip(
        **_about(
            dossier,
            dossier.receiving_unit,
            lookup_url,
            timezone.localtime(dossier.received_at).date(),
        ),
        submitter_name=dossier.submitter_name,
        components=components,
        sets_count=dossier.sets_count,
        legal_time_limit_text=time_limit_text(dossier),
        received_at=dossier.received_at,
        appointment_at=dossier.original_due_at or dossier.due_at,
        return_channel_text=return_channel_text(dossier),
        register_book=dossier.register_book,
        register_number=f"{dossier.register_number or 0:04d}",
        lookup_secret=lookup_secret,
        receiving_officer_name=_name(reception.received_by if reception else None),
    )


def supplement_request(
    dossier: Dossier, pause: Pause, *, lookup_url: str = ""
) -> forms.SupplementRequest:
    """Mẫu 02 for a supplement requested at intake or during processing."""
    officer = pause.requested_by
    unit = dossier.holding_unit
    return forms.SupplementRequest(
        **_about(dossier, unit, lookup_url, timezone.localtime(pause.started_at).date()),
        items=list(pause.items),
        reason=pause.reason,
        contact_name=_name(officer),
        contact_phone=getattr(officer, "phone", "") or unit.phone,
        guiding_officer_name=_name(officer),
    )


def refusal_notice(
    dossier: Dossier, refusal: Transition, *, lookup_url: str = ""
) -> forms.RefusalNotice:
    """Mẫu 03 from the transition of the `refuse` action."""
    return forms.RefusalNotice(
        **_about(
            dossier, dossier.receiving_unit, lookup_url, timezone.localtime(refusal.at).date()
        ),
        legal_basis=refusal.data.get("legal_basis", ""),
        reasons=list(refusal.data.get("reasons", [])),
        receiving_officer_name=_name(refusal.actor),
    )


def apology_letter(
    dossier: Dossier, apology: Apology, *, signer: forms.Signer, lookup_url: str = ""
) -> forms.ApologyLetter:
    """Mẫu 04, issued by the unit at fault and signed by its head (`signer`)."""
    assert dossier.received_at is not None
    return forms.ApologyLetter(
        **_about(
            dossier, apology.unit_at_fault, lookup_url, timezone.localtime(apology.issued_at).date()
        ),
        received_at=dossier.received_at,
        original_appointment_at=apology.old_due_at,
        delay_reason=apology.reason,
        new_appointment_at=apology.new_due_at,
        signer=signer,
    )


def stop_notice(
    dossier: Dossier,
    stop: Transition,
    *,
    signer: forms.Signer,
    lookup_url: str = "",
) -> forms.StopNotice:
    """Mẫu 05 from the transition of the `stop` action (and the request before it, if any)."""
    assert dossier.received_at is not None
    request = (
        dossier.transitions.filter(action="request_withdrawal", at__lte=stop.at)
        .select_related("actor")
        .order_by("-at")
        .first()
    )
    asked = request or stop
    stage = State((request or stop).from_state)
    return forms.StopNotice(
        **_about(
            dossier,
            dossier.processing_unit or dossier.receiving_unit,
            lookup_url,
            timezone.localtime(stop.at).date(),
        ),
        received_at=dossier.received_at,
        stop_requested_on=timezone.localtime(asked.at).date(),
        stop_requested_by=_name(asked.actor) or dossier.applicant_name,
        stop_reason=(request.note if request else "") or stop.note,
        stage_reached=_vietnamese(stage.label),
        stopped_on=timezone.localtime(stop.at).date(),
        fee_handling=stop.data.get("fee_handling", ""),
        signer=signer,
    )


def _worst(outcomes: Iterable[str]) -> forms.StepOutcome | None:
    known = [Punctuality(outcome) for outcome in outcomes if outcome]
    return OUTCOMES[max(known, key=SEVERITY.index)] if known else None


def control_rows(steps: Iterable[DossierStep]) -> list[forms.ControlStep]:
    """The hand-overs between units, in order: each row shows the unit that gave the
    dossier, the one that took it, when, who, and how the giving unit kept its time (the
    worst of its steps since it last took the dossier). A consulted agency has two rows:
    the request and its answer."""
    rows: list[tuple[datetime.datetime | None, int, forms.ControlStep]] = []
    # Outcomes of each unit's own steps since it last took the dossier.
    pending: dict[int, list[str]] = {}
    for step in steps:
        if step.phase == StepPhase.CONSULTATION:
            assert step.from_unit is not None
            rows.append((step.given_at, step.order, _row(step.from_unit, step.unit, step)))
            if step.finished_at is not None:
                answer = forms.ControlStep(
                    from_unit=step.unit.name,
                    to_unit=step.from_unit.name,
                    handed_over_at=step.finished_at,
                    giver_name=_name(step.finished_by),
                    outcome=_worst([step.outcome]),
                    note=step.note,
                )
                rows.append((step.finished_at, step.order, answer))
            continue
        if step.from_unit is not None and step.from_unit_id != step.unit_id:
            outcome = _worst(pending.pop(step.from_unit.pk, []))
            rows.append((step.given_at, step.order, _row(step.from_unit, step.unit, step, outcome)))
            pending[step.unit_id] = []
        pending.setdefault(step.unit_id, []).append(step.outcome)
    # Rows not handed over yet (a consultation in sequence) come last, in their order.
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    rows.sort(key=lambda row: (row[0] or far, row[1]))
    return [row for _moment, _order, row in rows]


def _row(
    giver: Unit, taker: Unit, step: DossierStep, outcome: forms.StepOutcome | None = None
) -> forms.ControlStep:
    return forms.ControlStep(
        from_unit=giver.name,
        to_unit=taker.name,
        handed_over_at=step.given_at,
        giver_name=_name(step.given_by),
        receiver_name=_name(step.received_by),
        outcome=outcome,
    )


def control_slip(dossier: Dossier, *, lookup_url: str = "") -> forms.ControlSlip:
    """Mẫu 06: the hand-overs so far, and who took the result."""
    assert dossier.received_at is not None and dossier.due_at is not None
    steps = dossier.steps.select_related(
        "unit", "from_unit", "given_by", "received_by", "finished_by"
    ).order_by("order")
    return forms.ControlSlip(
        **_about(
            dossier,
            dossier.receiving_unit,
            lookup_url,
            timezone.localtime(dossier.received_at).date(),
        ),
        received_at=dossier.received_at,
        appointment_at=dossier.due_at,
        steps=control_rows(steps),
        result_receiver_name=dossier.result_receiver_name,
        result_received_at=dossier.returned_at,
    )


def register_rows(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """The dossiers with what a register row shows (the moments of the transfer to the
    processing agency and of the result's hand-back to the desk), in the order received."""

    def step_time(phase: StepPhase, latest: bool) -> Subquery:
        rows = DossierStep.objects.filter(dossier=OuterRef("pk"), phase=phase)
        return Subquery(rows.order_by("-order" if latest else "order").values("given_at")[:1])

    return (
        dossiers.annotate(
            transferred_at=step_time(StepPhase.ASSIGNMENT, latest=False),
            result_received_at=step_time(StepPhase.RETURN, latest=True),
        )
        .select_related("procedure_version", "processing_unit", "receiving_unit")
        .order_by("received_at", "pk")
    )


def register_entry(dossier: Dossier) -> forms.RegisterEntry:
    """A row of the register for a received dossier read through `register_rows`."""
    received = dossier.received_at
    assert received is not None
    return forms.RegisterEntry(
        number=dossier.register_number or 0,
        dossier_code=dossier.code or "",
        procedure_name=dossier.procedure_version.name,
        sets_count=dossier.sets_count,
        applicant_name=dossier.applicant_name,
        applicant_address=dossier.applicant_address,
        applicant_phone=dossier.applicant_phone,
        lead_agency_name=(dossier.processing_unit or dossier.receiving_unit).name,
        received_at=received,
        appointment_at=dossier.due_at or received,
        transferred_at=vars(dossier)["transferred_at"],
        result_received_at=vars(dossier)["result_received_at"],
        returned_at=dossier.returned_at,
    )


def register_form(
    unit: Unit, rows: Iterable[Dossier], *, first: datetime.date, last: datetime.date
) -> forms.DossierRegister:
    """Mẫu 07 of `unit` for `first`..`last` from rows read through `register_rows`."""
    return forms.DossierRegister(
        **_header(unit),
        book_number=first.strftime("%Y") if first.year == last.year else "",
        period_start=first,
        period_end=last,
        entries=[register_entry(dossier) for dossier in rows if dossier.received_at is not None],
    )


def register(
    unit: Unit, dossiers: QuerySet[Dossier], *, first: datetime.date, last: datetime.date
) -> forms.DossierRegister:
    """Mẫu 07: the dossiers `unit` received from `first` to `last` (days in Vietnam time),
    in the order received, from the caller's scoped queryset; one query."""
    rows = register_rows(
        dossiers.filter(
            receiving_unit=unit,
            received_at__date__gte=first,
            received_at__date__lte=last,
        )
    )
    return register_form(unit, rows, first=first, last=last)
