"""QCVN 102 agency identifiers and QĐ 19/2025 administrative-unit codes."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from motcua.agencies.models import Unit, UnitKind
from motcua.agencies.validators import (
    qcvn102_level,
    qcvn102_parent,
    validate_admin_unit_code,
    validate_qcvn102_code,
)


@pytest.mark.parametrize(
    "code", ["000.00.00.H41", "000.00.20.H41", "000.01.01.H08", "000.00.04.G14", "001.02.03.H55"]
)
def test_good_qcvn102_codes_pass(code: str) -> None:
    validate_qcvn102_code(code)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("00.00.00.H41", "qcvn102_format"),  # level 4 has three digits
        ("000.0.00.H41", "qcvn102_format"),  # level 3 has two digits
        ("000.00.000.H41", "qcvn102_format"),  # level 2 has two digits
        ("000.00.00.H4", "qcvn102_format"),  # level 1 is a letter and two digits
        ("000.00.00.h41", "qcvn102_format"),  # the letter is a capital
        ("000.00.00.41H", "qcvn102_format"),
        ("000-00-00-H41", "qcvn102_format"),
        (" 000.00.00.H41", "qcvn102_format"),
        ("000.00.00.H41.01", "qcvn102_format"),
        (
            "\uff10\uff10\uff10.\uff10\uff10.\uff10\uff10.H\uff14\uff11",
            "qcvn102_format",
        ),  # full-width digits are not digits here
        ("", "qcvn102_format"),
        ("000.00.00.H00", "qcvn102_level1"),  # level 1 runs from 01 to 99
        ("000.05.00.H41", "qcvn102_hierarchy"),  # a level-3 unit without its level 2
        ("001.00.05.H41", "qcvn102_hierarchy"),  # a level-4 unit without its level 3
    ],
)
def test_bad_qcvn102_codes_are_refused(code: str, reason: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_qcvn102_code(code)
    assert refused.value.code == reason


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("000.00.00.H41", 1, None),
        ("000.00.20.H41", 2, "000.00.00.H41"),
        ("000.01.20.H41", 3, "000.00.20.H41"),
        ("002.01.20.H41", 4, "000.01.20.H41"),
    ],
)
def test_level_and_parent_of_a_code(code: str, level: int, parent: str | None) -> None:
    assert qcvn102_level(code) == level
    assert qcvn102_parent(code) == parent


def _group(digits: int) -> st.SearchStrategy[str]:
    return st.integers(min_value=0, max_value=10**digits - 1).map(lambda n: f"{n:0{digits}d}")


@st.composite
def valid_codes(draw: st.DrawFn) -> str:
    level1 = draw(st.sampled_from("GH")) + f"{draw(st.integers(1, 99)):02d}"
    level = draw(st.integers(1, 4))
    groups = ["000", "00", "00"]
    for position, digits in list(zip((2, 1, 0), (2, 2, 3), strict=True))[: level - 1]:
        groups[position] = draw(_group(digits).filter(lambda g: int(g) > 0))
    return ".".join([*groups, level1])


@given(valid_codes())
def test_climbing_parents_from_any_valid_code_reaches_level_one(code: str) -> None:
    validate_qcvn102_code(code)
    steps = 0
    while (parent := qcvn102_parent(code)) is not None:
        validate_qcvn102_code(parent)
        assert qcvn102_level(parent) == qcvn102_level(code) - 1
        assert parent[-3:] == code[-3:]
        code, steps = parent, steps + 1
    assert qcvn102_level(code) == 1 and steps <= 3


@pytest.mark.parametrize("code", ["40", "412", "16681", "00001"])
def test_good_admin_codes_pass(code: str) -> None:
    validate_admin_unit_code(code)


@pytest.mark.parametrize("code", ["4", "1234", "123456", "4a", "\uff14\uff10", " 40", "-40"])
def test_bad_admin_codes_are_refused(code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_admin_unit_code(code)
    assert refused.value.code == "admin_code_format"


def _unit(**fields: object) -> Unit:
    values: dict[str, object] = {"name": "Đơn vị", "short_name": "DV", "kind": UnitKind.WARD}
    values.update(fields)
    return Unit(**values)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "code"),
    [
        (UnitKind.PROVINCE_COMMITTEE, "40"),
        (UnitKind.WARD, "16681"),
        (UnitKind.SPECIAL_ZONE, "16999"),
        (UnitKind.DISTRICT, "412"),
        (UnitKind.DEPARTMENT, ""),
    ],
)
def test_admin_code_fits_the_kind_of_unit(kind: str, code: str) -> None:
    _unit(kind=kind, admin_code=code).full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "code"),
    [
        (UnitKind.WARD, "40"),
        (UnitKind.PROVINCE_COMMITTEE, "16681"),
        (UnitKind.DISTRICT, "16681"),
        (UnitKind.DEPARTMENT, "40"),
        (UnitKind.WARD, "1668a"),
    ],
)
def test_admin_code_of_the_wrong_length_for_the_kind_is_refused(kind: str, code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        _unit(kind=kind, admin_code=code).full_clean()
    assert list(refused.value.message_dict) == ["admin_code"]


@pytest.mark.django_db
def test_a_unit_with_a_bad_qcvn_code_is_refused_on_that_field() -> None:
    with pytest.raises(ValidationError) as refused:
        _unit(qcvn_code="000.05.00.H41").full_clean()
    assert list(refused.value.message_dict) == ["qcvn_code"]
