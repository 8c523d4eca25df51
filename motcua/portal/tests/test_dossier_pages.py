""" "Hồ sơ của tôi", a dossier's page and files, supplement and withdrawal, and the public
lookup (page and API): a citizen reaches only their own dossiers and files, and a code
without its phone number or secret reveals nothing."""

from typing import Any

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import Representation
from motcua.accounts.tests.factories import CitizenFactory, OrganisationFactory
from motcua.dossiers import citizen, queries, services
from motcua.dossiers.api.serializers import LookupResultSerializer, lookup_answer
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import Dossier, FilePurpose
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import PDF_BYTES, Province, at
from motcua.portal.tests.dossier_world import pdf, signed_in

NOW = at(2026, 3, 2, 8)
FORM_DATA = {"ho_ten": "Nguyễn Văn Bé", "ngay_sinh": "2026-02-20"}


@pytest.fixture(autouse=True)
def _no_throttle_memory() -> None:
    cache.clear()


def submitted(world: Province, person: Any = None, key: str = "k1", **extra: Any) -> Dossier:
    person = person or world.citizen
    dossier = services.submit_online(
        version=world.version,
        receiving_unit=world.centre,
        applicant=person,
        details=services.ApplicantDetails(name=person.full_name, phone=person.phone),
        form_data=FORM_DATA,
        idempotency_key=key,
        now=NOW,
        **extra,
    )
    services.add_file(
        dossier,
        SimpleUploadedFile("to-khai.pdf", PDF_BYTES),
        actor=person,
        component=world.version.components.get(order=1),
    )
    return dossier


def received(world: Province, **kwargs: Any) -> tuple[Dossier, str]:
    dossier = submitted(world, **kwargs)
    outcome = perform(dossier, Action.RECEIVE, world.officer, now=at(2026, 3, 2, 9))
    return outcome.dossier, outcome.lookup_secret


# "Hồ sơ của tôi"


def test_my_dossiers_lists_mine_and_my_organisations_only(
    world: Province, django_assert_num_queries: Any
) -> None:
    company = OrganisationFactory.create()
    Representation.objects.create(user=world.citizen, organisation=company)
    colleague = CitizenFactory.create()
    Representation.objects.create(user=colleague, organisation=company)
    mine = submitted(world, key="mine")
    theirs_for_company = submitted(world, colleague, key="company", organisation=company)
    stranger = submitted(world, CitizenFactory.create(), key="stranger")
    client = signed_in(world.citizen)
    client.get(reverse("portal:my_dossiers"))  # the session is loaded once
    # The session, the user, the page of dossiers, the layout's footer (the service centre).
    with django_assert_num_queries(4):
        html = client.get(reverse("portal:my_dossiers")).content.decode()
    assert reverse("portal:my_dossier", args=[mine.pk]) in html
    assert reverse("portal:my_dossier", args=[theirs_for_company.pk]) in html
    assert company.name in html
    assert reverse("portal:my_dossier", args=[stranger.pk]) not in html


def test_my_dossiers_pages_by_keyset(world: Province, django_assert_num_queries: Any) -> None:
    dossiers = [submitted(world, key=f"k{n}") for n in range(23)]
    client = signed_in(world.citizen)
    first = client.get(reverse("portal:my_dossiers"))
    first_html = first.content.decode()
    newest = dossiers[-1]
    assert reverse("portal:my_dossier", args=[newest.pk]) in first_html
    assert reverse("portal:my_dossier", args=[dossiers[2].pk]) not in first_html
    token = first.context["next_token"]
    with django_assert_num_queries(4):
        second = client.get(reverse("portal:my_dossiers"), {"sau": token})
    second_html = second.content.decode()
    assert reverse("portal:my_dossier", args=[dossiers[0].pk]) in second_html
    assert reverse("portal:my_dossier", args=[newest.pk]) not in second_html
    assert second.context["next_token"] == ""
    # A forged cursor is the first page, never an error.
    assert client.get(reverse("portal:my_dossiers"), {"sau": "!!"}).status_code == 200


def test_the_dossier_page_shows_status_history_form_and_files(world: Province) -> None:
    dossier, _secret = received(world)
    html = signed_in(world.citizen).get(reverse("portal:my_dossier", args=[dossier.pk]))
    text = html.content.decode()
    assert dossier.code and dossier.code in text
    assert "Được tiếp nhận" in text  # the national status
    assert "Nguyễn Văn Bé" in text and "20/02/2026" in text  # the e-form's answers
    assert "to-khai.pdf" in text
    assert text.count("<time") == 2  # submitted, received


# Access: pages, files, actions.


def test_a_citizen_never_reaches_another_citizens_dossier(world: Province) -> None:
    dossier = submitted(world)
    stored = dossier.files.get()
    stranger = signed_in(CitizenFactory.create())
    assert stranger.get(reverse("portal:my_dossier", args=[dossier.pk])).status_code == 404
    url = reverse("portal:dossier_file", args=[dossier.pk, stored.pk])
    assert stranger.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to sign in
    withdrawn = stranger.post(reverse("portal:withdraw", args=[dossier.pk]), {"reason": "x"})
    assert withdrawn.status_code == 404
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED


