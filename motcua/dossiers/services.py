"""Making dossiers and adding their files. Every change of state after creation goes
through `lifecycle.perform`.

- `save_draft` keeps a citizen's unfinished application (state "draft").
- `submit_online` makes a submitted dossier from the portal, idempotently: the same
  idempotency key always answers with the same dossier, so a double click or a retried
  request never makes two.
- `enter_at_desk` makes a submitted dossier for an officer who types a paper (in person or
  postal) dossier into the same e-form; the officer then checks it and receives, refuses or
  asks for a supplement with `lifecycle.perform`.
- `add_file` stores an uploaded paper after checking its type by its content and its size.

Every function that stores form data first checks it against the version's online form
(`eform.clean_form_data`; a draft may leave required fields empty) and stores the clean
value; bad data is refused with `eform.FormDataInvalid` (an ActionRefused), whoever sent it.
"""

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import Organisation, Representation, Role
from motcua.accounts.roles import has_role
from motcua.agencies.models import COMMUNE_LEVEL_KINDS, Unit
from motcua.catalog.models import Component, ProcedureVersion, UnitRole, UnitScope
from motcua.core import audit
from motcua.dossiers import conf, eform, lifecycle
from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.models import Dossier, DossierFile, FilePurpose
from motcua.dossiers.states import State
from motcua.worktime.limits import Channel

# The types a dossier accepts, recognised by their first bytes (never by name or header).
FILE_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
# Which files may be added in which states.
FILE_STATES = {
    FilePurpose.APPLICATION: {State.DRAFT, State.SUBMITTED, State.SUPPLEMENT_AT_INTAKE},
    FilePurpose.SUPPLEMENT: {State.SUPPLEMENT_AT_INTAKE, State.SUPPLEMENT_IN_PROCESS},
    FilePurpose.RESULT: {State.APPROVED, State.RESULT_READY},
}


@dataclass(frozen=True)
class ApplicantDetails:
    """The applicant as written on the form."""

    name: str
    phone: str = ""
    email: str = ""
    address: str = ""
    cccd: str = ""


def receives(version: ProcedureVersion, unit: Unit) -> bool:
    """Whether `unit` receives dossiers of this procedure version."""
    if version.unit_scope == UnitScope.EVERY_COMMUNE and unit.kind in COMMUNE_LEVEL_KINDS:
        return True
    return version.unit_roles.filter(unit=unit, role=UnitRole.RECEIVING).exists()


# `update_draft(organisation=UNCHANGED)`: keep the draft's organisation as it is.
UNCHANGED: Any = object()


def _check_representation(applicant: Any, organisation: Organisation | None) -> None:
    if organisation is None or applicant is None:
        return
    if not Representation.objects.filter(user=applicant.pk, organisation=organisation).exists():
        raise ActionRefused(
            _("You do not represent %(organisation)s.") % {"organisation": organisation},
            "organisation",
        )


def _create(
    version: ProcedureVersion,
    receiving_unit: Unit,
    details: ApplicantDetails,
    form_data: dict[str, Any],
    *,
    state: State,
    actor: Any,
    now: datetime.datetime | None,
    **fields: Any,
) -> Dossier:
    """Check and save a new dossier in its first state (lifecycle.begin)."""
    if not receives(version, receiving_unit):
        raise ActionRefused(
            _("%(unit)s does not receive dossiers of this procedure.") % {"unit": receiving_unit},
            "receiving_unit",
        )
    if not details.name.strip():
        raise ActionRefused(_("Enter the applicant's name."), "applicant_name")
    if fields.get("channel") == Channel.ONLINE:
        _check_representation(fields.get("applicant"), fields.get("organisation"))
    clean = eform.clean_form_data(version.form_schema, form_data, partial=state == State.DRAFT)
    dossier = Dossier(
        procedure_version=version,
        receiving_unit=receiving_unit,
        holding_unit=receiving_unit,
        form_data=clean,
        **fields,
    )
    _write_details(dossier, details)
    with transaction.atomic():
        return lifecycle.begin(dossier, state, actor, now)


def _write_details(dossier: Dossier, details: ApplicantDetails) -> None:
    dossier.applicant_name = details.name.strip()
    dossier.applicant_phone = details.phone.strip()
    dossier.applicant_email = details.email.strip().lower()
    dossier.applicant_address = details.address.strip()
    dossier.applicant_cccd = details.cccd.strip()


