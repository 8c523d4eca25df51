"""The demo province: Nghệ An after the reform of 1 July 2025, with its history.

Nghệ An (QCVN 102 `000.00.00.H41`, QĐ 19/2025 code `40`) was not merged with another province
in 2025, and is the domain specification's example. Below the province, the QCVN 102
identifiers and the 5-digit (3-digit for former districts) administrative-unit codes are
ILLUSTRATIVE: they follow the level structure (a department is 000.00.YY.H41, its division
000.ZZ.YY.H41, a desk of the centre VVV.ZZ.YY.H41) but are not the codes the province was
given. Unit names follow the 2025 reform but are demo data too, not an official list.

Every unit is upserted by its QCVN 102 identifier through `motcua.agencies.services`, so a
second run changes nothing and writes nothing to the audit trail.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby

from django.utils.translation import gettext as _

from motcua.agencies import services
from motcua.agencies.models import Unit, UnitKind
from motcua.agencies.queries import units_by_qcvn_code

PROVINCE_CODE = "000.00.00.H41"
# The two-tier local government (Luật 72/2025/QH15) and the commune mergers took effect on
# this day; departments were merged on 1 March 2025.
REFORM_DAY = datetime.date(2025, 7, 1)
DEPARTMENTS_MERGED_ON = datetime.date(2025, 3, 1)
COMMUNE_DECISION = (
    "Nghị quyết của Ủy ban Thường vụ Quốc hội về việc sắp xếp các đơn vị hành chính cấp xã "
    "của tỉnh Nghệ An năm 2025"
)
DEPARTMENT_DECISION = "Quyết định của UBND tỉnh Nghệ An về việc sắp xếp các sở năm 2025"
DISTRICT_DECISION = (
    "Luật Tổ chức chính quyền địa phương số 72/2025/QH15: kết thúc hoạt động của đơn vị "
    "hành chính cấp huyện từ ngày 01/07/2025"
)

K = UnitKind


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    short_name: str
    kind: UnitKind
    admin_code: str = ""
    valid_from: datetime.date | None = None
    children: tuple["Spec", ...] = ()
    # For a unit that ended: the identifier of the unit that carries its work.
    successor: str = ""


def _division(code: str, name: str, short_name: str) -> Spec:
    return Spec(code, name, short_name, K.DIVISION)


def _department(
    level2: str,
    name: str,
    short_name: str,
    divisions: Iterable[tuple[str, str]] = (),
    valid_from: datetime.date | None = None,
) -> Spec:
    children = tuple(
        _division(f"000.{index:02d}.{level2}.H41", division, division_short)
        for index, (division, division_short) in enumerate(divisions, start=1)
    )
    return Spec(
        f"000.00.{level2}.H41",
        name,
        short_name,
        K.DEPARTMENT,
        valid_from=valid_from,
        children=children,
    )


def _commune(
    level2: str, kind: UnitKind, name: str, admin_code: str, divisions: tuple[Spec, ...] = ()
) -> Spec:
    """A commune-level unit after the reform, with its own service centre."""
    level_name = {K.WARD: "phường", K.COMMUNE: "xã", K.SPECIAL_ZONE: "đặc khu"}[kind]
    place = name.split(" ", 1)[1]
    centre = Spec(
        f"000.01.{level2}.H41",
        f"Trung tâm Phục vụ hành chính công {level_name} {place}",
        "TTPVHCC",
        K.SERVICE_CENTRE,
        valid_from=REFORM_DAY,
    )
    return Spec(
        f"000.00.{level2}.H41",
        name,
        "UBND",
        kind,
        admin_code=admin_code,
        valid_from=REFORM_DAY,
        children=(centre, *divisions),
    )


# Trung tâm Phục vụ hành chính công tỉnh: a unit of Văn phòng UBND tỉnh (NĐ 118/2025), with
# desks where the departments and the vertical branches receive dossiers.
SERVICE_CENTRE = Spec(
    "000.03.01.H41",
    "Trung tâm Phục vụ hành chính công tỉnh Nghệ An",
    "TTPVHCC",
    K.SERVICE_CENTRE,
    valid_from=REFORM_DAY,
    children=tuple(
        Spec(f"{index:03d}.03.01.H41", name, short_name, K.RECEPTION_POINT, valid_from=REFORM_DAY)
        for index, (name, short_name) in enumerate(
            [
                ("Quầy tiếp nhận các sở, ban, ngành", "QSN"),
                ("Quầy Công an tỉnh", "QCA"),
                ("Quầy Thuế tỉnh", "QTHUE"),
                ("Quầy Bảo hiểm xã hội tỉnh", "QBHXH"),
                ("Quầy Văn phòng Đăng ký đất đai", "QĐKĐĐ"),
            ],
            start=1,
        )
    ),
)

DEPARTMENTS = (
    Spec(
        "000.00.01.H41",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "VP",
        K.DEPARTMENT,
        children=(
            _division("000.01.01.H41", "Phòng Kiểm soát thủ tục hành chính", "KSTTHC"),
            _division("000.02.01.H41", "Phòng Tổng hợp", "TH"),
            SERVICE_CENTRE,
        ),
    ),
    _department(
        "03",
        "Sở Nội vụ",
        "SNV",
        [("Phòng Công chức, viên chức", "CCVC"), ("Phòng Cải cách hành chính", "CCHC")],
        DEPARTMENTS_MERGED_ON,
    ),
    _department(
        "04",
        "Sở Tư pháp",
        "STP",
        [
            ("Phòng Hành chính tư pháp", "HCTP"),
            ("Phòng Bổ trợ tư pháp", "BTTP"),
            ("Phòng Xây dựng và kiểm tra văn bản", "XDKTVB"),
        ],
    ),
    _department(
        "05",
        "Sở Tài chính",
        "STC",
        [("Phòng Đăng ký kinh doanh", "ĐKKD"), ("Phòng Quản lý ngân sách", "QLNS")],
        DEPARTMENTS_MERGED_ON,
    ),
    _department(
        "06",
        "Sở Xây dựng",
        "SXD",
        [("Phòng Quản lý xây dựng", "QLXD"), ("Phòng Quản lý vận tải", "QLVT")],
        DEPARTMENTS_MERGED_ON,
    ),
    _department(
        "07",
        "Sở Nông nghiệp và Môi trường",
        "SNNMT",
        [
            ("Chi cục Kiểm lâm", "CCKL"),
            ("Chi cục Thủy lợi", "CCTL"),
            ("Phòng Quản lý đất đai", "QLĐĐ"),
            ("Văn phòng Đăng ký đất đai tỉnh", "VPĐKĐĐ"),
        ],
        DEPARTMENTS_MERGED_ON,
    ),
    _department("08", "Sở Y tế", "SYT", [("Phòng Nghiệp vụ Y", "NVY")]),
    _department("09", "Sở Giáo dục và Đào tạo", "SGDĐT"),
    _department("10", "Sở Công Thương", "SCT", [("Chi cục Quản lý thị trường", "QLTT")]),
    _department("11", "Sở Khoa học và Công nghệ", "SKHCN", valid_from=DEPARTMENTS_MERGED_ON),
    _department("12", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    _department("13", "Sở Dân tộc và Tôn giáo", "SDTTG", valid_from=DEPARTMENTS_MERGED_ON),
    _department("14", "Sở Ngoại vụ", "SNgV"),
    _department("15", "Thanh tra tỉnh", "TTr"),
    _department("16", "Ban Quản lý Khu kinh tế Đông Nam Nghệ An", "BQLKKT"),
    _department("17", "Đài Phát thanh và Truyền hình Nghệ An", "PTTH"),
)

COUNCIL = Spec(
    "000.00.02.H41",
    "Hội đồng nhân dân tỉnh Nghệ An",
    "HĐND",
    K.PROVINCE_COUNCIL,
    children=(
        Spec(
            "000.01.02.H41",
            "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
            "VPĐĐBQH",
            K.DEPARTMENT,
        ),
    ),
)

# Central agencies with provincial branches (ngành dọc); their desks are at the centre.
VERTICAL_BRANCHES = (
    Spec(
        "000.00.31.H41",
        "Công an tỉnh Nghệ An",
        "CAT",
        K.VERTICAL_BRANCH,
        children=(
            _division(
                "000.01.31.H41",
                "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
                "PC06",
            ),
        ),
    ),
    Spec(
        "000.00.32.H41",
        "Thuế tỉnh Nghệ An",
        "THUE",
        K.VERTICAL_BRANCH,
        valid_from=REFORM_DAY,
        children=(_division("000.01.32.H41", "Thuế cơ sở 1 tỉnh Nghệ An", "TCS1"),),
    ),
    Spec("000.00.33.H41", "Bảo hiểm xã hội tỉnh Nghệ An", "BHXH", K.VERTICAL_BRANCH),
)

_WARD_DIVISIONS = (
    Spec(
        "000.02.40.H41",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "KTHTĐT",
        K.DIVISION,
        valid_from=REFORM_DAY,
    ),
    Spec("000.03.40.H41", "Phòng Văn hóa - Xã hội", "VHXH", K.DIVISION, valid_from=REFORM_DAY),
)

# Commune-level units from 1/7/2025: (level-2 number, kind, name, illustrative 5-digit code).
COMMUNES = tuple(
    _commune(level2, kind, name, admin_code)
    for level2, kind, name, admin_code in [
        ("40", K.WARD, "Phường Trường Vinh", "16681"),
        ("41", K.WARD, "Phường Thành Vinh", "16682"),
        ("42", K.WARD, "Phường Vinh Hưng", "16683"),
        ("43", K.WARD, "Phường Vinh Phú", "16684"),
        ("44", K.WARD, "Phường Vinh Lộc", "16685"),
        ("45", K.WARD, "Phường Cửa Lò", "16686"),
        ("46", K.WARD, "Phường Hoàng Mai", "16687"),
        ("47", K.WARD, "Phường Tân Mai", "16688"),
        ("48", K.WARD, "Phường Quỳnh Mai", "16689"),
        ("49", K.WARD, "Phường Thái Hòa", "16690"),
        ("50", K.WARD, "Phường Tây Hiếu", "16691"),
        ("51", K.COMMUNE, "Xã Nghi Lộc", "16701"),
        ("52", K.COMMUNE, "Xã Phúc Lộc", "16702"),
        ("53", K.COMMUNE, "Xã Đông Lộc", "16703"),
        ("54", K.COMMUNE, "Xã Trung Lộc", "16704"),
        ("55", K.COMMUNE, "Xã Thần Lĩnh", "16705"),
        ("56", K.COMMUNE, "Xã Hải Lộc", "16706"),
        ("57", K.COMMUNE, "Xã Văn Kiều", "16707"),
        ("58", K.COMMUNE, "Xã Hưng Nguyên", "16711"),
        ("59", K.COMMUNE, "Xã Yên Trung", "16712"),
        ("60", K.COMMUNE, "Xã Hưng Nguyên Nam", "16713"),
        ("61", K.COMMUNE, "Xã Lam Thành", "16714"),
        ("62", K.COMMUNE, "Xã Nam Đàn", "16721"),
        ("63", K.COMMUNE, "Xã Đại Huệ", "16722"),
        ("64", K.COMMUNE, "Xã Thiên Nhẫn", "16723"),
        ("65", K.COMMUNE, "Xã Kim Liên", "16724"),
        ("66", K.COMMUNE, "Xã Vạn An", "16725"),
    ]
)

# Departments merged on 1/3/2025 into the ones above.
FORMER_DEPARTMENTS = tuple(
    Spec(f"000.00.{level2}.H41", name, short_name, K.DEPARTMENT, successor=successor)
    for level2, name, short_name, successor in [
        ("70", "Sở Kế hoạch và Đầu tư", "SKHĐT", "000.00.05.H41"),
        ("71", "Sở Tài nguyên và Môi trường", "STNMT", "000.00.07.H41"),
        ("72", "Sở Nông nghiệp và Phát triển nông thôn", "SNNPTNT", "000.00.07.H41"),
        ("73", "Sở Giao thông vận tải", "SGTVT", "000.00.06.H41"),
        ("74", "Sở Thông tin và Truyền thông", "STTTT", "000.00.11.H41"),
        ("75", "Sở Lao động - Thương binh và Xã hội", "SLĐTBXH", "000.00.03.H41"),
    ]
)


def _former_district(
    level2: str,
    kind_name: str,
    admin_code: str,
    successor: str,
    communes: Iterable[tuple[str, str, str]],
) -> Spec:
    """A district-level unit that ended on 1/7/2025, with some of its former communes
    (name, illustrative 5-digit code, identifier of the commune-level unit that took it)."""
    children = tuple(
        Spec(
            f"000.{index:02d}.{level2}.H41",
            name,
            "UBND",
            K.WARD if name.startswith("Phường") else K.COMMUNE,
            admin_code=code,
            successor=commune_successor,
        )
        for index, (name, code, commune_successor) in enumerate(communes, start=1)
    )
    return Spec(
        f"000.00.{level2}.H41",
        kind_name,
        "UBND",
        K.DISTRICT,
        admin_code=admin_code,
        children=children,
        successor=successor,
    )


FORMER_DISTRICTS = (
    _former_district(
        "80",
        "Thành phố Vinh",
        "412",
        "000.00.40.H41",
        [
            ("Phường Lê Lợi", "16666", "000.00.40.H41"),
            ("Phường Hưng Bình", "16667", "000.00.40.H41"),
            ("Phường Quang Trung", "16668", "000.00.41.H41"),
            ("Phường Cửa Nam", "16669", "000.00.41.H41"),
            ("Phường Bến Thủy", "16670", "000.00.42.H41"),
            ("Xã Nghi Phú", "16671", "000.00.43.H41"),
            ("Xã Hưng Lộc", "16672", "000.00.44.H41"),
        ],
    ),
    _former_district(
        "81",
        "Thị xã Cửa Lò",
        "413",
        "000.00.45.H41",
        [
            ("Phường Nghi Thu", "16731", "000.00.45.H41"),
            ("Phường Nghi Hương", "16732", "000.00.45.H41"),
            ("Phường Thu Thủy", "16733", "000.00.45.H41"),
        ],
    ),
    _former_district("82", "Thị xã Hoàng Mai", "432", "000.00.46.H41", []),
    _former_district("83", "Thị xã Thái Hòa", "414", "000.00.49.H41", []),
    _former_district(
        "84",
        "Huyện Nghi Lộc",
        "429",
        "000.00.51.H41",
        [
            ("Thị trấn Quán Hành", "16741", "000.00.51.H41"),
            ("Xã Nghi Trung", "16742", "000.00.51.H41"),
            ("Xã Nghi Long", "16743", "000.00.52.H41"),
        ],
    ),
    _former_district(
        "85",
        "Huyện Hưng Nguyên",
        "431",
        "000.00.58.H41",
        [("Thị trấn Hưng Nguyên", "16751", "000.00.58.H41")],
    ),
    _former_district(
        "86",
        "Huyện Nam Đàn",
        "430",
        "000.00.62.H41",
        [
            ("Thị trấn Nam Đàn", "16761", "000.00.62.H41"),
            # The new Xã Kim Liên took the old commune's name: two units, one name, two codes.
            ("Xã Kim Liên", "16762", "000.00.65.H41"),
        ],
    ),
)

PROVINCE = Spec(
    PROVINCE_CODE,
    "Ủy ban nhân dân tỉnh Nghệ An",
    "UBND",
    K.PROVINCE_COMMITTEE,
    admin_code="40",
    children=(
        COUNCIL,
        *DEPARTMENTS,
        *VERTICAL_BRANCHES,
        *COMMUNES,
        *FORMER_DEPARTMENTS,
        *FORMER_DISTRICTS,
    ),
)


def _walk(spec: Spec, parent_code: str | None = None) -> Iterable[tuple[Spec, str | None]]:
    yield spec, parent_code
    for child in spec.children:
        yield from _walk(child, spec.code)


def all_specs() -> list[tuple[Spec, str | None]]:
    """Every unit of the demo province with its parent's identifier, parents first."""
    return list(_walk(PROVINCE))


