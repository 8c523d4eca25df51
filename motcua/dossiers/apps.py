from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self) -> None:
        from motcua.dossiers.inbox import forget_open_rows
        from motcua.dossiers.models import Dossier, DossierStep

        # The inbox's remembered open tabs follow every save (inbox.forget_open_rows).
        for model in (Dossier, DossierStep):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_open_rows, sender=model, dispatch_uid=f"inbox-{model.__name__}"
                )