def save_draft(
    *,
    version: ProcedureVersion,
    receiving_unit: Unit,
    applicant: Any,
    details: ApplicantDetails,
    form_data: dict[str, Any],
    organisation: Organisation | None = None,
    return_channel: Channel = Channel.ONLINE,
    idempotency_key: str = "",
    now: datetime.datetime | None = None,
) -> Dossier:
    """A new draft of the citizen's online application; `submit_draft` submits it later.

    With an idempotency key (the form's), saving again with the same key (a double click)
    returns the dossier of the first call, unchanged: `update_draft` then changes it."""
    key = idempotency_key.strip()
    if len(key) > 64:
        raise ValueError("An idempotency key has at most 64 characters.")
    return _create_online(
        key,
        State.DRAFT,
        version=version,
        receiving_unit=receiving_unit,
        applicant=applicant,
        details=details,
        form_data=form_data,
        organisation=organisation,
        return_channel=return_channel,
        now=now,
    )


def update_draft(
    draft: Dossier,
    *,
    applicant: Any,
    details: ApplicantDetails,
    form_data: dict[str, Any],
    receiving_unit: Unit | None = None,
    organisation: Organisation | None = UNCHANGED,
    return_channel: Channel | None = None,
) -> Dossier:
    """Keep what the citizen typed since the draft was saved (and, when given, the unit
    chosen to receive it, the organisation it is for and how the result comes back)."""
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("procedure_version")
            .get(pk=draft.pk)
        )
        if locked.state != State.DRAFT or locked.applicant_id != applicant.pk:
            raise ActionRefused(_("Only your own drafts can be changed."), "draft")
        if not details.name.strip():
            raise ActionRefused(_("Enter the applicant's name."), "applicant_name")
        if receiving_unit is not None and receiving_unit.pk != locked.receiving_unit_id:
            if not receives(locked.procedure_version, receiving_unit):
                raise ActionRefused(
                    _("%(unit)s does not receive dossiers of this procedure.")
                    % {"unit": receiving_unit},
                    "receiving_unit",
                )
            locked.receiving_unit = locked.holding_unit = receiving_unit
        if organisation is not UNCHANGED:
            _check_representation(applicant, organisation)
            locked.organisation = organisation
        if return_channel is not None:
            locked.return_channel = return_channel
        clean = eform.clean_form_data(locked.procedure_version.form_schema, form_data, partial=True)
        _write_details(locked, details)
        locked.form_data = clean
        locked.save()
    draft.refresh_from_db()
    return draft


def submit_draft(draft: Dossier, applicant: Any, now: datetime.datetime | None = None) -> Dossier:
    """Submit a saved draft, its form now complete; submitting it again (a double click)
    changes nothing."""
    if draft.state == State.DRAFT:
        eform.clean_form_data(draft.procedure_version.form_schema, draft.form_data)
    try:
        lifecycle.perform(draft, lifecycle.Action.SUBMIT, applicant, now=now)
    except ActionRefused as refusal:
        draft.refresh_from_db()
        already = refusal.code == "illegal_transition" and draft.state == State.SUBMITTED
        if not (already and draft.applicant_id == applicant.pk):
            raise
    return draft


def submit_online(
    *,
    version: ProcedureVersion,
    receiving_unit: Unit,
    applicant: Any,
    details: ApplicantDetails,
    form_data: dict[str, Any],
    idempotency_key: str,
    organisation: Organisation | None = None,
    return_channel: Channel = Channel.ONLINE,
    now: datetime.datetime | None = None,
) -> Dossier:
    """Submit an application from the portal ("Mới đăng ký"). Calling it again with the same
    key (a double click, a retried request) returns the dossier of the first call."""
    key = idempotency_key.strip()
    if not key or len(key) > 64:
        raise ValueError("An idempotency key of 1 to 64 characters is required.")
    return _create_online(
        key,
        State.SUBMITTED,
        version=version,
        receiving_unit=receiving_unit,
        applicant=applicant,
        details=details,
        form_data=form_data,
        organisation=organisation,
        return_channel=return_channel,
        now=now,
    )


def _create_online(
    key: str,
    state: State,
    *,
    version: ProcedureVersion,
    receiving_unit: Unit,
    applicant: Any,
    details: ApplicantDetails,
    form_data: dict[str, Any],
    organisation: Organisation | None,
    return_channel: Channel,
    now: datetime.datetime | None,
) -> Dossier:
    """A citizen's new online dossier (a draft or a submission), once per idempotency key:
    the dossier of an earlier call with the same key is returned as it is."""
    existing = _by_key(key, applicant) if key else None
    if existing is not None:
        return existing
    if state == State.SUBMITTED and not version.accepts_online_submission:
        raise ActionRefused(_("This procedure cannot be submitted online."), "online")
    try:
        return _create(
            version,
            receiving_unit,
            details,
            form_data,
            state=state,
            actor=applicant,
            now=now,
            channel=Channel.ONLINE,
            applicant=applicant,
            organisation=organisation,
            return_channel=return_channel,
            idempotency_key=key or None,
        )
    except IntegrityError:
        # The same request won the race in another process a moment ago.
        existing = _by_key(key, applicant) if key else None
        if existing is None:
            raise
        return existing


