"""Demo evaluations: most applicants of the demo's finished dossiers say how satisfied they
were, on the portal when they have an account, otherwise on the paper form that the desk
officer enters. Made through `evaluations.services.evaluate`, like real ones.

Deterministic: whether a dossier is evaluated, and how, follows from its code alone, so a
second run finds the same dossiers already evaluated and adds nothing.
"""

import datetime
import random
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Role, StaffMembership, User, UserKind
from motcua.dossiers.models import Dossier
from motcua.evaluations import services
from motcua.evaluations.models import Attitude, Contacts, Level, OnlineService
from motcua.worktime.limits import Channel

SHARE_EVALUATED = 0.6
# A late result or a supplement request makes a dissatisfied applicant likelier.
LEVEL_WEIGHTS = {False: (70, 27, 3), True: (35, 45, 20)}
LEVELS = (Level.VERY_SATISFIED, Level.SATISFIED, Level.DISSATISFIED)


def _desk_officers() -> dict[int, User]:
    """A one-stop officer of each receiving unit, to enter the paper forms."""
    officers: dict[int, User] = {}
    memberships = StaffMembership.objects.filter(
        role=Role.RECEPTION_OFFICER, is_active=True
    ).select_related("user")
    for membership in memberships.order_by("user__username"):
        officers.setdefault(membership.unit_id, membership.user)
    return officers


def build(out: Callable[[str], None]) -> None:
    officers = _desk_officers()
    now = timezone.now()
    finished = (
        Dossier.objects.filter(state__in=services.EVALUABLE_STATES, evaluation__isnull=True)
        .exclude(code="")
        .select_related("applicant")
        .order_by("pk")
    )
    made = 0
    for dossier in finished.iterator():
        rng = random.Random(f"evaluation-{dossier.code}")
        if rng.random() >= SHARE_EVALUATED:
            continue
        ended = dossier.returned_at or dossier.finished_at or dossier.submitted_at
        has_account = dossier.applicant is not None and dossier.applicant.kind == UserKind.CITIZEN
        by = dossier.applicant if has_account else officers.get(dossier.receiving_unit_id)
        if by is None or ended is None:
            continue
        late = (
            dossier.original_due_at is not None
            and dossier.finished_at is not None
            and dossier.finished_at > dossier.original_due_at
        )
        level = rng.choices(LEVELS, weights=LEVEL_WEIGHTS[late])[0]
        answers: dict[str, str] = {
            "contacts": rng.choice((Contacts.AT_MOST_ONCE, Contacts.AT_MOST_ONCE, Contacts.TWICE)),
            "attitude": Attitude.COURTEOUS if level != Level.DISSATISFIED else Attitude.ACCEPTABLE,
        }
        if dossier.channel == Channel.ONLINE:
            answers["online_service"] = rng.choice((OnlineService.GOOD, OnlineService.ACCEPTABLE))
        moment = min(ended + datetime.timedelta(hours=rng.randint(0, 48)), now)
        services.evaluate(dossier, by, level=level, answers=answers, now=moment)
        made += 1
    out(_("Demo evaluations: %(count)d added.") % {"count": made})
