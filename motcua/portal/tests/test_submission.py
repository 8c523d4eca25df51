"""Online submission: the form, drafts that survive, files kept on errors, idempotency."""

import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client, override_settings
from django.urls import reverse

from motcua.accounts.models import Representation
from motcua.accounts.tests.factories import CitizenFactory, OrganisationFactory
from motcua.catalog.models import OnlineLevel, UnitRole, VersionUnit
from motcua.dossiers.models import Dossier, DossierFile
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import Province, make_province
from motcua.portal.tests.dossier_world import FORM, form_post, pdf, signed_in, submit_url


def test_signing_in_comes_first(world: Province) -> None:
    response = Client().get(submit_url(world))
    assert response.status_code == 302
    assert reverse("portal:login") in response["Location"]


def test_the_form_shows_the_eform_the_papers_and_a_key(world: Province) -> None:
    response = signed_in(world.citizen).get(submit_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="f-ho_ten"' in html and 'name="f-noi_o-commune"' in html
    declaration = world.version.components.get(order=1)
    assert f'name="file-{declaration.pk}"' in html
    assert 'name="idempotency_key"' in html
    assert "Phường Trường Vinh" in html
    assert "Lưu nháp" in html and "Nộp hồ sơ" in html


def test_a_procedure_not_offered_online_has_no_form(world: Province) -> None:
    world.version.online_level = OnlineLevel.INFO
    world.version.save()
    assert signed_in(world.citizen).get(submit_url(world)).status_code == 404
    assert signed_in(world.citizen).get("/thu-tuc/9.999999/nop-truc-tuyen/").status_code == 404


def test_the_procedure_page_links_to_the_form(world: Province) -> None:
    page = Client().get(reverse("portal:procedure_detail", args=[world.version.code]))
    assert submit_url(world) in page.content.decode()


def test_a_complete_submission_is_new_in_the_receiving_units_queue(world: Province) -> None:
    response = signed_in(world.citizen).post(submit_url(world), form_post(world))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my_dossier", args=[dossier.pk])
    assert dossier.state == State.SUBMITTED and dossier.national_status == 1
    assert dossier.receiving_unit == world.centre and dossier.applicant == world.citizen
    assert dossier.applicant_phone == "0912345678"
    assert dossier.form_data["noi_o"]["text"] == "Số 1 Lê Lợi, Phường Trường Vinh, Tỉnh Nghệ An"
    assert dossier.form_data["cha_me"] == [{"ho_ten": "Nguyễn Văn An"}]
    stored = DossierFile.objects.get()
    assert stored.component == world.version.components.get(order=1)
    assert stored.content_type == "application/pdf"


def test_the_same_post_twice_makes_one_dossier(world: Province) -> None:
    client = signed_in(world.citizen)
    first = client.post(submit_url(world), form_post(world))
    again = client.post(submit_url(world), form_post(world))
    assert first["Location"] == again["Location"]
    assert Dossier.objects.count() == 1
    assert DossierFile.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_submission_posted_twice_at_once_makes_one_dossier() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite serialises every writer.")
    world = make_province()
    world.version.form_schema = [FORM[0]]
    world.version.save()
    declaration = world.version.components.get()
    posts = 2
    barrier = threading.Barrier(posts)
    answers: list[Any] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            client = signed_in(world.citizen)
            data = {
                "on_behalf": "self",
                "name": world.citizen.full_name,
                "phone": "0912345678",
                "receiving_unit": str(world.centre.pk),
                "return_channel": "online",
                "f-ho_ten": "Nguyễn Văn Bé",
                "idempotency_key": "one-click-two-requests",
                "action": "submit",
                f"file-{declaration.pk}": pdf(),
            }
            barrier.wait()
            answers.append(client.post(submit_url(world), data))
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert [answer.status_code for answer in answers] == [302, 302]
    assert Dossier.objects.count() == 1
    assert DossierFile.objects.count() == 1
    assert answers[0]["Location"] == answers[1]["Location"]


def test_a_submission_with_mistakes_keeps_the_answers_and_the_files(world: Province) -> None:
    client = signed_in(world.citizen)
    response = client.post(submit_url(world), form_post(world, **{"f-ho_ten": ""}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng điền “Họ và tên”." in html
    # The summary at the top leads to the input.
    assert 'href="#id_f-ho_ten" class="alert-link">Vui lòng điền “Họ và tên”.</a>' in html
    assert 'value="2026-02-20"' in html  # what was typed is shown again
    # The uploaded paper was kept in a draft and is listed.
    draft = Dossier.objects.get()
    assert draft.state == State.DRAFT
    assert "to-khai.pdf" in html and f'name="draft" value="{draft.pk}"' in html
    # Correcting the name and submitting needs no new upload.
    fixed = form_post(world, draft=str(draft.pk))
    fixed.pop(f"file-{world.version.components.get(order=1).pk}")
    response = client.post(submit_url(world), fixed)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED and draft.files.count() == 1


def test_a_required_paper_must_be_attached(world: Province) -> None:
    declaration = world.version.components.get(order=1)
    response = signed_in(world.citizen).post(
        submit_url(world), form_post(world, **{f"file-{declaration.pk}": None})
    )
    assert response.status_code == 400
    assert "Hãy đính kèm “Tờ khai có chữ ký”." in response.content.decode()
    assert not Dossier.objects.filter(state=State.SUBMITTED).exists()


def test_files_are_checked_by_their_content(world: Province) -> None:
    declaration = world.version.components.get(order=1)
    fake = pdf("to-khai.pdf", b"MZ\x90\x00 not a pdf at all")
    response = signed_in(world.citizen).post(
        submit_url(world), form_post(world, **{f"file-{declaration.pk}": fake})
    )
    assert response.status_code == 400
    assert "không phải là tệp PDF, JPEG hoặc PNG" in response.content.decode()
    assert not DossierFile.objects.exists()


@override_settings(MOTCUA_UPLOAD_MAX_BYTES=100)
def test_files_are_size_limited(world: Province) -> None:
    response = signed_in(world.citizen).post(submit_url(world), form_post(world))
    assert response.status_code == 400
    assert "lớn hơn" in response.content.decode()
    assert not DossierFile.objects.exists()


def test_a_draft_survives_and_is_submitted_later(world: Province) -> None:
    client = signed_in(world.citizen)
    saved = client.post(
        submit_url(world),
        form_post(
            world,
            action="draft",
            **{"f-ngay_sinh": "", "f-noi_o-commune": "", "f-noi_o-detail": ""},
        ),
    )
    draft = Dossier.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == f"{submit_url(world)}?nhap={draft.pk}"
    assert draft.state == State.DRAFT and draft.form_data["ho_ten"] == "Nguyễn Văn Bé"
    assert draft.applicant_phone == "0912345678" and draft.applicant_address == "Số 1 Lê Lợi"

    # Another day, another browser: the draft is in "My dossiers" and opens again.
    later = signed_in(world.citizen)
    listing = later.get(reverse("portal:my_dossiers")).content.decode()
    assert f"?nhap={draft.pk}" in listing
    page = later.get(saved["Location"]).content.decode()
    assert 'value="Nguyễn Văn Bé"' in page and "to-khai.pdf" in page
    assert 'value="0912345678"' in page

    declaration = world.version.components.get(order=1)
    final = form_post(world, draft=str(draft.pk), idempotency_key="another-key")
    final.pop(f"file-{declaration.pk}")
    done = later.post(submit_url(world), final)
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED
    assert draft.form_data["ngay_sinh"] == "2026-02-20"
    # A retried request for the submitted draft changes nothing.
    assert later.post(submit_url(world), final)["Location"] == done["Location"]
    assert draft.transitions.filter(action="submit").count() == 1
    assert Dossier.objects.count() == 1


def test_a_draft_with_a_wrong_value_keeps_the_rest(world: Province) -> None:
    response = signed_in(world.citizen).post(
        submit_url(world), form_post(world, action="draft", **{"f-ngay_sinh": "31/02/2026"})
    )
    assert response.status_code == 400
    draft = Dossier.objects.get()
    assert "ngay_sinh" not in draft.form_data and draft.form_data["ho_ten"] == "Nguyễn Văn Bé"
    assert "Nhập ngày theo dạng ngày/tháng/năm." in response.content.decode()


def test_another_persons_draft_is_not_found(world: Province) -> None:
    signed_in(world.citizen).post(submit_url(world), form_post(world, action="draft"))
    draft = Dossier.objects.get()
    stranger = signed_in(CitizenFactory.create())
    assert stranger.get(f"{submit_url(world)}?nhap={draft.pk}").status_code == 404
    response = stranger.post(submit_url(world), form_post(world, draft=str(draft.pk)))
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_adding_a_row_keeps_everything_and_shows_no_error(world: Province) -> None:
    response = signed_in(world.citizen).post(
        submit_url(world), form_post(world, _add="f-cha_me-rows", **{"f-ho_ten": ""})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="f-cha_me-1-ho_ten"' in html and 'value="Nguyễn Văn An"' in html
    assert "Vui lòng điền" not in html
    assert not Dossier.objects.exists()


def test_a_representative_submits_for_the_organisation(world: Province) -> None:
    company = OrganisationFactory.create()
    Representation.objects.create(user=world.citizen, organisation=company)
    client = signed_in(world.citizen)
    assert company.name in client.get(submit_url(world)).content.decode()
    client.post(submit_url(world), form_post(world, on_behalf=f"org-{company.pk}"))
    dossier = Dossier.objects.get()
    assert dossier.organisation == company and dossier.applicant_name == company.name


def test_nobody_submits_for_an_organisation_they_do_not_represent(world: Province) -> None:
    company = OrganisationFactory.create()
    response = signed_in(world.citizen).post(
        submit_url(world), form_post(world, on_behalf=f"org-{company.pk}")
    )
    assert response.status_code == 400
    assert not Dossier.objects.filter(organisation=company).exists()


def test_a_draft_saved_before_choosing_the_unit_does_not_choose_it(world: Province) -> None:
    VersionUnit.objects.create(
        version=world.version, unit=world.other_centre, role=UnitRole.RECEIVING
    )
    client = signed_in(world.citizen)
    saved = client.post(submit_url(world), form_post(world, action="draft", receiving_unit=""))
    draft = Dossier.objects.get()
    assert saved.status_code == 302 and draft.state == State.DRAFT
    page = client.get(saved["Location"])
    assert page.context["applicant"]["receiving_unit"].value() in (None, "")
    # Once chosen, the choice is kept.
    client.post(
        submit_url(world),
        form_post(
            world, action="draft", draft=str(draft.pk), receiving_unit=str(world.other_centre.pk)
        ),
    )
    draft.refresh_from_db()
    assert draft.receiving_unit == world.other_centre
    page = client.get(saved["Location"])
    assert page.context["applicant"]["receiving_unit"].value() == world.other_centre.pk


def test_saving_the_same_form_twice_keeps_one_draft(world: Province) -> None:
    client = signed_in(world.citizen)
    first = client.post(submit_url(world), form_post(world, action="draft"))
    again = client.post(
        submit_url(world), form_post(world, action="draft", **{"f-ho_ten": "Nguyễn Văn Bê"})
    )
    assert first["Location"] == again["Location"]
    draft = Dossier.objects.get()
    assert draft.form_data["ho_ten"] == "Nguyễn Văn Bê"


def test_submitting_after_a_mistake_from_the_same_form_uses_its_draft(world: Province) -> None:
    """A submission whose mistakes kept the upload in a draft, sent again by the browser
    without the draft's number (a retried request), still makes one dossier."""
    client = signed_in(world.citizen)
    client.post(submit_url(world), form_post(world, **{"f-ho_ten": ""}))
    response = client.post(submit_url(world), form_post(world))
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("portal:my_dossier", args=[dossier.pk])
    assert dossier.state == State.SUBMITTED
    # Both posts carried the same paper: it is kept once.
    assert dossier.files.count() == 1
    assert client.post(submit_url(world), form_post(world))["Location"] == response["Location"]
    assert Dossier.objects.count() == 1


def test_a_procedure_for_businesses_is_submitted_for_one(world: Province) -> None:
    world.version.for_citizens = False
    world.version.for_businesses = True
    world.version.save()
    client = signed_in(world.citizen)
    # Without an organisation: told why, the draft may still be saved.
    response = client.post(submit_url(world), form_post(world))
    assert response.status_code == 400
    assert "dành cho doanh nghiệp, hộ kinh doanh" in response.content.decode()
    assert not Dossier.objects.filter(state=State.SUBMITTED).exists()
    # As a representative: only the organisations are offered.
    company = OrganisationFactory.create()
    Representation.objects.create(user=world.citizen, organisation=company)
    page = client.get(submit_url(world)).content.decode()
    assert f'value="org-{company.pk}"' in page and 'value="self"' not in page
    refused = client.post(submit_url(world), form_post(world, idempotency_key="second"))
    assert refused.status_code == 400
    done = client.post(
        submit_url(world),
        form_post(world, on_behalf=f"org-{company.pk}", idempotency_key="third"),
    )
    assert done.status_code == 302
    assert Dossier.objects.get(state=State.SUBMITTED).organisation == company
