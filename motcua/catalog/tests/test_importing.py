import datetime
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from motcua.catalog import exporting
from motcua.catalog.importing import CatalogueImportError, Problem, import_catalogue
from motcua.catalog.models import (
    Component,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    UnitScope,
    VersionUnit,
)
from motcua.catalog.tests.factories import (
    JUSTICE_DEPARTMENT,
    POLICE,
    PROVINCE_CENTRE,
    catalogue,
    make_units,
    procedure_record,
)
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def units():
    return make_units()


def _import(data: bytes, name: str = "catalogue.json"):
    return import_catalogue(io.BytesIO(data), name)


def _problems(data: bytes, name: str = "catalogue.json") -> list[Problem]:
    with pytest.raises(CatalogueImportError) as caught:
        _import(data, name)
    return caught.value.problems


def _nothing_stored() -> None:
    for model in (Field, Procedure, ProcedureVersion, Component, Fee, ProcessStep, VersionUnit):
        assert not model.objects.exists(), model


def test_good_file_stores_every_part_of_the_procedure(units) -> None:
    report = _import(catalogue())

    assert (report.fields_created, report.versions_created) == (1, 1)
    version = ProcedureVersion.objects.get()
    assert version.procedure.code == "1.001193"
    assert version.procedure.national_code == "1.001193"
    assert version.name == "Đăng ký khai sinh"
    assert version.field.name == "Hộ tịch"
    assert version.unit_scope == UnitScope.EVERY_COMMUNE
    assert (version.at_desk, version.online, version.by_post) == (True, True, True)
    assert version.step_list == ["Nộp hồ sơ", "Tiếp nhận và giải quyết", "Trả kết quả"]
    assert version.cutoff_time == datetime.time(15, 0)
    assert version.has_fee  # one of its charges is above zero
    assert version.search_name == "dang ky khai sinh"
    assert "lam giay khai sinh" in version.search_text
    assert [c.name for c in version.components.order_by("order")] == [
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
    ]
    assert version.components.get(order=1).replaced_by_eform
    assert [f.amount_vnd for f in version.fees.order_by("order")] == [0, 5000]
    steps = list(version.process_steps.order_by("order"))
    assert [s.duration_amount for s in steps] == [2, Decimal("0.5"), Decimal("0.5"), Decimal("0.5")]
    assert steps[2].unit == units[POLICE] and steps[2].parallel_with_previous
    assert steps[0].unit is None
    assert list(version.unit_roles.values_list("unit__qcvn_code", "role")) == [
        (POLICE, "COORDINATING")
    ]
    event = AuditEvent.objects.get(action="catalog.import")
    assert event.data["versions_created"] == 1


def test_reimporting_the_same_file_adds_nothing_and_keeps_the_rows() -> None:
    _import(catalogue())
    component_ids = set(Component.objects.values_list("pk", flat=True))

    events = AuditEvent.objects.count()

    report = _import(catalogue())

    assert (report.versions_created, report.versions_updated, report.versions_unchanged) == (
        0,
        0,
        1,
    )
    assert AuditEvent.objects.count() == events  # nothing changed, nothing to record
    assert ProcedureVersion.objects.count() == 1
    assert Procedure.objects.count() == 1
    assert set(Component.objects.values_list("pk", flat=True)) == component_ids
    assert Fee.objects.count() == 2 and ProcessStep.objects.count() == 4
    assert VersionUnit.objects.count() == 1


def test_reimport_updates_by_code_and_decision_and_removes_dropped_rows() -> None:
    _import(catalogue())
    record = procedure_record(name="Đăng ký khai sinh (sửa)")
    record["components"] = record["components"][:1]
    record["units"] = {"coordinating": [JUSTICE_DEPARTMENT]}

    report = _import(catalogue(record))

    assert report.versions_updated == 1 and report.codes == ["1.001193"]
    version = ProcedureVersion.objects.get()
    assert version.name == "Đăng ký khai sinh (sửa)"
    assert version.search_name == "dang ky khai sinh (sua)"
    assert version.components.count() == 1
    assert list(version.unit_roles.values_list("unit__qcvn_code", flat=True)) == [
        JUSTICE_DEPARTMENT
    ]


