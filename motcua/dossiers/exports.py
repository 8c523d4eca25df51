"""Excel files (.xlsx) of the register and of the statistics, with the Vietnamese headings of
the official forms and reports whatever the reader's language.

Both are written with openpyxl's write-only workbook row by row from a database iterator, so
a register of a whole year does not sit in memory as cells; the file is spooled to disk
when it grows and handed back rewound, ready to stream.
"""

import datetime
import tempfile
from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from motcua.dossiers import forms_context
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.dossiers.stats import DossierCounts, UnitStatistics
from motcua.worktime.limits import Channel

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Files up to this size stay in memory; larger ones are spooled to a temporary file.
SPOOL_BYTES = 8 * 1024 * 1024
MOMENT_FORMAT = "dd/mm/yyyy hh:mm"
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")

REGISTER_HEADINGS = (
    ("STT", 6),
    ("Mã hồ sơ", 26),
    ("Tên thủ tục hành chính", 40),
    ("Số lượng hồ sơ (bộ)", 10),
    ("Tên cá nhân, tổ chức", 26),
    ("Địa chỉ, số điện thoại", 32),
    ("Cơ quan chủ trì giải quyết", 28),
    ("Ngày nhận hồ sơ", 17),
    ("Ngày hẹn trả kết quả", 17),
    ("Ngày chuyển hồ sơ đến cơ quan giải quyết", 17),
    ("Ngày nhận kết quả từ cơ quan giải quyết", 17),
    ("Ngày trả kết quả", 17),
    ("Ký nhận", 12),
    ("Ghi chú", 20),
    ("Kênh tiếp nhận", 14),
    ("Trạng thái", 24),
)

STATISTICS_HEADINGS = (
    ("Đơn vị", 40, None),
    ("Kỳ trước chuyển qua", 12, "carried_over"),
    ("Mới tiếp nhận: trực tiếp", 12, "received_desk"),
    ("Mới tiếp nhận: trực tuyến", 12, "received_online"),
    ("Mới tiếp nhận: bưu chính công ích", 12, "received_post"),
    ("Tổng số mới tiếp nhận", 12, "received_total"),
    ("Tổng số phải giải quyết", 12, "total"),
    ("Đã giải quyết: trước hạn", 12, "resolved_early"),
    ("Đã giải quyết: đúng hạn", 12, "resolved_on_time"),
    ("Đã giải quyết: quá hạn", 12, "resolved_late"),
    ("Trong đó quá hạn do yêu cầu bổ sung quá một lần", 14, "resolved_late_repeated_supplements"),
    ("Tổng số đã giải quyết", 12, "resolved_total"),
    ("Trả lại (không giải quyết, có văn bản nêu lý do)", 14, "returned"),
    ("Rút hồ sơ", 10, "withdrawn"),
    ("Dừng giải quyết", 10, "stopped"),
    ("Đang giải quyết: trong hạn", 12, "in_progress_on_time"),
    ("Đang giải quyết: quá hạn", 12, "in_progress_overdue"),
    ("Tổng số đang giải quyết", 12, "in_progress_total"),
    ("Tỷ lệ giải quyết đúng hạn (%)", 14, "on_time_rate"),
)


def _vietnamese_labels() -> dict[str, str]:
    with translation.override("vi"):
        return {
            **{value: str(label) for value, label in Channel.choices},
            **{value: str(label) for value, label in State.choices},
        }


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """Excel has no time zones: Vietnam time without its offset."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment is not None else None


def _cell(sheet: WriteOnlyWorksheet, value: Any, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = MOMENT_FORMAT
    if bold:
        cell.font = BOLD
        cell.alignment = WRAP
    return cell


def _start(
    title: str, lines: Sequence[str], headings: Iterable[tuple[str, int]]
) -> tuple[Workbook, WriteOnlyWorksheet]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    headings = list(headings)
    for position, (_heading, width) in enumerate(headings, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = f"A{len(lines) + 3}"
    for line in lines:
        sheet.append([_cell(sheet, line, bold=True)])
    sheet.append([])
    sheet.append([_cell(sheet, heading, bold=True) for heading, _width in headings])
    return book, sheet


def _spooled(book: Workbook) -> IO[bytes]:
    target = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (handed back)
    book.save(target)
    target.seek(0)
    return target


def register_workbook(title_lines: Sequence[str], rows: QuerySet[Dossier]) -> IO[bytes]:
    """The register's rows (read through `forms_context.register_rows`) as an .xlsx file."""
    labels = _vietnamese_labels()
    book, sheet = _start("Sổ theo dõi hồ sơ", title_lines, [(h, w) for h, w in REGISTER_HEADINGS])
    for dossier in rows.iterator(chunk_size=2000):
        if dossier.received_at is None:
            continue
        entry = forms_context.register_entry(dossier)
        contact = ", ".join(
            part for part in (entry.applicant_address, entry.applicant_phone) if part
        )
        values: list[Any] = [
            entry.number,
            entry.dossier_code,
            entry.procedure_name,
            entry.sets_count,
            entry.applicant_name,
            contact,
            entry.lead_agency_name,
            _local(entry.received_at),
            _local(entry.appointment_at),
            _local(entry.transferred_at),
            _local(entry.result_received_at),
            _local(entry.returned_at),
            "",
            entry.note,
            labels.get(dossier.channel, dossier.channel),
            labels.get(dossier.state, dossier.state),
        ]
        sheet.append([_cell(sheet, value) for value in values])
    return _spooled(book)


def _count_row(
    sheet: WriteOnlyWorksheet, name: str, counts: DossierCounts, bold: bool
) -> list[WriteOnlyCell]:
    figures = counts.as_dict()
    values: list[Any] = [name]
    for _heading, _width, key in STATISTICS_HEADINGS[1:]:
        value = figures[key]
        values.append(float(value) if key == "on_time_rate" and value is not None else value)
    return [_cell(sheet, value, bold=bold) for value in values]


def statistics_workbook(title_lines: Sequence[str], result: UnitStatistics) -> IO[bytes]:
    """The unit's figures with a line per unit below it, and the total, as an .xlsx file."""
    book, sheet = _start(
        "Thống kê", title_lines, [(heading, width) for heading, width, _key in STATISTICS_HEADINGS]
    )
    for child, counts in result.children:
        sheet.append(_count_row(sheet, child.name, counts, bold=False))
    if result.own.total or not result.children:
        sheet.append(
            _count_row(sheet, f"{result.unit.name} (trực tiếp giải quyết)", result.own, bold=False)
        )
    sheet.append(_count_row(sheet, f"Tổng cộng: {result.unit.name}", result.counts, bold=True))
    return _spooled(book)
