import datetime

import pytest
from django.test import Client

from motcua.agencies.models import UnitKind
from motcua.agencies.tests.factories import UnitFactory
from motcua.worktime.tests.factories import NoticeDayFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_notices")]

Query = dict[str, str | int]

DEADLINE = "/api/v1/worktime/deadline"
DAYS_OFF = "/api/v1/worktime/days-off"


def test_an_appointment_after_the_desk_cutoff_before_tết(client: Client) -> None:
    response = client.get(
        DEADLINE, {"start": "2026-02-13T15:30:00+07:00", "amount": "1", "unit": "working_days"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["received_effective"] == "2026-02-23T07:30:00+07:00"
    assert body["due"] == "2026-02-24T17:00:00+07:00"
    assert body["channel"] == "desk"
    skipped = {day["date"]: day["kind"] for day in body["days_off"]}
    assert skipped["2026-02-17"] in {"holiday", "notice"}
    assert skipped["2026-02-14"] in {"weekly", "notice"}
    assert "2026-02-23" not in skipped


def test_a_moment_in_utc_or_without_offset_is_understood(client: Client) -> None:
    utc = client.get(
        DEADLINE,
        {
            "start": "2026-03-10T08:00:00Z",
            "amount": "2",
            "unit": "working_hours",
            "channel": "online",
        },
    ).json()
    local = client.get(
        DEADLINE,
        {"start": "2026-03-10T15:00", "amount": "2", "unit": "working_hours", "channel": "online"},
    ).json()
    assert utc["received_effective"] == local["received_effective"] == "2026-03-10T15:00:00+07:00"
    assert utc["due"] == local["due"] == "2026-03-10T17:00:00+07:00"


def test_a_units_calendar(client: Client) -> None:
    UnitFactory.create(kind=UnitKind.COMMUNE, qcvn_code="000.00.31.H41")
    NoticeDayFactory(date=datetime.date(2026, 3, 11), notice__unit_code="000.00.31.H41")
    query: Query = {"start": "2026-03-10T09:00+07:00", "amount": "1", "unit": "working_days"}
    province = client.get(DEADLINE, query).json()
    commune = client.get(DEADLINE, {**query, "unit_code": "000.00.31.H41"}).json()
    assert province["due"] == "2026-03-11T17:00:00+07:00"
    assert commune["due"] == "2026-03-12T17:00:00+07:00"
    assert commune["unit_code"] == "000.00.31.H41"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            {
                "start": "2026-03-10T09:00",
                "amount": "1",
                "unit": "days",
                "unit_code": "000.00.99.H41",
            },
            "unit_code",
            "Không tìm thấy đơn vị có mã 000.00.99.H41.",
        ),
        ({"start": "hôm qua", "amount": "1", "unit": "days"}, "start", "Thời điểm tiếp nhận"),
        ({"start": "2026-03-10T09:00", "amount": "-3", "unit": "days"}, "amount", "không được âm"),
        ({"start": "2026-03-10T09:00", "amount": "ba", "unit": "days"}, "amount", "số nguyên"),
        ({"start": "2026-03-10T09:00", "amount": "1", "unit": "weeks"}, "unit", "đơn vị thời gian"),
        (
            {"start": "2026-03-10T09:00", "amount": "1", "unit": "days", "channel": "fax"},
            "channel",
            "kênh",
        ),
        ({"start": "2099-03-10T09:00", "amount": "1", "unit": "days"}, "start", "2010"),
        ({"start": "2060-12-30T09:00", "amount": "12", "unit": "months"}, "start", "2060"),
        ({"amount": "1", "unit": "days"}, "start", "nhập thời điểm tiếp nhận"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(
    client: Client, query: Query, field: str, message: str
) -> None:
    response = client.get(DEADLINE, query)
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert message in body["detail"]


def test_days_off_of_a_year(client: Client) -> None:
    response = client.get(DAYS_OFF, {"year": "2026"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"year", "days_off", "make_up_days"}
    assert body["year"] == 2026
    days_off = {day["date"]: day for day in body["days_off"]}
    assert days_off["2026-04-27"]["kind"] == "holiday"
    assert "Giỗ Tổ" in days_off["2026-04-27"]["name"]
    assert days_off["2026-01-02"]["kind"] == "notice"
    assert all(datetime.date.fromisoformat(day).isoweekday() <= 5 for day in days_off)
    assert [day["date"] for day in body["make_up_days"]] == ["2026-01-10", "2026-08-22"]


def test_days_off_refuse_an_unknown_unit_and_a_bad_year(client: Client) -> None:
    unknown = client.get(DAYS_OFF, {"year": "2026", "unit_code": "000.00.00.H99"})
    assert unknown.status_code == 400
    assert unknown.json()["detail"] == "Không tìm thấy đơn vị có mã 000.00.00.H99."
    assert client.get(DAYS_OFF, {"year": "năm nay"}).status_code == 400
    assert client.get(DAYS_OFF, {"year": "1990"}).status_code == 400
