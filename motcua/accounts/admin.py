"""Admin of people and roles, and audited replacements for the admins of Django's groups,
django-axes and django-otp, so that every edit made in the admin reaches the audit trail."""

from typing import Any

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm, UsernameField
from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import Organisation, Representation, StaffMembership, User
from motcua.accounts.validators import normalize_phone
from motcua.core.admin import AuditedModelAdmin


class AccountCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("username",)
        field_classes = {"username": UsernameField}


class AccountChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"username": UsernameField}


class StaffMembershipInline(admin.TabularInline):
    model = StaffMembership
    extra = 0
    autocomplete_fields = ["unit"]
    fields = ["unit", "role", "is_active"]


class UserRepresentationInline(admin.TabularInline):
    model = Representation
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "title"]


@admin.register(User)
class AccountAdmin(AuditedModelAdmin, UserAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    list_display = ["username", "full_name", "kind", "phone", "email", "is_active", "is_staff"]
    list_filter = ["kind", "is_active", "is_staff", "is_superuser"]
    search_fields = ["username", "full_name", "phone", "email", "cccd"]
    ordering = ["username"]
    inlines = [StaffMembershipInline, UserRepresentationInline]
    fieldsets = (
        (None, {"fields": ("username", "password", "kind")}),
        (
            _("Personal information"),
            {"fields": ("full_name", "phone", "email", "cccd", "date_of_birth", "address")},
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "kind",
                    "full_name",
                    "phone",
                    "email",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        """A phone number is found however it is typed ("+84 912 345 678" too)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        phone = normalize_phone(search_term.strip())
        if phone.isdigit() and phone != search_term:
            results = results | queryset.filter(Q(phone=phone))
        return results, may_have_duplicates


class RepresentationInline(admin.TabularInline):
    model = Representation
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "title"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "tax_code"]
    list_filter = ["kind"]
    search_fields = ["name", "tax_code"]
    inlines = [RepresentationInline]


@admin.register(StaffMembership)
class StaffMembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "unit", "role", "is_active"]
    list_filter = ["role", "unit__kind", "is_active"]
    list_select_related = ["user", "unit"]
    search_fields = ["user__full_name", "user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]


class AuditedGroupAdmin(AuditedModelAdmin, GroupAdmin):
    pass


class AuditedAccessAttemptAdmin(AuditedModelAdmin, AccessAttemptAdmin):
    """Deleting an attempt row lifts a lock-out early; the deletion is audited."""


class _ReadOnlyLogAdmin(AuditedModelAdmin):
    """Sign-in logs are evidence: they can be read, never changed or deleted here."""

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class AuditedAccessLogAdmin(_ReadOnlyLogAdmin, AccessLogAdmin):
    pass


class AuditedAccessFailureLogAdmin(_ReadOnlyLogAdmin, AccessFailureLogAdmin):
    pass


class AuditedTOTPDeviceAdmin(AuditedModelAdmin, TOTPDeviceAdmin):
    """Staff enrol their own authenticator in the back-office; the admin may only look,
    rename, or delete a device (a lost phone), never create one whose secret it knows."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


# Importing the third-party admin modules above has registered their plain admins; swap in
# the audited ones (the modules are imported once, so nothing registers them again).
for model, model_admin in (
    (Group, AuditedGroupAdmin),
    (AccessAttempt, AuditedAccessAttemptAdmin),
    (AccessLog, AuditedAccessLogAdmin),
    (AccessFailureLog, AuditedAccessFailureLogAdmin),
    (TOTPDevice, AuditedTOTPDeviceAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
