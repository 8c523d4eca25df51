"""Online submission of a dossier ("Nộp hồ sơ trực tuyến"): the procedure's e-form, who
applies, one file input per component, "Lưu nháp" and "Nộp hồ sơ".

- A draft is a dossier in state "draft" on the server: it survives a closed browser and
  the citizen reopens it from "Hồ sơ của tôi" (`?nhap=<id>`).
- Whatever the button, files that pass the check are kept in the draft (made at once if
  needed), so that nothing uploaded is lost when the form has an error.
- "Nộp hồ sơ" makes the dossier "Mới đăng ký" for the receiving unit's queue. The form
  carries an idempotency key: a double click or a retried POST answers with the same
  dossier (`services.submit_online`; a draft is submitted once by `services.submit_draft`).
"""

import uuid
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.accounts.queries import representations_of
from motcua.catalog import queries as catalog_queries
from motcua.catalog.models import Component, ProcedureVersion
from motcua.dossiers import citizen, eform, services
from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.models import Dossier, DossierFile, FilePurpose
from motcua.dossiers.states import State
from motcua.portal.forms import (
    ACCEPTED_FILES,
    ORGANISATIONS_ONLY,
    ApplicantForm,
    check_upload,
    file_field_name,
    initial_applicant,
)
from motcua.worktime.limits import Channel

DRAFT = "draft"
SUBMIT = "submit"


@dataclass
class ComponentRow:
    """A component of the dossier on the page: its input, its stored files, its problem."""

    component: Component
    input_name: str
    files: list[DossierFile] = field(default_factory=list)
    error: str = ""

    @property
    def needs_file(self) -> bool:
        return self.component.required and not self.component.replaced_by_eform


def _key(request: HttpRequest) -> str:
    typed = request.POST.get("idempotency_key", "").strip()
    return typed if 0 < len(typed) <= 64 else uuid.uuid4().hex


@login_required
def submit(request: HttpRequest, code: str) -> HttpResponse:
    user = cast(User, request.user)
    draft = _draft(request, user)
    if draft is not None and draft.state != State.DRAFT:
        # Submitted already (a double click, a retried request, an old link).
        return HttpResponseRedirect(reverse("portal:my_dossier", args=[draft.pk]))
    if draft is not None:
        version = draft.procedure_version
        if version.procedure.code != code:
            raise Http404
    else:
        found = catalog_queries.procedure_detail(code)
        if found is None or not found.accepts_online_submission:
            raise Http404
        version = found
    organisations = [row.organisation for row in representations_of(user)]
    units = citizen.receiving_units(version)
    components = list(version.components.all())  # in order (prefetched so by procedure_detail)

    if request.method != "POST":
        applicant = ApplicantForm(
            initial=initial_applicant(user, draft, units),
            user=user,
            organisations=organisations,
            units=units,
            version=version,
        )
        form = eform.EForm(version.form_schema, initial=draft.form_data if draft else None)
        return _page(request, version, draft, applicant, form, components, uuid.uuid4().hex)

    key = _key(request)
    if draft is None:
        # A draft made by an earlier request of this same form (a double click on "Lưu nháp",
        # or a submission whose mistakes kept the uploads in a draft).
        draft = citizen.my_dossier_by_key(user, key)
        if draft is not None and draft.state != State.DRAFT:
            return HttpResponseRedirect(reverse("portal:my_dossier", args=[draft.pk]))
    data: QueryDict = request.POST
    adding = eform.ADD_ROW in data
    if adding:
        data = eform.add_row_data(data)
    action = data.get("action", DRAFT)
    applicant = ApplicantForm(
        data, user=user, organisations=organisations, units=units, version=version
    )
    form = eform.EForm(version.form_schema, data, partial=adding or action != SUBMIT)
    if adding:
        form.hide_errors()
        return _page(request, version, draft, applicant, form, components, key)

    uploads, upload_errors = _uploads(request, components)
    if action == SUBMIT:
        applicant.require_complete()
        complete = form.is_valid() and applicant.is_valid() and not upload_errors
        missing = _missing_files(components, draft, uploads)
        if complete and not missing:
            try:
                dossier = _submit(user, version, draft, applicant, form, uploads, key)
            except ActionRefused as refusal:
                if draft is not None:
                    draft.refresh_from_db()
                    if draft.state != State.DRAFT:
                        # The same draft was submitted by a request a moment ago.
                        return HttpResponseRedirect(reverse("portal:my_dossier", args=[draft.pk]))
                messages.error(request, refusal.message)
            else:
                messages.success(
                    request,
                    _(
                        "Your dossier was submitted. The receiving agency will check it and "
                        "tell you the result; follow it in “My dossiers”."
                    ),
                )
                return HttpResponseRedirect(reverse("portal:my_dossier", args=[dossier.pk]))
        upload_errors.update({pk: text for pk, text in missing.items() if pk not in upload_errors})
    # A draft (asked for, or to keep what was uploaded when the submission has an error).
    if action == DRAFT or uploads or draft is not None:
        try:
            draft = _keep(user, version, draft, applicant, form, uploads, upload_errors, key)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            if action == DRAFT:
                if form.is_valid() and applicant.is_valid() and not upload_errors:
                    messages.success(
                        request,
                        _("Draft saved. You can come back to it from “My dossiers”."),
                    )
                    url = reverse("portal:submit", kwargs={"code": code})
                    return HttpResponseRedirect(f"{url}?nhap={draft.pk}")
                messages.warning(
                    request,
                    _("Draft saved, except the answers marked below: please correct them."),
                )
    if action == SUBMIT:
        messages.error(
            request,
            _("The dossier was not submitted yet: please correct the answers marked below."),
        )
    return _page(
        request, version, draft, applicant, form, components, key, upload_errors, status=400
    )


