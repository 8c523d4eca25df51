"""A dossier's page for staff: who applied for what, the form data, papers and files, the
timeline, the control slip, deadlines, the official forms that apply, and a form for each
action the person may take now (`lifecycle.available_actions`). Actions post to
`dossier_action`, which goes through `lifecycle.perform`; a refusal shows its message on
the page with everything typed kept."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.forms.models import ModelChoiceIteratorValue
from django.forms.renderers import BaseRenderer
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.agencies.models import Unit
from motcua.backoffice.action_forms import FORMS, ActionForm, forms_for
from motcua.backoffice.templatetags.backoffice_dossiers import dossier_ref, dossier_url, moment
from motcua.backoffice.views import documents, evaluation
from motcua.backoffice.views.access import staff_required
from motcua.backoffice.views.dossier_access import attach, member_units, reachable_dossier
from motcua.catalog.models import ProcedureVersion
from motcua.core.choices import label
from motcua.core.downloads import private_attachment
from motcua.dossiers import forms_context, lifecycle, queries, services
from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierFile, FilePurpose, PauseKind, StepPhase
from motcua.dossiers.states import State
from motcua.official_forms.contexts import StepOutcome
from motcua.worktime.limits import Channel


def form_data_rows(dossier: Dossier) -> list[tuple[str, str, int]]:
    """The form data as (label, text, depth) rows, labels from the procedure's e-form."""
    from motcua.dossiers.eform import display_rows

    schema = dossier.procedure_version.form_schema or []
    return [(row.label, row.text, row.depth) for row in display_rows(schema, dossier.form_data)]


class _NotKept(Exception):
    """A widget's context holds a value whose rendering the key cannot stand for."""


def _frozen(value: Any) -> Any:
    """A hashable key standing for `value` as a widget template renders it: its type kept
    (True and 1, a safe string and a plain one render differently), lazy texts in the
    current language, a model choice's value as its text; _NotKept for anything else."""
    kind = type(value)
    if value is None or kind in (str, int, bool):
        return (kind.__name__, value)
    if isinstance(value, SafeData) and isinstance(value, str):
        return ("safe", str(value))
    if isinstance(value, Promise):
        return ("lazy", str(value))
    if isinstance(value, ModelChoiceIteratorValue):
        return ("choice", str(value))
    if kind is dict:
        return ("dict", tuple((key, _frozen(item)) for key, item in value.items()))
    if kind in (list, tuple):
        return (kind.__name__, tuple(_frozen(item) for item in value))
    raise _NotKept


class _RememberingRenderer(BaseRenderer):
    """The forms' renderer, remembering the HTML of each widget context it rendered (per
    language): the action forms shown before anything is typed give the same widgets on
    every dossier page in a state, and rendering them through Django's widget templates cost
    ~0.5 ms of an open dossier's page. The key is built from the whole context the template
    receives, so a different value, choice, attribute or label renders again. Not in debug,
    where the templates may change under the running server."""

    LIMIT = 2048

    def __init__(self, renderer: BaseRenderer) -> None:
        self.renderer = renderer
        self.kept: dict[Any, str] = {}
        self.form_template_name = renderer.form_template_name
        self.formset_template_name = renderer.formset_template_name
        self.field_template_name = renderer.field_template_name
        self.bound_field_class = renderer.bound_field_class

    def get_template(self, template_name: str) -> Any:
        return self.renderer.get_template(template_name)

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if request is not None:
            return self.renderer.render(template_name, context, request)
        try:
            key = (template_name, get_language(), _frozen(context))
        except _NotKept:
            return self.renderer.render(template_name, context)
        html = self.kept.get(key)
        if html is None:
            html = self.renderer.render(template_name, context)
            if len(self.kept) >= self.LIMIT:
                self.kept.clear()
            self.kept[key] = html
        return html


_renderers: dict[int, _RememberingRenderer] = {}


def _remembering(forms: list[ActionForm]) -> list[ActionForm]:
    """The forms, those not posted rendering through a `_RememberingRenderer` of their own
    renderer (not in debug)."""
    if settings.DEBUG:
        return forms
    for form in forms:
        if not form.is_bound:
            renderer = _renderers.get(id(form.renderer))
            if renderer is None or renderer.renderer is not form.renderer:
                renderer = _renderers[id(form.renderer)] = _RememberingRenderer(form.renderer)
            form.renderer = renderer
    return forms


def _file_link(ref: str, stored: DossierFile) -> SafeString:
    """A file of the dossier: its link (to `dossier_file`), its purpose, size and day. Built
    here rather than by an included template for each file of the list."""
    return format_html(
        '<a href="{}"><i class="bi bi-paperclip" aria-hidden="true"></i> {}</a> '
        '<span class="small text-body-secondary">({}, {}, {})</span>',
        reverse("backoffice:dossier_file", kwargs={"ref": ref, "file_id": stored.pk}),
        stored.original_name,
        label(FilePurpose, stored.purpose),
        filesizeformat(stored.size),
        timezone.localtime(stored.uploaded_at).strftime("%d/%m/%Y"),
    )


