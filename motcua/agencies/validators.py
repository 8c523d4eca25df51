"""Identifier formats of Vietnamese agencies and administrative units."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# QCVN 102:2016/BTTTT: V1V2V3.Z1Z2.Y1Y2.MX1X2, levels 4 to 1 read right to left.
QCVN102_PATTERN = re.compile(
    r"^(?P<level4>\d{3})\.(?P<level3>\d{2})\.(?P<level2>\d{2})\.(?P<level1>[A-Z]\d{2})$",
    re.ASCII,
)

# QĐ 19/2025/QĐ-TTg: 2 digits for a province, 5 for a commune; 3 for the former districts.
ADMIN_CODE_LENGTHS = {2, 3, 5}


def validate_qcvn102_code(value: str) -> None:
    match = QCVN102_PATTERN.match(value)
    if match is None:
        raise ValidationError(
            _(
                "“%(value)s” is not a QCVN 102 agency identifier: expected four groups "
                "like 000.00.00.H41 (three digits, two digits, two digits, a capital letter "
                "and two digits)."
            ),
            code="qcvn102_format",
            params={"value": value},
        )
    if match["level1"][1:] == "00":
        raise ValidationError(
            _("“%(value)s”: the level-1 number must be between 01 and 99."),
            code="qcvn102_level1",
            params={"value": value},
        )
    # A lower level cannot exist without the level above it (000.05.00.H41 is not a unit).
    if match["level3"] != "00" and match["level2"] == "00":
        raise ValidationError(
            _("“%(value)s”: a level-3 unit needs its level-2 unit (the third group is 00)."),
            code="qcvn102_hierarchy",
            params={"value": value},
        )
    if match["level4"] != "000" and match["level3"] == "00":
        raise ValidationError(
            _("“%(value)s”: a level-4 unit needs its level-3 unit (the second group is 00)."),
            code="qcvn102_hierarchy",
            params={"value": value},
        )


def validate_admin_unit_code(value: str) -> None:
    if not (value.isascii() and value.isdigit()) or len(value) not in ADMIN_CODE_LENGTHS:
        raise ValidationError(
            _(
                "“%(value)s” is not an administrative-unit code: 2 digits for a province, "
                "5 for a commune, ward or special zone (3 for a former district)."
            ),
            code="admin_code_format",
            params={"value": value},
        )


def qcvn102_level(code: str) -> int:
    """The level of a well-formed identifier: 1 for 000.00.00.H41, 2 for 000.00.20.H41, ..."""
    match = QCVN102_PATTERN.match(code)
    if match is None:
        raise ValueError(f"not a QCVN 102 identifier: {code!r}")
    if match["level4"] != "000":
        return 4
    if match["level3"] != "00":
        return 3
    return 2 if match["level2"] != "00" else 1


def qcvn102_parent(code: str) -> str | None:
    """The identifier of the level above, None for level 1: 000.01.20.H41 -> 000.00.20.H41."""
    level = qcvn102_level(code)
    if level == 1:
        return None
    groups = code.split(".")  # level 4, 3, 2, 1
    groups[4 - level] = "0" * len(groups[4 - level])
    return ".".join(groups)
