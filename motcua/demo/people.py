"""Demo accounts: a member of staff for every role, two citizens and one organisation.

All share one password, DEMO_PASSWORD, for demonstration only: it is set when an account is
created (a second run leaves accounts, and any password changed since, as they are). Staff
get Django's `is_staff` (the admin site) only where their work needs it: the system
administrator (also a superuser) and the supervisor. Runs after `motcua.demo.province`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from motcua.accounts.models import (
    Organisation,
    OrganisationKind,
    Representation,
    Role,
    StaffMembership,
    User,
    UserKind,
)
from motcua.agencies.models import UnitKind
from motcua.agencies.queries import units_by_qcvn_code
from motcua.core import audit

DEMO_PASSWORD = "demo12345"  # noqa: S105 - published demo password, never for real data

PROVINCE = "000.00.00.H41"
PROVINCIAL_CENTRE = "000.03.01.H41"
JUSTICE = "000.00.04.H41"  # Sở Tư pháp
JUSTICE_DIVISION = "000.01.04.H41"  # Phòng Hành chính tư pháp
WARD = "000.00.40.H41"  # Phường Trường Vinh
WARD_CENTRE = "000.01.40.H41"
# The desk of the provincial centre where the catalogue's provincial procedures are received.
PROVINCIAL_DESK = "001.03.01.H41"  # Quầy tiếp nhận các sở, ban, ngành
POLICE = "000.00.31.H41"  # Công an tỉnh (consulted on criminal records, residence)
SOCIAL_INSURANCE = "000.00.33.H41"  # Bảo hiểm xã hội tỉnh (consulted on health insurance)


@dataclass(frozen=True)
class StaffAccount:
    username: str
    full_name: str
    role: Role
    unit_code: str
    admin_site: bool = False
    superuser: bool = False
    # Other units where the account holds the same role: a one-stop officer also works for
    # the unit whose dossiers the catalogue has received there (the commune, a desk).
    also_at: tuple[str, ...] = ()


STAFF = (
    StaffAccount(
        "quantri",
        "Nguyễn Minh Quân",
        Role.SYSTEM_ADMINISTRATOR,
        PROVINCE,
        admin_site=True,
        superuser=True,
    ),
    # Works at Văn phòng UBND tỉnh; the membership sits on the province so that the whole
    # province is the subtree this supervisor sees.
    StaffAccount("giamsat.vpubnd", "Hoàng Thị Giang", Role.SUPERVISOR, PROVINCE, admin_site=True),
    StaffAccount(
        "tiepnhan.tinh",
        "Lê Thị Hoa",
        Role.RECEPTION_OFFICER,
        PROVINCIAL_CENTRE,
        also_at=(PROVINCIAL_DESK,),
    ),
    StaffAccount(
        "tiepnhan.truongvinh", "Trần Văn Nam", Role.RECEPTION_OFFICER, WARD_CENTRE, also_at=(WARD,)
    ),
    StaffAccount("chuyenvien.stp", "Phạm Thị Lan", Role.SPECIALIST, JUSTICE_DIVISION),
    StaffAccount("truongphong.stp", "Võ Văn Hải", Role.DIVISION_LEADER, JUSTICE_DIVISION),
    StaffAccount("giamdoc.stp", "Đặng Quốc Bảo", Role.AGENCY_LEADER, JUSTICE),
    StaffAccount("vanthu.stp", "Bùi Thị Mai", Role.CLERK, JUSTICE),
    # The ward handles its own procedures (civil status, certifications) end to end.
    StaffAccount("chuyenvien.truongvinh", "Ngô Thị Thu", Role.SPECIALIST, WARD),
    StaffAccount("chutich.truongvinh", "Đinh Văn Long", Role.AGENCY_LEADER, WARD),
    # Agencies that other units consult (liên thông) answer in their own inbox.
    StaffAccount("chuyenvien.congan", "Trịnh Văn Đức", Role.SPECIALIST, POLICE),
    StaffAccount("chuyenvien.bhxh", "Lương Thị Hằng", Role.SPECIALIST, SOCIAL_INSURANCE),
)


@dataclass(frozen=True)
class CitizenAccount:
    phone: str
    email: str
    full_name: str
    cccd: str
    date_of_birth: datetime.date
    address: str


CITIZENS = (
    CitizenAccount(
        "0912345678",
        "nguyenvanan@example.com",
        "Nguyễn Văn An",
        "040085001234",
        datetime.date(1985, 3, 12),
        "Phường Trường Vinh, tỉnh Nghệ An",
    ),
    CitizenAccount(
        "0987654321",
        "tranthibinh@example.com",
        "Trần Thị Bình",
        "040192004321",
        datetime.date(1992, 9, 2),
        "Xã Nghi Lộc, tỉnh Nghệ An",
    ),
)

ORGANISATION = {
    "tax_code": "2901234568",
    "name": "Công ty TNHH Thương mại và Dịch vụ Hồng Lam",
    "kind": OrganisationKind.ENTERPRISE,
    "address": "Phường Vinh Hưng, tỉnh Nghệ An",
}
ORGANISATION_REPRESENTATIVE = "0912345678"


def _upsert(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    """Create the row or bring its values up to date; audit what changed, nothing otherwise."""
    row = model._default_manager.filter(**lookup).first()
    action = f"{model._meta.app_label}.{model._meta.model_name}"
    if row is None:
        row = model(**lookup, **values)
        if isinstance(row, User):
            row.set_password(DEMO_PASSWORD)
        row.save()
        audit.record(f"{action}.created", row, data={"source": "seed_demo"})
        return row
    changed = {name: value for name, value in values.items() if getattr(row, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(row, name, value)
        row.save()
        audit.record(
            f"{action}.updated", row, data={"source": "seed_demo", "changed": sorted(changed)}
        )
    return row


def build(out: Callable[[str], None]) -> None:
    units = units_by_qcvn_code(
        code for account in STAFF for code in (account.unit_code, *account.also_at)
    )
    rows: list[tuple[str, str, str]] = []
    for account in STAFF:
        user = _upsert(
            User,
            {"username": account.username},
            {
                "kind": UserKind.STAFF,
                "full_name": account.full_name,
                "is_staff": account.admin_site,
                "is_superuser": account.superuser,
            },
        )
        unit = units[account.unit_code]
        for code in (account.unit_code, *account.also_at):
            _upsert(StaffMembership, {"user": user, "unit": units[code], "role": account.role}, {})
        # A division's name alone does not say which department it belongs to.
        parent = unit.parent if unit.kind == UnitKind.DIVISION else None
        place = f"{unit.name}, {parent.name}" if parent else unit.name
        place = "; ".join([place, *(units[code].name for code in account.also_at)])
        rows.append((account.username, str(account.role.label), place))

    citizens = {}
    for citizen in CITIZENS:
        citizens[citizen.phone] = _upsert(
            User,
            {"username": citizen.phone},
            {
                "kind": UserKind.CITIZEN,
                "phone": citizen.phone,
                "email": citizen.email,
                "full_name": citizen.full_name,
                "cccd": citizen.cccd,
                "date_of_birth": citizen.date_of_birth,
                "address": citizen.address,
            },
        )
        rows.append(
            (f"{citizen.phone} / {citizen.email}", str(UserKind.CITIZEN.label), citizen.full_name)
        )

    organisation = _upsert(
        Organisation,
        {"tax_code": ORGANISATION["tax_code"]},
        {key: value for key, value in ORGANISATION.items() if key != "tax_code"},
    )
    _upsert(
        Representation,
        {"user": citizens[ORGANISATION_REPRESENTATIVE], "organisation": organisation},
        {"title": "Giám đốc"},
    )
    _print_table(out, rows, organisation)


def _print_table(
    out: Callable[[str], None], rows: list[tuple[str, str, str]], organisation: Organisation
) -> None:
    header = (_("Sign in with"), _("Role"), _("Unit or person"))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    out(_("Demo accounts (one password for all, for the demo only: %s)") % DEMO_PASSWORD)
    for row in [header, *rows]:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        out(("  " + "  ".join(cells)).rstrip())
    out(
        "  "
        + _("Organisation: %(name)s, tax code %(tax_code)s, represented by %(representative)s.")
        % {
            "name": organisation.name,
            "tax_code": organisation.tax_code,
            "representative": ORGANISATION_REPRESENTATIVE,
        }
    )
