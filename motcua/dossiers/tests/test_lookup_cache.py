"""The public lookup's answers kept in the shared cache, forgotten when the dossier is saved."""

from typing import Any

from django.core.cache import cache
from django.test import override_settings
from pytest_django.fixtures import DjangoAssertNumQueries

from motcua.dossiers import queries
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import Province, at, online_dossier

MONDAY = at(2026, 3, 2, 8)
PHONE = "0912345678"


@override_settings(MOTCUA_LOOKUP_SECONDS=60)
def test_the_answer_is_kept_until_the_dossier_is_saved(
    world: Province,
    django_capture_on_commit_callbacks: Any,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dossier = online_dossier(world)
        perform(dossier, Action.RECEIVE, world.officer, now=MONDAY)
    code = Dossier.objects.get(pk=dossier.pk).code
    assert code is not None
    first = queries.public_lookup(code, phone=PHONE)
    assert first is not None and first.state == State.RECEIVED
    with django_assert_num_queries(0):
        assert queries.public_lookup(code.lower(), phone=PHONE) == first
        # The kept row still checks what was typed.
        assert queries.public_lookup(code, phone="0900000000") is None
    # A bulk update saves nothing: the kept answer stays until a save forgets it.
    Dossier.objects.filter(pk=dossier.pk).update(state=State.IN_REVIEW)
    assert queries.public_lookup(code, phone=PHONE) == first
    with django_capture_on_commit_callbacks(execute=True):
        Dossier.objects.get(pk=dossier.pk).save()
    answer = queries.public_lookup(code, phone=PHONE)
    assert answer is not None and answer.state == State.IN_REVIEW


def test_an_unknown_code_is_not_kept_and_nothing_is_kept_in_a_per_process_cache(
    world: Province, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    assert queries.lookup_seconds() == 0  # the tests' cache is per process
    with override_settings(MOTCUA_LOOKUP_SECONDS=60), django_assert_num_queries(2):
        assert queries.public_lookup("000.00.02.H41-260302-9999", phone=PHONE) is None
        assert queries.public_lookup("000.00.02.H41-260302-9999", phone=PHONE) is None
