"""Desk entry: a one-stop officer types in a dossier handed in on paper or arrived by post,
through the same e-form as the portal, with a scan of each paper; the dossier then waits
for the officer's check on its page like an online submission (`services.enter_at_desk`).

Step one (GET) chooses the receiving unit and the procedure; step two shows the form of
that procedure's current version. A refusal or a wrong value shows the form again with
everything typed (files are checked before anything is saved, so a wrong file saves
nothing and is named in its message)."""

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.backoffice.desk_forms import DeskEntryForm, ProcedureChoiceForm, desk_units
from motcua.backoffice.templatetags.backoffice_dossiers import dossier_url
from motcua.backoffice.views.access import staff_required
from motcua.dossiers import services
from motcua.dossiers.eform import ADD_ROW, EForm, add_row_data
from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.models import Dossier
from motcua.worktime.limits import Channel


@staff_required
def desk_entry(request: HttpRequest) -> HttpResponse:
    if not desk_units(request.user).exists():
        return render(request, "backoffice/dossiers/desk_not_officer.html", status=403)
    source = request.POST if request.method == "POST" else request.GET
    choice = ProcedureChoiceForm(source if "version" in source else None, user=request.user)
    if not choice.is_bound or not choice.is_valid():
        return render(request, "backoffice/dossiers/desk_choose.html", {"choice": choice})
    unit, version = choice.cleaned_data["unit"], choice.cleaned_data["version"]
    schema = version.form_schema or []
    if request.method != "POST":
        return _render(request, choice, DeskEntryForm(version=version), EForm(schema))
    if ADD_ROW in request.POST:
        # "Add a row" of a repeated group: the same form with one more row, no errors yet.
        data = add_row_data(request.POST)
        eform = EForm(schema, data)
        eform.show_errors = False
        # Unbound with what was typed, so that no error shows before the officer submits.
        typed = {name: data.get(name) for name in DeskEntryForm.base_fields if name in data}
        return _render(request, choice, DeskEntryForm(initial=typed, version=version), eform)
    entry = DeskEntryForm(request.POST, request.FILES, version=version)
    eform = EForm(schema, request.POST)
    entry_valid, eform_valid = entry.is_valid(), eform.is_valid()
    if not (entry_valid and eform_valid):
        return _render(request, choice, entry, eform, status=400)
    try:
        dossier = _enter(request, unit, version, entry, eform)
    except ActionRefused as refusal:
        entry.add_error(None, str(refusal))
        return _render(request, choice, entry, eform, status=400)
    messages.success(
        request,
        _(
            "The dossier of %(name)s is entered. Check it, then receive it, ask for a "
            "supplement or refuse it."
        )
        % {"name": dossier.applicant_name},
    )
    return HttpResponseRedirect(dossier_url(dossier))


def _enter(
    request: HttpRequest, unit: Any, version: Any, entry: DeskEntryForm, eform: EForm
) -> Dossier:
    data = entry.cleaned_data
    with transaction.atomic():
        dossier = services.enter_at_desk(
            officer=request.user,
            version=version,
            receiving_unit=unit,
            details=entry.details(),
            form_data=eform.form_data,
            channel=Channel(data["channel"]),
            submitter_name=data["submitter_name"],
            sets_count=data["sets_count"],
            return_channel=Channel(data["return_channel"]),
        )
        for component, upload in entry.uploads():
            services.add_file(dossier, upload, actor=request.user, component=component)
    return dossier


def _render(
    request: HttpRequest,
    choice: ProcedureChoiceForm,
    entry: DeskEntryForm,
    eform: EForm,
    *,
    status: int = 200,
) -> HttpResponse:
    context = {
        "choice": choice,
        "unit": choice.cleaned_data["unit"],
        "version": choice.cleaned_data["version"],
        "entry": entry,
        "eform": eform,
    }
    return render(request, "backoffice/dossiers/desk_entry.html", context, status=status)