def test_a_new_decision_adds_a_version_and_the_newest_in_force_is_current() -> None:
    _import(catalogue())
    newer = procedure_record(
        decision={"number": "2020/QĐ-UBND", "date": "2026-01-10"},
        effective_from="2026-01-15",
        time_limit={"amount": 2, "unit": "working_days"},
    )
    older = procedure_record(effective_to="2026-01-15")

    _import(catalogue(older, newer))

    procedure = Procedure.objects.get()
    assert procedure.versions.count() == 2
    before = ProcedureVersion.objects.current(on=datetime.date(2026, 1, 14)).get()
    after = ProcedureVersion.objects.current(on=datetime.date(2026, 1, 15)).get()
    assert before.decision_number == "1010/QĐ-UBND"
    assert after.decision_number == "2020/QĐ-UBND" and after.time_limit_amount == 2


def test_a_file_with_mixed_errors_reports_each_one_and_stores_nothing() -> None:
    bad_unit = procedure_record(code="1.000001", units={"receiving": ["000.00.99.H41"]})
    bad_unit["unit_scope"] = "LISTED_UNITS"
    bad_values = procedure_record(
        code="1.000002",
        effective_from="31/02/2025",
        authority_level="Cấp huyện",
        field="XX",
        applicants=["citizen", "alien"],
    )
    bad_values["fees"][1]["amount"] = "năm nghìn"
    bad_values["process"][1]["role"] = "giám đốc"
    good = procedure_record(code="1.000003")

    problems = _problems(catalogue(bad_unit, bad_values, good))

    located = {(p.row, p.column) for p in problems}
    assert (1, "procedures: units.receiving") in located
    assert (2, "procedures: effective_from") in located
    assert (2, "procedures: authority_level") in located
    assert (2, "procedures: field") in located
    assert (2, "procedures: applicants") in located
    assert (2, "procedures: fees[2].amount") in located
    assert (2, "procedures: process[2].role") in located
    assert not any(p.row == 3 for p in problems)
    assert all(p.sheet == "JSON" for p in problems)
    unit_problem = next(p for p in problems if p.column.endswith("units.receiving"))
    assert "000.00.99.H41" in unit_problem.message
    _nothing_stored()


def test_problems_of_an_excel_file_name_the_sheet_row_and_column() -> None:
    _import(catalogue())
    workbook_bytes = exporting.export_xlsx()
    # Start again from an empty catalogue, with a broken copy of the export.
    for model in (Component, Fee, ProcessStep, VersionUnit, ProcedureVersion, Procedure, Field):
        model.objects.all().delete()
    workbook = load_workbook(io.BytesIO(workbook_bytes))
    workbook["Thủ tục"]["S2"] = "ba ngày"  # time limit
    workbook["Thành phần hồ sơ"]["F3"] = 0  # copies of the second component
    workbook["Quy trình nội bộ"]["F4"] = "000.00.77.H41"  # unit of the third step
    workbook["Phí lệ phí"].append(["1.009999", "1/QĐ", 1, "Lệ phí", "Không có thủ tục", 1000])
    buffer = io.BytesIO()
    workbook.save(buffer)

    problems = _problems(buffer.getvalue(), "catalogue.xlsx")

    located = {(p.sheet, p.row, p.column) for p in problems}
    assert ("Thủ tục", 2, "Thời hạn giải quyết") in located
    assert ("Thành phần hồ sơ", 3, "Số lượng") in located
    assert ("Quy trình nội bộ", 4, "Đơn vị thực hiện") in located
    assert ("Phí lệ phí", 4, "Mã thủ tục") in located
    assert len(problems) == 4
    _nothing_stored()


