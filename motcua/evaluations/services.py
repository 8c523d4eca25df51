"""Recording an evaluation: `evaluate(dossier, by, level=..., answers=..., comment=...)`.

The rules (docs/evaluations.md):
- when: once the dossier's handling is over for the applicant: the result (or the written
  rejection) returned, the dossier refused at intake, or its processing stopped
  (EVALUABLE_STATES). TT 01/2018 hands evaluation forms out with the receipt, the supplement
  request and the refusal, so a refusal is evaluated too; a dossier cancelled before receipt
  (withdrawn, voided) was never handled and is not;
- who: the applicant (their account, or a representative of the applicant organisation), on
  the portal; or a one-stop officer of the dossier's receiving unit, copying the paper form
  the applicant filled in at the desk;
- once: a dossier has at most one evaluation (a unique constraint backs the check, so two
  attempts at the same moment still make one);
- the evaluation and its audit event are written in one transaction.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Role, UserKind
from motcua.accounts.roles import has_role
from motcua.accounts.scoping import scoped
from motcua.core import audit
from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.evaluations.indicators import BY_FIELD
from motcua.evaluations.models import Evaluation, EvaluationChannel, Level

EVALUABLE_STATES = frozenset({State.RETURNED, State.REFUSED, State.STOPPED})
COMMENT_MAX_LENGTH = 2000


def is_evaluable(dossier: Dossier) -> bool:
    """Whether the dossier's handling is over, so that it may be evaluated (once)."""
    return dossier.state in EVALUABLE_STATES


def is_applicant(dossier: Dossier, user: Any) -> bool:
    """Whether `user` is the dossier's applicant: its citizen account, or a representative
    of its organisation (the owners of `dossiers.queries.dossiers_for`)."""
    if not getattr(user, "is_authenticated", False) or user.kind != UserKind.CITIZEN:
        return False
    return scoped(
        Dossier.objects.filter(pk=dossier.pk),
        user,
        unit_fields=(),
        owner_fields=("applicant", "organisation"),
    ).exists()


def may_record_paper_form(dossier: Dossier, user: Any) -> bool:
    """Whether `user` is a one-stop officer of the dossier's receiving unit."""
    return has_role(user, Role.RECEPTION_OFFICER, dossier.receiving_unit)


def _channel_for(dossier: Dossier, by: Any) -> EvaluationChannel:
    if may_record_paper_form(dossier, by):
        return EvaluationChannel.DESK
    if is_applicant(dossier, by):
        return EvaluationChannel.PORTAL
    raise ActionRefused(
        _(
            "Only the applicant, or a one-stop officer of the receiving unit entering the "
            "applicant's paper form, may evaluate this dossier."
        ),
        "forbidden",
    )


def _clean_answers(answers: Mapping[str, str]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for field, value in answers.items():
        indicator = BY_FIELD.get(field)
        if indicator is None:
            raise ActionRefused(_("Unknown question on the evaluation form."), field)
        value = (value or "").strip()
        if value and value not in indicator.choices.values:
            raise ActionRefused(_("Choose one of the answers offered."), field)
        cleaned[field] = value
    return cleaned


def evaluate(
    dossier: Dossier,
    by: Any,
    *,
    level: str,
    answers: Mapping[str, str] | None = None,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> Evaluation:
    """Record the evaluation of `dossier` by `by` (see the module for the rules). Raises
    ActionRefused with a message for people; its `code` names the field at fault, if any."""
    if level not in Level.values:
        raise ActionRefused(_("Choose how satisfied you are."), "level")
    cleaned = _clean_answers(answers or {})
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ActionRefused(
            _("Write at most %(count)d characters.") % {"count": COMMENT_MAX_LENGTH}, "comment"
        )
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("receiving_unit", "processing_unit", "applicant")
            .get(pk=dossier.pk)
        )
        channel = _channel_for(locked, by)
        if not is_evaluable(locked):
            raise ActionRefused(
                _(
                    "A dossier can be evaluated once its result is returned, or once it is "
                    "refused or its processing stopped."
                ),
                "not_yet",
            )
        if Evaluation.objects.filter(dossier=locked).exists():
            raise ActionRefused(_already_evaluated(), "already_evaluated")
        evaluation = Evaluation(
            dossier=locked,
            unit=locked.processing_unit or locked.receiving_unit,
            receiving_unit=locked.receiving_unit,
            evaluator=locked.applicant if channel == EvaluationChannel.DESK else by,
            evaluator_name=(
                locked.applicant_name
                if channel == EvaluationChannel.DESK
                else (by.full_name or locked.applicant_name)
            ),
            recorded_by=by if channel == EvaluationChannel.DESK else None,
            channel=channel,
            level=level,
            comment=comment,
            created_at=now or timezone.now(),
            **cleaned,
        )
        try:
            with transaction.atomic():
                evaluation.save()
        except IntegrityError:
            raise ActionRefused(_already_evaluated(), "already_evaluated") from None
        audit.record(
            "evaluation.evaluate",
            evaluation,
            actor=by,
            data={
                "dossier": locked.code or locked.pk,
                "channel": channel.value,
                "level": level,
                **{field: value for field, value in cleaned.items() if value},
            },
        )
    return evaluation


def _already_evaluated() -> str:
    return _("This dossier has already been evaluated: each dossier is evaluated once.")