def build(out: Callable[[str], None]) -> None:
    specs = all_specs()
    units = units_by_qcvn_code(spec.code for spec, _parent in specs)
    created = 0
    for spec, parent_code in specs:
        parent = units[parent_code] if parent_code else None
        unit = units.get(spec.code)
        if unit is None:
            units[spec.code] = services.create_unit(
                parent=parent,
                qcvn_code=spec.code,
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                admin_code=spec.admin_code,
                valid_from=spec.valid_from,
            )
            created += 1
            continue
        if unit.parent_id != (parent.pk if parent else None):
            services.move_unit(unit, parent)
        services.update_unit(
            unit,
            name=spec.name,
            short_name=spec.short_name,
            kind=spec.kind,
            admin_code=spec.admin_code,
            valid_from=spec.valid_from,
        )

    ended = _record_reorganisations(specs, units)
    in_force = Unit.objects.subtree_of(units[PROVINCE_CODE]).current().count()
    out(
        _(
            "Demo province %(name)s: %(units)d units (%(in_force)d in force), %(created)d "
            "created, %(ended)d reorganisations recorded."
        )
        % {
            "name": PROVINCE.name,
            "units": len(specs),
            "in_force": in_force,
            "created": created,
            "ended": ended,
        }
    )


def _record_reorganisations(specs: list[tuple[Spec, str | None]], units: dict[str, Unit]) -> int:
    """Record each former unit's end once (a second run finds them recorded): communes and
    departments merged together into their successor, then the districts, which can only end
    once none of their communes is in force."""
    pending = [spec for spec, _parent in specs if spec.successor and not units[spec.code].valid_to]
    merged = sorted((s for s in pending if s.kind != K.DISTRICT), key=lambda s: s.successor)
    for successor_code, group in groupby(merged, key=lambda s: s.successor):
        members = list(group)
        by_department = members[0].kind == K.DEPARTMENT
        services.merge_units(
            [units[spec.code] for spec in members],
            units[successor_code],
            on=DEPARTMENTS_MERGED_ON if by_department else REFORM_DAY,
            decision=DEPARTMENT_DECISION if by_department else COMMUNE_DECISION,
        )
    for spec in pending:
        if spec.kind == K.DISTRICT:
            services.dissolve_unit(
                units[spec.code], units[spec.successor], on=REFORM_DAY, decision=DISTRICT_DECISION
            )
    return len(pending)
