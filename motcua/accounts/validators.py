"""Identity numbers of citizens and organisations, and phone numbers as people type them."""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The first three digits of a CCCD: the province of birth registration, in the list of the
# 63 provinces before the 2025 mergers (codes stay valid on cards already issued).
CCCD_PROVINCE_CODES = frozenset(
    """
    001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033
    034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066
    067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096
    """.split()
)
# The fourth digit encodes the century of birth and the sex: 0/1 for 1900-1999 (male/female),
# 2/3 for 2000-2099, 4/5 for 2100-2199, 6/7 for 2200-2299, 8/9 for 2300-2399.
CCCD_CENTURY_BASE = {digit: 1900 + (digit // 2) * 100 for digit in range(10)}

TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
TAX_CODE_PATTERN = re.compile(r"^(?P<base>\d{10})(?:-(?P<branch>\d{3}))?$")

VN_MOBILE_PATTERN = re.compile(r"^0\d{9}$")


def cccd_birth_year(number: str) -> int:
    """The year of birth encoded in a well-formed CCCD number."""
    return CCCD_CENTURY_BASE[int(number[3])] + int(number[4:6])


def validate_cccd(value: str) -> None:
    if not (len(value) == 12 and value.isdigit()):
        raise ValidationError(
            _("A citizen identity number (CCCD) has exactly 12 digits."), code="cccd_length"
        )
    if value[:3] not in CCCD_PROVINCE_CODES:
        raise ValidationError(
            _(
                "“%(code)s” is not a province code: the first three digits of a CCCD name the "
                "province where the birth was registered."
            ),
            code="cccd_province",
            params={"code": value[:3]},
        )
    if cccd_birth_year(value) > timezone.localdate().year:
        raise ValidationError(
            _(
                "Digits 4 to 6 of a CCCD give the century and year of birth; %(year)s is in "
                "the future. Please check the number again."
            ),
            code="cccd_birth_year",
            params={"year": cccd_birth_year(value)},
        )


def tax_code_check_digit(first_nine: str) -> int | None:
    """The tenth digit of a tax code starting with these nine; None where no digit fits."""
    weighted = sum(w * int(d) for w, d in zip(TAX_CODE_WEIGHTS, first_nine, strict=True))
    check = 10 - weighted % 11
    return check if check < 10 else None


def validate_tax_code(value: str) -> None:
    """Enterprise tax codes: 10 digits with a check digit, or 10-3 for a dependent unit."""
    match = TAX_CODE_PATTERN.match(value)
    if match is None:
        raise ValidationError(
            _(
                "A tax code has 10 digits, or 10 digits, a hyphen and 3 digits for a branch "
                "(for example 0100112437 or 0100112437-001)."
            ),
            code="tax_code_format",
        )
    if tax_code_check_digit(match["base"][:9]) != int(match["base"][9]):
        raise ValidationError(
            _("Tax code “%(value)s” has a wrong check digit: please check it again."),
            code="tax_code_checksum",
            params={"value": value},
        )


def normalize_phone(value: str) -> str:
    """ "+84 912 345 678", "84912345678" and "0912.345.678" all become "0912345678"."""
    digits = re.sub(r"[\s.\-()]", "", value)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def validate_phone(value: str) -> None:
    if not VN_MOBILE_PATTERN.match(normalize_phone(value)):
        raise ValidationError(
            _("Enter a Vietnamese phone number of 10 digits starting with 0, such as 0912345678."),
            code="phone_format",
        )