def _draft(request: HttpRequest, user: User) -> Dossier | None:
    """The citizen's own draft named in the address or the form, or None (404 for a
    dossier that is not one of their drafts)."""
    raw = request.POST.get("draft") or request.GET.get("nhap")
    if not raw:
        return None
    try:
        pk = int(raw)
    except ValueError:
        raise Http404 from None
    dossier = citizen.my_dossier(user, pk)
    if dossier is None:
        raise Http404
    return dossier


def _uploads(
    request: HttpRequest, components: list[Component]
) -> tuple[dict[int, list[UploadedFile]], dict[int, str]]:
    """The files posted for each component that pass the check, and the problem of each
    component whose file does not."""
    kept: dict[int, list[UploadedFile]] = {}
    problems: dict[int, str] = {}
    for component in components:
        for uploaded in request.FILES.getlist(file_field_name(component)):
            problem = check_upload(uploaded)
            if problem:
                problems[component.pk] = problem
            else:
                kept.setdefault(component.pk, []).append(uploaded)
    return kept, problems


def _missing_files(
    components: list[Component], draft: Dossier | None, uploads: dict[int, list[UploadedFile]]
) -> dict[int, str]:
    stored = set()
    if draft is not None:
        stored = set(
            citizen.application_files(draft).values_list("component_id", flat=True).distinct()
        )
    return {
        component.pk: _("Attach “%(name)s”.") % {"name": component.name}
        for component in components
        if component.required
        and not component.replaced_by_eform
        and component.pk not in stored
        and component.pk not in uploads
    }


def _store(
    dossier: Dossier,
    user: User,
    components: dict[int, Component],
    uploads: dict[int, list[UploadedFile]],
) -> None:
    for component_pk, files in uploads.items():
        for uploaded in files:
            services.add_file(dossier, uploaded, actor=user, component=components[component_pk])


def _submit(
    user: User,
    version: ProcedureVersion,
    draft: Dossier | None,
    applicant: ApplicantForm,
    form: eform.EForm,
    uploads: dict[int, list[UploadedFile]],
    key: str,
) -> Dossier:
    components = {c.pk: c for c in version.components.all()}
    unit = applicant.cleaned_data["receiving_unit"]
    with transaction.atomic():
        if draft is not None:
            services.update_draft(
                draft,
                applicant=user,
                details=applicant.details(),
                form_data=form.form_data,
                receiving_unit=unit,
                organisation=applicant.organisation,
                return_channel=applicant.return_channel_value(),
            )
            _store(draft, user, components, uploads)
            return services.submit_draft(draft, user)
        dossier = services.submit_online(
            version=version,
            receiving_unit=unit,
            applicant=user,
            details=applicant.details(),
            form_data=form.form_data,
            idempotency_key=key,
            organisation=applicant.organisation,
            return_channel=applicant.return_channel_value(),
        )
        # A retried request gets the first one's dossier, whose files are already there.
        locked = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
        if not locked.files.filter(purpose=FilePurpose.APPLICATION).exists():
            _store(locked, user, components, uploads)
        return dossier


