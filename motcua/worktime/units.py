"""Finding units without importing the agencies app.

The calendar layers rows by QCVN 102 code along the unit tree (the province, the department,
the unit). Worktime depends on nothing but core, so it reaches the unit model through
Django's app registry by its label; the contract it relies on is small: a `qcvn_code` field
and an `ancestors()` method returning the chain of parents from the root.
"""

from django.apps import apps
from django.db import models

UNIT_MODEL = "agencies.Unit"


class UnknownUnit(LookupError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def normalise(code: str | None) -> str:
    return (code or "").strip().upper()


def _unit_model() -> type[models.Model] | None:
    try:
        return apps.get_model(UNIT_MODEL)
    except LookupError:
        return None


def unit_exists(code: str) -> bool:
    model = _unit_model()
    return model is not None and model._default_manager.filter(qcvn_code=normalise(code)).exists()


def unit_chain(code: str) -> tuple[str, ...]:
    """The codes from the root of the unit tree down to the unit with `code` (ancestors
    without a code are left out); raises UnknownUnit when no unit has that code."""
    code = normalise(code)
    model = _unit_model()
    unit = None if model is None else model._default_manager.filter(qcvn_code=code).first()
    if unit is None:
        raise UnknownUnit(code)
    ancestors = unit.ancestors().values_list("qcvn_code", flat=True)  # type: ignore[attr-defined]
    return (*(ancestor for ancestor in ancestors if ancestor), code)
