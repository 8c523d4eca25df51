"""The statistics page for leaders and supervisors, its chart and its Excel file."""

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pytest_django.asserts import assertContains

from motcua.accounts.models import Role
from motcua.dossiers.tests.conftest import _fresh_calendars, world  # noqa: F401 (fixtures)
from motcua.dossiers.tests.factories import Province, staff
from motcua.dossiers.tests.scenarios import make_division, march

URL = "/can-bo/thong-ke/"
MARCH = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


@pytest.fixture
def month(world: Province) -> None:  # noqa: F811
    march(world, make_division(world))


@pytest.mark.usefixtures("month")
def test_a_supervisor_sees_the_province_with_a_line_per_unit(
    client: Client,
    world: Province,  # noqa: F811
) -> None:
    client.force_login(staff(world.province, Role.SUPERVISOR))
    response = client.get(URL, {"unit": str(world.province.pk), **MARCH})

    assert response.status_code == 200
    result = response.context["result"]
    assert result.counts.total == 16
    lines = {line.name: line.counts.total for line in response.context["lines"]}
    assert lines[world.department.name] == 15
    assert lines[world.police.name] == 1
    assert lines[world.province.name] == 16
    # The summary and the table: 8 resolved, 50 % on time, 2 overdue in progress.
    assertContains(response, "50,00 %")
    assertContains(response, '<th scope="row">Tổng cộng: UBND tỉnh Nghệ An</th>', html=False)
    # The chart's bar for the department reads out its parts.
    assertContains(response, 'aria-label="Sở Tư pháp: Đã giải quyết trước hạn hoặc đúng hạn 4;')
    # E, late only because of its two supplement requests, is pointed out.
    assertContains(response, "1 do bổ sung")


@pytest.mark.usefixtures("month")
def test_a_leader_sees_their_unit_and_not_the_province(
    client: Client,
    world: Province,  # noqa: F811
) -> None:
    client.force_login(world.leader)
    response = client.get(URL, MARCH)
    result = response.context["result"]
    assert result.unit == world.department
    assert result.counts.total == 15
    assert [unit.pk for unit in response.context["form"].fields["unit"].queryset] == [
        world.department.pk
    ]
    refused = client.get(URL, {"unit": str(world.province.pk), **MARCH})
    assert "result" not in refused.context
    assertContains(refused, "Hãy chọn một lựa chọn hợp lệ")


def test_a_specialist_is_refused(client: Client, world: Province) -> None:  # noqa: F811
    client.force_login(world.specialist)
    response = client.get(URL)
    assert response.status_code == 403
    assertContains(response, "dành cho lãnh đạo và cán bộ giám sát", status_code=403)
    assert client.get("/can-bo/thong-ke.xlsx").status_code == 302


def test_a_bad_period_keeps_what_was_typed(client: Client, world: Province) -> None:  # noqa: F811
    client.force_login(world.leader)
    response = client.get(URL, {"date_from": "2025-01-01", "date_to": "2026-12-31"})
    assertContains(response, "Một kỳ thống kê dài tối đa 366 ngày")
    assertContains(response, 'value="2025-01-01"')
    bad = client.get(URL, {"date_from": "hôm qua", "date_to": "2026-03-31"})
    assert bad.status_code == 200
    assertContains(bad, 'value="hôm qua"')


def test_the_query_count_does_not_grow_with_the_dossiers(
    client: Client,
    world: Province,  # noqa: F811
) -> None:
    client.force_login(world.leader)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, MARCH)
    march(world, make_division(world))
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, MARCH)
    assert response.context["result"].counts.total == 15
    assert len(many) == len(few) <= 12


@pytest.mark.usefixtures("month")
def test_the_excel_file(client: Client, world: Province) -> None:  # noqa: F811
    client.force_login(staff(world.province, Role.SUPERVISOR))
    response = client.get("/can-bo/thong-ke.xlsx", {"unit": str(world.province.pk), **MARCH})
    assert response.status_code == 200
    assert "thong-ke-ho-so-20260301-20260331.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.getvalue()))
    rows = list(book["Thống kê"].iter_rows(values_only=True))
    assert rows[0][0] == "THỐNG KÊ TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH"
    headings = rows[4]
    assert headings[:3] == ("Đơn vị", "Kỳ trước chuyển qua", "Mới tiếp nhận: trực tiếp")
    by_unit = {row[0]: dict(zip(headings, row, strict=True)) for row in rows[5:]}
    total = by_unit["Tổng cộng: UBND tỉnh Nghệ An"]
    # Counted by hand in motcua/dossiers/tests/test_statistics.py.
    assert total["Kỳ trước chuyển qua"] == 2
    assert total["Mới tiếp nhận: trực tiếp"] == 9
    assert total["Mới tiếp nhận: trực tuyến"] == 3
    assert total["Mới tiếp nhận: bưu chính công ích"] == 2
    assert total["Đã giải quyết: trước hạn"] == 3
    assert total["Đã giải quyết: đúng hạn"] == 1
    assert total["Đã giải quyết: quá hạn"] == 4
    assert total["Trong đó quá hạn do yêu cầu bổ sung quá một lần"] == 1
    assert total["Trả lại (không giải quyết, có văn bản nêu lý do)"] == 1
    assert total["Rút hồ sơ"] == 1
    assert total["Dừng giải quyết"] == 1
    assert total["Đang giải quyết: trong hạn"] == 3
    assert total["Đang giải quyết: quá hạn"] == 2
    assert total["Tỷ lệ giải quyết đúng hạn (%)"] == 50
    assert by_unit[world.police.name]["Tổng số phải giải quyết"] == 1
    assert by_unit[world.tax.name]["Tổng số phải giải quyết"] == 0
    assert by_unit[world.tax.name]["Tỷ lệ giải quyết đúng hạn (%)"] is None
