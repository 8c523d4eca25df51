"""Importing a catalogue from JSON or Excel (.xlsx), all or nothing.

The file is read into records shaped like the JSON format (docs/catalogue-format.md); an
Excel file remembers for each value the sheet, row and column it came from. Every record is
then checked, and every problem is collected with its place; if there is any, nothing is
written and `CatalogueImportError` carries the whole list. Otherwise the fields, procedures
and versions are upserted by code and publication decision in one transaction, so that
importing the same file again changes nothing and adds nothing.
"""

import datetime
import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction
from django.db.models import Model, TextChoices
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from motcua.accounts.models import Role
from motcua.agencies.models import Unit
from motcua.catalog import layout
from motcua.catalog.eform import form_schema_problems
from motcua.catalog.generation import forget_catalogue
from motcua.catalog.models import (
    PROCEDURE_CODE_PATTERN,
    SUBMITTABLE_ONLINE_LEVELS,
    AuthorityLevel,
    Component,
    CopyKind,
    Fee,
    FeeKind,
    Field,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    UnitRole,
    UnitScope,
    VersionStatus,
    VersionUnit,
)
from motcua.core import audit
from motcua.core.text import fold
from motcua.worktime.limits import TimeUnit

Path = tuple[str | int, ...]
Progress = Callable[[int, int], None]

JSON_SHEET = "JSON"
_LIST_SEPARATORS = re.compile(r"\s*[;\n]\s*|\s*,\s*")
_LINES = re.compile(r"\s*\n\s*")


