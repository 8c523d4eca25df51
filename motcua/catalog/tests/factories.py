import datetime
import json
from copy import deepcopy
from typing import Any

import factory
from factory.django import DjangoModelFactory

from motcua.agencies.models import Unit, UnitKind
from motcua.catalog import layout
from motcua.catalog.models import (
    AuthorityLevel,
    Field,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    UnitRole,
    VersionUnit,
)
from motcua.worktime.limits import TimeUnit

PROVINCE_CENTRE = "000.00.02.H41"
JUSTICE_DEPARTMENT = "000.00.10.H41"
POLICE = "000.00.30.H41"


def make_units() -> dict[str, Unit]:
    """The few units the catalogue tests name by QCVN code."""
    names = {
        PROVINCE_CENTRE: ("Trung tâm Phục vụ hành chính công tỉnh", UnitKind.SERVICE_CENTRE),
        JUSTICE_DEPARTMENT: ("Sở Tư pháp", UnitKind.DEPARTMENT),
        POLICE: ("Công an tỉnh", UnitKind.VERTICAL_BRANCH),
    }
    return {
        code: Unit.objects.create(name=name, short_name=name[:10], kind=kind, qcvn_code=code)
        for code, (name, kind) in names.items()
    }


class FieldFactory(DjangoModelFactory[Field]):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"G09-TP{n:02d}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class ProcedureFactory(DjangoModelFactory[Procedure]):
    class Meta:
        model = Procedure
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"1.{n:06d}")


class ProcedureVersionFactory(DjangoModelFactory[ProcedureVersion]):
    class Meta:
        model = ProcedureVersion
        skip_postgeneration_save = True

    procedure = factory.SubFactory(ProcedureFactory)
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    decision_date = datetime.date(2025, 7, 1)
    effective_from = datetime.date(2025, 7, 1)
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    field = factory.SubFactory(FieldFactory)
    authority_level = AuthorityLevel.PROVINCE
    time_limit_amount = 5
    time_limit_unit = TimeUnit.WORKING_DAYS
    result_name = "Giấy chứng nhận"
    online_level = OnlineLevel.INFO

    @factory.post_generation
    def receiving(obj: ProcedureVersion, create: bool, extracted: Any, **kwargs: Any) -> None:
        for unit in extracted or ():
            VersionUnit.objects.create(version=obj, unit=unit, role=UnitRole.RECEIVING)


BIRTH_FORM = [
    {"key": "ho_ten_tre", "label": "Họ, chữ đệm, tên của trẻ", "type": "text", "required": True},
    {"key": "ngay_sinh", "label": "Ngày sinh", "type": "date", "required": True},
    {"key": "gioi_tinh", "label": "Giới tính", "type": "choice", "choices": ["Nam", "Nữ"]},
    {"key": "noi_sinh", "label": "Nơi sinh", "type": "address"},
    {
        "key": "cha_me",
        "label": "Cha, mẹ",
        "type": "group",
        "repeated": True,
        "fields": [
            {"key": "ho_ten", "label": "Họ và tên", "type": "text", "required": True},
            {"key": "so_dinh_danh", "label": "Số định danh cá nhân", "type": "cccd"},
        ],
    },
]

_RECORD: dict[str, Any] = {
    "code": "1.001193",
    "decision": {"number": "1010/QĐ-UBND", "date": "2025-06-28"},
    "effective_from": "2025-07-01",
    "status": "IN_FORCE",
    "name": "Đăng ký khai sinh",
    "field": "HT",
    "authority_level": "COMMUNE",
    "unit_scope": "EVERY_COMMUNE",
    "units": {"coordinating": [POLICE]},
    "applicants": ["citizen"],
    "channels": ["desk", "online", "post"],
    "steps": ["Nộp hồ sơ", "Tiếp nhận và giải quyết", "Trả kết quả"],
    "time_limit": {"amount": 1, "unit": "working_days", "note": "", "cutoff": "15:00"},
    "legal_basis": ["Luật Hộ tịch năm 2014", "Nghị định 123/2015/NĐ-CP"],
    "conditions": "",
    "result": {"name": "Giấy khai sinh (bản chính)", "paper_required": False},
    "online": {"level": "FULL", "eligible_for_full": True},
    "keywords": "giấy khai sinh, làm giấy khai sinh",
    "form_schema": BIRTH_FORM,
    "components": [
        {"name": "Tờ khai đăng ký khai sinh", "copy": "ORIGINAL", "copies": 1, "eform": True},
        {"name": "Giấy chứng sinh", "copy": "ORIGINAL", "copies": 1},
    ],
    "fees": [
        {"kind": "CHARGE", "case": "Đăng ký khai sinh đúng hạn", "amount": 0},
        {"kind": "CHARGE", "case": "Đăng ký khai sinh quá hạn", "amount": 5000},
    ],
    "process": [
        {
            "name": "Tiếp nhận hồ sơ",
            "role": "reception_officer",
            "duration": 2,
            "duration_unit": "working_hours",
        },
        {"name": "Thẩm định hồ sơ", "role": "specialist", "duration": 0.5},
        {
            "name": "Xác minh cư trú",
            "role": "specialist",
            "unit": POLICE,
            "duration": 0.5,
            "parallel": True,
        },
        {"name": "Ký giấy khai sinh", "role": "agency_leader", "duration": 0.5},
    ],
}


def procedure_record(**overrides: Any) -> dict[str, Any]:
    record = deepcopy(_RECORD)
    record.update(deepcopy(overrides))
    return record


def catalogue(*records: dict[str, Any], fields: list[dict[str, str]] | None = None) -> bytes:
    data = {
        "format": layout.FORMAT_NAME,
        "version": layout.FORMAT_VERSION,
        "fields": fields if fields is not None else [{"code": "HT", "name": "Hộ tịch"}],
        "procedures": list(records) or [procedure_record()],
    }
    return json.dumps(data, ensure_ascii=False).encode()
