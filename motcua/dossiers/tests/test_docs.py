"""docs/one-stop-lifecycle.md describes every state and action of the transition table."""

from django.conf import settings

from motcua.dossiers.lifecycle import TRANSITIONS
from motcua.dossiers.states import State

DOC = settings.BASE_DIR / "docs" / "one-stop-lifecycle.md"


def test_the_lifecycle_page_names_every_state_and_action() -> None:
    text = DOC.read_text(encoding="utf-8")
    names = [state.value for state in State]
    names += sorted({action.value for _state, action in TRANSITIONS})
    missing = [f"`{name}`" for name in names if f"`{name}`" not in text]
    assert not missing, f"{DOC.name} does not describe {', '.join(missing)}"
