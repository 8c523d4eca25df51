"""Exporting the catalogue (all of it, or one field) as JSON or Excel, in the format the
importer reads (docs/catalogue-format.md): exporting and importing again changes nothing."""

import datetime
import io
import json
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from motcua.accounts.models import Role
from motcua.catalog import layout
from motcua.catalog.models import (
    AuthorityLevel,
    Component,
    CopyKind,
    Fee,
    FeeKind,
    Field,
    OnlineLevel,
    ProcedureVersion,
    ProcessStep,
    UnitRole,
    UnitScope,
    VersionStatus,
    VersionUnit,
)
from motcua.worktime.limits import TimeUnit


def _versions(field_code: str | None) -> QuerySet[ProcedureVersion]:
    versions = ProcedureVersion.objects.select_related("procedure", "field").prefetch_related(
        Prefetch(
            "unit_roles", VersionUnit.objects.select_related("unit").order_by("unit__qcvn_code")
        ),
        Prefetch("components", Component.objects.order_by("order")),
        Prefetch("fees", Fee.objects.order_by("order")),
        Prefetch("process_steps", ProcessStep.objects.select_related("unit").order_by("order")),
    )
    if field_code:
        versions = versions.filter(field__code=field_code)
    return versions.order_by("procedure__code", "effective_from", "decision_number")


def _fields(field_code: str | None) -> QuerySet[Field]:
    fields = Field.objects.order_by("code")
    return fields.filter(code=field_code) if field_code else fields


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _amount(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def version_record(version: ProcedureVersion) -> dict[str, Any]:
    """One version as a record of the JSON format."""
    units: dict[str, list[str]] = {key: [] for key in layout.UNIT_ROLE_KEYS.values()}
    for unit_role in version.unit_roles.all():
        units[layout.UNIT_ROLE_KEYS[UnitRole(unit_role.role)]].append(
            unit_role.unit.qcvn_code or ""
        )
    return {
        "code": version.procedure.code,
        "decision": {"number": version.decision_number, "date": _date(version.decision_date)},
        "effective_from": _date(version.effective_from),
        "effective_to": _date(version.effective_to),
        "status": version.status,
        "status_since": _date(version.status_since),
        "name": version.name,
        "field": version.field.code,
        "authority_level": version.authority_level,
        "unit_scope": version.unit_scope,
        "units": units,
        "applicants": version.applicant_kinds,
        "channels": version.channel_kinds,
        "steps": version.step_list,
        "time_limit": {
            "amount": version.time_limit_amount,
            "unit": version.time_limit_unit,
            "note": version.time_limit_note,
            "cutoff": version.cutoff_time.strftime("%H:%M") if version.cutoff_time else None,
        },
        "legal_basis": version.legal_basis.splitlines(),
        "conditions": version.conditions,
        "result": {
            "name": version.result_name,
            "template": version.result_template_name,
            "template_url": version.result_template_url,
            "paper_required": version.result_requires_paper_document,
        },
        "online": {"level": version.online_level, "eligible_for_full": version.eligible_for_full},
        "has_fee": version.has_fee,
        "keywords": version.keywords,
        "form_schema": version.form_schema,
        "components": [
            {
                "order": component.order,
                "name": component.name,
                "copy": component.copy_kind,
                "copies": component.copies,
                "required": component.required,
                "note": component.note,
                "form": {"name": component.form_name, "url": component.form_url},
                "eform": component.replaced_by_eform,
            }
            for component in version.components.all()
        ],
        "fees": [
            {
                "order": fee.order,
                "kind": fee.kind,
                "case": fee.case,
                "amount": fee.amount_vnd,
                "note": fee.note,
            }
            for fee in version.fees.all()
        ],
        "process": [
            {
                "order": step.order,
                "name": step.name,
                "role": step.role,
                "unit": step.unit.qcvn_code if step.unit else None,
                "duration": _amount(step.duration_amount),
                "duration_unit": step.duration_unit,
                "parallel": step.parallel_with_previous,
            }
            for step in version.process_steps.all()
        ],
    }


def export_data(field_code: str | None = None) -> dict[str, Any]:
    return {
        "format": layout.FORMAT_NAME,
        "version": layout.FORMAT_VERSION,
        "fields": [{"code": field.code, "name": field.name} for field in _fields(field_code)],
        "procedures": [version_record(version) for version in _versions(field_code)],
    }


def export_json(field_code: str | None = None) -> bytes:
    return json.dumps(export_data(field_code), ensure_ascii=False, indent=2).encode()


def _excel_value(value: Any, choices: type | None) -> Any:
    """A JSON value as an Excel cell: Vietnamese words for choices and yes/no, lines for
    lists, JSON text for the online form."""
    if isinstance(value, bool):
        return layout.YES if value else layout.NO
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return json.dumps(value, ensure_ascii=False)
        words = {**layout.APPLICANT_WORDS, **layout.CHANNEL_WORDS}
        return "\n".join(str(words.get(item, item)) for item in value) or None
    if isinstance(value, str) and choices is not None:
        return layout.WORDS[choices].get(value, value)
    return None if value == "" else value


# Which columns hold a choice, so that the export writes its Vietnamese word.
_CHOICE_COLUMNS: dict[tuple[str, ...], type] = {
    ("status",): VersionStatus,
    ("authority_level",): AuthorityLevel,
    ("unit_scope",): UnitScope,
    ("time_limit", "unit"): TimeUnit,
    ("online", "level"): OnlineLevel,
    ("copy",): CopyKind,
    ("kind",): FeeKind,
    ("role",): Role,
    ("duration_unit",): TimeUnit,
}


def _lookup(record: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = record
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def export_xlsx(field_code: str | None = None) -> bytes:
    data = export_data(field_code)
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    rows: dict[str, list[list[Any]]] = {sheet.title: [] for sheet in layout.SHEETS}
    for field in data["fields"]:
        rows[layout.FIELDS_SHEET.title].append(
            [_lookup(field, column.path) for column in layout.FIELDS_SHEET.columns]
        )
    for record in data["procedures"]:
        sheet = layout.PROCEDURES_SHEET
        rows[sheet.title].append(
            [
                _excel_value(_lookup(record, column.path), _CHOICE_COLUMNS.get(column.path))
                for column in sheet.columns
            ]
        )
        for child_sheet in layout.CHILD_SHEETS:
            for child in record[child_sheet.child_list]:
                merged = {**child, "code": record["code"], "decision": record["decision"]}
                rows[child_sheet.title].append(
                    [
                        _excel_value(_lookup(merged, column.path), _CHOICE_COLUMNS.get(column.path))
                        for column in child_sheet.columns
                    ]
                )
    for sheet in layout.SHEETS:
        worksheet = workbook.create_sheet(sheet.title)
        worksheet.append([column.header for column in sheet.columns])
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows[sheet.title]:
            worksheet.append(row)
        for index, column in enumerate(sheet.columns, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = column.width
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