@dataclass(frozen=True)
class Problem:
    """One problem of an imported file, where a person can find it."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Sheet “%(sheet)s”, row %(row)s, column “%(column)s”: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class CatalogueImportError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(_("The file has %(count)d problem(s).") % {"count": len(problems)})
        self.problems = problems


@dataclass
class ImportReport:
    fields_created: int = 0
    fields_updated: int = 0
    versions_created: int = 0
    versions_updated: int = 0
    versions_unchanged: int = 0
    # Codes of the versions created or updated.
    codes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "Imported: %(created)d new version(s), %(updated)d version(s) brought up to date, "
            "%(unchanged)d unchanged; %(fields)d new field(s)."
        ) % {
            "created": self.versions_created,
            "updated": self.versions_updated,
            "unchanged": self.versions_unchanged,
            "fields": self.fields_created,
        }

    @property
    def changed(self) -> bool:
        return bool(
            self.fields_created
            or self.fields_updated
            or self.versions_created
            or self.versions_updated
        )


# --- Reading files --------------------------------------------------------------------


@dataclass
class _Document:
    """The records of a file and where each value came from."""

    fields: list[dict[str, Any]]
    procedures: list[dict[str, Any]]
    locate: Callable[[str, int, Path], tuple[str, int, str]]
    problems: list[Problem]


def _json_location(section: str, index: int, path: Path) -> tuple[str, int, str]:
    column = ""
    for part in path:
        column += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if column else part)
    return JSON_SHEET, index + 1, f"{section}: {column}" if column else section


def _read_json(stream: IO[bytes]) -> _Document:
    problems: list[Problem] = []
    try:
        data = json.loads(stream.read().decode("utf-8-sig"))
    except UnicodeDecodeError:
        data, problems = None, [Problem(JSON_SHEET, 0, "", _("The file is not UTF-8 text."))]
    except json.JSONDecodeError as error:
        data = None
        problems = [
            Problem(
                JSON_SHEET,
                error.lineno,
                str(error.colno),
                _("The file is not valid JSON (%(error)s).") % {"error": error.msg},
            )
        ]
    if data is not None and (
        not isinstance(data, dict)
        or data.get("format") != layout.FORMAT_NAME
        or data.get("version") != layout.FORMAT_VERSION
    ):
        problems.append(
            Problem(
                JSON_SHEET,
                0,
                "format",
                _("This is not a catalogue file: expected “format”: “%(name)s”, “version”: %(v)d.")
                % {"name": layout.FORMAT_NAME, "v": layout.FORMAT_VERSION},
            )
        )
    if problems:
        return _Document([], [], _json_location, problems)
    sections = {}
    for section in ("fields", "procedures"):
        value = data.get(section, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            problems.append(Problem(JSON_SHEET, 0, section, _("Must be a list of objects.")))
            value = []
        sections[section] = value
    return _Document(sections["fields"], sections["procedures"], _json_location, problems)


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _set(record: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        record = record.setdefault(part, {})
    record[path[-1]] = value


def _read_xlsx(stream: IO[bytes]) -> _Document:
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        problem = Problem("", 0, "", _("The file is not an Excel workbook (.xlsx)."))
        return _Document([], [], _json_location, [problem])
    problems: list[Problem] = []
    places: dict[tuple[str, int, Path], tuple[str, int, str]] = {}

    def rows_of(sheet: layout.Sheet, required: bool) -> Iterable[tuple[int, dict[tuple, Any]]]:
        if sheet.title not in workbook.sheetnames:
            if required:
                problems.append(Problem(sheet.title, 0, "", _("The sheet is missing.")))
            return
        rows = workbook[sheet.title].iter_rows(values_only=True)
        header = [_cell(value) for value in next(rows, ())]
        positions = {}
        for column in sheet.columns:
            if column.header in header:
                positions[column.path] = header.index(column.header)
            else:
                problems.append(Problem(sheet.title, 1, column.header, _("The column is missing.")))
        for number, row in enumerate(rows, start=2):
            values = {
                path: _cell(row[position]) if position < len(row) else None
                for path, position in positions.items()
            }
            if any(value is not None for value in values.values()):
                yield number, values

    fields: list[dict[str, Any]] = []
    for number, values in rows_of(layout.FIELDS_SHEET, required=False):
        record: dict[str, Any] = {}
        for path, value in values.items():
            _set(record, path, value)
            places["fields", len(fields), path] = (
                layout.FIELDS_SHEET.title,
                number,
                layout.FIELDS_SHEET.column(path).header,
            )
        places["fields", len(fields), ()] = (layout.FIELDS_SHEET.title, number, "")
        fields.append(record)

    procedures: list[dict[str, Any]] = []
    by_key: dict[tuple[Any, Any], int] = {}
    sheet = layout.PROCEDURES_SHEET
    for number, values in rows_of(sheet, required=True):
        index = len(procedures)
        record = {}
        for path, value in values.items():
            _set(record, path, value)
            places["procedures", index, path] = (sheet.title, number, sheet.column(path).header)
        places["procedures", index, ()] = (sheet.title, number, "")
        by_key.setdefault((record.get("code"), record.get("decision", {}).get("number")), index)
        procedures.append(record)

    for sheet in layout.CHILD_SHEETS:
        for number, values in rows_of(sheet, required=False):
            key = (values.get(("code",)), values.get(("decision", "number")))
            if key not in by_key:
                problems.append(
                    Problem(
                        sheet.title,
                        number,
                        sheet.columns[0].header,
                        _(
                            "No procedure with code “%(code)s” and decision “%(decision)s” in "
                            "the sheet “%(sheet)s”."
                        )
                        % {
                            "code": key[0],
                            "decision": key[1],
                            "sheet": layout.PROCEDURES_SHEET.title,
                        },
                    )
                )
                continue
            index = by_key[key]
            children = procedures[index].setdefault(sheet.child_list, [])
            child: dict[str, Any] = {}
            for path, value in values.items():
                if path[0] in ("code", "decision"):
                    continue
                _set(child, path, value)
                places["procedures", index, (sheet.child_list, len(children), *path)] = (
                    sheet.title,
                    number,
                    sheet.column(path).header,
                )
            places["procedures", index, (sheet.child_list, len(children))] = (
                sheet.title,
                number,
                "",
            )
            children.append(child)

    def locate(section: str, index: int, path: Path) -> tuple[str, int, str]:
        for length in range(len(path), -1, -1):
            place = places.get((section, index, path[:length]))
            if place is not None:
                return place
        return "", 0, ""

    return _Document(fields, procedures, locate, problems)


def _read(stream: IO[bytes], filename: str) -> _Document:
    head = stream.read(4)
    stream.seek(0)
    if head.startswith(b"PK") or filename.lower().endswith(".xlsx"):
        return _read_xlsx(stream)
    return _read_json(stream)


# --- Checking records -----------------------------------------------------------------


@dataclass
class _VersionData:
    code: str
    decision_number: str
    values: dict[str, Any]
    units: list[tuple[str, str]]  # (unit code, UnitRole)
    components: list[dict[str, Any]]
    fees: list[dict[str, Any]]
    steps: list[dict[str, Any]]  # with "unit" as a code or None


_MISSING = object()


class _Checker:
    """Turns records into typed values, noting every problem with its place."""

    def __init__(self, document: _Document) -> None:
        self.document = document
        self.problems = list(document.problems)
        self.section, self.index = "procedures", 0
        self.prefix: Path = ()

    def problem(self, path: Path, message: str) -> None:
        sheet, row, column = self.document.locate(self.section, self.index, self.prefix + path)
        self.problems.append(Problem(sheet, row, column, message))

    @contextmanager
    def within(self, *prefix: str | int) -> Iterator[None]:
        """Read a child record (a component, a fee, a step): its problems point at it."""
        outer, self.prefix = self.prefix, self.prefix + prefix
        try:
            yield
        finally:
            self.prefix = outer

    @staticmethod
    def raw(record: dict[str, Any], path: Path) -> Any:
        value: Any = record
        for part in path:
            if isinstance(part, int):
                value = value[part] if isinstance(value, list) and part < len(value) else None
            else:
                value = value.get(part) if isinstance(value, dict) else None
        return value

    def text(
        self, record: dict[str, Any], path: Path, *, required: bool = False, max_length: int = 500
    ) -> str:
        value = self.raw(record, path)
        if value is None or value == "":
            if required:
                self.problem(path, _("A value is required."))
            return ""
        if isinstance(value, list) and all(isinstance(line, str) for line in value):
            value = "\n".join(line.strip() for line in value)
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.problem(path, _("Must be text."))
            return ""
        value = value.strip()
        if len(value) > max_length:
            self.problem(
                path,
                _("Too long: at most %(max)d characters (%(length)d given).")
                % {"max": max_length, "length": len(value)},
            )
        return value

    def date(self, record: dict[str, Any], path: Path, *, required: bool = False) -> Any:
        value = self.raw(record, path)
        if value is None or value == "":
            if required:
                self.problem(path, _("A date is required."))
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
                try:
                    return datetime.datetime.strptime(value.strip(), pattern).date()
                except ValueError:
                    continue
        self.problem(
            path,
            _("“%(value)s” is not a date: write it as 31/12/2025 or 2025-12-31.")
            % {"value": value},
        )
        return None

    def time(self, record: dict[str, Any], path: Path) -> Any:
        value = self.raw(record, path)
        if value is None or value == "":
            return None
        if isinstance(value, datetime.time):
            return value
        if isinstance(value, str):
            try:
                return datetime.datetime.strptime(value.strip(), "%H:%M").time()
            except ValueError:
                pass
        self.problem(path, _("“%(value)s” is not a time: write it as 15:00.") % {"value": value})
        return None

    def boolean(self, record: dict[str, Any], path: Path, *, default: bool) -> bool:
        value = self.raw(record, path)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        folded = fold(str(value))
        if folded in {"co", "x", "yes", "true", "1"}:
            return True
        if folded in {"khong", "no", "false", "0"}:
            return False
        self.problem(path, _("“%(value)s”: write “Có” or “Không”.") % {"value": value})
        return default

    def number(
        self,
        record: dict[str, Any],
        path: Path,
        *,
        required: bool = True,
        minimum: int = 0,
        maximum: int = 2**63 - 1,
        decimal: bool = False,
    ) -> Any:
        value = self.raw(record, path)
        if value is None or value == "":
            if required:
                self.problem(path, _("A number is required."))
            return None
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = Decimal(str(value).replace(" ", ""))
        except InvalidOperation:
            self.problem(path, _("“%(value)s” is not a number.") % {"value": value})
            return None
        if not decimal and number != number.to_integral_value():
            self.problem(path, _("“%(value)s” must be a whole number.") % {"value": value})
            return None
        if not minimum <= number <= maximum:
            self.problem(
                path,
                _("Must be between %(minimum)d and %(maximum)d (%(value)s given).")
                % {"minimum": minimum, "maximum": maximum, "value": value},
            )
            return None
        return number if decimal else int(number)

    def choice(
        self,
        record: dict[str, Any],
        path: Path,
        choices: type[TextChoices],
        *,
        default: Any = _MISSING,
    ) -> Any:
        value = self.raw(record, path)
        if value is None or value == "":
            if default is _MISSING:
                self.problem(path, _("A value is required."))
                return None
            return default
        words = layout.WORDS[choices]
        accepted = {fold(str(code)): code for code in choices.values}
        accepted.update({fold(word): code for code, word in words.items()})
        found = accepted.get(fold(str(value)))
        if found is None:
            self.problem(
                path,
                _("“%(value)s” is not one of: %(allowed)s.")
                % {"value": value, "allowed": "; ".join(words.values())},
            )
        return found

    def words(self, record: dict[str, Any], path: Path, vocabulary: dict[str, str]) -> set[str]:
        """A set of keys from a list or from text separated by commas or semicolons."""
        value = self.raw(record, path)
        items = self.items(value, path)
        accepted = {fold(key): key for key in vocabulary}
        accepted.update({fold(word): key for key, word in vocabulary.items()})
        found = set()
        for item in items:
            key = accepted.get(fold(item))
            if key is None:
                self.problem(
                    path,
                    _("“%(value)s” is not one of: %(allowed)s.")
                    % {"value": item, "allowed": "; ".join(vocabulary.values())},
                )
            else:
                found.add(key)
        return found

    def items(self, value: Any, path: Path) -> list[str]:
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [item for item in _LIST_SEPARATORS.split(value) if item]
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return [item.strip() for item in value if item.strip()]
        self.problem(path, _("Must be a list."))
        return []


def _check_fields(checker: _Checker, known_fields: set[str]) -> list[tuple[str, str]]:
    checker.section = "fields"
    result, seen = [], set()
    for index, record in enumerate(checker.document.fields):
        checker.index = index
        code = checker.text(record, ("code",), required=True, max_length=30)
        name = checker.text(record, ("name",), required=True, max_length=255)
        if code in seen:
            checker.problem(
                ("code",), _("The field code “%(code)s” is listed twice.") % {"code": code}
            )
        if code:
            seen.add(code)
            result.append((code, name))
    known_fields.update(seen)
    return result


def _check_version(
    checker: _Checker, record: dict[str, Any], known_fields: set[str], unit_codes: set[str]
) -> _VersionData | None:
    before = len(checker.problems)
    code = checker.text(record, ("code",), required=True, max_length=40)
    if code and not PROCEDURE_CODE_PATTERN.match(code):
        checker.problem(
            ("code",),
            _(
                "“%(code)s” is not a procedure code: expected 1.001234, or with the agency "
                "code 1.001234.000.00.00.H41."
            )
            % {"code": code},
        )
    decision_number = checker.text(record, ("decision", "number"), required=True, max_length=60)
    values: dict[str, Any] = {
        "decision_date": checker.date(record, ("decision", "date"), required=True),
        "effective_from": checker.date(record, ("effective_from",), required=True),
        "effective_to": checker.date(record, ("effective_to",)),
        "status": checker.choice(
            record, ("status",), VersionStatus, default=VersionStatus.IN_FORCE
        ),
        "status_since": checker.date(record, ("status_since",)),
        "name": checker.text(record, ("name",), required=True),
        "authority_level": checker.choice(record, ("authority_level",), AuthorityLevel),
        "unit_scope": checker.choice(
            record, ("unit_scope",), UnitScope, default=UnitScope.LISTED_UNITS
        ),
        "steps": checker.text(record, ("steps",), max_length=20000),
        "time_limit_amount": checker.number(
            record, ("time_limit", "amount"), minimum=1, maximum=9999
        ),
        "time_limit_unit": checker.choice(record, ("time_limit", "unit"), TimeUnit),
        "time_limit_note": checker.text(record, ("time_limit", "note")),
        "cutoff_time": checker.time(record, ("time_limit", "cutoff")),
        "legal_basis": checker.text(record, ("legal_basis",), max_length=20000),
        "conditions": checker.text(record, ("conditions",), max_length=20000),
        "result_name": checker.text(record, ("result", "name"), required=True),
        "result_template_name": checker.text(record, ("result", "template"), max_length=255),
        "result_template_url": checker.text(record, ("result", "template_url"), max_length=200),
        "result_requires_paper_document": checker.boolean(
            record, ("result", "paper_required"), default=False
        ),
        "online_level": checker.choice(
            record, ("online", "level"), OnlineLevel, default=OnlineLevel.INFO
        ),
        "eligible_for_full": checker.boolean(
            record, ("online", "eligible_for_full"), default=False
        ),
        "keywords": checker.text(record, ("keywords",)),
    }
    effective_from, effective_to = values["effective_from"], values["effective_to"]
    if effective_from and effective_to and effective_to <= effective_from:
        checker.problem(
            ("effective_to",), _("The version must end after the day it comes into force.")
        )
    if values["status"] == VersionStatus.ABOLISHED and effective_to is None:
        checker.problem(
            ("effective_to",), _("An abolished version needs the day it stopped applying.")
        )
    field_code = checker.text(record, ("field",), required=True, max_length=30)
    if field_code and field_code not in known_fields:
        checker.problem(
            ("field",),
            _("Unknown field code “%(code)s”: add it to the sheet of fields.")
            % {"code": field_code},
        )
    values["field_code"] = field_code

    applicants = checker.words(record, ("applicants",), layout.APPLICANT_WORDS)
    if not applicants:
        checker.problem(("applicants",), _("Name at least one kind of applicant."))
    values.update(
        for_citizens="citizen" in applicants,
        for_businesses="business" in applicants,
        for_household_businesses="household_business" in applicants,
    )
    channels = checker.words(record, ("channels",), layout.CHANNEL_WORDS)
    if not channels:
        checker.problem(("channels",), _("Name at least one way to submit."))
    values.update(
        at_desk="desk" in channels, online="online" in channels, by_post="post" in channels
    )
    online_level = values["online_level"]
    if "online" in channels and online_level not in SUBMITTABLE_ONLINE_LEVELS:
        checker.problem(
            ("online", "level"),
            _("Online submission needs the level “DVCTT một phần” or “DVCTT toàn trình”."),
        )
    if online_level in SUBMITTABLE_ONLINE_LEVELS and "online" not in channels:
        checker.problem(
            ("channels",), _("An online public service must list “Trực tuyến” among the ways.")
        )
    if online_level == OnlineLevel.FULL and values["result_requires_paper_document"]:
        checker.problem(
            ("result", "paper_required"),
            _("A full online service cannot need a paper result."),
        )

    form_schema = checker.raw(record, ("form_schema",))
    if isinstance(form_schema, str):
        try:
            form_schema = json.loads(form_schema)
        except json.JSONDecodeError as error:
            checker.problem(
                ("form_schema",),
                _("The online form is not valid JSON (%(error)s).") % {"error": error.msg},
            )
            form_schema = []
    form_schema = [] if form_schema is None else form_schema
    for message in form_schema_problems(form_schema):
        checker.problem(("form_schema",), message)
    values["form_schema"] = form_schema if isinstance(form_schema, list) else []

    units = _check_units(checker, record, values["unit_scope"], unit_codes)
    components = _check_components(checker, record, bool(values["form_schema"]))
    fees = _check_fees(checker, record)
    has_fee = checker.boolean(record, ("has_fee",), default=any(fee["amount_vnd"] for fee in fees))
    values["has_fee"] = has_fee
    steps = _check_steps(checker, record, values, unit_codes)
    if len(checker.problems) > before:
        return None
    return _VersionData(code, decision_number, values, units, components, fees, steps)


def _check_units(
    checker: _Checker, record: dict[str, Any], scope: Any, unit_codes: set[str]
) -> list[tuple[str, str]]:
    units = []
    for role, key in layout.UNIT_ROLE_KEYS.items():
        path: Path = ("units", key)
        for code in checker.items(checker.raw(record, path), path):
            if code not in unit_codes:
                checker.problem(path, _("Unknown unit code “%(code)s”.") % {"code": code})
            units.append((code, str(role)))
    if scope == UnitScope.LISTED_UNITS and not any(
        role == UnitRole.RECEIVING for _c, role in units
    ):
        checker.problem(
            ("units", "receiving"),
            _("Name the receiving unit, or implement the procedure in every commune."),
        )
    return units


def _children(checker: _Checker, record: dict[str, Any], key: str) -> list[Any]:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        checker.problem((key,), _("Must be a list of objects."))
        return []
    return value


def _orders(checker: _Checker, key: str, children: list[dict[str, Any]]) -> list[int]:
    """The order of each row: as written, or its position; each order used once."""
    orders, seen = [], set()
    for position, child in enumerate(children):
        with checker.within(key, position):
            order = checker.number(child, ("order",), required=False, minimum=1, maximum=999)
            order = order or position + 1
            if order in seen:
                checker.problem(
                    ("order",), _("The number %(order)s is used twice.") % {"order": order}
                )
        seen.add(order)
        orders.append(order)
    return orders


def _check_components(
    checker: _Checker, record: dict[str, Any], has_eform: bool
) -> list[dict[str, Any]]:
    components = _children(checker, record, "components")
    result = []
    for position, (child, order) in enumerate(
        zip(components, _orders(checker, "components", components), strict=True)
    ):
        with checker.within("components", position):
            component = {
                "order": order,
                "name": checker.text(child, ("name",), required=True, max_length=1000),
                "copy_kind": checker.choice(child, ("copy",), CopyKind, default=CopyKind.ORIGINAL),
                "copies": checker.number(child, ("copies",), required=False, minimum=1, maximum=99)
                or 1,
                "required": checker.boolean(child, ("required",), default=True),
                "note": checker.text(child, ("note",)),
                "form_name": checker.text(child, ("form", "name"), max_length=255),
                "form_url": checker.text(child, ("form", "url"), max_length=200),
                "replaced_by_eform": checker.boolean(child, ("eform",), default=False),
            }
            if component["replaced_by_eform"] and not has_eform:
                checker.problem(("eform",), _("The procedure has no online form to replace it."))
        result.append(component)
    return result


def _check_fees(checker: _Checker, record: dict[str, Any]) -> list[dict[str, Any]]:
    fees = _children(checker, record, "fees")
    result = []
    for position, (child, order) in enumerate(
        zip(fees, _orders(checker, "fees", fees), strict=True)
    ):
        with checker.within("fees", position):
            result.append(
                {
                    "order": order,
                    "kind": checker.choice(child, ("kind",), FeeKind, default=FeeKind.CHARGE),
                    "case": checker.text(child, ("case",), required=True),
                    "amount_vnd": checker.number(child, ("amount",), minimum=0) or 0,
                    "note": checker.text(child, ("note",)),
                }
            )
    return result


def _check_steps(
    checker: _Checker, record: dict[str, Any], values: dict[str, Any], unit_codes: set[str]
) -> list[dict[str, Any]]:
    steps = _children(checker, record, "process")
    result = []
    for position, (child, order) in enumerate(
        zip(steps, _orders(checker, "process", steps), strict=True)
    ):
        with checker.within("process", position):
            unit = checker.text(child, ("unit",), max_length=13) or None
            if unit is not None and unit not in unit_codes:
                checker.problem(("unit",), _("Unknown unit code “%(code)s”.") % {"code": unit})
            step = {
                "order": order,
                "name": checker.text(child, ("name",), required=True),
                "role": checker.choice(child, ("role",), Role),
                "unit": unit,
                "duration_amount": checker.number(
                    child, ("duration",), minimum=0, maximum=9999, decimal=True
                ),
                "duration_unit": checker.choice(
                    child, ("duration_unit",), TimeUnit, default=values["time_limit_unit"]
                ),
                "parallel_with_previous": checker.boolean(child, ("parallel",), default=False),
            }
            if step["duration_amount"] is not None and step["duration_amount"] <= 0:
                checker.problem(("duration",), _("The time of a step must be more than zero."))
            if step["duration_unit"] not in (values["time_limit_unit"], TimeUnit.WORKING_HOURS):
                checker.problem(
                    ("duration_unit",),
                    _("Count the step in the unit of the time limit or in working hours."),
                )
        result.append(step)
    result.sort(key=lambda step: step["order"])
    if result and result[0]["parallel_with_previous"]:
        checker.problem(("process",), _("The first step cannot run alongside a previous one."))
    _check_total_time(checker, values, result)
    return result


def _check_total_time(
    checker: _Checker, values: dict[str, Any], steps: list[dict[str, Any]]
) -> None:
    """Steps counted in the time limit's own unit may not add up to more than the limit
    (steps that run alongside the previous one count once, by the longest)."""
    limit, unit = values["time_limit_amount"], values["time_limit_unit"]
    if not limit or not steps or any(step["duration_amount"] is None for step in steps):
        return
    total, stretch = Decimal(0), Decimal(0)
    for step in steps:
        amount = step["duration_amount"] if step["duration_unit"] == unit else Decimal(0)
        if step["parallel_with_previous"]:
            stretch = max(stretch, amount)
        else:
            total += stretch
            stretch = amount
    total += stretch
    if total > limit:
        checker.problem(
            ("process",),
            _("The steps take %(total)s, more than the time limit of %(limit)s.")
            % {"total": total.normalize(), "limit": limit},
        )


# --- Writing --------------------------------------------------------------------------


def import_catalogue(
    stream: IO[bytes],
    filename: str = "",
    *,
    actor: Any = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check the whole file, then write it in one transaction; raise CatalogueImportError
    with every problem, writing nothing, if the file is not right."""
    document = _read(stream, filename)
    checker = _Checker(document)
    known_fields = set(Field.objects.values_list("code", flat=True))
    units: dict[str, int] = {
        code: pk
        for code, pk in Unit.objects.filter(qcvn_code__isnull=False).values_list("qcvn_code", "pk")
        if code
    }
    fields = _check_fields(checker, known_fields)
    checker.section = "procedures"
    versions: list[_VersionData] = []
    seen: dict[tuple[str, str], int] = {}
    for index, record in enumerate(document.procedures):
        checker.index = index
        data = _check_version(checker, record, known_fields, set(units))
        if data is None:
            continue
        key = (data.code, data.decision_number)
        if key in seen:
            checker.problem(
                ("decision", "number"),
                _("The same procedure and decision already came in record %(first)d.")
                % {"first": seen[key] + 1},
            )
        seen[key] = index
        versions.append(data)
    if checker.problems:
        raise CatalogueImportError(checker.problems)

    report = ImportReport()
    with transaction.atomic():
        field_ids = _write_fields(fields, report)
        for done, data in enumerate(versions, start=1):
            _write_version(data, field_ids, units, report)
            if progress is not None:
                progress(done, len(versions))
        if report.changed:
            forget_catalogue()  # the units and parts are inserted in bulk, without signals
            audit.record(
                "catalog.import",
                actor=actor,
                data={
                    "file": filename,
                    "fields_created": report.fields_created,
                    "fields_updated": report.fields_updated,
                    "versions_created": report.versions_created,
                    "versions_updated": report.versions_updated,
                    "codes": report.codes,
                },
            )
    return report


