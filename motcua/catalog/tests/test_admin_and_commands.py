import io
import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from motcua.accounts.tests.factories import StaffFactory
from motcua.catalog.jobs import ImportJob
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tasks import import_catalogue_file
from motcua.catalog.tests.factories import catalogue, make_units, procedure_record
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:catalog_procedureversion_import"
STATUS_URL = "admin:catalog_procedureversion_import_status"


@pytest.fixture
def admin_client(client: Client) -> Client:
    make_units()
    client.force_login(StaffFactory.create(is_staff=True, is_superuser=True))
    return client


def _upload(content: bytes, name: str = "danh-muc.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_the_version_list_links_to_the_import_screen(admin_client: Client) -> None:
    page = admin_client.get(reverse("admin:catalog_procedureversion_changelist"))
    assert reverse(IMPORT_URL) in page.content.decode()
    screen = admin_client.get(reverse(IMPORT_URL))
    assert screen.status_code == 200
    assert "Nhập tệp" in screen.content.decode()


def test_a_bad_upload_lists_every_problem_in_vietnamese_and_stores_nothing(
    admin_client: Client,
) -> None:
    bad = procedure_record(field="XX", time_limit={"amount": 0, "unit": "tuần"})
    response = admin_client.post(
        reverse(IMPORT_URL), {"file": _upload(catalogue(bad))}, follow=True
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "chưa có dữ liệu nào được nhập" in html
    assert "Mã lĩnh vực “XX” không có" in html
    assert "procedures: time_limit.amount" in html and "procedures: time_limit.unit" in html
    assert not ProcedureVersion.objects.exists()
    assert not default_storage.listdir("catalog-imports")[1]  # the upload is not kept


def test_a_good_upload_is_imported_audited_and_reported(admin_client: Client) -> None:
    response = admin_client.post(reverse(IMPORT_URL), {"file": _upload(catalogue())}, follow=True)

    assert ProcedureVersion.objects.count() == 1
    assert "Đã nhập: 1 phiên bản mới" in response.content.decode()
    event = AuditEvent.objects.get(action="catalog.import")
    assert event.actor_label and event.data["codes"] == ["1.001193"]


def test_a_file_of_another_kind_is_refused_by_the_form(admin_client: Client) -> None:
    response = admin_client.post(reverse(IMPORT_URL), {"file": _upload(b"x", "danh-muc.pdf")})
    assert "Hãy chọn tệp .json hoặc .xlsx." in response.content.decode()


def test_export_downloads_a_workbook_of_one_field(admin_client: Client) -> None:
    admin_client.post(reverse(IMPORT_URL), {"file": _upload(catalogue())})
    response = admin_client.get(
        reverse("admin:catalog_procedureversion_export"), {"format": "xlsx", "field": "HT"}
    )
    assert response["Content-Disposition"].startswith('attachment; filename="danh-muc-tthc-HT-')
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Thủ tục"]["H2"].value == "Đăng ký khai sinh"
    assert workbook["Thủ tục"]["J2"].value == "Cấp xã"


def test_staff_without_admin_rights_cannot_import(client: Client) -> None:
    client.force_login(StaffFactory.create(is_staff=True))
    response = client.post(reverse(IMPORT_URL), {"file": _upload(catalogue())})
    assert response.status_code == 403
    assert not ProcedureVersion.objects.exists()


def test_commands_import_with_progress_and_export(tmp_path: Path) -> None:
    make_units()
    source = tmp_path / "danh-muc.json"
    source.write_bytes(
        catalogue(procedure_record(), procedure_record(code="1.000001", name="Thủ tục thứ hai"))
    )
    output = io.StringIO()

    call_command("import_catalogue", str(source), stdout=output)

    assert "\r1/2" in output.getvalue() and "\r2/2" in output.getvalue()
    assert "Đã nhập: 2 phiên bản mới" in output.getvalue()
    target = tmp_path / "ra.json"
    call_command("export_catalogue", str(target), "--field", "HT", stdout=io.StringIO())
    assert len(json.loads(target.read_text())["procedures"]) == 2


def test_the_import_command_prints_every_problem(tmp_path: Path) -> None:
    make_units()
    source = tmp_path / "sai.json"
    source.write_bytes(catalogue(procedure_record(field="XX", applicants=[])))
    errors = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_catalogue", str(source), stdout=io.StringIO(), stderr=errors)

    lines = errors.getvalue().strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Trang “JSON”, dòng 1, cột “procedures: field”")


def test_the_status_page_shows_the_progress_of_a_running_import(admin_client: Client) -> None:
    job = ImportJob.start("lon.xlsx")
    job.advance(250, 1000)

    page = admin_client.get(reverse(STATUS_URL, args=[job.id]))

    html = page.content.decode()
    assert '<meta http-equiv="refresh"' in html
    assert 'value="25"' in html and "250" in html and "1000" in html
    assert admin_client.get(reverse(STATUS_URL, args=["khongco"])).status_code == 404


def test_the_background_task_records_progress_and_outcome(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_units()
    records = [procedure_record(code=f"1.00000{i}") for i in range(1, 4)]
    path = default_storage.save("catalog-imports/test.json", ContentFile(catalogue(*records)))
    job = ImportJob.start("test.json")
    seen = []
    original = ImportJob.advance

    def spy(self: ImportJob, done: int, total: int) -> None:
        seen.append((done, total))
        original(self, done, total)

    monkeypatch.setattr(ImportJob, "advance", spy)
    import_catalogue_file.delay(job.id, path, "test.json", None, "vi")

    finished = ImportJob.load(job.id)
    assert finished is not None and finished.state == "done"
    assert (finished.done, finished.total) == (3, 3) and seen[-1] == (3, 3)
    assert finished.summary.startswith("Đã nhập: 3 phiên bản mới")
    assert not default_storage.exists(path)


def test_an_unexpected_error_ends_the_job_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr("motcua.catalog.tasks.import_catalogue", broken)
    path = default_storage.save("catalog-imports/hong.json", ContentFile(b"{}"))
    job = ImportJob.start("hong.json")

    with pytest.raises(RuntimeError):
        import_catalogue_file.delay(job.id, path, "hong.json", None, "vi")

    failed = ImportJob.load(job.id)
    assert failed is not None and failed.state == "failed"
    assert "lỗi ngoài dự kiến" in failed.problems[0]["message"]
    assert not default_storage.exists(path)
