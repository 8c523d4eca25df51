"""The "result ready" message invites an applicant with an account to evaluate the service,
with the address of the dossier's page where the invitation waits once the result is
returned; an applicant without an account (a desk dossier) gets the paper form at the desk,
so no address."""

from django.test import Client, override_settings
from django.urls import reverse

from motcua.dossiers.tests.factories import Province, desk_dossier, online_dossier
from motcua.notifications.models import Channel, Message
from motcua.notifications.tests.helpers import receive, to_result, to_review


def by_channel() -> dict[str, Message]:
    return {m.channel: m for m in Message.objects.filter(template="result_ready")}


@override_settings(SITE_URL="https://dichvucong.nghean.gov.vn")
def test_the_result_message_invites_the_applicant_to_evaluate(world: Province) -> None:
    dossier = online_dossier(world)
    receive(world, dossier)
    to_result(world, to_review(world, dossier))
    page = reverse("portal:my_dossier", args=[dossier.pk])
    address = f"https://dichvucong.nghean.gov.vn{page}#danh-gia"
    queued = by_channel()
    assert (
        "Sau khi nhận kết quả, mời ông/bà đánh giá mức độ hài lòng về việc giải quyết hồ sơ "
        f"tại: {address}"
    ) in queued[Channel.EMAIL].body
    assert queued[Channel.SMS].body.endswith(f"Đánh giá mức độ hài lòng: {address}")
    # The address is the applicant's own dossier page.
    client = Client()
    client.force_login(world.citizen)
    assert client.get(page).status_code == 200


def test_an_applicant_without_account_is_not_sent_an_address(world: Province) -> None:
    dossier = desk_dossier(world)
    receive(world, dossier)
    to_result(world, to_review(world, dossier))
    queued = by_channel()
    assert set(queued) == {Channel.SMS}  # a phone number only
    assert "đánh giá" not in queued[Channel.SMS].body.lower()
