"""A province's own wording of a message, edited in the admin, replaces the default text."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from pytest_django.asserts import assertContains

from motcua.accounts.models import User, UserKind
from motcua.notifications.models import Channel, MessageText, TemplateKey
from motcua.notifications.services import Recipient, enqueue

pytestmark = pytest.mark.django_db

CONTEXT = {"code": "X-1", "unit": "UBND xã Nam Đàn", "return_channel": "desk"}
BOTH = Recipient(email="dan@example.vn", phone="0912345678")


def test_the_provinces_own_text_replaces_the_default_for_its_channel_and_language() -> None:
    MessageText.objects.create(
        template=TemplateKey.RESULT_READY,
        channel=Channel.SMS,
        language="vi",
        body="UBND: ho so {{ code }} da co ket qua, nhan tai {{ unit }}.",
    )
    messages = {message.channel: message for message in enqueue(BOTH, "result_ready", CONTEXT)}
    assert messages[Channel.SMS].body == "UBND: ho so X-1 da co ket qua, nhan tai UBND xã Nam Đàn."
    # The e-mail keeps the default text; so does another language.
    assert messages[Channel.EMAIL].subject == "Hồ sơ X-1 đã có kết quả"
    [english] = enqueue(Recipient(phone="0912345678", language="en"), "result_ready", CONTEXT)
    assert english.body == "The result of dossier X-1 is ready. Collect it at UBND xã Nam Đàn."


def test_own_texts_are_not_escaped_as_html() -> None:
    MessageText.objects.create(
        template=TemplateKey.RESULT_READY,
        channel=Channel.EMAIL,
        subject="Kết quả <{{ code }}>",
        body="Nhận tại {{ unit }} & mang theo giấy hẹn.",
    )
    [message] = enqueue(
        Recipient(email="dan@example.vn"), "result_ready", {**CONTEXT, "code": "A&B"}
    )
    assert message.subject == "Kết quả <A&B>"
    assert message.body == "Nhận tại UBND xã Nam Đàn & mang theo giấy hẹn."


def test_a_broken_template_or_an_email_without_subject_is_refused_in_vietnamese() -> None:
    text = MessageText(
        template=TemplateKey.APOLOGY, channel=Channel.EMAIL, body="Xin lỗi {% if %}", subject=""
    )
    with pytest.raises(ValidationError) as refused:
        text.full_clean()
    assert refused.value.message_dict["subject"] == ["Thư điện tử cần có tiêu đề."]
    assert refused.value.message_dict["body"][0].startswith("Nội dung này không phải là mẫu hợp lệ")


def test_queueing_reads_the_own_texts_once_whatever_the_channels(
    django_assert_num_queries: object,
) -> None:
    with django_assert_num_queries(2):  # type: ignore[operator]
        assert len(enqueue(BOTH, "result_ready", CONTEXT)) == 2


def test_the_admin_lists_the_variables_and_keeps_what_was_typed_on_error(client: Client) -> None:
    client.force_login(User.objects.create_superuser("quantri", password="x", kind=UserKind.STAFF))
    page = client.get("/admin/notifications/messagetext/add/")
    assertContains(page, "{{ lookup_url }}")
    assertContains(page, "Hồ sơ đã được tiếp nhận (gửi người nộp)")
    typed = "Hồ sơ {{ code }} {% endif %}"
    response = client.post(
        "/admin/notifications/messagetext/add/",
        {"template": "dossier_received", "channel": "sms", "language": "vi", "body": typed},
    )
    assertContains(response, "Nội dung này không phải là mẫu hợp lệ")
    assertContains(response, "Hồ sơ {{ code }} {% endif %}")
    assert not MessageText.objects.exists()