def _context(request: HttpRequest, dossier: Dossier, bound: ActionForm | None) -> dict[str, Any]:
    now = timezone.now()
    transitions = queries.transitions_of.of(dossier.pk)
    pauses = queries.pauses_of.of(dossier.pk)
    is_overdue, is_due_soon = queries.deadline_status(dossier, pauses, now)
    apologies = queries.apologies_of.of(dossier.pk)
    steps = queries.steps_of.of(dossier.pk)
    files = queries.files_of.of(dossier.pk)
    components = queries.components_of.of(dossier.procedure_version_id)
    evaluation_panel = evaluation.panel(request, dossier)
    evaluated = [evaluation_panel["evaluation"]] if evaluation_panel.get("evaluation") else []
    # The rows read without their relations: the dossier and its version are known (as the
    # related managers would have set them), the units and people they name are read once.
    attach(
        Dossier,
        [(rows, "dossier") for rows in (transitions, pauses, apologies, steps, files, evaluated)],
        known=[dossier],
    )
    attach(ProcedureVersion, [(components, "version")], known=[dossier.procedure_version])
    units = (dossier.receiving_unit, dossier.holding_unit, dossier.processing_unit)
    attach(
        Unit,
        [(steps, "unit"), (steps, "from_unit"), (apologies, "unit_at_fault")],
        known=[*member_units(request.user), *(unit for unit in units if unit is not None)],
    )
    attach(
        User,
        [
            ([dossier], "assignee"),
            ([dossier], "entered_by"),
            (transitions, "actor"),
            (steps, "given_by"),
            (steps, "received_by"),
            (steps, "finished_by"),
            (evaluated, "recorded_by"),
        ],
        known=(),
    )
    ref = dossier_ref(dossier)
    files_by_component: dict[int | None, list[SafeString]] = {}
    for stored in files:
        files_by_component.setdefault(stored.component_id, []).append(_file_link(ref, stored))
    # The rules and the forms read the control slip and the apologies shown on the page.
    actions = lifecycle.available_actions(
        dossier, request.user, steps=steps, apology_count=len(apologies)
    )
    return {
        "dossier": dossier,
        "ref": ref,
        "labels": {
            "state": label(State, dossier.state),
            "channel": label(Channel, dossier.channel),
            "return_channel": label(Channel, dossier.return_channel),
        },
        "now": now,
        "form_rows": form_data_rows(dossier),
        "components": [
            (component, files_by_component.get(component.pk, [])) for component in components
        ],
        "other_files": files_by_component.get(None, []),
        # Plain values: the template's loop reads names, not attributes of each row.
        "timeline": [
            (
                moment(transition.at),
                label(Action, transition.action),
                label(State, transition.from_state) if transition.from_state else "",
                label(State, transition.to_state),
                transition.actor,
                transition.note,
            )
            for transition in transitions
        ],
        "control_rows": forms_context.control_rows(steps),
        "late_outcome": StepOutcome.LATE,
        "open_steps": [
            (step, label(StepPhase, step.phase))
            for step in steps
            if step.is_open and step.due_at is not None
        ],
        "pauses": pauses,
        "is_overdue": is_overdue,
        "is_due_soon": is_due_soon,
        "pause_rows": [(pause, label(PauseKind, pause.kind)) for pause in pauses],
        "apologies": apologies,
        "documents": documents.documents(dossier, transitions, pauses, apologies),
        "action_forms": _remembering(forms_for(dossier, request.user, actions, bound, steps=steps)),
        "paused": any(pause.ended_at is None and pause.stops_clock for pause in pauses),
        "consultation_phase": StepPhase.CONSULTATION,
        **evaluation_panel,
    }


@staff_required
def dossier_page(request: HttpRequest, ref: str) -> HttpResponse:
    dossier = reachable_dossier(request, ref)
    return render(request, "backoffice/dossiers/dossier.html", _context(request, dossier, None))


def _success_message(outcome: lifecycle.Outcome) -> str:
    dossier = outcome.dossier
    if outcome.transition.action == Action.RECEIVE:
        return _("Dossier received with code %(code)s; appointment %(due)s. Print the receipt.") % {
            "code": dossier.code,
            "due": timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y"),
        }
    return _("Done: “%(action)s”. The dossier is now “%(state)s”.") % {
        "action": Action(outcome.transition.action).label,
        "state": State(dossier.state).label,
    }


@staff_required
def dossier_action(request: HttpRequest, ref: str, action: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    dossier = reachable_dossier(request, ref)
    try:
        chosen = Action(action)
        form_class = FORMS[chosen]
    except (ValueError, KeyError):
        raise Http404 from None
    form = form_class(dossier, request.user, request.POST, request.FILES)
    if not form.is_valid():
        return _again(request, dossier, form)
    try:
        for upload, purpose in form.uploads():
            services.add_file(dossier, upload, actor=request.user, purpose=purpose)
        outcome = lifecycle.perform(dossier, chosen, request.user, **form.params())
    except ActionRefused as refusal:
        field = refusal.code if refusal.code in form.fields else None
        form.add_error(field, str(refusal))
        dossier = reachable_dossier(request, ref)  # files may have been added
        return _again(request, dossier, form)
    if outcome.lookup_secret:
        documents.remember_receipt_secret(request, outcome.dossier, outcome.lookup_secret)
    messages.success(request, _success_message(outcome))
    return HttpResponseRedirect(dossier_url(outcome.dossier))


def _again(request: HttpRequest, dossier: Dossier, form: ActionForm) -> HttpResponse:
    """The page again with the posted form in place, its errors and what was typed."""
    context = _context(request, dossier, form)
    if not any(shown is form for shown in context["action_forms"]):
        # The action is no longer offered (someone acted first): say why, keep the rest.
        messages.error(
            request,
            " ".join(str(error) for error in form.non_field_errors())
            or _("This action is no longer possible on the dossier."),
        )
    return render(request, "backoffice/dossiers/dossier.html", context, status=400)


@staff_required
def dossier_file(request: HttpRequest, ref: str, file_id: int) -> FileResponse:
    """A file of a dossier the person may reach (404 for anything else)."""
    dossier = reachable_dossier(request, ref)
    stored = dossier.files.filter(pk=file_id).first()
    if stored is None:
        raise Http404
    return private_attachment(
        stored.file, filename=stored.original_name, content_type=stored.content_type
    )
