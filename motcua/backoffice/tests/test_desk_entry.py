"""Desk entry: a one-stop officer types in a paper or postal dossier through the procedure's
e-form, with scans of its papers; a wrong value or file keeps everything typed and saves
nothing; only one-stop officers enter dossiers."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.asserts import assertContains

from motcua.dossiers.models import Dossier, FilePurpose
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import PDF_BYTES, Province
from motcua.worktime.limits import Channel

DESK = "/can-bo/ho-so/tiep-nhan-tai-quay/"


def entry(world: Province, **changes: object) -> dict[str, object]:
    component = world.version.components.get()
    data: dict[str, object] = {
        "unit": world.centre.pk,
        "version": world.version.pk,
        "channel": "post",
        "applicant_name": "Võ Thị Bưu Điện",
        "applicant_phone": "0911222333",
        "applicant_address": "Xóm 3, xã Nghi Lộc",
        "applicant_cccd": "040190000123",
        "submitter_name": "",
        "sets_count": "1",
        "return_channel": "post",
        "f-ho_ten": "Võ Thị Bưu Điện",
        f"component_{component.pk}": SimpleUploadedFile("to-khai.pdf", PDF_BYTES),
    }
    data.update(changes)
    return data


def test_step_one_offers_the_officers_units_and_their_procedures(
    world: Province, client: Client
) -> None:
    client.force_login(world.officer)
    page = client.get(DESK)
    assertContains(page, world.centre.name)
    assertContains(page, world.version.name)
    assertContains(page, world.joint_version.name)
    assert world.other_centre.name not in page.content.decode()

    form = client.get(DESK, {"unit": world.centre.pk, "version": world.version.pk})
    assertContains(form, 'name="f-ho_ten"')  # the procedure's e-form, as on the portal
    assertContains(form, "Tờ khai")  # a file input for each paper


def test_an_officer_enters_a_postal_dossier_that_then_waits_for_the_check(
    world: Province, client: Client
) -> None:
    client.force_login(world.officer)
    response = client.post(DESK, entry(world))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/can-bo/ho-so/so-{dossier.pk}/"
    assert dossier.state == State.SUBMITTED and dossier.channel == Channel.POST
    assert dossier.entered_by == world.officer and dossier.receiving_unit == world.centre
    assert dossier.form_data == {"ho_ten": "Võ Thị Bưu Điện"}
    assert dossier.applicant_cccd == "040190000123"
    stored = dossier.files.get()
    assert stored.purpose == FilePurpose.APPLICATION and stored.component is not None
    page = client.get(response["Location"])
    assertContains(page, "Đã nhập hồ sơ của Võ Thị Bưu Điện")
    assertContains(page, 'id="action-receive"')


def test_a_missing_value_keeps_everything_typed_and_saves_nothing(
    world: Province, client: Client
) -> None:
    client.force_login(world.officer)
    response = client.post(DESK, entry(world, **{"f-ho_ten": "", "applicant_name": "Võ Thị A"}))
    assert response.status_code == 400
    assert not Dossier.objects.exists()
    html = response.content.decode()
    assert 'value="Võ Thị A"' in html and 'value="Xóm 3, xã Nghi Lộc"' in html
    assert "is-invalid" in html


def test_a_file_that_is_not_a_paper_is_named_and_nothing_is_saved(
    world: Province, client: Client
) -> None:
    component = world.version.components.get()
    client.force_login(world.officer)
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00 not a document")
    response = client.post(DESK, entry(world, **{f"component_{component.pk}": bad}))
    assertContains(response, "Tệp không phải PDF, JPEG hoặc PNG.", status_code=400)
    assertContains(response, 'value="Võ Thị Bưu Điện"', status_code=400)
    assert not Dossier.objects.exists()


def test_only_one_stop_officers_enter_dossiers(world: Province, client: Client) -> None:
    client.force_login(world.specialist)
    assert client.get(DESK).status_code == 403
    assert client.post(DESK, entry(world)).status_code == 403
    client.force_login(world.other_officer)
    # Another desk's officer cannot enter a dossier for this unit.
    response = client.post(DESK, entry(world))
    assert response.status_code == 200  # back to step one: the unit is not theirs
    assert not Dossier.objects.exists()
    client.force_login(world.citizen)
    assert client.get(DESK).status_code == 403


def test_adding_a_row_of_a_repeated_group_keeps_what_was_typed(
    world: Province, client: Client
) -> None:
    world.version.form_schema = [
        {"key": "ho_ten", "label": "Họ và tên", "type": "text", "required": True},
        {
            "key": "thanh_vien",
            "label": "Thành viên hộ",
            "type": "group",
            "repeated": True,
            "fields": [{"key": "ho_ten", "label": "Họ và tên", "type": "text"}],
        },
    ]
    world.version.save()
    client.force_login(world.officer)
    typed = entry(world, **{"f-thanh_vien-rows": "1", "f-thanh_vien-0-ho_ten": "Võ Văn Một"})
    typed.pop(next(name for name in typed if name.startswith("component_")))
    more = client.post(DESK, {**typed, "_add": "f-thanh_vien-rows"})
    html = more.content.decode()
    assert more.status_code == 200 and not Dossier.objects.exists()
    assert 'name="f-thanh_vien-1-ho_ten"' in html and 'value="Võ Văn Một"' in html
    assert 'value="Võ Thị Bưu Điện"' in html and "is-invalid" not in html
    done = client.post(
        DESK, {**typed, "f-thanh_vien-rows": "2", "f-thanh_vien-1-ho_ten": "Võ Thị Hai"}
    )
    assert done.status_code == 302
    assert Dossier.objects.get().form_data["thanh_vien"] == [
        {"ho_ten": "Võ Văn Một"},
        {"ho_ten": "Võ Thị Hai"},
    ]
