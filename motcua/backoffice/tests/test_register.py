"""The register screen (Sổ theo dõi hồ sơ): filters, keyset pages, scoping, the Excel file
and the PDF of the same selection."""

import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader
from pytest_django.asserts import assertContains, assertNotContains

from motcua.accounts.models import Role
from motcua.dossiers import register
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.dossiers.tests.conftest import _fresh_calendars, world  # noqa: F401 (fixtures)
from motcua.dossiers.tests.factories import Province, at, staff
from motcua.dossiers.tests.scenarios import make_division, march, received
from motcua.worktime.limits import Channel

URL = "/can-bo/so-theo-doi/"
MARCH = {"date_from": "2026-03-01", "date_to": "2026-03-31"}
# Received at the centre in March, in the order received (R and L on 30 March last).
MARCH_LETTERS = "ABCEFGHIJKPQ" + "LR"


@pytest.fixture
def month(world: Province) -> dict[str, Dossier]:  # noqa: F811
    return march(world, make_division(world))


def codes(response: Any) -> list[str]:
    return [dossier.code for dossier in response.context["rows"]]


def query(world: Province, **extra: str) -> dict[str, str]:  # noqa: F811
    return {"unit": str(world.centre.pk), **MARCH, **extra}


def test_the_centres_march_in_the_order_received(
    client: Client,
    world: Province,  # noqa: F811
    month: dict[str, Dossier],
) -> None:
    client.force_login(world.officer)
    response = client.get(URL, query(world))
    assert response.status_code == 200
    assert codes(response) == [month[letter].code for letter in MARCH_LETTERS]
    assert response.context["total"] == 14
    assertContains(response, "14 hồ sơ")
    assertContains(response, month["A"].code)
    assertNotContains(response, month["O"].code)  # April
    assertNotContains(response, month["N"].code)  # February


def test_the_default_is_this_month_at_the_first_unit(
    client: Client,
    world: Province,  # noqa: F811
) -> None:
    client.force_login(world.officer)
    response = client.get(URL)
    form = response.context["form"]
    assert form.is_valid()
    assert form.cleaned_data["unit"] == world.centre
    assert form.cleaned_data["date_from"].day == 1


@pytest.mark.parametrize(
    ("extra", "letters"),
    [
        ({"channel": "online"}, "BIQ"),
        ({"channel": "post"}, "CL"),
        ({"status": "returned"}, "AH"),
        ({"status": "stopped"}, "IJ"),
        ({"status": "waiting"}, "P"),
        ({"status": "decided"}, "BCEFGQ"),
        ({"status": "in_progress"}, "KPLR"),
        ({"procedure": "KHONG-CO"}, ""),
    ],
)
def test_filters(
    client: Client,
    world: Province,  # noqa: F811
    month: dict[str, Dossier],
    extra: dict[str, str],
    letters: str,
) -> None:
    client.force_login(world.officer)
    response = client.get(URL, query(world, **extra))
    assert codes(response) == [month[letter].code for letter in letters]


def test_procedure_and_field_filters(
    client: Client,
    world: Province,  # noqa: F811
    month: dict[str, Dossier],
) -> None:
    client.force_login(world.officer)
    version = world.version
    by_code = client.get(URL, query(world, procedure=version.procedure.code))
    assert len(codes(by_code)) == 14
    by_field = client.get(URL, query(world, field=version.field.code))
    assert len(codes(by_field)) == 14


