"""Each row's allowance: the dossier's time limit shared along the internal process."""

from motcua.dossiers import timing
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.steps import process_steps_of
from motcua.dossiers.tests.factories import Province, at, desk_dossier
from motcua.worktime.queries import get_calendar


def test_the_time_limit_is_shared_along_the_process(world: Province) -> None:
    dossier = desk_dossier(world, version=world.joint_version)
    perform(dossier, Action.RECEIVE, world.officer, now=at(2026, 3, 2, 8))
    assert dossier.clock_started_at and dossier.original_due_at
    total = get_calendar("000.00.02.H41").working_minutes(
        dossier.clock_started_at, dossier.original_due_at
    )
    steps = process_steps_of(dossier)
    reception, review, police, tax, decision, giving_back = steps
    assert tax.parallel_with_previous and not police.parallel_with_previous

    allowances = timing.step_allowances(dossier, steps)

    # Shares 4 h, 2 days, 1 day, (1 day alongside), 1 day, 4 h: 40 hours on the path.
    path = [reception, review, police, decision, giving_back]
    assert sum(allowances[step.pk] for step in path) == total
    assert allowances[review.pk] == 4 * allowances[reception.pk]
    assert abs(allowances[tax.pk] - allowances[police.pk]) <= 1
    assert allowances[tax.pk] == total * 8 // 40