def test_excel_export_imports_back_to_the_same_catalogue() -> None:
    _import(catalogue())
    original = exporting.export_data()
    workbook_bytes = exporting.export_xlsx()
    for model in (Component, Fee, ProcessStep, VersionUnit, ProcedureVersion, Procedure, Field):
        model.objects.all().delete()

    _import(workbook_bytes, "catalogue.xlsx")

    assert exporting.export_data() == original


def test_json_export_of_one_field_imports_back_unchanged() -> None:
    _import(
        catalogue(
            procedure_record(),
            procedure_record(code="1.000894", name="Cấp phiếu lý lịch tư pháp", field="LLTP"),
            fields=[{"code": "HT", "name": "Hộ tịch"}, {"code": "LLTP", "name": "Lý lịch tư pháp"}],
        )
    )
    exported = exporting.export_json("LLTP")
    data = json.loads(exported)
    assert [p["code"] for p in data["procedures"]] == ["1.000894"]

    report = _import(exported)

    assert (report.versions_created, report.versions_updated, report.versions_unchanged) == (
        0,
        0,
        1,
    )


def test_broken_json_and_other_files_are_refused_with_a_reason() -> None:
    (problem,) = _problems(b'{"format": "motcua-catalogue", "version": 1,,}')
    assert problem.row == 1 and "JSON" in problem.message

    (problem,) = _problems(json.dumps({"procedures": []}).encode())
    assert problem.column == "format"

    (problem,) = _problems(b"PK\x03\x04 not really a workbook", "catalogue.xlsx")
    assert "Excel" in problem.message


def test_online_form_structure_is_checked() -> None:
    record = procedure_record(
        form_schema=[
            {"key": "Ho ten", "label": "Họ tên", "type": "text"},
            {"key": "loai", "label": "Loại", "type": "choice"},
            {"key": "nhom", "label": "Nhóm", "type": "group", "fields": []},
            {"key": "so", "label": "", "type": "integer"},
            {"key": "so", "label": "Số", "type": "number", "repeated": True},
        ]
    )
    problems = _problems(catalogue(record))
    messages = " | ".join(p.message for p in problems)
    assert len(problems) == 7, messages
    assert all(p.column == "procedures: form_schema" for p in problems)


def test_a_component_replaced_by_the_online_form_needs_one() -> None:
    record = procedure_record(form_schema=[])
    (problem,) = _problems(catalogue(record))
    assert problem.column == "procedures: components[1].eform"


def test_the_steps_may_not_take_longer_than_the_time_limit() -> None:
    record = procedure_record()
    record["process"][3]["duration"] = 1
    (problem,) = _problems(catalogue(record))
    assert problem.column == "procedures: process"
    assert "1.5" in problem.message


def test_online_channel_and_online_level_must_agree() -> None:
    record = procedure_record(online={"level": "INFO"})
    (problem,) = _problems(catalogue(record))
    assert problem.column == "procedures: online.level"


def test_the_same_version_twice_in_a_file_is_refused() -> None:
    problems = _problems(catalogue(procedure_record(), procedure_record()))
    assert [(p.row, p.column) for p in problems] == [(2, "procedures: decision.number")]


def test_renaming_a_field_refreshes_the_search_text_of_its_procedures() -> None:
    _import(catalogue())
    _import(catalogue(fields=[{"code": "HT", "name": "Hộ tịch và quốc tịch"}]))
    assert "quoc tich" in ProcedureVersion.objects.get().search_text


def test_progress_is_reported_for_each_procedure() -> None:
    seen = []
    records = [procedure_record(code=f"1.00000{i}") for i in range(1, 4)]
    import_catalogue(
        io.BytesIO(catalogue(*records)), progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_listed_units_need_a_receiving_unit() -> None:
    record = procedure_record(unit_scope="LISTED_UNITS")
    (problem,) = _problems(catalogue(record))
    assert problem.column == "procedures: units.receiving"
    good = procedure_record(
        unit_scope="LISTED_UNITS",
        units={"receiving": [PROVINCE_CENTRE], "processing": [JUSTICE_DEPARTMENT]},
    )
    _import(catalogue(good))
    assert VersionUnit.objects.count() == 2
