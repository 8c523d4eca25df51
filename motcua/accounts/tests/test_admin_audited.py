"""Every ModelAdmin of the site writes its edits to the audit trail (the trail's own
read-only admin excepted), third-party ones included."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.admin_site import AdminSite
from motcua.accounts.tests.factories import (
    CitizenFactory,
    MembershipFactory,
    RepresentationFactory,
    StaffFactory,
)
from motcua.core.admin import AuditedModelAdmin, AuditEventAdmin
from motcua.core.models import AuditEvent


def test_every_model_admin_is_audited() -> None:
    unaudited = [
        f"{model._meta.label}: {type(model_admin).__name__}"
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedModelAdmin | AuditEventAdmin)
    ]

    assert not unaudited, "ModelAdmins that do not subclass AuditedModelAdmin:\n" + "\n".join(
        unaudited
    )


def test_the_site_is_the_one_with_the_otp_rule() -> None:
    assert isinstance(admin.site._wrapped, AdminSite)  # type: ignore[attr-defined]


def test_an_edit_of_a_person_in_the_admin_is_audited(client: Client) -> None:
    client.force_login(StaffFactory.create(is_staff=True, is_superuser=True))
    citizen = CitizenFactory.create()

    response = client.post(
        reverse("admin:accounts_user_change", args=[citizen.pk]),
        {
            "username": citizen.username,
            "kind": "citizen",
            "full_name": "Tên mới",
            "phone": citizen.phone,
            "email": citizen.email,
            "cccd": "",
            "address": "",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "representation_set-TOTAL_FORMS": "0",
            "representation_set-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.context["adminform"].errors
    assert AuditEvent.objects.filter(action="admin.change", target_id=citizen.pk).exists()


def test_authenticators_cannot_be_created_in_the_admin(client: Client) -> None:
    client.force_login(StaffFactory.create(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:otp_totp_totpdevice_add"))

    assert response.status_code == 403
    assert admin.site.is_registered(TOTPDevice)


@pytest.mark.parametrize(
    "name",
    [
        "accounts_user",
        "accounts_organisation",
        "accounts_staffmembership",
        "auth_group",
        "axes_accessattempt",
        "axes_accesslog",
        "axes_accessfailurelog",
        "otp_totp_totpdevice",
    ],
)
def test_the_lists_and_forms_of_these_admins_open(client: Client, name: str) -> None:
    client.force_login(StaffFactory.create(is_staff=True, is_superuser=True))
    member = MembershipFactory.create()
    RepresentationFactory.create(user=member.user)

    listing = client.get(reverse(f"admin:{name}_changelist"), {"q": "0912 345 678"})

    assert listing.status_code == 200
    if name.startswith("accounts_"):
        assert client.get(reverse(f"admin:{name}_add")).status_code == 200


def test_the_people_list_finds_a_phone_number_however_it_is_typed(client: Client) -> None:
    client.force_login(StaffFactory.create(is_staff=True, is_superuser=True))
    wanted = CitizenFactory.create(phone="0912345678")
    CitizenFactory.create(phone="0987654321")

    listing = client.get(reverse("admin:accounts_user_changelist"), {"q": "+84 912 345 678"})

    assert list(listing.context["cl"].result_list) == [wanted]
