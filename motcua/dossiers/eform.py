"""The online form of a procedure (e-form, tờ khai điện tử), built from the field definition
the catalogue stores on each version (`ProcedureVersion.form_schema`, whose structure
`motcua.catalog.eform.form_schema_problems` checks; see docs/catalogue-format.md).

Public functions, for the portal, the desk entry screen and the services:

- `EForm(schema, data=None, *, initial=None, partial=False, prefix="f")`: a Django form with
  one input per value of the schema. Bind it to `request.POST`; after `is_valid()`,
  `form.form_data` is the clean, JSON-ready value to store on `Dossier.form_data`.
  `initial` is stored form data (a draft's `form_data`) to show again. `partial=True` (drafts)
  accepts empty required fields but still checks every value given. `form.nodes` is the
  layout tree a template walks (`dossiers/eform/_form.html` renders it:
  `{% include "dossiers/eform/_form.html" with form=eform %}`).
  A repeated group has a hidden `<prefix>-<key>-rows` input with its number of rows and an
  "add" button posting `_add=<that input's name>`; `add_row_data(request.POST)` returns the
  data with one more row for that group (the view re-renders without showing errors).
- `clean_form_data(schema, data, *, partial=False) -> dict`: validate already-structured
  data (JSON from an API, a stored draft) against the schema; raises `FormDataInvalid`
  (an `ActionRefused`) with `errors` = {field path: [messages]}. The services call it on
  every save, so a client that skips the HTML form is checked the same way.
- `display_rows(schema, form_data) -> list[DisplayRow]`: the values as people read them
  (label, text, depth), for a dossier's page, a receipt or the desk's check.

The stored form data is a dict keyed by the schema's keys; blank values are left out:

- text, choice, cccd: a string; number: a JSON number (int when whole); date: "YYYY-MM-DD";
- address: {"province_code", "province", "commune_code", "commune", "detail", "text"}: the
  province and the commune, ward or special zone in force today (2025 units, from
  `agencies`) with their QĐ 19/2025 codes; names are taken from the units, never from the
  client; "text" is the whole address on one line;
- group: a dict of its fields; repeated group: a list of such dicts (blank rows dropped).
"""

import datetime
import decimal
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.validators import validate_cccd
from motcua.agencies.models import COMMUNE_LEVEL_KINDS, Unit, UnitKind
from motcua.dossiers.exceptions import ActionRefused

TEXT_MAX_LENGTH = 1000
MAX_ROWS = 30  # rows of one repeated group (a household rarely has more members)
NUMBER_MAX_DIGITS = 18
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
ADD_ROW = "_add"

_PROVINCE_PREFIXES = ("ủy ban nhân dân ", "uỷ ban nhân dân ", "ubnd ")


# --- Address units -----------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    code: str  # QĐ 19/2025/QĐ-TTg administrative-unit code
    name: str


# The last AddressUnits read in this process, with the revision of the units it was read at.
_LOADED: dict[str, tuple[tuple[Any, ...], "AddressUnits"]] = {}


@dataclass
class AddressUnits:
    """The provinces and their communes, wards and special zones in force today."""

    provinces: list[Place]
    communes: dict[str, list[Place]]  # by province code

    @classmethod
    def load(cls) -> "AddressUnits":
        """The places of today's units, read again only when a unit was added, changed or
        removed, or the day changed (a unit's validity is by date): every e-form with an
        address field needs them, and reading them took longer than the rest of a
        submission's queries (docs/performance.md)."""
        changes = Unit.objects.aggregate(count=Count("pk"), last=Max("updated_at"))
        revision = (timezone.localdate(), changes["count"], changes["last"])
        loaded = _LOADED.get("address_units")
        if loaded is not None and loaded[0] == revision:
            return loaded[1]
        units = cls._read()
        _LOADED["address_units"] = (revision, units)
        return units

    @classmethod
    def _read(cls) -> "AddressUnits":
        provinces = list(
            Unit.objects.current()
            .filter(kind=UnitKind.PROVINCE_COMMITTEE)
            .exclude(admin_code="")
            .order_by("name")
            .values_list("admin_code", "name", "path")
        )
        communes = list(
            Unit.objects.current()
            .filter(kind__in=COMMUNE_LEVEL_KINDS)
            .exclude(admin_code="")
            .order_by("name")
            .values_list("admin_code", "name", "path")
        )
        by_province: dict[str, list[Place]] = {code: [] for code, _n, _p in provinces}
        for code, name, path in communes:
            for province_code, _name, province_path in provinces:
                if path.startswith(province_path):
                    by_province[province_code].append(Place(code, name))
                    break
        return cls([Place(code, territory_name(name)) for code, name, _p in provinces], by_province)

    def province(self, code: str) -> Place | None:
        return next((place for place in self.provinces if place.code == code), None)

    def commune(self, province_code: str, code: str) -> Place | None:
        places = self.communes.get(province_code, [])
        return next((place for place in places if place.code == code), None)


