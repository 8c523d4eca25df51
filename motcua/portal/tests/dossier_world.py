"""The province of the dossier tests (motcua.dossiers.tests.factories) with an online
procedure whose e-form asks for a name, a date of birth, an address and the parents, and
papers to upload; for the portal's submission, "Hồ sơ của tôi" and lookup tests."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.agencies.models import Unit
from motcua.dossiers.tests.factories import PDF_BYTES, Province

FORM = [
    {"key": "ho_ten", "label": "Họ và tên", "type": "text", "required": True},
    {"key": "ngay_sinh", "label": "Ngày sinh", "type": "date", "required": True},
    {"key": "noi_o", "label": "Nơi cư trú", "type": "address"},
    {
        "key": "cha_me",
        "label": "Cha, mẹ",
        "type": "group",
        "repeated": True,
        "fields": [{"key": "ho_ten", "label": "Họ và tên", "type": "text", "required": True}],
    },
]


def ward(world: Province) -> Unit:
    return Unit.objects.get(admin_code="16681")


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submit_url(world: Province) -> str:
    return reverse("portal:submit", kwargs={"code": world.version.code})


def pdf(name: str = "to-khai.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def form_post(world: Province, **extra: Any) -> dict[str, Any]:
    """A complete submission of the world's procedure (the declaration still to attach)."""
    declaration = world.version.components.get(order=1)
    data: dict[str, Any] = {
        "on_behalf": "self",
        "name": world.citizen.full_name,
        "phone": "0912 345 678",
        "email": "",
        "cccd": "",
        "address": "Số 1 Lê Lợi",
        "receiving_unit": str(world.centre.pk),
        "return_channel": "online",
        "f-ho_ten": "Nguyễn Văn Bé",
        "f-ngay_sinh": "2026-02-20",
        "f-noi_o-province": "40",
        "f-noi_o-commune": "16681",
        "f-noi_o-detail": "Số 1 Lê Lợi",
        "f-cha_me-rows": "1",
        "f-cha_me-0-ho_ten": "Nguyễn Văn An",
        "idempotency_key": "key-of-the-form",
        "action": "submit",
        f"file-{declaration.pk}": pdf(),
    }
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}
