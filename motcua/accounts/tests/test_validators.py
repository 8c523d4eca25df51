import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from motcua.accounts.validators import (
    cccd_birth_year,
    normalize_phone,
    validate_cccd,
    validate_phone,
    validate_tax_code,
)


@pytest.mark.parametrize(("number", "year"), [("001099012345", 1999), ("079203001234", 2003)])
def test_good_cccd_numbers_pass_and_tell_the_year_of_birth(number: str, year: int) -> None:
    validate_cccd(number)
    assert cccd_birth_year(number) == year


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("00109901234", "cccd_length"),  # 11 digits
        ("0010990123456", "cccd_length"),  # 13 digits
        ("00109901234A", "cccd_length"),
        ("CCCD00990123", "cccd_length"),
        ("003099012345", "cccd_province"),
        ("099099012345", "cccd_province"),
        ("001499012345", "cccd_birth_year"),  # born in 2199
    ],
)
def test_bad_cccd_numbers_are_refused_with_their_reason(number: str, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_cccd(number)
    assert error.value.code == code


@pytest.mark.parametrize("code", ["0100112437", "0101248141", "0100112437-001"])
def test_good_tax_codes_pass(code: str) -> None:
    validate_tax_code(code)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0100112438", "tax_code_checksum"),
        ("0101248142", "tax_code_checksum"),
        ("010011243", "tax_code_format"),  # 9 digits
        ("0100112437-01", "tax_code_format"),
        ("0100112437001", "tax_code_format"),
        ("01001124 37", "tax_code_format"),
    ],
)
def test_bad_tax_codes_are_refused_with_their_reason(value: str, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_tax_code(value)
    assert error.value.code == code


SEPARATORS = st.sampled_from(["", " ", ".", "-", "  "])


@st.composite
def formatted_phone(draw: st.DrawFn) -> tuple[str, str]:
    """A valid number, and the same number as a person might write it."""
    subscriber = draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
    number = "0" + subscriber
    prefix = draw(st.sampled_from(["0", "+84", "84", "+84 ", "(+84) ", "+84-"]))
    written = prefix
    for digit in subscriber:
        written += draw(SEPARATORS) + digit
    return number, written


@given(formatted_phone())
def test_any_formatting_of_a_valid_number_normalises_to_the_same_value(
    case: tuple[str, str],
) -> None:
    number, written = case
    assert normalize_phone(written) == number
    validate_phone(written)


@pytest.mark.parametrize("value", ["12345", "091234567", "09123456789", "+1 202 555 0100", "abc"])
def test_phone_numbers_that_are_not_vietnamese_mobiles_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        validate_phone(value)
