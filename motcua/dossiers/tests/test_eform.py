"""The e-form built from a procedure's field definition: each field type with good and bad
input, repeated groups, addresses with the 2025 units, structured data for the services."""

import datetime
from typing import Any

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.agencies.models import Unit, UnitKind
from motcua.agencies.tests.factories import UnitFactory
from motcua.catalog.eform import form_schema_problems
from motcua.dossiers.eform import (
    AddressUnits,
    EForm,
    FormDataInvalid,
    add_row_data,
    clean_form_data,
    display_rows,
    territory_name,
)

SCHEMA: list[dict[str, Any]] = [
    {"key": "ho_ten", "label": "Họ và tên", "type": "text", "required": True},
    {"key": "so_con", "label": "Số con", "type": "number"},
    {"key": "ngay_sinh", "label": "Ngày sinh", "type": "date", "required": True},
    {"key": "gioi_tinh", "label": "Giới tính", "type": "choice", "choices": ["Nam", "Nữ"]},
    {"key": "cccd", "label": "Số CCCD", "type": "cccd"},
    {"key": "noi_o", "label": "Nơi cư trú", "type": "address", "required": True},
    {
        "key": "cha_me",
        "label": "Cha, mẹ",
        "type": "group",
        "repeated": True,
        "required": True,
        "fields": [
            {"key": "ho_ten", "label": "Họ và tên", "type": "text", "required": True},
            {"key": "so_dinh_danh", "label": "Số định danh cá nhân", "type": "cccd"},
        ],
    },
    {
        "key": "lien_he",
        "label": "Liên hệ",
        "type": "group",
        "fields": [{"key": "ghi_chu", "label": "Ghi chú", "type": "text"}],
    },
]


@pytest.fixture(autouse=True)
def _vietnamese() -> Any:
    with translation.override("vi"):
        yield


@pytest.fixture
def places(db: None) -> dict[str, Unit]:
    province = UnitFactory.create(
        name="Ủy ban nhân dân tỉnh Nghệ An", kind=UnitKind.PROVINCE_COMMITTEE, admin_code="40"
    )
    other = UnitFactory.create(
        name="Ủy ban nhân dân tỉnh Hà Tĩnh", kind=UnitKind.PROVINCE_COMMITTEE, admin_code="42"
    )
    ward = UnitFactory.create(
        name="Phường Trường Vinh", kind=UnitKind.WARD, admin_code="16681", parent=province
    )
    merged = UnitFactory.create(
        name="Xã Cũ",
        kind=UnitKind.COMMUNE,
        admin_code="16999",
        parent=province,
        valid_from=datetime.date(2000, 1, 1),
        valid_to=datetime.date(2025, 7, 1),
    )
    elsewhere = UnitFactory.create(
        name="Phường Thành Sen", kind=UnitKind.WARD, admin_code="18070", parent=other
    )
    return {"province": province, "ward": ward, "merged": merged, "elsewhere": elsewhere}


def post(**values: str) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data[key.replace("__", "-")] = value
    return data


GOOD = {
    "f__ho_ten": "  Nguyễn Văn An ",
    "f__so_con": "2",
    "f__ngay_sinh": "1985-03-12",
    "f__gioi_tinh": "Nam",
    "f__cccd": "040 085 001 234",
    "f__noi_o__province": "40",
    "f__noi_o__commune": "16681",
    "f__noi_o__detail": "Số 1 Lê Lợi",
    "f__cha_me__rows": "2",
    "f__cha_me__0__ho_ten": "Nguyễn Văn Bố",
    "f__cha_me__0__so_dinh_danh": "040060001111",
    "f__cha_me__1__ho_ten": "",
}


def test_the_schema_of_the_tests_is_valid() -> None:
    assert form_schema_problems(SCHEMA) == []


def test_good_input_gives_clean_json_ready_data(places: dict[str, Unit]) -> None:
    form = EForm(SCHEMA, post(**GOOD))
    assert form.is_valid(), form.errors
    assert form.form_data == {
        "ho_ten": "Nguyễn Văn An",
        "so_con": 2,
        "ngay_sinh": "1985-03-12",
        "gioi_tinh": "Nam",
        "cccd": "040085001234",
        "noi_o": {
            "province_code": "40",
            "province": "Tỉnh Nghệ An",
            "commune_code": "16681",
            "commune": "Phường Trường Vinh",
            "detail": "Số 1 Lê Lợi",
            "text": "Số 1 Lê Lợi, Phường Trường Vinh, Tỉnh Nghệ An",
        },
        # The second row was left blank: dropped.
        "cha_me": [{"ho_ten": "Nguyễn Văn Bố", "so_dinh_danh": "040060001111"}],
    }


