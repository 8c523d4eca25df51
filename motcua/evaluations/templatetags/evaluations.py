from django import template

from motcua.evaluations.indicators import Indicator, answered
from motcua.evaluations.models import Evaluation

register = template.Library()


@register.filter
def answered_indicators(evaluation: Evaluation) -> list[tuple[Indicator, str]]:
    return answered(evaluation)
