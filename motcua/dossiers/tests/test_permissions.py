"""Who may see and act on a dossier: the permission matrix."""

import pytest
from django.utils import translation

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import (
    CitizenFactory,
    OrganisationFactory,
    RepresentationFactory,
)
from motcua.dossiers import queries
from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.lifecycle import TRANSITIONS, Action, available_actions, perform
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import (
    Province,
    at,
    desk_dossier,
    online_dossier,
    staff,
)

NOW = at(2026, 3, 2, 9)


def in_review(world: Province, dossier: Dossier) -> Dossier:
    perform(dossier, Action.RECEIVE, world.officer, now=NOW)
    perform(dossier, Action.TRANSFER, world.officer, now=NOW)
    perform(dossier, Action.ASSIGN, world.leader, now=NOW, specialist=world.specialist)
    return dossier


def refused(dossier: Dossier, action: Action, actor: object, **params: object) -> str:
    state = dossier.state
    with pytest.raises(ActionRefused) as refusal:
        perform(dossier, action, actor, now=NOW, **params)
    dossier.refresh_from_db()
    assert dossier.state == state
    return refusal.value.code


def test_officers_of_another_unit_neither_see_nor_act(world: Province) -> None:
    dossier = desk_dossier(world)

    assert dossier in queries.dossiers_for(world.officer)
    assert dossier not in queries.dossiers_for(world.other_officer)
    assert refused(dossier, Action.RECEIVE, world.other_officer) == "forbidden"
    assert available_actions(dossier, world.other_officer) == []


def test_a_consulted_agency_sees_the_dossier_while_it_has_a_step(world: Province) -> None:
    dossier = in_review(world, desk_dossier(world, version=world.joint_version))
    police_leader = staff(world.police, Role.DIVISION_LEADER)
    assert dossier not in queries.dossiers_for(world.police_specialist)

    perform(dossier, Action.CONSULT, world.specialist, now=NOW)

    assert dossier in queries.dossiers_for(world.police_specialist)
    assert dossier in queries.dossiers_for(police_leader)
    # Its part is to answer, not to decide for the lead agency.
    assert available_actions(dossier, world.police_specialist) == [Action.ANSWER_CONSULTATION]
    assert refused(dossier, Action.STOP, police_leader, reason="Không") == "forbidden"


def test_a_specialist_cannot_approve(world: Province) -> None:
    dossier = in_review(world, desk_dossier(world))
    perform(dossier, Action.PROPOSE, world.specialist, now=NOW, proposal="approve")

    assert refused(dossier, Action.APPROVE, world.specialist) == "forbidden"
    assert refused(dossier, Action.REJECT, world.specialist, reason="Không") == "forbidden"
    assert Action.APPROVE in available_actions(dossier, world.leader)


def test_only_the_specialist_in_charge_works_on_the_dossier(world: Province) -> None:
    dossier = in_review(world, desk_dossier(world))

    code = refused(dossier, Action.PROPOSE, world.second_specialist, proposal="approve")

    assert code == "requirement"
    assert available_actions(dossier, world.second_specialist) == []


def test_the_leader_assigns_only_a_specialist_of_the_unit(world: Province) -> None:
    dossier = desk_dossier(world)
    perform(dossier, Action.RECEIVE, world.officer, now=NOW)
    perform(dossier, Action.TRANSFER, world.officer, now=NOW)

    assert refused(dossier, Action.ASSIGN, world.leader, specialist=world.police_specialist) == (
        "specialist"
    )


def test_a_citizen_cannot_act_as_staff(world: Province) -> None:
    dossier = online_dossier(world)

    for action in (Action.RECEIVE, Action.REFUSE, Action.REQUEST_SUPPLEMENT):
        assert refused(dossier, action, world.citizen) == "forbidden"
    assert available_actions(dossier, world.citizen) == [Action.WITHDRAW]


def test_citizens_see_their_own_dossiers_and_their_organisations(world: Province) -> None:
    own = online_dossier(world)
    stranger = CitizenFactory.create()
    company = OrganisationFactory.create()
    representative = RepresentationFactory.create(organisation=company).user
    own.organisation = company
    own.save()

    assert list(queries.my_dossiers(world.citizen)) == [own]
    assert list(queries.my_dossiers(stranger)) == []
    assert list(queries.my_dossiers(representative)) == [own]
    # Another citizen cannot act on it; a representative of its organisation can.
    assert refused(own, Action.WITHDRAW, stranger) == "forbidden"
    perform(own, Action.WITHDRAW, representative, now=NOW)
    assert own.state == State.CANCELLED


def test_staff_never_see_drafts(world: Province) -> None:
    from motcua.dossiers import services
    from motcua.dossiers.tests.factories import details

    draft = services.save_draft(
        version=world.version,
        receiving_unit=world.centre,
        applicant=world.citizen,
        details=details(world.citizen),
        form_data={},
    )
    assert draft.state == State.DRAFT and draft.national_status is None
    assert draft in queries.my_dossiers(world.citizen)
    assert draft not in queries.dossiers_for(world.officer)
    perform(draft, Action.SUBMIT, world.citizen, now=NOW)
    assert draft in queries.dossiers_for(world.officer)


def test_supervisors_see_their_subtree(world: Province) -> None:
    dossier = desk_dossier(world)
    supervisor = staff(world.province, Role.SUPERVISOR)
    department_supervisor = staff(world.department, Role.SUPERVISOR)

    assert dossier in queries.dossiers_for(supervisor)
    assert dossier not in queries.dossiers_for(department_supervisor)
    # Seeing is not acting.
    assert available_actions(dossier, supervisor) == []


def test_illegal_transitions_are_refused_in_vietnamese(world: Province) -> None:
    dossier = desk_dossier(world)
    with translation.override("vi"), pytest.raises(ActionRefused) as refusal:
        perform(dossier, Action.APPROVE, world.leader, now=NOW)
    assert refusal.value.code == "illegal_transition"
    assert "Phê duyệt" in refusal.value.message
    with pytest.raises(ActionRefused) as unknown:
        perform(dossier, "launch", world.officer, now=NOW)
    assert unknown.value.code == "unknown_action"


def test_the_table_reaches_every_state_and_leaves_only_final_ones() -> None:
    reached = {State.DRAFT, State.SUBMITTED}
    for rule in TRANSITIONS.values():
        reached.update(rule.next_states)
    assert reached == set(State)
    leaving = {state for state, _action in TRANSITIONS}
    assert set(State) - leaving == {
        State.REFUSED,
        State.CANCELLED,
        State.STOPPED,
        State.RETURNED,
    }
    assert all(rule.actors for rule in TRANSITIONS.values())