def _by_key(key: str, applicant: Any) -> Dossier | None:
    dossier = Dossier.objects.filter(idempotency_key=key).first()
    if dossier is not None and dossier.applicant_id != applicant.pk:
        # A key is the client's own; another person's key must not reveal their dossier.
        raise ActionRefused(_("This submission key is already used."), "idempotency_key")
    return dossier


def enter_at_desk(
    *,
    officer: Any,
    version: ProcedureVersion,
    receiving_unit: Unit,
    details: ApplicantDetails,
    form_data: dict[str, Any],
    channel: Channel = Channel.DESK,
    applicant: Any = None,
    organisation: Organisation | None = None,
    submitter_name: str = "",
    sets_count: int = 1,
    return_channel: Channel | None = None,
    now: datetime.datetime | None = None,
) -> Dossier:
    """A paper dossier handed in at the desk or arrived by post, typed in by an officer of
    the receiving unit; it waits for the officer's check like an online submission."""
    if channel == Channel.ONLINE:
        raise ValueError("Online dossiers come through submit_online.")
    if not has_role(officer, Role.RECEPTION_OFFICER, receiving_unit):
        raise ActionRefused(
            _("Only a one-stop officer of %(unit)s may enter its dossiers.")
            % {"unit": receiving_unit},
            "forbidden",
        )
    return _create(
        version,
        receiving_unit,
        details,
        form_data,
        state=State.SUBMITTED,
        actor=officer,
        now=now,
        channel=channel,
        applicant=applicant,
        organisation=organisation,
        entered_by=officer,
        submitter_name=submitter_name.strip(),
        sets_count=sets_count,
        return_channel=return_channel or channel,
    )


def sniff_content_type(head: bytes) -> str | None:
    """The accepted type whose signature `head` starts with, or None."""
    for signature, content_type in FILE_SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def check_upload(uploaded: UploadedFile) -> str:
    """The content type of an upload that a dossier accepts: within the size limit and a
    PDF, JPEG or PNG by its first bytes; ActionRefused otherwise (a form can check its
    uploads with it before anything is stored)."""
    limit = conf.upload_max_bytes()
    name = uploaded.name or "file"
    if uploaded.size is None or uploaded.size > limit:
        raise ActionRefused(
            _("“%(name)s” is larger than %(size)s MB.")
            % {"name": name, "size": f"{limit / 1024 / 1024:g}"},
            "too_large",
        )
    uploaded.seek(0)
    content_type = sniff_content_type(uploaded.read(8))
    uploaded.seek(0)
    if content_type is None:
        raise ActionRefused(
            _("“%(name)s” is not a PDF, JPEG or PNG file.") % {"name": name}, "file_type"
        )
    return content_type


def add_file(
    dossier: Dossier,
    uploaded: UploadedFile,
    *,
    actor: Any,
    component: Component | None = None,
    purpose: FilePurpose = FilePurpose.APPLICATION,
) -> DossierFile:
    """Store an uploaded paper: PDF, JPEG or PNG by content, within the size limit, for a
    component of the dossier's procedure version; the same content for the same component
    again is not stored twice. The caller has checked that `actor` may reach the dossier (a
    scoped queryset)."""
    name = uploaded.name or "file"
    content_type = check_upload(uploaded)
    if dossier.state not in FILE_STATES[purpose]:
        raise ActionRefused(
            _("Files cannot be added to a dossier that is “%(state)s”.")
            % {"state": State(dossier.state).label},
            "state",
        )
    if component is not None and component.version_id != dossier.procedure_version_id:
        raise ActionRefused(_("This paper is not part of the procedure."), "component")
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    same = dossier.files.filter(component=component, purpose=purpose, sha256=digest.hexdigest())
    already = same.first()
    if already is not None:
        # The same paper sent again (a retried request): kept once.
        return already
    with transaction.atomic():
        stored = DossierFile(
            dossier=dossier,
            component=component,
            purpose=purpose,
            original_name=name[:255],
            content_type=content_type,
            size=uploaded.size or 0,  # check_upload refused an unknown size
            sha256=digest.hexdigest(),
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        stored.file.save(name, uploaded, save=False)
        stored.save()
        audit.record(
            "dossier.file_added",
            dossier,
            actor=actor,
            data={"file": stored.pk, "name": stored.original_name, "sha256": stored.sha256},
        )
    return stored
