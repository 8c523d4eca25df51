"""The citizen's evaluation of a finished dossier (motcua.evaluations): the invitation on
the dossier's page once the dossier may be evaluated, the form's answer, then the thank-you
with what was chosen; and which dossiers of "Hồ sơ của tôi" still wait for an evaluation.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.dossiers.models import Dossier
from motcua.evaluations import queries, services
from motcua.evaluations.forms import EvaluationForm


def invitation(dossier: Dossier, bound: EvaluationForm | None = None) -> dict[str, Any]:
    """The page's evaluation block: nothing before the dossier may be evaluated; then its
    evaluation if there is one (one query), else the form."""
    if not services.is_evaluable(dossier):
        return {}
    evaluation = queries.evaluation_of(dossier)
    return {
        "evaluation": evaluation,
        "evaluation_form": None if evaluation else (bound or EvaluationForm()),
    }


def not_evaluated(dossiers: Iterable[Dossier]) -> set[int]:
    """The ids of the dossiers of a page that may be evaluated and are not yet: one query
    when the page has such dossiers, none otherwise."""
    finished = [dossier.pk for dossier in dossiers if services.is_evaluable(dossier)]
    return set(finished) - queries.evaluated_among(finished)


@login_required
@require_POST
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    from motcua.portal.views import dossiers as pages

    dossier = pages._dossier(request, pk)
    form = EvaluationForm(request.POST)
    if form.is_valid() and form.evaluate(dossier, request.user) is not None:
        messages.success(request, _("Thank you for evaluating the service."))
        return HttpResponseRedirect(reverse("portal:my_dossier", args=[pk]) + "#danh-gia")
    if form.non_field_errors():
        # Not possible (not yet, or already evaluated): the page says why, without the form.
        messages.error(request, form.refusals())
        return HttpResponseRedirect(reverse("portal:my_dossier", args=[pk]))
    return pages.render_dossier(request, dossier, form)