def test_required_fields_are_named_in_vietnamese(places: dict[str, Unit]) -> None:
    form = EForm(SCHEMA, post(f__cha_me__rows="1"))
    assert not form.is_valid()
    assert form.errors["f-ho_ten"] == ["Vui lòng điền “Họ và tên”."]
    assert form.errors["f-ngay_sinh"] == ["Vui lòng điền “Ngày sinh”."]
    assert "Vui lòng điền “Nơi cư trú”." in form.errors["__all__"]
    assert "Vui lòng điền “Cha, mẹ”." in form.errors["__all__"]


def test_a_draft_accepts_empty_required_fields_but_not_wrong_values(
    places: dict[str, Unit],
) -> None:
    assert EForm(SCHEMA, post(f__ho_ten="An"), partial=True).is_valid()
    form = EForm(SCHEMA, post(f__ho_ten="An", f__so_con="hai"), partial=True)
    assert not form.is_valid()
    assert form.errors["f-so_con"] == ["Nhập một số, ví dụ 3 hoặc 2,5."]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("3", 3), ("2,5", 2.5), ("2.5", 2.5), ("12 000", 12000), ("-1", -1), ("1,50", 1.5)],
)
def test_numbers_as_people_type_them(places: dict[str, Unit], typed: str, stored: object) -> None:
    form = EForm(SCHEMA, post(f__so_con=typed), partial=True)
    assert form.is_valid(), form.errors
    assert form.form_data["so_con"] == stored


@pytest.mark.parametrize("typed", ["hai", "1,2,3", "NaN", "Infinity", "1e400", "9" * 30])
def test_not_numbers(places: dict[str, Unit], typed: str) -> None:
    form = EForm(SCHEMA, post(f__so_con=typed), partial=True)
    assert not form.is_valid()
    assert "f-so_con" in form.errors


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("31/02/2020", "Nhập ngày theo dạng ngày/tháng/năm."),
        ("hôm qua", "Nhập ngày theo dạng ngày/tháng/năm."),
        ("1850-01-01", "Nhập ngày từ 01/01/1900 đến 31/12/2100."),
    ],
)
def test_bad_dates(places: dict[str, Unit], typed: str, problem: str) -> None:
    form = EForm(SCHEMA, post(f__ngay_sinh=typed), partial=True)
    assert not form.is_valid()
    assert form.errors["f-ngay_sinh"] == [problem]


def test_a_date_typed_the_vietnamese_way(places: dict[str, Unit]) -> None:
    form = EForm(SCHEMA, post(f__ngay_sinh="05/03/2026"), partial=True)
    assert form.is_valid()
    assert form.form_data["ngay_sinh"] == "2026-03-05"


def test_a_choice_outside_the_list(places: dict[str, Unit]) -> None:
    form = EForm(SCHEMA, post(f__gioi_tinh="Khác"), partial=True)
    assert not form.is_valid()
    assert form.errors["f-gioi_tinh"] == ["Hãy chọn một trong các câu trả lời có trong danh sách."]


@pytest.mark.parametrize(
    ("typed", "code"),
    [("04008500123", "length"), ("003085001234", "province"), ("040985001234", "year")],
)
def test_cccd_structure_is_checked(places: dict[str, Unit], typed: str, code: str) -> None:
    form = EForm(SCHEMA, post(f__cccd=typed), partial=True)
    assert not form.is_valid()
    message = form.errors["f-cccd"][0]
    expected = {"length": "12 chữ số", "province": "mã tỉnh", "year": "tương lai"}[code]
    assert expected in message


def test_address_commune_must_belong_to_the_province(places: dict[str, Unit]) -> None:
    form = EForm(SCHEMA, post(f__noi_o__province="40", f__noi_o__commune="18070"), partial=True)
    assert not form.is_valid()
    assert "f-noi_o-commune" in form.errors


