from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    label = "accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from motcua.accounts.models import StaffMembership, User
        from motcua.accounts.staff_cache import forget_staff
        from motcua.agencies.models import Unit

        # What is kept of each member of staff follows these saves (accounts.staff_cache).
        for model in (StaffMembership, Unit, TOTPDevice, User):
            for signal in (post_save, post_delete):
                signal.connect(forget_staff, sender=model, dispatch_uid=f"staff-{model.__name__}")


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the site of motcua.accounts.admin_site (the OTP rule).

    Listed in INSTALLED_APPS instead of "django.contrib.admin"; `default = False` keeps
    "motcua.accounts" itself pointing at AccountsConfig.
    """

    default = False
    default_site = "motcua.accounts.admin_site.AdminSite"
