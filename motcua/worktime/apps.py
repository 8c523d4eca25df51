from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorktimeConfig(AppConfig):
    name = "motcua.worktime"
    label = "worktime"
    verbose_name = _("Working-time calendar")

    def ready(self) -> None:
        from motcua.worktime import signals

        signals.connect()
