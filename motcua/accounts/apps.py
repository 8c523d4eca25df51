from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    label = "accounts"
    verbose_name = _("People and roles")


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the site of motcua.accounts.admin_site (the OTP rule).

    Listed in INSTALLED_APPS instead of "django.contrib.admin"; `default = False` keeps
    "motcua.accounts" itself pointing at AccountsConfig.
    """

    default = False
    default_site = "motcua.accounts.admin_site.AdminSite"