def test_a_file_address_with_another_dossier_is_refused(world: Province) -> None:
    others = submitted(world, CitizenFactory.create(), key="other")
    mine = submitted(world, key="mine")
    url = reverse("portal:dossier_file", args=[mine.pk, others.files.get().pk])
    assert signed_in(world.citizen).get(url).status_code == 404


def test_the_owner_downloads_the_file(world: Province) -> None:
    dossier = submitted(world)
    stored = dossier.files.get()
    response = signed_in(world.citizen).get(
        reverse("portal:dossier_file", args=[dossier.pk, stored.pk])
    )
    assert response.status_code == 200
    assert response.getvalue() == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]


def test_a_file_gone_from_the_storage_is_not_found(world: Province) -> None:
    dossier = submitted(world)
    stored = dossier.files.get()
    stored.file.delete(save=False)
    url = reverse("portal:dossier_file", args=[dossier.pk, stored.pk])
    assert signed_in(world.citizen).get(url).status_code == 404


def test_staff_cannot_use_the_citizens_file_address(world: Province) -> None:
    dossier = submitted(world)
    url = reverse("portal:dossier_file", args=[dossier.pk, dossier.files.get().pk])
    assert signed_in(world.other_officer).get(url).status_code == 404


def test_a_supplement_is_supplied_from_the_dossier_page(world: Province) -> None:
    dossier = submitted(world)
    perform(
        dossier, Action.REQUEST_SUPPLEMENT, world.officer, now=NOW, items=["Bản sao giấy khai sinh"]
    )
    client = signed_in(world.citizen)
    page = client.get(reverse("portal:my_dossier", args=[dossier.pk])).content.decode()
    assert "Bản sao giấy khai sinh" in page and "Gửi hồ sơ bổ sung" in page
    bad = client.post(
        reverse("portal:supply_supplement", args=[dossier.pk]),
        {"document": SimpleUploadedFile("a.pdf", b"GIF89a...")},
        follow=True,
    )
    assert "không phải là tệp PDF, JPEG hoặc PNG" in bad.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == State.SUPPLEMENT_AT_INTAKE
    client.post(reverse("portal:supply_supplement", args=[dossier.pk]), {"document": pdf("bs.pdf")})
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED
    assert dossier.files.filter(purpose=FilePurpose.SUPPLEMENT).count() == 1


def test_withdrawal_before_and_after_receipt(world: Province) -> None:
    early = submitted(world, key="early")
    client = signed_in(world.citizen)
    client.post(reverse("portal:withdraw", args=[early.pk]), {"reason": "Nộp nhầm thủ tục"})
    early.refresh_from_db()
    assert early.state == State.CANCELLED
    late, _secret = received(world, key="late")
    client.post(reverse("portal:withdraw", args=[late.pk]), {"reason": "Không cần nữa"})
    late.refresh_from_db()
    assert late.state == State.WITHDRAWAL_REQUESTED


def test_the_result_is_downloaded_once_returned_online(world: Province) -> None:
    dossier, _secret = received(world)
    result = services.add_file
    Dossier.objects.filter(pk=dossier.pk).update(state=State.APPROVED)
    dossier.refresh_from_db()
    stored = result(
        dossier,
        SimpleUploadedFile("ket-qua.pdf", PDF_BYTES),
        actor=world.clerk,
        purpose=FilePurpose.RESULT,
    )
    url = reverse("portal:dossier_file", args=[dossier.pk, stored.pk])
    client = signed_in(world.citizen)
    assert client.get(url).status_code == 404  # not returned yet
    Dossier.objects.filter(pk=dossier.pk).update(
        state=State.RETURNED, return_channel="online", result_reference="15/QĐ-UBND"
    )
    assert client.get(url).status_code == 200
    page = client.get(reverse("portal:my_dossier", args=[dossier.pk])).content.decode()
    assert "ket-qua.pdf" in page and "15/QĐ-UBND" in page


# The public lookup.


