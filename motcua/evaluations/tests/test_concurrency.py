"""Once, even at the same moment: the applicant on the portal and an officer at the desk (and
a double click) evaluating one dossier together make one evaluation; the others are told."""

import threading

import pytest
from django.db import connection, connections

from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.tests.factories import make_province
from motcua.evaluations import services
from motcua.evaluations.models import Evaluation, Level
from motcua.evaluations.tests.factories import returned

ATTEMPTS = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_evaluations_make_one() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite serialises every writer.")
    world = make_province()
    dossier = returned(world)
    people = [world.citizen, world.officer] * (ATTEMPTS // 2)
    barrier = threading.Barrier(ATTEMPTS)
    refusals: list[str] = []
    errors: list[BaseException] = []

    def evaluate(position: int) -> None:
        try:
            barrier.wait()
            services.evaluate(dossier, people[position], level=Level.SATISFIED)
        except ActionRefused as refusal:
            refusals.append(refusal.code)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=evaluate, args=(n,)) for n in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Evaluation.objects.filter(dossier=dossier).count() == 1
    assert refusals == ["already_evaluated"] * (ATTEMPTS - 1)
