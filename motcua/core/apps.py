from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "motcua.core"
    label = "core"
    verbose_name = _("Platform kernel")

    def ready(self) -> None:
        from motcua.core import timestamps

        timestamps.install()
        # The admin is where a province configures the platform; its titles follow the
        # visitor's language (Vietnamese by default). Only the titles are set here, so that
        # whichever site class guards the admin (OTP for staff) keeps them.
        from django.contrib import admin

        admin.site.site_header = _("Một Cửa administration")
        admin.site.site_title = _("Một Cửa administration")
        admin.site.index_title = _("Platform configuration")
