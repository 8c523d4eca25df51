""" "Hồ sơ của tôi": the citizen's dossiers (and their organisations'), one dossier with its
history and files, supplying a supplement, asking to withdraw, the result; and the public
lookup by dossier code.

Every dossier and file comes from `dossiers.citizen` (the citizen's scoped queryset): another
person's dossier or file is not found (404), by page or by file address.
"""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.core.downloads import private_attachment
from motcua.dossiers import citizen, eform, lifecycle, queries, services
from motcua.dossiers.api.views import LookupThrottle
from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.models import Dossier, FilePurpose
from motcua.dossiers.states import State
from motcua.evaluations.forms import EvaluationForm
from motcua.portal.forms import ACCEPTED_FILES, LookupForm, SupplementForm, WithdrawalForm
from motcua.portal.views import evaluations
from motcua.worktime.limits import Channel

SUPPLEMENT_STATES = (State.SUPPLEMENT_AT_INTAKE, State.SUPPLEMENT_IN_PROCESS)
RESULT_STATES = (State.RESULT_READY, State.RETURNED)


@login_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    token = request.GET.get("sau")
    after = citizen.Cursor.decode(token) if token else None
    page = citizen.my_dossiers_page(request.user, after)
    return render(
        request,
        "portal/dossiers/my_dossiers.html",
        {
            "dossiers": page.rows,
            "next_token": page.next_cursor.encode() if page.next_cursor else "",
            "first_page": after is None,
            "not_evaluated": evaluations.not_evaluated(page.rows),
        },
    )


def _dossier(request: HttpRequest, pk: int) -> Dossier:
    dossier = citizen.my_dossier(request.user, pk)
    if dossier is None:
        raise Http404
    return dossier


def result_available(dossier: Dossier) -> bool:
    """Whether the citizen may download the result online."""
    return dossier.state in RESULT_STATES and dossier.return_channel == Channel.ONLINE


@login_required
def my_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    return render_dossier(request, _dossier(request, pk))


def render_dossier(
    request: HttpRequest, dossier: Dossier, evaluation_form: EvaluationForm | None = None
) -> HttpResponse:
    """The dossier's page; with the evaluation form as posted (and its errors), status 400."""
    user = cast(User, request.user)
    actions = set(lifecycle.available_actions(dossier, user))
    files = list(dossier.files.all())
    pause = dossier.pauses.filter(ended_at__isnull=True).first()
    return render(
        request,
        "portal/dossiers/my_dossier.html",
        {
            "dossier": dossier,
            "form_rows": eform.display_rows(
                dossier.procedure_version.form_schema, dossier.form_data
            ),
            "files": [f for f in files if f.purpose != FilePurpose.RESULT],
            "result_files": [f for f in files if f.purpose == FilePurpose.RESULT]
            if result_available(dossier)
            else [],
            "timeline": queries.timeline(dossier),
            "pause": pause,
            "can_supply": lifecycle.Action.SUPPLY_SUPPLEMENT in actions,
            "can_withdraw": lifecycle.Action.WITHDRAW in actions,
            "can_request_withdrawal": lifecycle.Action.REQUEST_WITHDRAWAL in actions,
            "supplement_form": SupplementForm(),
            "withdrawal_form": WithdrawalForm(),
            "accepted_files": ACCEPTED_FILES,
            **evaluations.invitation(dossier, evaluation_form),
        },
        status=400 if evaluation_form is not None else 200,
    )


@login_required
def dossier_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """A file of one of the citizen's dossiers; 404 for anybody else's. A result file only
    once the result is returned online."""
    stored = citizen.my_file(request.user, pk, file_pk)
    if stored is None:
        raise Http404
    if stored.purpose == FilePurpose.RESULT and not result_available(stored.dossier):
        raise Http404
    return private_attachment(
        stored.file, filename=stored.original_name, content_type=stored.content_type
    )


@login_required
@require_POST
def supply_supplement(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    form = SupplementForm(request.POST, request.FILES)
    if not form.is_valid():
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
        return HttpResponseRedirect(reverse("portal:my_dossier", args=[pk]))
    try:
        with transaction.atomic():
            services.add_file(
                dossier,
                form.cleaned_data["document"],
                actor=request.user,
                purpose=FilePurpose.SUPPLEMENT,
            )
            lifecycle.perform(dossier, lifecycle.Action.SUPPLY_SUPPLEMENT, request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The supplement was sent to the agency."))
    return HttpResponseRedirect(reverse("portal:my_dossier", args=[pk]))


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a dossier not yet received, or ask to withdraw one being processed."""
    dossier = _dossier(request, pk)
    form = WithdrawalForm(request.POST)
    action = (
        lifecycle.Action.WITHDRAW
        if dossier.state in (State.DRAFT, State.SUBMITTED, State.SUPPLEMENT_AT_INTAKE)
        else lifecycle.Action.REQUEST_WITHDRAWAL
    )
    if not form.is_valid():
        messages.error(request, _("Write why you withdraw the dossier."))
        return HttpResponseRedirect(reverse("portal:my_dossier", args=[pk]))
    try:
        lifecycle.perform(dossier, action, request.user, reason=form.cleaned_data["reason"])
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The dossier was withdrawn.")
            if action == lifecycle.Action.WITHDRAW
            else _("Your request to withdraw was sent to the agency."),
        )
    return HttpResponseRedirect(reverse("portal:my_dossier", args=[pk]))


def dossier_lookup(request: HttpRequest) -> HttpResponse:
    """The public lookup: status and appointment only, for whoever has the code and the
    phone number or the secret; one message for every failure; attempts per address
    limited as the API's (MOTCUA_LOOKUP_RATE)."""
    form = LookupForm(request.POST or None)
    found = None
    failed = False
    status = 200
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        # Counted with the API's lookups, the kept answer read in the same round trip.
        attempt = LookupThrottle().attempt(request, read=queries.public_row_key(code))
        if not attempt.allowed:
            messages.error(request, _("Too many lookups from your connection: try again later."))
            status = 429
        else:
            found = citizen.lookup(code, form.cleaned_data["secret"], kept=attempt.kept)
            failed = found is None
            status = 200 if found else 404
    return render(
        request,
        "portal/dossiers/lookup.html",
        {
            "form": form,
            "found": found,
            "failed": failed,
        },
        status=status,
    )
