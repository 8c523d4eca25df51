"""The demo dossiers: every state, channel and path, made by the demo accounts through the
lifecycle, over the last twelve months, the same mix on every run, and built once."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from motcua.accounts.models import User, UserKind
from motcua.core.models import AuditEvent
from motcua.demo import dossiers, people
from motcua.demo.builders import BUILDERS
from motcua.dossiers import hooks
from motcua.dossiers.models import (
    Apology,
    Dossier,
    DossierFile,
    DossierStep,
    FilePurpose,
    Pause,
    PauseKind,
    StepPhase,
    Transition,
)
from motcua.dossiers.states import State
from motcua.evaluations.models import Evaluation, EvaluationChannel
from motcua.evaluations.services import EVALUABLE_STATES
from motcua.notifications.models import Message
from motcua.worktime.limits import Channel

pytestmark = pytest.mark.django_db

COUNT = 60
MODELS = (
    Dossier,
    Transition,
    DossierStep,
    Pause,
    Apology,
    DossierFile,
    Evaluation,
    User,
    AuditEvent,
)


def _seed() -> str:
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    return output.getvalue()


@pytest.fixture
def seeded() -> str:
    with override_settings(MOTCUA_DEMO_DOSSIERS=COUNT):
        return _seed()


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in MODELS}


def test_the_demo_has_the_dossiers_asked_for_in_every_state_and_channel(seeded: str) -> None:
    assert Dossier.objects.count() == COUNT
    assert set(Dossier.objects.values_list("state", flat=True)) == set(State.values)
    assert set(Dossier.objects.values_list("channel", flat=True)) == set(Channel.values)
    returned = Dossier.objects.filter(state=State.RETURNED)
    assert set(returned.values_list("return_channel", flat=True)) == set(Channel.values)
    assert "60" in seeded


def test_every_path_is_there(seeded: str) -> None:
    kinds = set(Pause.objects.values_list("kind", flat=True))
    assert kinds == set(PauseKind.values)
    # Supplements at the desk and during processing, supplied and then received/continued.
    supplied = Transition.objects.filter(action="supply_supplement")
    assert {row.to_state for row in supplied} == {State.SUBMITTED, State.IN_REVIEW}
    assert Transition.objects.filter(action="refuse", to_state=State.REFUSED).exists()
    # Liên thông with two agencies, in parallel and in sequence.
    joint = (
        DossierStep.objects.filter(phase=StepPhase.CONSULTATION)
        .values("dossier", "parallel_group")
        .annotate(agencies=Count("unit", distinct=True))
        .filter(agencies=2)
    )
    assert joint.exists()
    in_sequence = Transition.objects.filter(action="consult", data__in_sequence=True)
    assert (
        in_sequence.exists()
        and Transition.objects.filter(action="consult", data__in_sequence=False).exists()
    )
    # Late with an apology and a new appointment.
    apology = Apology.objects.select_related("dossier").first()
    assert apology is not None and apology.new_due_at > apology.old_due_at
    assert apology.dossier.original_due_at == apology.old_due_at
    assert Dossier.objects.filter(finished_at__gt=F("original_due_at")).exists()
    # Withdrawal (then stopped), withdrawal refused, a stop, a rejection, a fee paid.
    for action in ("request_withdrawal", "refuse_withdrawal", "stop", "reject", "record_payment"):
        assert Transition.objects.filter(action=action).exists(), action
    assert Transition.objects.filter(action="withdraw", to_state=State.CANCELLED).exists()
    # Postal and online returns.
    by_post = Dossier.objects.filter(state=State.RETURNED, return_channel=Channel.POST)
    assert all(dossier.postal_tracking_number for dossier in by_post)
    online = Dossier.objects.filter(
        state=State.RETURNED, return_channel=Channel.ONLINE, finished_at__isnull=False
    ).exclude(transitions__action="reject")
    assert online.exists()
    for dossier in online:
        assert dossier.files.filter(purpose=FilePurpose.RESULT).exists()
    result = DossierFile.objects.filter(purpose=FilePurpose.RESULT).first()
    assert result is not None and result.file.open("rb").read(5) == b"%PDF-"


def test_the_demo_accounts_do_the_work(seeded: str) -> None:
    staff = {account.username for account in people.STAFF}
    actors = set(
        Transition.objects.exclude(actor=None)
        .filter(actor__kind=UserKind.STAFF)
        .values_list("actor__username", flat=True)
    )
    assert actors <= staff
    assert {
        "tiepnhan.truongvinh",
        "tiepnhan.tinh",
        "chuyenvien.truongvinh",
        "chutich.truongvinh",
        "chuyenvien.stp",
        "truongphong.stp",
        "giamdoc.stp",
        "vanthu.stp",
        "chuyenvien.congan",
        "chuyenvien.bhxh",
    } <= actors
    citizens = {citizen.phone for citizen in people.CITIZENS}
    applicants = set(
        Dossier.objects.exclude(applicant=None).values_list("applicant__phone", flat=True)
    )
    assert citizens <= applicants
    # The demo citizens act on their own dossiers (submit, supply, withdraw ...).
    assert Transition.objects.filter(actor__phone__in=citizens).exists()
    an = User.objects.get(username="0912345678")
    mine = Dossier.objects.filter(applicant=an)
    assert {State.DRAFT, State.SUPPLEMENT_IN_PROCESS, State.RETURNED} <= set(
        mine.values_list("state", flat=True)
    )
    assert mine.filter(organisation__tax_code=people.ORGANISATION["tax_code"]).exists()


def test_dossiers_spread_over_the_last_twelve_months(seeded: str) -> None:
    now = timezone.now()
    received = [
        moment
        for moment in Dossier.objects.values_list("received_at", flat=True)
        if moment is not None
    ]
    assert min(received) >= now - datetime.timedelta(days=366)
    assert max(received) <= now
    months = {moment.astimezone(datetime.UTC).strftime("%Y-%m") for moment in received}
    assert len(months) >= 6
    assert not Transition.objects.filter(at__gt=now).exists()
    # Codes follow the days: within a unit and day, numbers in the order of receipt.
    rows = Dossier.objects.exclude(code=None).order_by("received_at", "code")
    by_day: dict[str, list[int]] = {}
    for code in rows.values_list("code", flat=True):
        assert code is not None
        prefix, number = code.rsplit("-", 1)
        by_day.setdefault(prefix, []).append(int(number))
    for numbers in by_day.values():
        assert numbers == list(range(1, len(numbers) + 1))


def test_a_second_run_adds_nothing(seeded: str) -> None:
    first = _counts()
    with translation.override("en"):
        output = _seed()
    assert _counts() == first
    assert "Demo dossiers: already built, nothing added." in output


def test_the_mix_is_the_same_on_every_run() -> None:
    for dotted in BUILDERS:  # the province, people and catalogue
        if dotted != "motcua.demo.dossiers.build":
            import_string(dotted)(lambda line: None)

    def mix() -> Counter[tuple[str, str, str, str]]:
        with transaction.atomic():
            dossiers.build(lambda line: None, count=45)
            result = Counter(
                Dossier.objects.values_list(
                    "state", "channel", "procedure_version__procedure__code", "applicant_name"
                )
            )
            transaction.set_rollback(True)
        return result

    first = mix()
    assert sum(first.values()) == 45
    assert mix() == first


def test_closed_dossiers_are_closed_and_open_ones_have_an_appointment(seeded: str) -> None:
    finished = Dossier.objects.filter(state__in=[State.RETURNED, State.STOPPED])
    assert not DossierStep.objects.filter(
        dossier__in=finished, given_at__isnull=False, finished_at__isnull=True
    ).exists()
    assert not finished.filter(finished_at=None).exists()
    open_ones = Dossier.objects.filter(
        state__in=[State.RECEIVED, State.IN_REVIEW, State.CONSULTING]
    )
    assert not open_ones.filter(Q(due_at=None) | Q(code=None)).exists()


def test_the_past_queues_no_messages_to_the_applicants(seeded: str) -> None:
    assert not Message.objects.exists(), "a year of receipts queued for the applicants"
    # Muted only while the history was replayed: new work notifies again.
    assert "notifications.citizen" in hooks.subscribers()


def test_most_finished_dossiers_are_evaluated_on_the_portal_or_on_paper(seeded: str) -> None:
    finished = Dossier.objects.filter(state__in=EVALUABLE_STATES).count()
    evaluations = Evaluation.objects.all()
    assert finished * 0.4 <= evaluations.count() <= finished * 0.8
    assert set(evaluations.values_list("channel", flat=True)) == set(EvaluationChannel.values)
    assert all(evaluation.created_at.date() <= timezone.localdate() for evaluation in evaluations)