def test_address_offers_only_units_in_force(places: dict[str, Unit]) -> None:
    units = AddressUnits.load()
    assert [place.code for place in units.communes["40"]] == ["16681"]
    form = EForm(SCHEMA, post(f__noi_o__province="40", f__noi_o__commune="16999"), partial=True)
    assert not form.is_valid()
    assert form.errors["f-noi_o-commune"] == ["Hãy chọn một trong các địa danh có trong danh sách."]


def test_address_units_are_read_again_only_when_a_unit_changes(
    places: dict[str, Unit], django_assert_num_queries: Any
) -> None:
    first = AddressUnits.load()
    with django_assert_num_queries(1):  # the units' revision only
        assert AddressUnits.load() is first
    ward = places["ward"]
    ward.name = "Phường Vinh Mới"
    ward.save()
    renamed = AddressUnits.load()
    assert "Phường Vinh Mới" in [place.name for place in renamed.communes["40"]]
    ward.valid_to = datetime.date(2020, 1, 1)
    ward.save()
    assert AddressUnits.load().communes["40"] == []


def test_a_begun_row_of_a_repeated_group_is_checked(places: dict[str, Unit]) -> None:
    form = EForm(
        SCHEMA,
        post(f__cha_me__rows="2", f__cha_me__1__so_dinh_danh="040060001111"),
        partial=False,
    )
    assert not form.is_valid()
    assert form.errors["f-cha_me-1-ho_ten"] == ["Vui lòng điền “Họ và tên”."]


def test_rows_are_bounded(places: dict[str, Unit]) -> None:
    form = EForm(SCHEMA, post(f__cha_me__rows="100000"), partial=True)
    assert len(form.nodes[6].rows) == 30


def test_adding_a_row_keeps_what_was_typed(places: dict[str, Unit]) -> None:
    data = add_row_data(post(f__ho_ten="An", f__cha_me__rows="1", _add="f-cha_me-rows"))
    form = EForm(SCHEMA, data, partial=True)
    assert len(form.nodes[6].rows) == 2
    assert form["f-ho_ten"].value() == "An"


def test_a_stored_draft_fills_the_form_again(places: dict[str, Unit]) -> None:
    stored = clean_form_data(SCHEMA, _structured(), partial=False)
    form = EForm(SCHEMA, initial=stored)
    html = render_to_string("dossiers/eform/_form.html", {"form": form})
    assert 'value="Nguyễn Văn An"' in html
    assert 'value="1985-03-12"' in html
    assert '<option value="16681" selected>' in html
    assert 'aria-required="true"' in html
    assert " required" not in html  # a draft may be saved half-filled
    assert len(form.nodes[6].rows) == 2


def test_errors_are_tied_to_their_inputs(places: dict[str, Unit]) -> None:
    form = EForm(SCHEMA, post(f__so_con="hai"), partial=True)
    html = render_to_string("dossiers/eform/_form.html", {"form": form})
    assert 'aria-invalid="true" aria-describedby="id_f-so_con_error"' in html
    assert 'id="id_f-so_con_error"' in html
    form.hide_errors()
    assert "id_f-so_con_error" not in render_to_string("dossiers/eform/_form.html", {"form": form})


def _structured() -> dict[str, Any]:
    return {
        "ho_ten": "Nguyễn Văn An",
        "so_con": 2,
        "ngay_sinh": "1985-03-12",
        "noi_o": {"province_code": "40", "commune_code": "16681", "detail": "Số 1"},
        "cha_me": [{"ho_ten": "Bố"}, {"ho_ten": "Mẹ", "so_dinh_danh": "040160001111"}],
    }


