import factory
from factory.django import DjangoModelFactory

from motcua.agencies.models import Unit, UnitKind


class UnitFactory(DjangoModelFactory[Unit]):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Phòng thử nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    kind = UnitKind.DIVISION
    parent = None


def chain(levels: int, **fields: object) -> list[Unit]:
    """A line of units, each the parent of the next: chain(6)[0] is the root."""
    units: list[Unit] = []
    for level in range(levels):
        units.append(
            UnitFactory.create(
                parent=units[-1] if units else None, name=f"Cấp {level + 1}", **fields
            )
        )
    return units
