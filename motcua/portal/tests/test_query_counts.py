"""Query counts of the portal's pages that had none pinned (issue 6's guards): the public
lookup (page and API), the online submission form and the citizen's account. Each count is
checked with a small and a larger world, so that a query per row would show."""

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import Representation
from motcua.accounts.tests.factories import OrganisationFactory
from motcua.catalog.models import Component
from motcua.dossiers import services
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import PDF_BYTES, Province, at
from motcua.portal.tests.dossier_world import signed_in, submit_url

NOW = at(2026, 3, 2, 8)


@pytest.fixture(autouse=True)
def _no_throttle_memory() -> None:
    cache.clear()


def received(world: Province, key: str, files: int = 1) -> Dossier:
    dossier = services.submit_online(
        version=world.version,
        receiving_unit=world.centre,
        applicant=world.citizen,
        details=services.ApplicantDetails(name=world.citizen.full_name, phone="0912345678"),
        form_data={"ho_ten": "Nguyễn Văn Bé", "ngay_sinh": "2026-02-20"},
        idempotency_key=key,
        now=NOW,
    )
    for n in range(files):
        services.add_file(
            dossier,
            SimpleUploadedFile(f"giay-{n}.pdf", PDF_BYTES),
            actor=world.citizen,
            component=world.version.components.get(order=1),
        )
    return perform(dossier, Action.RECEIVE, world.officer, now=at(2026, 3, 2, 9)).dossier


def lookup_page(code: str) -> Any:
    return Client().post(reverse("portal:dossier_lookup"), {"code": code, "secret": "0912345678"})


def test_the_lookup_page_costs_the_same_whatever_the_dossier(
    world: Province, django_assert_num_queries: Any
) -> None:
    plain = received(world, "k1")
    busy = received(world, "k2", files=4)
    # The dossier with its procedure and units (one joined query), the layout's footer.
    for dossier in (plain, busy):
        with django_assert_num_queries(2):
            assert lookup_page(str(dossier.code)).status_code == 200
    with django_assert_num_queries(2):  # an unknown code: the dossier query, the footer
        assert lookup_page("000.00.02.H41-260302-9999").status_code == 404


def test_the_lookup_api_is_one_query(world: Province, django_assert_num_queries: Any) -> None:
    dossier = received(world, "k1", files=3)
    url = reverse("api:dossier_lookup")
    # The dossier's shown columns with its procedure and receiving unit, joined.
    with django_assert_num_queries(1):
        answer = Client().get(url, {"code": str(dossier.code), "secret": "0912345678"})
    assert answer.status_code == 200


def test_the_submission_form_costs_the_same_whatever_the_papers(
    world: Province, django_assert_num_queries: Any
) -> None:
    client = signed_in(world.citizen)
    client.get(submit_url(world))  # the session is loaded once
    # Session, user, the version and its catalogue rows (its papers among them),
    # representations, receiving units, the units' revision (the address units were read by
    # the first request), the footer.
    with django_assert_num_queries(11) as first:
        assert client.get(submit_url(world)).status_code == 200
    for order in range(3, 8):
        Component.objects.create(version=world.version, order=order, name=f"Giấy tờ {order}")
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(submit_url(world)).status_code == 200


def test_the_account_page_costs_the_same_whatever_the_representations(
    world: Province, django_assert_num_queries: Any
) -> None:
    client = signed_in(world.citizen)
    url = reverse("portal:account")
    client.get(url)
    with django_assert_num_queries(4) as first:
        assert client.get(url).status_code == 200
    for _ in range(3):
        Representation.objects.create(organisation=OrganisationFactory.create(), user=world.citizen)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200