def test_structured_data_is_cleaned_like_the_form(places: dict[str, Unit]) -> None:
    data = _structured()
    # Names sent by a client are replaced by the units' own.
    data["noi_o"]["commune"] = "Phường Giả"
    clean = clean_form_data(SCHEMA, data)
    assert clean["noi_o"]["commune"] == "Phường Trường Vinh"
    assert clean["cha_me"][1] == {"ho_ten": "Mẹ", "so_dinh_danh": "040160001111"}
    # Clean data is its own clean form.
    assert clean_form_data(SCHEMA, clean) == clean


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"khac": "x"}, "khac"),
        ({"so_con": "hai"}, "so_con"),
        ({"so_con": True}, "so_con"),
        ({"ho_ten": ["An"]}, "ho_ten"),
        ({"cha_me": {"ho_ten": "Bố"}}, "cha_me"),
        ({"cha_me": [{"ho_ten": "Bố", "tuoi": 3}]}, "cha_me[0].tuoi"),
        ({"cha_me": [{"so_dinh_danh": "1"}]}, "cha_me[0].so_dinh_danh"),
        ({"noi_o": "Nghệ An"}, "noi_o"),
        ({"noi_o": {"province_code": "42", "commune_code": "16681"}}, "noi_o.commune"),
    ],
)
def test_bad_structured_data_names_the_field(
    places: dict[str, Unit], change: dict[str, Any], path: str
) -> None:
    with pytest.raises(FormDataInvalid) as refused:
        clean_form_data(SCHEMA, {**_structured(), **change})
    assert path in refused.value.errors
    assert refused.value.code == "form_data"


def test_structured_data_must_be_an_object(places: dict[str, Unit]) -> None:
    with pytest.raises(FormDataInvalid):
        clean_form_data(SCHEMA, ["Nguyễn Văn An"])


def test_an_empty_schema_takes_no_data(db: None) -> None:
    assert clean_form_data([], {}) == {}
    with pytest.raises(FormDataInvalid):
        clean_form_data([], {"ho_ten": "An"})


def test_display_rows(places: dict[str, Unit]) -> None:
    rows = display_rows(SCHEMA, clean_form_data(SCHEMA, _structured()))
    assert [(row.label, row.text, row.depth) for row in rows] == [
        ("Họ và tên", "Nguyễn Văn An", 0),
        ("Số con", "2", 0),
        ("Ngày sinh", "12/03/1985", 0),
        ("Nơi cư trú", "Số 1, Phường Trường Vinh, Tỉnh Nghệ An", 0),
        ("Cha, mẹ", "", 0),
        ("1.", "", 1),
        ("Họ và tên", "Bố", 1),
        ("2.", "", 1),
        ("Họ và tên", "Mẹ", 1),
        ("Số định danh cá nhân", "040160001111", 1),
    ]


def test_territory_names() -> None:
    assert territory_name("Ủy ban nhân dân tỉnh Nghệ An") == "Tỉnh Nghệ An"
    assert territory_name("UBND thành phố Hà Nội") == "Thành phố Hà Nội"
    assert territory_name("Tỉnh Hà Tĩnh") == "Tỉnh Hà Tĩnh"


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200
).filter(lambda value: value.strip())


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=TEXT,
    number=st.decimals(
        allow_nan=False, allow_infinity=False, places=2, min_value=-(10**9), max_value=10**9
    ),
    day=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)),
)
def test_any_good_value_survives_the_round_trip(
    places: dict[str, Unit], name: str, number: Any, day: datetime.date
) -> None:
    """What the form stores is accepted again as it is (drafts reopen, API clients resend)."""
    typed = post(
        f__ho_ten=name, f__so_con=str(number).replace(".", ","), f__ngay_sinh=day.isoformat()
    )
    form = EForm(SCHEMA, typed, partial=True)
    assert form.is_valid(), form.errors
    assert form.form_data["ho_ten"] == name.strip()
    assert form.form_data["ngay_sinh"] == day.isoformat()
    assert float(form.form_data["so_con"]) == pytest.approx(float(number))
    assert clean_form_data(SCHEMA, form.form_data, partial=True) == form.form_data


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=14))
def test_no_text_crashes_the_cccd_check(places: dict[str, Unit], typed: str) -> None:
    form = EForm(SCHEMA, post(f__cccd=typed), partial=True)
    if form.is_valid():
        assert len(form.form_data.get("cccd", "")) in (0, 12)
    else:
        assert form.errors["f-cccd"]


def test_a_draft_still_shows_which_fields_are_required(places: dict[str, Unit]) -> None:
    form = EForm(SCHEMA, post(f__ho_ten="An"), partial=True)
    assert form.is_valid()
    html = render_to_string("dossiers/eform/_form.html", {"form": form})
    assert 'name="f-ho_ten"' in html and html.count('aria-required="true"') >= 3