def test_lookup_by_phone_or_secret_shows_status_without_personal_data(world: Province) -> None:
    dossier, secret = received(world)
    for credential in (secret, "0912.345.678"):
        response = Client().post(
            reverse("portal:dossier_lookup"), {"code": str(dossier.code), "secret": credential}
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "Được tiếp nhận" in html
        assert "09/03/2026 17:00" in html  # the appointment
        assert world.citizen.full_name not in html and "0912345678" not in html


def test_a_wrong_secret_and_an_unknown_code_get_the_same_answer(world: Province) -> None:
    dossier, _secret = received(world)
    wrong = Client().post(
        reverse("portal:dossier_lookup"), {"code": str(dossier.code), "secret": "AAAA2222"}
    )
    unknown = Client().post(
        reverse("portal:dossier_lookup"), {"code": "000.00.02.H41-260302-9999", "secret": "X"}
    )
    assert wrong.status_code == unknown.status_code == 404
    for response in (wrong, unknown):
        html = response.content.decode()
        assert "Không tìm thấy hồ sơ" in html
        assert "Được tiếp nhận" not in html and world.version.name not in html


def test_api_lookup(world: Province) -> None:
    dossier, secret = received(world)
    url = reverse("api:dossier_lookup")
    answer = Client().get(url, {"code": str(dossier.code), "secret": secret})
    assert answer.status_code == 200
    body = answer.json()
    assert body["code"] == dossier.code and body["state"] == "received"
    assert body["national_status"] == 2 and body["national_status_name"] == "Được tiếp nhận"
    assert body["due_at"]
    assert not {"applicant_name", "applicant_phone", "form_data"} & set(body)
    assert world.citizen.full_name not in answer.content.decode()


@pytest.mark.parametrize("zone", ["Asia/Ho_Chi_Minh", "UTC", "America/St_Johns"])
@pytest.mark.parametrize("state", [State.SUBMITTED, State.RECEIVED, State.RETURNED, State.DRAFT])
def test_the_api_answer_is_the_documented_serializer_s(state: State, zone: str) -> None:
    """The view builds its answer without the serializer (for speed); the schema is the
    serializer's: both must agree, nulls and moments (in any current time zone) included."""
    moment = timezone.now().replace(microsecond=123456)
    status = queries.PublicStatus(
        code="000.00.02.H41-260302-0001",
        procedure_code="1.001",
        procedure_name="Đăng ký khai sinh",
        receiving_unit_name="UBND phường",
        state=state,
        submitted_at=moment,
        received_at=None if state in (State.SUBMITTED, State.DRAFT) else moment,
        due_at=None if state in (State.SUBMITTED, State.DRAFT) else moment,
        returned_at=moment if state == State.RETURNED else None,
    )
    with timezone.override(zone):
        assert lookup_answer(status) == LookupResultSerializer(status).data


def test_api_lookup_failures_learn_nothing(world: Province) -> None:
    dossier, _secret = received(world)
    url = reverse("api:dossier_lookup")
    wrong = Client().get(url, {"code": str(dossier.code), "secret": "AAAA2222"})
    unknown = Client().get(url, {"code": "NO-SUCH-CODE", "secret": "AAAA2222"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert "Không tìm thấy" in wrong.json()["detail"]
    missing = Client().get(url, {"code": str(dossier.code)})
    assert missing.status_code == 400
    assert missing.json()["errors"]["secret"] == ["Trường này là bắt buộc."]


@override_settings(MOTCUA_LOOKUP_RATE="3/min")
def test_guessing_is_throttled(world: Province) -> None:
    dossier, secret = received(world)
    url = reverse("api:dossier_lookup")
    answers = [
        Client().get(url, {"code": str(dossier.code), "secret": f"GUESS{n}"}).status_code
        for n in range(3)
    ]
    assert answers == [404, 404, 404]
    assert Client().get(url, {"code": str(dossier.code), "secret": secret}).status_code == 429
    page = Client().post(
        reverse("portal:dossier_lookup"), {"code": str(dossier.code), "secret": secret}
    )
    assert page.status_code == 429


@override_settings(MOTCUA_LOOKUP_RATE="3/min")
def test_a_forged_forwarded_address_does_not_escape_the_throttle(world: Province) -> None:
    dossier, _secret = received(world)
    url = reverse("api:dossier_lookup")
    answers = [
        Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").get(
            url, {"code": str(dossier.code), "secret": f"GUESS{n}"}
        )
        for n in range(4)
    ]
    assert [answer.status_code for answer in answers] == [404, 404, 404, 429]


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    checks = 0

    def verify(self, password: str, encoded: str) -> bool:
        CountingHasher.checks += 1
        return super().verify(password, encoded)


@override_settings(PASSWORD_HASHERS=["motcua.portal.tests.test_dossier_pages.CountingHasher"])
def test_an_unknown_code_costs_a_secret_check_like_a_wrong_secret(world: Province) -> None:
    """The time of the answer does not tell whether a code exists."""
    citizen._decoy_hash.cache_clear()
    dossier, _secret = received(world)
    CountingHasher.checks = 0
    assert citizen.lookup(str(dossier.code), "AAAA2222") is None
    assert CountingHasher.checks == 1
    assert citizen.lookup("000.00.02.H41-260302-9999", "AAAA2222") is None
    assert CountingHasher.checks == 2
    citizen._decoy_hash.cache_clear()


def test_the_dossier_page_costs_the_same_whatever_its_history(
    world: Province, django_assert_num_queries: Any
) -> None:
    dossier = submitted(world)
    for n in range(3):
        services.add_file(
            dossier,
            SimpleUploadedFile(f"them-{n}.pdf", PDF_BYTES + bytes([n])),
            actor=world.citizen,
            component=world.version.components.get(order=2),
        )
    perform(dossier, Action.RECEIVE, world.officer, now=at(2026, 3, 2, 9))
    client = signed_in(world.citizen)
    url = reverse("portal:my_dossier", args=[dossier.pk])
    client.get(url)
    # Session, user, dossier, files, open pause, timeline, the layout's footer (the rules
    # read no control slip for a citizen, who holds no staff role).
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
