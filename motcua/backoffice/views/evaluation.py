"""The evaluation of a dossier on its back-office page: shown once there is one; until then,
for a one-stop officer of the receiving unit, a form to copy the paper evaluation form the
applicant filled in at the desk (motcua.evaluations)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.backoffice.templatetags.backoffice_dossiers import dossier_url
from motcua.backoffice.views.access import staff_required
from motcua.backoffice.views.dossier_access import reachable_dossier
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import RowsOf
from motcua.evaluations import services
from motcua.evaluations.forms import EvaluationForm
from motcua.evaluations.models import Evaluation

_evaluations = RowsOf(Evaluation, "dossier")


def panel(
    request: HttpRequest, dossier: Dossier, bound: EvaluationForm | None = None
) -> dict[str, Any]:
    """The page's evaluation block: nothing before the dossier may be evaluated (no query);
    then the evaluation (one query; the page reads who entered it with the other people it
    names), or the paper form's entry for the desk's officers."""
    if not services.is_evaluable(dossier):
        return {}
    evaluation = next(iter(_evaluations.of(dossier.pk)), None)
    may_record = evaluation is None and services.may_record_paper_form(dossier, request.user)
    return {
        "evaluable": True,
        "evaluation": evaluation,
        # The form posted (with its errors), if any: the page opens it.
        "paper_evaluation_form": bound if may_record else None,
        "paper_evaluation_fields": _questions(bound) if may_record else "",
    }


# The blank form's questions by language: the same for every dossier and officer.
_blank_questions: dict[str, SafeString] = {}


def _questions(bound: EvaluationForm | None) -> SafeString:
    """The questions of the form posted, or of a blank form, as HTML. The blank form's are
    rendered once per language (building and rendering it cost ~2.3 ms of every returned
    dossier's page not evaluated yet), except in debug, where the templates may change
    under the running server."""
    if bound is not None or settings.DEBUG:
        form = bound or EvaluationForm()
        return render_to_string("evaluations/_form_fields.html", {"form": form})
    language = get_language()
    if language not in _blank_questions:
        _blank_questions[language] = render_to_string(
            "evaluations/_form_fields.html", {"form": EvaluationForm()}
        )
    return _blank_questions[language]


@staff_required
@require_POST
def record_paper_evaluation(request: HttpRequest, ref: str) -> HttpResponse:
    from motcua.backoffice.views import dossier as pages

    dossier = reachable_dossier(request, ref)
    form = EvaluationForm(request.POST)
    if form.is_valid() and form.evaluate(dossier, request.user) is not None:
        messages.success(request, _("The paper evaluation form was recorded."))
        return HttpResponseRedirect(dossier_url(dossier) + "#evaluation-title")
    context = pages._context(request, dossier, None)
    context.update(panel(request, dossier, form))
    if context.get("paper_evaluation_form") is None:
        # No longer possible (evaluated meanwhile, or not this person's to record): say why.
        messages.error(request, form.refusals())
    return render(request, "backoffice/dossiers/dossier.html", context, status=400)
