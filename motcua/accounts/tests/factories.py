import factory
from factory.django import DjangoModelFactory

from motcua.accounts.models import (
    Organisation,
    OrganisationKind,
    Representation,
    Role,
    StaffMembership,
    User,
    UserKind,
)
from motcua.accounts.validators import tax_code_check_digit
from motcua.agencies.tests.factories import UnitFactory

PASSWORD = "Mật-khẩu-thử-2026"


def valid_tax_code(n: int) -> str:
    """A tax code of its own for each n (each n owns ten bases; one of them has a check digit)."""
    base = 10_000_000 + 10 * n
    while tax_code_check_digit(f"{base:09d}") is None:
        base += 1
    return f"{base:09d}{tax_code_check_digit(f'{base:09d}')}"


class _AccountFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        abstract = True
        skip_postgeneration_save = True

    password = factory.django.Password(PASSWORD)


class CitizenFactory(_AccountFactory):
    kind = UserKind.CITIZEN
    username = factory.Sequence(lambda n: f"citizen-{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Dân {n}")
    phone = factory.Sequence(lambda n: f"09{n:08d}")
    email = factory.Sequence(lambda n: f"dan{n}@example.vn")


class StaffFactory(_AccountFactory):
    """Staff sign in with a user name or e-mail; they have no phone on file by default."""

    kind = UserKind.STAFF
    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Trần Thị Cán Bộ {n}")
    email = factory.Sequence(lambda n: f"canbo{n}@ubnd.example.vn")


class MembershipFactory(DjangoModelFactory[StaffMembership]):
    class Meta:
        model = StaffMembership

    user = factory.SubFactory(StaffFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.SPECIALIST


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Công ty TNHH Thử Nghiệm {n}")
    kind = OrganisationKind.ENTERPRISE
    tax_code = factory.Sequence(valid_tax_code)


class RepresentationFactory(DjangoModelFactory[Representation]):
    class Meta:
        model = Representation

    user = factory.SubFactory(CitizenFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = "Giám đốc"