def _write_fields(fields: list[tuple[str, str]], report: ImportReport) -> dict[str, int]:
    existing = {field.code: field for field in Field.objects.all()}
    for code, name in fields:
        current = existing.get(code)
        if current is None:
            existing[code] = Field.objects.create(code=code, name=name)
            report.fields_created += 1
        elif current.name != name:
            current.name = name
            current.save(update_fields=["name", "updated_at"])
            report.fields_updated += 1
            # The field's name is part of its procedures' search text.
            for version in current.versions.select_related("procedure", "field"):
                version.save(update_fields=["search_name", "search_text"])
    return {code: field.pk for code, field in existing.items()}


def _write_version(
    data: _VersionData, field_ids: dict[str, int], units: dict[str, int], report: ImportReport
) -> None:
    procedure, _created = Procedure.objects.get_or_create(code=data.code)
    values = dict(data.values)
    values["field_id"] = field_ids[values.pop("field_code")]
    version = ProcedureVersion.objects.filter(
        procedure=procedure, decision_number=data.decision_number
    ).first()
    created = version is None
    if version is None:
        version = ProcedureVersion(procedure=procedure, decision_number=data.decision_number)
    changed = [name for name, value in values.items() if getattr(version, name) != value]
    for name in changed:
        setattr(version, name, values[name])
    if created or changed:
        version.save()

    wanted_units = {(units[code], role) for code, role in data.units}
    current_units = set(version.unit_roles.values_list("unit_id", "role"))
    for unit_id, role in current_units - wanted_units:
        version.unit_roles.filter(unit_id=unit_id, role=role).delete()
    VersionUnit.objects.bulk_create(
        VersionUnit(version=version, unit_id=unit_id, role=role)
        for unit_id, role in wanted_units - current_units
    )
    steps = [
        {**step, "unit_id": units[step["unit"]] if step["unit"] else None} for step in data.steps
    ]
    for step in steps:
        del step["unit"]
    children_changed = [
        _sync_children(version, Component, data.components),
        _sync_children(version, Fee, data.fees),
        _sync_children(version, ProcessStep, steps),
    ]
    if created:
        report.versions_created += 1
    elif changed or wanted_units != current_units or any(children_changed):
        report.versions_updated += 1
    else:
        report.versions_unchanged += 1
        return
    report.codes.append(data.code)


def _sync_children(
    version: ProcedureVersion, model: type[Model], rows: list[dict[str, Any]]
) -> bool:
    """Rows are matched by their order, so that re-importing keeps the same rows (and the
    dossiers that will point at them) and only changes what changed. Whether anything did."""
    manager = model._default_manager
    existing = {child.order: child for child in manager.filter(version=version)}  # type: ignore[attr-defined]
    removed, _counts = (
        manager.filter(version=version).exclude(order__in=[row["order"] for row in rows]).delete()
    )
    touched = removed > 0
    new = [model(version=version, **row) for row in rows if row["order"] not in existing]
    if new:
        manager.bulk_create(new)
        touched = True
    for row in rows:
        child = existing.get(row["order"])
        if child is None:
            continue
        changed = [name for name, value in row.items() if getattr(child, name) != value]
        if changed:
            for name in changed:
                setattr(child, name, row[name])
            child.save(update_fields=changed)
            touched = True
    return touched
