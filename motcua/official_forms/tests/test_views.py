import pytest
from django.test import Client
from django.urls import reverse

from motcua.official_forms import checks, fonts
from motcua.official_forms.tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_staff_print_a_specimen_from_the_browser(admin_client: Client) -> None:
    response = admin_client.get(reverse("official_forms:specimen_preview", args=["06"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "window.print()" in page
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ".lower() in page.lower()


def test_staff_open_a_specimen_as_pdf(admin_client: Client) -> None:
    response = admin_client.get(reverse("official_forms:specimen_pdf", args=["01"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="mau-01-000.00.20.H41-260305-0012.pdf"'
    )
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in pdf_text(response.content)


def test_an_unknown_form_number_is_not_found(admin_client: Client) -> None:
    assert admin_client.get("/can-bo/bieu-mau/mau/08/").status_code == 404


def test_people_who_are_not_staff_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("official_forms:specimen_pdf", args=["01"]))
    assert response.status_code == 302


def test_a_missing_form_font_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "form_font_installed", lambda: False)
    assert [message.id for message in checks.form_font_check()] == ["official_forms.W001"]
    monkeypatch.setattr(checks, "form_font_installed", lambda: None)
    assert checks.form_font_check() == []


def test_this_machine_has_the_form_font() -> None:
    assert fonts.form_font_installed() is True
