"""The structure of a procedure's online form (`ProcedureVersion.form_schema`).

A form is a list of fields. Each field is an object with:

- `key`: identifier of the value in the submitted data (lower case letters, digits, `_`),
  unique among its siblings;
- `label`: what the applicant reads;
- `type`: one of `text`, `number`, `date`, `choice`, `cccd`, `address`, `group`;
- `required` (optional, false by default);
- `choices`: the list of allowed answers, only and always for `choice`;
- `fields`: the fields inside a `group`, and `repeated` (optional): the applicant may add the
  group several times (for example each member of a household).
"""

import re
from typing import Any

from django.utils.translation import gettext as _

FIELD_TYPES = ("text", "number", "date", "choice", "cccd", "address", "group")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_ALLOWED_KEYS = {"key", "label", "type", "required", "choices", "fields", "repeated", "help"}


def form_schema_problems(schema: Any) -> list[str]:
    """Every problem of the form's structure, each prefixed with where it is."""
    if not isinstance(schema, list):
        return [_("The online form must be a list of fields.")]
    problems: list[str] = []
    _check_fields(schema, "", problems)
    return problems


def _check_fields(fields: list[Any], prefix: str, problems: list[str]) -> None:
    seen: set[str] = set()
    for index, field in enumerate(fields, start=1):
        where = f"{prefix}{index}"
        if not isinstance(field, dict):
            problems.append(_("Form field %(where)s: must be an object.") % {"where": where})
            continue
        unknown = sorted(set(field) - _ALLOWED_KEYS)
        if unknown:
            problems.append(
                _("Form field %(where)s: unknown properties %(names)s.")
                % {"where": where, "names": ", ".join(unknown)}
            )
        key = field.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            problems.append(
                _(
                    "Form field %(where)s: the key must start with a lower-case letter and "
                    "contain only lower-case letters, digits and “_”."
                )
                % {"where": where}
            )
        elif key in seen:
            problems.append(
                _("Form field %(where)s: the key “%(key)s” is used twice.")
                % {"where": where, "key": key}
            )
        else:
            seen.add(key)
        if not isinstance(field.get("label"), str) or not field["label"].strip():
            problems.append(_("Form field %(where)s: the label is missing.") % {"where": where})
        kind = field.get("type")
        if kind not in FIELD_TYPES:
            problems.append(
                _("Form field %(where)s: the type must be one of %(types)s.")
                % {"where": where, "types": ", ".join(FIELD_TYPES)}
            )
        for flag in ("required", "repeated"):
            if flag in field and not isinstance(field[flag], bool):
                problems.append(
                    _("Form field %(where)s: “%(flag)s” must be true or false.")
                    % {"where": where, "flag": flag}
                )
        _check_type_specifics(field, kind, where, problems)


def _check_type_specifics(
    field: dict[str, Any], kind: Any, where: str, problems: list[str]
) -> None:
    choices = field.get("choices")
    if kind == "choice":
        if (
            not isinstance(choices, list)
            or not choices
            or not all(isinstance(choice, str) and choice.strip() for choice in choices)
        ):
            problems.append(
                _("Form field %(where)s: a choice needs a list of answers.") % {"where": where}
            )
    elif choices is not None:
        problems.append(_("Form field %(where)s: only a choice has answers.") % {"where": where})
    children = field.get("fields")
    if kind == "group":
        if not isinstance(children, list) or not children:
            problems.append(_("Form field %(where)s: a group needs its fields.") % {"where": where})
        else:
            _check_fields(children, f"{where}.", problems)
    else:
        if children is not None:
            problems.append(_("Form field %(where)s: only a group has fields.") % {"where": where})
        if "repeated" in field:
            problems.append(
                _("Form field %(where)s: only a group can be repeated.") % {"where": where}
            )
