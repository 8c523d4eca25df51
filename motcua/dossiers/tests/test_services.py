"""Making dossiers (idempotent online submission, desk entry), files, and the transaction."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from motcua.accounts.tests.factories import CitizenFactory
from motcua.core import audit
from motcua.dossiers import services
from motcua.dossiers.exceptions import ActionRefused
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import DailySequence, Dossier, DossierFile, FilePurpose, Transition
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import (
    PDF_BYTES,
    Province,
    at,
    desk_dossier,
    details,
    online_dossier,
)
from motcua.worktime.limits import Channel

NOW = at(2026, 3, 2, 9)
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def test_online_submission_is_idempotent(world: Province) -> None:
    first = online_dossier(world, key="2c0f-retry")
    again = online_dossier(world, key="2c0f-retry")

    assert again.pk == first.pk
    assert Dossier.objects.count() == 1
    assert first.state == State.SUBMITTED and first.national_status == 1
    assert first.channel == Channel.ONLINE and first.national_channel == 2
    assert Transition.objects.filter(dossier=first).count() == 1
    assert online_dossier(world, key="another").pk != first.pk


def test_a_key_of_another_person_is_refused(world: Province) -> None:
    online_dossier(world, key="shared")
    stranger = CitizenFactory.create()
    with pytest.raises(ActionRefused) as refused:
        services.submit_online(
            version=world.version,
            receiving_unit=world.centre,
            applicant=stranger,
            details=details(stranger),
            form_data={},
            idempotency_key="shared",
        )
    assert refused.value.code == "idempotency_key"


def test_online_submission_needs_an_online_procedure_and_a_receiving_unit(
    world: Province,
) -> None:
    world.version.online = False
    world.version.save()
    with pytest.raises(ActionRefused) as offline:
        online_dossier(world)
    assert offline.value.code == "online"
    with pytest.raises(ActionRefused) as elsewhere:
        services.submit_online(
            version=world.joint_version,
            receiving_unit=world.department,
            applicant=world.citizen,
            details=details(world.citizen),
            form_data={},
            idempotency_key="k",
        )
    assert elsewhere.value.code == "receiving_unit"
    assert not Dossier.objects.exists()


def test_only_an_officer_of_the_receiving_unit_enters_desk_dossiers(world: Province) -> None:
    with pytest.raises(ActionRefused) as refused:
        services.enter_at_desk(
            officer=world.other_officer,
            version=world.version,
            receiving_unit=world.centre,
            details=details(),
            form_data={},
        )
    assert refused.value.code == "forbidden"
    dossier = desk_dossier(world)
    assert dossier.entered_by == world.officer and dossier.applicant is None
    assert dossier.state == State.SUBMITTED and dossier.channel == Channel.DESK


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(PDF_BYTES, "application/pdf"), (PNG_BYTES, "image/png"), (JPEG_BYTES, "image/jpeg")],
)
def test_files_are_recognised_by_their_content(
    world: Province, content: bytes, content_type: str
) -> None:
    dossier = online_dossier(world)
    component = world.version.components.get()
    upload = SimpleUploadedFile("giay-to.bin", content, content_type="text/plain")

    stored = services.add_file(dossier, upload, actor=world.citizen, component=component)

    assert stored.content_type == content_type and stored.size == len(content)
    assert stored.original_name == "giay-to.bin" and len(stored.sha256) == 64
    assert stored.file.read() == content
    assert "giay-to" not in stored.file.name


def test_files_of_other_types_are_refused(world: Province) -> None:
    dossier = online_dossier(world)
    upload = SimpleUploadedFile(
        "virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    with pytest.raises(ActionRefused) as refused:
        services.add_file(dossier, upload, actor=world.citizen)
    assert refused.value.code == "file_type"
    assert not DossierFile.objects.exists()


@override_settings(MOTCUA_UPLOAD_MAX_BYTES=100)
def test_files_over_the_size_limit_are_refused(world: Province) -> None:
    dossier = online_dossier(world)
    with pytest.raises(ActionRefused) as refused:
        services.add_file(dossier, SimpleUploadedFile("to.pdf", PDF_BYTES), actor=world.citizen)
    assert refused.value.code == "too_large"


def test_files_belong_to_the_procedure_and_the_moment(world: Province) -> None:
    dossier = online_dossier(world)
    other_component = world.joint_version.components.get()
    with pytest.raises(ActionRefused) as foreign:
        services.add_file(
            dossier,
            SimpleUploadedFile("a.pdf", PDF_BYTES),
            actor=world.citizen,
            component=other_component,
        )
    assert foreign.value.code == "component"
    with pytest.raises(ActionRefused) as early:
        services.add_file(
            dossier,
            SimpleUploadedFile("a.pdf", PDF_BYTES),
            actor=world.clerk,
            purpose=FilePurpose.RESULT,
        )
    assert early.value.code == "state"


def test_a_failed_transition_leaves_nothing_behind(
    world: Province, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier = desk_dossier(world)

    def broken_audit(*args: object, **kwargs: object) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(audit, "record", broken_audit)
    with pytest.raises(RuntimeError):
        perform(dossier, Action.RECEIVE, world.officer, now=NOW)

    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED and dossier.code is None
    assert not dossier.steps.exists()
    assert dossier.transitions.count() == 1
    assert not DailySequence.objects.exists()


def test_a_draft_is_kept_changed_and_submitted_once(world: Province) -> None:
    draft = services.save_draft(
        version=world.version,
        receiving_unit=world.centre,
        applicant=world.citizen,
        details=details(world.citizen),
        form_data={"ho_ten": "An"},
    )
    services.update_draft(
        draft, applicant=world.citizen, details=details(world.citizen), form_data={"ho_ten": "Bình"}
    )
    assert draft.form_data == {"ho_ten": "Bình"}
    with pytest.raises(ActionRefused):
        services.update_draft(
            draft, applicant=CitizenFactory.create(), details=details(), form_data={}
        )

    services.submit_draft(draft, world.citizen, now=NOW)
    services.submit_draft(draft, world.citizen, now=NOW)

    assert draft.state == State.SUBMITTED and draft.submitted_at == NOW
    assert draft.transitions.filter(action="submit").count() == 1
    with pytest.raises(ActionRefused):
        services.update_draft(
            draft, applicant=world.citizen, details=details(world.citizen), form_data={}
        )