def territory_name(committee_name: str) -> str:
    """ "Ủy ban nhân dân tỉnh Nghệ An" -> "Tỉnh Nghệ An": the territory a committee governs."""
    lowered = committee_name.lower()
    for prefix in _PROVINCE_PREFIXES:
        if lowered.startswith(prefix):
            rest = committee_name[len(prefix) :].strip()
            return rest[:1].upper() + rest[1:]
    return committee_name


# --- Fields --------------------------------------------------------------------------------


class VietnameseDecimalField(forms.CharField):
    """A number as people type it: "1.5", "1,5" (decimal comma) or "12 000"."""

    default_error_messages = {"invalid": gettext_lazy("Enter a number, such as 3 or 2,5.")}

    def to_python(self, value: Any) -> decimal.Decimal | None:  # type: ignore[override]
        text = str(super().to_python(value) or "").replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        if len(text) > 2 * NUMBER_MAX_DIGITS:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            number = decimal.Decimal(text)
        except decimal.InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite() or abs(number.adjusted()) > NUMBER_MAX_DIGITS:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def _json_number(number: decimal.Decimal) -> int | float:
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def _check_date(value: datetime.date) -> None:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s.")
            % {
                "first": EARLIEST_DATE.strftime("%d/%m/%Y"),
                "last": LATEST_DATE.strftime("%d/%m/%Y"),
            },
            code="date_range",
        )


def _cccd(value: str) -> None:
    validate_cccd(value)


class CccdField(forms.CharField):
    """A citizen identity number: 12 digits, its province and birth year checked."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=20, validators=[_cccd], **kwargs)

    def to_python(self, value: Any) -> str:
        return "".join(str(super().to_python(value)).split())

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "numeric", "autocomplete": "off", "maxlength": "12"})
        return attrs


# --- Layout nodes --------------------------------------------------------------------------


@dataclass
class Node:
    """One element of the form's layout: a value input, an address, or a group."""

    kind: str  # "input", "address", "group"
    key: str
    label: str
    help: str
    required: bool
    name: str  # the HTML name (inputs) or the name prefix (address, group)
    bound: Any = None  # the BoundField of an input
    parts: list[Any] = field(default_factory=list)  # an address's three BoundFields
    rows: list[list["Node"]] = field(default_factory=list)  # a group's rows of nodes
    repeated: bool = False
    rows_name: str = ""  # the hidden input with a repeated group's number of rows
    rows_count: int = 0
    errors: list[str] = field(default_factory=list)  # a group's or an address's own errors


@dataclass(frozen=True)
class DisplayRow:
    label: str
    text: str
    depth: int