def _keep(
    user: User,
    version: ProcedureVersion,
    draft: Dossier | None,
    applicant: ApplicantForm,
    form: eform.EForm,
    uploads: dict[int, list[UploadedFile]],
    upload_errors: dict[int, str],
    key: str,
) -> Dossier:
    """Save (or update) the draft with every answer that passes the check and the files
    that do; what failed stays on the page with its message."""
    partial = eform.EForm(version.form_schema, form.data, partial=True)
    partial.is_valid()
    components = {c.pk: c for c in version.components.all()}
    details = applicant.details()
    valid = applicant.is_valid()
    unit = applicant.cleaned_data.get("receiving_unit") if valid else None
    organisation = applicant.organisation if valid else None
    channel = applicant.return_channel_value() if valid else Channel.ONLINE
    with transaction.atomic():
        if draft is None:
            draft = services.save_draft(
                version=version,
                receiving_unit=unit or _first_unit(version),
                applicant=user,
                details=details,
                form_data=partial.form_data,
                organisation=organisation,
                return_channel=channel,
                idempotency_key=key,
            )
        else:
            services.update_draft(
                draft,
                applicant=user,
                details=details,
                form_data=partial.form_data,
                receiving_unit=unit,
                organisation=organisation if valid else services.UNCHANGED,
                return_channel=channel if valid else None,
            )
        for component_pk, files in uploads.items():
            for uploaded in files:
                try:
                    services.add_file(
                        draft, uploaded, actor=user, component=components[component_pk]
                    )
                except ActionRefused as refusal:
                    upload_errors[component_pk] = refusal.message
    return draft


def _first_unit(version: ProcedureVersion) -> Any:
    units = citizen.receiving_units(version)
    if not units:
        raise ActionRefused(_("No agency receives this procedure online now."), "receiving_unit")
    return units[0]


def _error_links(
    applicant: ApplicantForm, form: eform.EForm, rows: list[ComponentRow]
) -> list[tuple[str, str]]:
    """(input id, message) of every problem on the page, for the summary at its top."""
    links: list[tuple[str, str]] = []
    if applicant.is_bound:
        for name, problems in applicant.errors.items():
            target = f"id_{name}" if name in applicant.fields else ""
            if name == "on_behalf":
                target += "_0"  # the first radio button
            links += [(target, str(problem)) for problem in problems]
    if form.is_bound and form.show_errors:
        links += form.error_list()
    links += [(f"id_{row.input_name}", row.error) for row in rows if row.error]
    return links


def _page(
    request: HttpRequest,
    version: ProcedureVersion,
    draft: Dossier | None,
    applicant: ApplicantForm,
    form: eform.EForm,
    components: list[Component],
    key: str,
    upload_errors: dict[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    stored: dict[int | None, list[DossierFile]] = {}
    if draft is not None:
        for stored_file in citizen.application_files(draft):
            stored.setdefault(stored_file.component_id, []).append(stored_file)
    rows = [
        ComponentRow(
            component,
            file_field_name(component),
            stored.get(component.pk, []),
            (upload_errors or {}).get(component.pk, ""),
        )
        for component in components
    ]
    return render(
        request,
        "portal/dossiers/submit.html",
        {
            "version": version,
            "draft": draft,
            "applicant": applicant,
            "eform": form,
            "components": rows,
            "idempotency_key": key,
            "accepted_files": ACCEPTED_FILES,
            "organisations_only": ORGANISATIONS_ONLY,
            "max_megabytes": f"{services.conf.upload_max_bytes() / 1024 / 1024:g}",
            "errors": _error_links(applicant, form, rows),
        },
        status=status,
    )
