"""`{{ dossier|status_name }}`: a dossier's status as citizens know it, the national
portal's name of its status ("Được tiếp nhận", "Đang xử lý", ...), or the internal state's
label for a state the national list lacks (a draft, a cancelled entry)."""

from django import template

from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import PublicStatus
from motcua.dossiers.states import NATIONAL_STATUS_NAMES, State

register = template.Library()


@register.filter
def status_name(dossier: Dossier | PublicStatus) -> str:
    state = State(dossier.state)
    code = state.national_code
    if code is None:
        return str(state.label)
    return NATIONAL_STATUS_NAMES[code]