class FormDataInvalid(ActionRefused):
    """The form data does not fit the procedure's form; `errors` by field path."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        lines = [
            f"{path}: {' '.join(messages)}" if path else " ".join(messages)
            for path, messages in errors.items()
        ]
        super().__init__(
            _("The form has mistakes: %(problems)s") % {"problems": "; ".join(lines)},
            "form_data",
        )


# --- The form ------------------------------------------------------------------------------


def _rows_requested(data: Mapping[str, Any] | None, name: str, initial_rows: int) -> int:
    if data is not None and name in data:
        try:
            count = int(str(data.get(name)))
        except ValueError:
            count = 1
    else:
        count = initial_rows
    return max(1, min(count, MAX_ROWS))


class EForm(forms.Form):
    """The procedure's online form (see the module's documentation)."""

    template_name = "dossiers/eform/_form.html"

    def __init__(
        self,
        schema: list[dict[str, Any]],
        data: Mapping[str, Any] | None = None,
        *,
        initial: Mapping[str, Any] | None = None,
        partial: bool = False,
        prefix: str = "f",
        units: AddressUnits | None = None,
    ) -> None:
        super().__init__(data=data, prefix=None)
        self.schema = schema
        self.partial = partial
        self.name_prefix = prefix
        self._units = units
        self.nodes = self._build(schema, prefix, initial or {}, data)
        self.form_data: dict[str, Any] = {}
        # False to show a bound form again without its errors (after "add a row").
        self.show_errors = True

    @property
    def units(self) -> AddressUnits:
        if self._units is None:
            self._units = AddressUnits.load()
        return self._units

    # Building.

    def _build(
        self,
        fields: list[dict[str, Any]],
        prefix: str,
        initial: Mapping[str, Any],
        data: Mapping[str, Any] | None,
    ) -> list[Node]:
        nodes = []
        for spec in fields:
            key, kind = spec["key"], spec["type"]
            name = f"{prefix}-{key}"
            # Shown as required even on a draft; checked in clean() when the form is not
            # partial (rows of a repeated group only when begun).
            required = bool(spec.get("required"))
            node = Node(
                kind="input",
                key=key,
                label=spec["label"],
                help=spec.get("help", ""),
                required=required,
                name=name,
            )
            value = initial.get(key) if isinstance(initial, Mapping) else None
            if kind == "group":
                node.kind = "group"
                node.repeated = bool(spec.get("repeated"))
                if node.repeated:
                    stored = value if isinstance(value, list) else []
                    node.rows_name = f"{name}-rows"
                    node.rows_count = _rows_requested(data, node.rows_name, len(stored) or 1)
                    self.fields[node.rows_name] = forms.IntegerField(
                        required=False, widget=forms.HiddenInput, initial=node.rows_count
                    )
                    for row in range(node.rows_count):
                        row_initial = stored[row] if row < len(stored) else {}
                        node.rows.append(
                            self._build(
                                spec["fields"],
                                f"{name}-{row}",
                                row_initial if isinstance(row_initial, Mapping) else {},
                                data,
                            )
                        )
                else:
                    node.rows.append(
                        self._build(
                            spec["fields"],
                            name,
                            value if isinstance(value, Mapping) else {},
                            data,
                        )
                    )
            elif kind == "address":
                node.kind = "address"
                self._add_address(node, value if isinstance(value, Mapping) else {})
            else:
                self.fields[name] = self._value_field(spec, value)
            nodes.append(node)
        return nodes

    def _value_field(self, spec: dict[str, Any], value: Any) -> forms.Field:
        kind = spec["type"]
        common: dict[str, Any] = {
            "label": spec["label"],
            "required": False,
            "help_text": spec.get("help", ""),
        }
        if kind == "number":
            common["initial"] = "" if value is None else str(value).replace(".", ",")
            return VietnameseDecimalField(
                widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common
            )
        if kind == "date":
            common["initial"] = value if isinstance(value, str) else None
            date_field = forms.DateField(
                input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                validators=[_check_date],
                **common,
            )
            date_field.error_messages["invalid"] = _("Enter a date as dd/mm/yyyy.")
            return date_field
        if kind == "choice":
            common["initial"] = value
            choices = [("", _("— Choose —")), *[(c, c) for c in spec["choices"]]]
            field = forms.ChoiceField(choices=choices, **common)
            field.error_messages["invalid_choice"] = _("Choose one of the answers listed.")
            return field
        if kind == "cccd":
            common["initial"] = value
            return CccdField(**common)
        common["initial"] = value
        return forms.CharField(max_length=TEXT_MAX_LENGTH, **common)

    def _add_address(self, node: Node, value: Mapping[str, Any]) -> None:
        name = node.name
        province_choices = [("", _("— Choose a province —"))] + [
            (place.code, place.name) for place in self.units.provinces
        ]
        commune_choices: list[tuple[str, Any]] = [("", _("— Choose a commune or ward —"))]
        for province in self.units.provinces:
            places = self.units.communes.get(province.code, [])
            commune_choices.append((province.name, [(place.code, place.name) for place in places]))
        invalid = {"invalid_choice": _("Choose one of the places listed.")}
        province_initial = value.get("province_code") or (
            self.units.provinces[0].code if len(self.units.provinces) == 1 else None
        )
        self.fields[f"{name}-province"] = forms.ChoiceField(
            label=_("Province or city"),
            choices=province_choices,
            required=False,
            initial=province_initial,
            error_messages=invalid,
        )
        self.fields[f"{name}-commune"] = forms.ChoiceField(
            label=_("Commune, ward or special zone"),
            choices=commune_choices,
            required=False,
            initial=value.get("commune_code"),
            error_messages=invalid,
        )
        self.fields[f"{name}-detail"] = forms.CharField(
            label=_("House number, street, hamlet"),
            max_length=255,
            required=False,
            initial=value.get("detail"),
        )

    def _bind(self, nodes: list[Node]) -> None:
        for node in nodes:
            if node.kind == "input":
                node.bound = self._bound(node.name, node.required)
            elif node.kind == "address":
                node.parts = [
                    self._bound(f"{node.name}-{part}", node.required and part != "detail")
                    for part in ("province", "commune", "detail")
                ]
            else:
                for row in node.rows:
                    self._bind(row)

    def _bound(self, name: str, required: bool) -> forms.BoundField:
        """The bound field with Bootstrap's class and aria-required (never HTML `required`,
        so that a draft can be saved half-filled). Django adds aria-invalid and
        aria-describedby (`<id>_helptext`, `<id>_error`, the ids the template uses)."""
        bound = self[name]
        widget = bound.field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        if self.is_bound and self.errors.get(name):
            css += " is-invalid"
        widget.attrs["class"] = css
        if required:
            widget.attrs["aria-required"] = "true"
        return bound

    def hide_errors(self) -> None:
        """Show the bound form again as typed, without its errors (after "add a row")."""
        self.full_clean()
        self._errors = ErrorDict()
        self.show_errors = False

    def walk(self) -> list[Node]:
        """The layout tree with its bound fields (templates read `form.layout`)."""
        self._bind(self.nodes)
        return self.nodes

    @property
    def layout(self) -> list[Node]:
        return self.walk()

    # Cleaning.

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.form_data = self._collect(self.schema, self.nodes, cleaned, enforce=not self.partial)
        return cleaned

    def _collect(
        self,
        fields: list[dict[str, Any]],
        nodes: list[Node],
        cleaned: dict[str, Any],
        *,
        enforce: bool,
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for spec, node in zip(fields, nodes, strict=True):
            if node.kind == "group":
                value = self._collect_group(spec, node, cleaned, enforce=enforce)
            elif node.kind == "address":
                value = self._collect_address(
                    node, cleaned, enforce=enforce and bool(spec.get("required"))
                )
            else:
                value = self._collect_value(spec, node, cleaned, enforce=enforce)
            if value not in (None, "", [], {}):
                result[node.key] = value
        return result

    def _collect_value(
        self, spec: dict[str, Any], node: Node, cleaned: dict[str, Any], *, enforce: bool
    ) -> Any:
        if node.name in self.errors:
            return None
        value = cleaned.get(node.name)
        if value in (None, "") and enforce and spec.get("required"):
            self.add_error(node.name, _("Please fill in “%(label)s”.") % {"label": node.label})
            return None
        if isinstance(value, decimal.Decimal):
            return _json_number(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, str):
            return value.strip()
        return value

    def _collect_group(
        self, spec: dict[str, Any], node: Node, cleaned: dict[str, Any], *, enforce: bool
    ) -> Any:
        if node.repeated:
            rows = []
            for row in node.rows:
                # A row left blank is dropped; a row begun is checked like the form.
                if self._started(row):
                    rows.append(self._collect(spec["fields"], row, cleaned, enforce=enforce))
            if enforce and spec.get("required") and not rows:
                self._group_error(node, _("Please fill in “%(label)s”.") % {"label": node.label})
            return rows
        return self._collect(spec["fields"], node.rows[0], cleaned, enforce=enforce)

    def _started(self, nodes: list[Node]) -> bool:
        """Whether anything was typed or chosen in these nodes (a preselected province
        alone does not count)."""
        for node in nodes:
            if node.kind == "input":
                names = [node.name]
            elif node.kind == "address":
                names = [f"{node.name}-commune", f"{node.name}-detail"]
            else:
                if any(self._started(row) for row in node.rows):
                    return True
                continue
            if any(str(self.data.get(name, "")).strip() for name in names):
                return True
        return False

    def _group_error(self, node: Node, message: str) -> None:
        node.errors.append(message)
        self.add_error(None, message)

    def _collect_address(self, node: Node, cleaned: dict[str, Any], *, enforce: bool) -> Any:
        names = [f"{node.name}-{part}" for part in ("province", "commune", "detail")]
        if any(name in self.errors for name in names):
            return None
        province_code = cleaned.get(names[0]) or ""
        commune_code = cleaned.get(names[1]) or ""
        detail = (cleaned.get(names[2]) or "").strip()
        if not (commune_code or detail):
            if enforce:
                self._group_error(node, _("Please fill in “%(label)s”.") % {"label": node.label})
            return None
        province = self.units.province(province_code) if province_code else None
        if province is None:
            self.add_error(
                f"{node.name}-province",
                _("Choose the province of “%(label)s”.") % {"label": node.label},
            )
            return None
        commune = self.units.commune(province.code, commune_code) if commune_code else None
        if commune is None:
            self.add_error(
                f"{node.name}-commune",
                _("Choose a commune, ward or special zone of %(province)s for “%(label)s”.")
                % {"province": province.name, "label": node.label},
            )
            return None
        parts = [detail, commune.name, province.name]
        return {
            "province_code": province.code,
            "province": province.name,
            "commune_code": commune.code,
            "commune": commune.name,
            "detail": detail,
            "text": ", ".join(part for part in parts if part),
        }

    def error_list(self) -> list[tuple[str, str]]:
        """(input id, message) of every error, for the summary at the top of the page."""
        found = []
        for name, messages in self.errors.items():
            target = "" if name == "__all__" else f"id_{name}"
            for message in messages:
                found.append((target, str(message)))
        return found


def add_row_data(data: QueryDict) -> QueryDict:
    """The posted data with one more row in the repeated group named by `_add`."""
    copy = data.copy()
    name = data.get(ADD_ROW, "")
    if name.endswith("-rows") and name in data:
        copy[name] = str(_rows_requested(data, name, 1) + 1)
    return copy


# --- Structured data (API, services) -------------------------------------------------------


def _flatten(
    fields: list[dict[str, Any]],
    value: Any,
    prefix: str,
    out: dict[str, str],
    errors: dict[str, list[str]],
    path: str,
) -> None:
    if not isinstance(value, Mapping):
        errors.setdefault(path or "form_data", []).append(_("Must be an object of named values."))
        return
    known = {spec["key"] for spec in fields}
    for unknown in sorted(set(value) - known):
        errors.setdefault(f"{path}{unknown}", []).append(_("This form has no such field."))
    for spec in fields:
        key, kind = spec["key"], spec["type"]
        name, here = f"{prefix}-{key}", f"{path}{key}"
        item = value.get(key)
        if item is None:
            continue
        if kind == "group":
            if spec.get("repeated"):
                if not isinstance(item, list) or len(item) > MAX_ROWS:
                    errors.setdefault(here, []).append(
                        _("Must be a list of at most %(count)s entries.") % {"count": MAX_ROWS}
                    )
                    continue
                out[f"{name}-rows"] = str(max(1, len(item)))
                for row, entry in enumerate(item):
                    _flatten(spec["fields"], entry, f"{name}-{row}", out, errors, f"{here}[{row}].")
            else:
                _flatten(spec["fields"], item, name, out, errors, f"{here}.")
        elif kind == "address":
            if not isinstance(item, Mapping):
                errors.setdefault(here, []).append(
                    _("An address needs province_code, commune_code and detail.")
                )
                continue
            for part, source in (
                ("province", "province_code"),
                ("commune", "commune_code"),
                ("detail", "detail"),
            ):
                part_value = item.get(source, "")
                if not isinstance(part_value, str):
                    errors.setdefault(here, []).append(_("Must be text."))
                    break
                out[f"{name}-{part}"] = part_value
        elif kind == "number" and isinstance(item, (int, float)) and not isinstance(item, bool):
            out[name] = str(item)
        elif isinstance(item, str):
            out[name] = item
        else:
            errors.setdefault(here, []).append(_("Must be text."))


def _name_to_path(name: str, prefix: str) -> str:
    """ "f-cha_me-0-ho_ten" -> "cha_me[0].ho_ten" (the path an API client sent)."""
    parts = name[len(prefix) + 1 :].split("-") if name.startswith(prefix + "-") else [name]
    path = ""
    for part in parts:
        if part.isdigit():
            path += f"[{part}]"
        elif part in ("province", "commune", "detail", "rows"):
            path += f".{part}"
        else:
            path += f".{part}" if path else part
    return path


def clean_form_data(
    schema: list[dict[str, Any]],
    data: Any,
    *,
    partial: bool = False,
    units: AddressUnits | None = None,
) -> dict[str, Any]:
    """The clean form data for structured input (see the module's documentation); raises
    FormDataInvalid with every problem by field path."""
    prefix = "f"
    flat: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    _flatten(schema, data if data is not None else {}, prefix, flat, errors, "")
    if errors:
        raise FormDataInvalid(errors)
    form = EForm(
        schema,
        QueryDict(mutable=True) if not flat else _query_dict(flat),
        partial=partial,
        prefix=prefix,
        units=units,
    )
    if not form.is_valid():
        raise FormDataInvalid(
            {
                _name_to_path(name, prefix) if name != "__all__" else "": [str(m) for m in messages]
                for name, messages in form.errors.items()
            }
        )
    return form.form_data


def _query_dict(flat: dict[str, str]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in flat.items():
        query[key] = value
    return query


# --- Display -------------------------------------------------------------------------------


def display_rows(schema: list[dict[str, Any]], form_data: Mapping[str, Any]) -> list[DisplayRow]:
    """Every value given, in the schema's order, as people read it."""
    return list(_display(schema, form_data, 0))


def _display(
    fields: list[dict[str, Any]], values: Mapping[str, Any], depth: int
) -> Iterator[DisplayRow]:
    for spec in fields:
        value = values.get(spec["key"]) if isinstance(values, Mapping) else None
        if value in (None, "", [], {}):
            continue
        kind = spec["type"]
        if kind == "group":
            yield DisplayRow(spec["label"], "", depth)
            entries = value if isinstance(value, list) else [value]
            for index, entry in enumerate(entries, start=1):
                if isinstance(value, list) and len(entries) > 1:
                    yield DisplayRow(f"{index}.", "", depth + 1)
                yield from _display(spec["fields"], entry, depth + 1)
        elif kind == "address" and isinstance(value, Mapping):
            yield DisplayRow(spec["label"], str(value.get("text", "")), depth)
        elif kind == "date" and isinstance(value, str):
            try:
                text = datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
            except ValueError:
                text = value
            yield DisplayRow(spec["label"], text, depth)
        elif kind == "number" and isinstance(value, (int, float)):
            yield DisplayRow(spec["label"], str(value).replace(".", ","), depth)
        else:
            yield DisplayRow(spec["label"], str(value), depth)
