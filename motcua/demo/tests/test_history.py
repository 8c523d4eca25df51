"""load_history: a small history, checked dossier by dossier against the lifecycle's rules and
the deadline engine, on SQLite and on PostgreSQL (COPY, with and without the indexes)."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.utils.module_loading import import_string

from motcua.accounts.models import StaffMembership
from motcua.core.models import AuditEvent
from motcua.demo.history import LOOKUP_SECRET, History, Mix, OrmWriter
from motcua.demo.tests.history_checks import problems
from motcua.dossiers.lifecycle import APPLICANT, TRANSITIONS, Action
from motcua.dossiers.models import DailySequence, Dossier, DossierStep, Pause, Transition
from motcua.dossiers.numbering import secret_matches
from motcua.dossiers.states import OPEN_STATES, State
from motcua.dossiers.stats import record_finished_facts
from motcua.worktime import queries as worktime_queries
from motcua.worktime.engine import VN_TZ

pytestmark = pytest.mark.django_db

FIRST, LAST = datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)
# "Now" two weeks before the end of the period: the last dossiers are still open.
NOW = datetime.datetime(2025, 12, 17, 10, 0, tzinfo=VN_TZ)


@pytest.fixture
def province() -> None:
    worktime_queries.forget_calendars()
    for step in ("province", "people", "calendar", "catalogue"):
        import_string(f"motcua.demo.{step}.build")(lambda line: None)


def _load(count: int, **options: object) -> History:
    history = History(count, FIRST, LAST, seed=7, batch=120, now=NOW, **options)  # type: ignore[arg-type]
    history.run()
    return history


def test_every_dossier_is_what_the_lifecycle_would_have_written(province: None) -> None:
    _load(300)
    assert Dossier.objects.count() == 300
    assert problems(now=NOW) == []
    states = Counter(Dossier.objects.values_list("state", flat=True))
    # A history, not one path: returned results, open work of every kind, refusals.
    assert states[State.RETURNED] > 150
    assert len(set(states) & OPEN_STATES) >= 3
    assert states[State.REFUSED] + states[State.CANCELLED] > 0
    assert set(Dossier.objects.values_list("channel", flat=True)) >= {"desk", "online"}
    assert Pause.objects.exists()
    assert DossierStep.objects.filter(outcome="late").exists()
    assert DossierStep.objects.filter(outcome="early").exists()
    # Late dossiers: some apologised with a new appointment, some finished after theirs.
    assert Transition.objects.filter(action="apologise").exists()
    assert Dossier.objects.filter(finished_at__gt=F("due_at")).exists()


def test_the_finished_dossiers_facts_are_those_the_statistics_rule_computes(
    province: None,
) -> None:
    # More rejections, withdrawals, supplements, apologies and late ends than usual.
    mix = Mix(rejected=0.15, stopped=0.2, supplement_in_process=0.3, late_first=0.4, late_last=0.4)
    _load(300, mix=mix)
    facts = ("finish_outcome", "judged_due_at", "supplement_requests")
    finished = Dossier.objects.filter(finished_at__isnull=False).order_by("pk")
    written = list(finished.values_list("pk", *facts))
    assert not Dossier.objects.filter(finished_at=None).exclude(finish_outcome=None).exists()
    # The rule of the statistics, in SQL, over the same dossiers with their facts cleared.
    finished.update(finish_outcome=None, judged_due_at=None, supplement_requests=None)
    assert record_finished_facts(Dossier.objects.all()) == len(written)
    assert list(finished.values_list("pk", *facts)) == written
    # Every outcome the history writes, apologies (judged by the earlier appointment) and
    # supplement requests included.
    outcomes = Counter(outcome for _pk, outcome, _due, _requests in written)
    assert set(outcomes) >= {"resolved_early", "resolved_late", "returned", "withdrawn"}
    apologised = Dossier.objects.filter(finished_at__isnull=False, apologies__isnull=False)
    assert apologised.exclude(judged_due_at=F("due_at")).exists()
    assert any(requests for _pk, _outcome, _due, requests in written)


def test_codes_are_unique_per_unit_and_day_and_counters_continue(province: None) -> None:
    _load(200)
    codes = list(Dossier.objects.exclude(code=None).values_list("code", flat=True))
    assert len(codes) == len(set(codes)) > 150
    assert problems(now=NOW) == []
    # A second load over the same days continues every unit's daily numbers.
    History(100, FIRST, LAST, seed=8, batch=50, now=NOW).run()
    codes = list(Dossier.objects.exclude(code=None).values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    assert problems(now=NOW, ordered=False) == []
    assert DailySequence.objects.exists()


def test_every_actor_may_take_the_action_by_the_lifecycle_table(province: None) -> None:
    _load(150)
    roles = set(StaffMembership.objects.values_list("user", "unit", "role"))
    checked = 0
    for dossier in Dossier.objects.prefetch_related("steps", "transitions"):
        units = {dossier.receiving_unit_id} | {step.unit_id for step in dossier.steps.all()}
        for transition in dossier.transitions.all():
            if not transition.from_state:
                continue  # the submission: the applicant online, the desk officer at the desk
            rule = TRANSITIONS[(State(transition.from_state), Action(transition.action))]
            actor = transition.actor_id
            if APPLICANT in rule.actors and actor is not None and actor == dossier.applicant_id:
                continue
            assert any((actor, unit, role) in roles for unit in units for role in rule.actors), (
                transition.action,
                actor,
            )
            checked += 1
    assert checked > 500


def test_the_receipt_secret_opens_every_loaded_dossier(province: None) -> None:
    _load(30)
    dossier = Dossier.objects.exclude(code=None).first()
    assert dossier is not None and secret_matches(LOOKUP_SECRET.lower(), dossier.lookup_secret_hash)


def test_the_command_reports_and_records_one_audit_event(province: None) -> None:
    before = AuditEvent.objects.count()
    output = io.StringIO()
    call_command("load_history", dossiers=40, years=0.5, until=LAST, stdout=output)
    assert "Loaded 40 dossiers" in output.getvalue()
    assert AuditEvent.objects.count() == before + 1
    assert problems() == []


@pytest.mark.postgres
@pytest.mark.parametrize("drop_indexes", [False, True])
def test_copy_on_postgresql(province: None, drop_indexes: bool) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("COPY needs PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'dossiers_dossierstep'")
        indexes = cursor.fetchone()[0]
    history = _load(300, drop_indexes=drop_indexes)
    assert not isinstance(history.writer, OrmWriter)
    assert problems(now=NOW) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'dossiers_dossierstep'")
        assert cursor.fetchone()[0] == indexes
