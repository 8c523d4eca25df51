"""A small province for dossier tests: a one-stop centre, a department that processes, two
agencies it consults, their staff, and procedure versions with internal processes."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from motcua.accounts.models import Role, User
from motcua.accounts.tests.factories import CitizenFactory, MembershipFactory, StaffFactory
from motcua.agencies.models import Unit, UnitKind
from motcua.agencies.tests.factories import UnitFactory
from motcua.catalog.models import (
    Component,
    OnlineLevel,
    ProcedureVersion,
    ProcessStep,
    UnitRole,
    VersionUnit,
)
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ApplicantDetails
from motcua.worktime.engine import VN_TZ
from motcua.worktime.limits import Channel, TimeUnit

# A PDF's first bytes are all the upload check reads; the rest is any content.
PDF_BYTES = b"%PDF-1.7\n% test document\n" + b"0" * 200


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """A moment in Vietnam time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


# Dossiers of the tests are submitted early on Monday 2 March 2026, an ordinary week.
SUBMITTED_AT = at(2026, 3, 2, 7, 45)


def staff(unit: Unit, *roles: Role, **fields: Any) -> User:
    person = StaffFactory.create(**fields)
    for role in roles:
        MembershipFactory.create(user=person, unit=unit, role=role)
    return person


@dataclass
class Province:
    province: Unit
    centre: Unit  # the one-stop centre (receives)
    department: Unit  # processes
    police: Unit  # consulted
    tax: Unit  # consulted
    other_centre: Unit  # another one-stop unit, for the permission matrix
    officer: User
    other_officer: User
    leader: User
    specialist: User
    second_specialist: User
    clerk: User
    police_specialist: User
    tax_specialist: User
    citizen: User
    version: ProcedureVersion  # two internal steps at the department
    joint_version: ProcedureVersion  # with the police and the tax office (liên thông)


def make_province() -> Province:
    province = UnitFactory.create(
        name="UBND tỉnh Nghệ An", kind=UnitKind.PROVINCE_COMMITTEE, qcvn_code="000.00.00.H41"
    )

    def unit(name: str, kind: UnitKind, code: str) -> Unit:
        return UnitFactory.create(name=name, kind=kind, qcvn_code=code, parent=province)

    centre = unit(
        "Trung tâm Phục vụ hành chính công tỉnh", UnitKind.SERVICE_CENTRE, "000.00.02.H41"
    )
    department = unit("Sở Tư pháp", UnitKind.DEPARTMENT, "000.00.10.H41")
    police = unit("Công an tỉnh", UnitKind.VERTICAL_BRANCH, "000.00.30.H41")
    tax = unit("Thuế tỉnh", UnitKind.VERTICAL_BRANCH, "000.00.31.H41")
    other_centre = unit("Điểm tiếp nhận số 2", UnitKind.RECEPTION_POINT, "000.00.03.H41")
    return Province(
        province=province,
        centre=centre,
        department=department,
        police=police,
        tax=tax,
        other_centre=other_centre,
        officer=staff(centre, Role.RECEPTION_OFFICER, full_name="Lê Thị Một Cửa"),
        other_officer=staff(other_centre, Role.RECEPTION_OFFICER),
        leader=staff(department, Role.DIVISION_LEADER, full_name="Phạm Văn Trưởng Phòng"),
        specialist=staff(department, Role.SPECIALIST, full_name="Hoàng Thị Chuyên Viên"),
        second_specialist=staff(department, Role.SPECIALIST),
        clerk=staff(department, Role.CLERK),
        police_specialist=staff(police, Role.SPECIALIST),
        tax_specialist=staff(tax, Role.SPECIALIST),
        citizen=CitizenFactory.create(full_name="Nguyễn Văn An", phone="0912345678"),
        version=make_version(centre, department),
        joint_version=make_version(centre, department, consulted=(police, tax)),
    )


def make_version(
    receiving: Unit, processing: Unit, consulted: tuple[Unit, ...] = ()
) -> ProcedureVersion:
    """A version of 5 working days with the internal process: reception at the desk (4
    working hours), review by a specialist (2 working days, less the consulted agencies'
    shares of 1 working day each, run in parallel), the leader's decision (1 working day),
    the return at the desk (4 working hours)."""
    version = ProcedureVersionFactory.create(
        time_limit_amount=5,
        time_limit_unit=TimeUnit.WORKING_DAYS,
        online=True,
        online_level=OnlineLevel.FULL,
        by_post=True,
        form_schema=[{"key": "ho_ten", "label": "Họ và tên", "type": "text", "required": True}],
    )
    VersionUnit.objects.create(version=version, unit=receiving, role=UnitRole.RECEIVING)
    VersionUnit.objects.create(version=version, unit=processing, role=UnitRole.PROCESSING)
    plan: list[tuple[str, Role, Unit | None, Decimal, TimeUnit, bool]] = [
        (
            "Tiếp nhận hồ sơ",
            Role.RECEPTION_OFFICER,
            receiving,
            Decimal(4),
            TimeUnit.WORKING_HOURS,
            False,
        ),
        ("Thẩm định hồ sơ", Role.SPECIALIST, processing, Decimal(2), TimeUnit.WORKING_DAYS, False),
    ]
    for position, unit in enumerate(consulted):
        plan.append(
            ("Lấy ý kiến", Role.SPECIALIST, unit, Decimal(1), TimeUnit.WORKING_DAYS, position > 0)
        )
    plan += [
        ("Phê duyệt", Role.DIVISION_LEADER, processing, Decimal(1), TimeUnit.WORKING_DAYS, False),
        (
            "Trả kết quả",
            Role.RECEPTION_OFFICER,
            receiving,
            Decimal(4),
            TimeUnit.WORKING_HOURS,
            False,
        ),
    ]
    for order, (name, role, acting, amount, time_unit, parallel) in enumerate(plan, start=1):
        ProcessStep.objects.create(
            version=version,
            order=order,
            name=name,
            role=role,
            unit=acting,
            duration_amount=amount,
            duration_unit=time_unit,
            parallel_with_previous=parallel,
        )
    Component.objects.create(version=version, order=1, name="Tờ khai")
    return version


def details(person: User | None = None) -> ApplicantDetails:
    return ApplicantDetails(
        name=person.full_name if person else "Trần Thị Không Tài Khoản",
        phone=person.phone if person else "0987654321",
        address="Số 1, phường Trường Vinh",
    )


def desk_dossier(
    world: Province,
    version: ProcedureVersion | None = None,
    channel: Channel = Channel.DESK,
) -> Dossier:
    return services.enter_at_desk(
        officer=world.officer,
        version=version or world.version,
        receiving_unit=world.centre,
        details=details(),
        form_data={"ho_ten": "Trần Thị Không Tài Khoản"},
        channel=channel,
        now=SUBMITTED_AT,
    )


def draft_dossier(world: Province) -> Dossier:
    """The citizen's saved draft, never submitted."""
    return services.save_draft(
        version=world.version,
        receiving_unit=world.centre,
        applicant=world.citizen,
        details=details(world.citizen),
        form_data={"ho_ten": world.citizen.full_name},
    )


def online_dossier(
    world: Province, key: str = "key-1", version: ProcedureVersion | None = None
) -> Dossier:
    return services.submit_online(
        version=version or world.version,
        receiving_unit=world.centre,
        applicant=world.citizen,
        details=details(world.citizen),
        form_data={"ho_ten": world.citizen.full_name},
        idempotency_key=key,
        now=SUBMITTED_AT,
    )
