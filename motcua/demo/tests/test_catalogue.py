"""The demo catalogue: enough realistic procedures, valid, searchable, and stable on re-runs."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from motcua.catalog.models import (
    AuthorityLevel,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    UnitRole,
)
from motcua.catalog.search import search_procedures
from motcua.core.models import AuditEvent
from motcua.demo import catalogue, province

pytestmark = pytest.mark.django_db

# The procedures the issue names (by code, and how their name starts), each of which a citizen
# can start online.
NAMED = {
    "1.001193": "Đăng ký khai sinh",
    "1.000894": "Đăng ký kết hôn",
    "1.000656": "Đăng ký khai tử",
    "2.000815": "Chứng thực bản sao từ bản chính",
    "2.001417.000.00.00.H41": "Cấp Phiếu lý lịch tư pháp",
    "1.009794": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "2.000720": "Đăng ký thành lập hộ kinh doanh",
    "1.002804.000.00.00.H41": "Cấp đổi giấy phép lái xe",
    "1.012726": "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận",
}
SEARCHES = [
    ("dang ky khai sinh", "Đăng ký khai sinh"),
    ("khai sinh", "Đăng ký khai sinh"),
    ("giay phep xay dung", "Cấp giấy phép xây dựng nhà ở riêng lẻ"),
    ("ket hon", "Đăng ký kết hôn"),
    ("doi bang lai xe", "Cấp đổi giấy phép lái xe"),
    ("ly lich tu phap", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"),
    ("so do lan dau", "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận"),
    ("thanh lap ho kinh doanh", "Đăng ký thành lập hộ kinh doanh"),
]


@pytest.fixture
def demo_catalogue() -> list[str]:
    province.build(lambda line: None)
    lines: list[str] = []
    catalogue.build(lines.append)
    return lines


def test_the_demo_catalogue_is_large_varied_complete_and_searchable(demo_catalogue) -> None:
    current = ProcedureVersion.objects.current()
    assert current.count() >= 120
    assert current.values("field").distinct().count() >= 12
    levels = set(current.values_list("authority_level", flat=True))
    assert {AuthorityLevel.PROVINCE, AuthorityLevel.COMMUNE} <= levels
    # Every current procedure has documents and an internal process.
    assert not current.annotate(n=Count("components")).filter(n=0).exists()
    assert not current.annotate(n=Count("process_steps")).filter(n=0).exists()
    # Every procedure offered online has its online form.
    online = current.filter(online_level__in=[OnlineLevel.PARTIAL, OnlineLevel.FULL])
    assert online.count() >= 9
    assert all(version.form_schema for version in online)
    for code, name in NAMED.items():
        version = current.get(procedure__code=code)
        assert version.name.startswith(name), code
        assert version.accepts_online_submission, name
        assert version.form_schema, name

    # Inter-agency procedures, with steps of other agencies alongside the lead's.
    inter_agency = current.filter(unit_roles__role=UnitRole.COORDINATING).distinct()
    assert inter_agency.count() >= 5
    assert ProcessStep.objects.filter(
        version__in=inter_agency, parallel_with_previous=True, unit__isnull=False
    ).exists()
    # A procedure with its history: the 2023 decision and the 2025 one.
    birth = Procedure.objects.get(code="1.001193")
    assert birth.versions.count() == 2
    assert current.get(procedure=birth).decision_number == "1850/QĐ-UBND"

    for typed, expected in SEARCHES:
        assert search_procedures(typed)[0].name.startswith(expected), typed


def test_a_second_run_changes_and_records_nothing(demo_catalogue) -> None:
    versions = dict(ProcedureVersion.objects.values_list("pk", "updated_at"))
    events = AuditEvent.objects.count()
    lines: list[str] = []

    catalogue.build(lines.append)

    assert dict(ProcedureVersion.objects.values_list("pk", "updated_at")) == versions
    assert AuditEvent.objects.count() == events
    assert len(lines) == len(list(catalogue.DATA_DIR.glob("*.json")))


def test_seed_demo_builds_the_catalogue_after_the_province() -> None:
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    assert ProcedureVersion.objects.current().count() >= 120
    assert "01-tu-phap.json" in output.getvalue()