def test_keyset_pages_cover_the_register_once(
    client: Client,
    world: Province,  # noqa: F811
    month: dict[str, Dossier],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(register, "PAGE_SIZE", 5)
    client.force_login(world.officer)
    seen: list[str] = []
    response = client.get(URL, query(world))
    while True:
        seen += codes(response)
        next_query = response.context["next_query"]
        if not next_query:
            break
        assert response.context["first_query"] == "" or seen[5:]
        response = client.get(f"{URL}?{next_query}")
    assert seen == [month[letter].code for letter in MARCH_LETTERS]
    # A broken cursor starts from the beginning instead of failing.
    again = client.get(URL, {**query(world), "after": "%%%"})
    assert codes(again)[0] == month["A"].code


def test_a_supervisor_sees_the_units_below_with_the_subtree_box(
    client: Client,
    world: Province,  # noqa: F811
    month: dict[str, Dossier],
) -> None:
    supervisor = staff(world.province, Role.SUPERVISOR)
    client.force_login(supervisor)
    own = client.get(URL, {"unit": str(world.province.pk), **MARCH})
    assert codes(own) == []
    below = client.get(URL, {"unit": str(world.province.pk), "subtree": "on", **MARCH})
    assert len(codes(below)) == 14


def test_another_units_officer_cannot_read_this_register(
    client: Client,
    world: Province,  # noqa: F811
    month: dict[str, Dossier],
) -> None:
    client.force_login(world.other_officer)
    response = client.get(URL, query(world))
    assert response.context["rows"] is None
    assertContains(response, "Hãy chọn một lựa chọn hợp lệ")
    # Their own register is empty, even with the subtree.
    own = client.get(URL, {"unit": str(world.other_centre.pk), "subtree": "on", **MARCH})
    assert codes(own) == []
    assert client.get("/can-bo/so-theo-doi.xlsx", query(world)).status_code == 302


def test_a_reversed_period_keeps_what_was_typed_and_says_why(
    client: Client,
    world: Province,  # noqa: F811
) -> None:
    client.force_login(world.officer)
    response = client.get(
        URL, {"unit": str(world.centre.pk), "date_from": "2026-03-31", "date_to": "2026-03-01"}
    )
    assert response.status_code == 200
    assertContains(response, "Kỳ thống kê kết thúc trước khi bắt đầu")
    assertContains(response, 'value="2026-03-31"')
    assertContains(response, 'value="2026-03-01"')


def test_the_query_count_does_not_grow_with_the_dossiers(
    client: Client,
    world: Province,  # noqa: F811
) -> None:
    client.force_login(world.officer)
    received(world, at(2026, 3, 3, 8))
    with CaptureQueriesContext(connection) as few:
        client.get(URL, query(world))
    march(world, make_division(world))
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, query(world))
    assert len(codes(response)) == 15
    assert len(many) == len(few) <= 10


def test_the_excel_file_has_the_registers_columns_and_rows(
    client: Client,
    world: Province,  # noqa: F811
    month: dict[str, Dossier],
) -> None:
    client.force_login(world.officer)
    response = client.get("/can-bo/so-theo-doi.xlsx", query(world))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "so-theo-doi-ho-so-20260301-20260331.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.getvalue()))
    sheet = book["Sổ theo dõi hồ sơ"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "SỔ THEO DÕI HỒ SƠ"
    assert rows[1][0] == world.centre.name
    assert rows[2][0] == "Từ ngày 01/03/2026 đến ngày 31/03/2026"
    headings = rows[4]
    assert headings[:4] == ("STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Số lượng hồ sơ (bộ)")
    assert "Ngày hẹn trả kết quả" in headings and "Trạng thái" in headings
    body = rows[5:]
    assert [row[1] for row in body] == [month[letter].code for letter in MARCH_LETTERS]
    first = body[0]
    assert first[4] == "Nguyễn Văn A"
    assert first[7].strftime("%d/%m/%Y %H:%M") == "02/03/2026 08:00"  # Vietnam time
    assert first[8].strftime("%d/%m/%Y %H:%M") == "09/03/2026 17:00"
    assert first[11].strftime("%d/%m/%Y %H:%M") == "05/03/2026 09:00"  # returned
    with translation.override("vi"):
        assert (first[14], first[15]) == (str(Channel.DESK.label), str(State.RETURNED.label))


def test_the_pdf_is_form_07_of_the_same_selection(
    client: Client,
    world: Province,  # noqa: F811
    month: dict[str, Dossier],
) -> None:
    client.force_login(world.officer)
    response = client.get("/can-bo/so-theo-doi.pdf", query(world, channel="online"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "SỔ THEO DÕI HỒ SƠ" in text
    for letter in "BIQ":
        assert str(month[letter].code).split("-")[-1] in text
    assert month["A"].applicant_name not in text


def test_too_many_rows_for_a_pdf_go_back_with_a_message(
    client: Client,
    world: Province,  # noqa: F811
    month: dict[str, Dossier],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(register, "PDF_MAX_ROWS", 3)
    client.force_login(world.officer)
    response = client.get("/can-bo/so-theo-doi.pdf", query(world), follow=True)
    assert response.redirect_chain[-1][0].startswith(URL)
    assertContains(response, "quá nhiều cho một tệp PDF")
