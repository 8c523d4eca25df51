"""The evaluation form, the same on the portal and at the desk (a paper form copied by an
officer): the overall satisfaction (required), the indicators of `indicators.INDICATORS`
(each optional) and a comment. Rendered by `evaluations/_form_fields.html` as one fieldset
with a legend per question."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.models import Dossier
from motcua.evaluations import services
from motcua.evaluations.indicators import INDICATORS
from motcua.evaluations.models import Evaluation, Level
from motcua.evaluations.services import COMMENT_MAX_LENGTH

NO_ANSWER = _("No answer")
LEVEL_QUESTION = _("Overall, how satisfied are you with how your dossier was handled?")


class EvaluationForm(forms.Form):
    level = forms.ChoiceField(
        label=LEVEL_QUESTION,
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how satisfied you are.")},
    )
    comment = forms.CharField(
        label=_("Your comments or suggestions (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "danh-gia")
        super().__init__(*args, **kwargs)
        for indicator in INDICATORS:
            # Optional: "no answer" is an answer of its own, checked at first, so that a
            # choice made by mistake can be taken back with the keyboard.
            self.fields[indicator.field] = forms.ChoiceField(
                label=indicator.question,
                choices=[*indicator.choices.choices, ("", NO_ANSWER)],
                widget=forms.RadioSelect,
                required=False,
                initial="",
            )
        # The comment last, after the questions.
        self.order_fields(["level", *(indicator.field for indicator in INDICATORS), "comment"])

    def question_fields(self) -> list[forms.BoundField]:
        """The radio groups, in order: the satisfaction, then the indicators."""
        return [self["level"], *(self[indicator.field] for indicator in INDICATORS)]

    def answers(self) -> dict[str, str]:
        return {indicator.field: self.cleaned_data[indicator.field] for indicator in INDICATORS}

    def evaluate(self, dossier: Dossier, by: Any) -> Evaluation | None:
        """Record the evaluation the valid form holds (`services.evaluate`); on a refusal, the
        message goes to the field at fault (or the form) and the answer is None."""
        try:
            return services.evaluate(
                dossier,
                by,
                level=self.cleaned_data["level"],
                answers=self.answers(),
                comment=self.cleaned_data["comment"],
            )
        except ActionRefused as refusal:
            self.add_error(refusal.code if refusal.code in self.fields else None, refusal.message)
            return None

    def refusals(self) -> str:
        """The errors that belong to no question, as one text."""
        return " ".join(str(error) for error in self.non_field_errors())
