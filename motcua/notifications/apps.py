from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The lifecycle stays in dossiers: it tells its subscribers of every transition, and
        # this app subscribes, so the dependency points from notifications to dossiers.
        from motcua.dossiers import hooks
        from motcua.notifications import citizen

        hooks.subscribe("notifications.citizen", citizen.on_transition)
