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
        from motcua.dossiers.queries import forget_public_row

        # What the shared cache remembers follows every save: the inbox's open tabs
        # (inbox.forget_open_rows) and the public lookup's answers (queries.forget_public_row).
        for signal in (post_save, post_delete):
            for model in (Dossier, DossierStep):
                signal.connect(
                    forget_open_rows, sender=model, dispatch_uid=f"inbox-{model.__name__}"
                )
            signal.connect(forget_public_row, sender=Dossier, dispatch_uid="lookup-Dossier")
