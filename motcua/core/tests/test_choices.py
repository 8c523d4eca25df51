import pytest
from django.test import override_settings
from django.utils import translation

from motcua.core.choices import label
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.worktime.limits import Channel


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_label_is_what_get_display_shows(language: str) -> None:
    with translation.override(language):
        for state in State:
            assert label(State, state) == Dossier(state=state).get_state_display()
        for channel in Channel:
            assert label(Channel, channel) == Dossier(channel=channel).get_channel_display()


def test_a_value_that_is_no_choice_shows_as_it_is() -> None:
    assert label(State, "archived") == "archived"


@override_settings(DEBUG=True)
def test_labels_are_not_remembered_in_debug() -> None:
    with translation.override("en"):
        assert label(State, State.RECEIVED) == Dossier(state=State.RECEIVED).get_state_display()
