from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "motcua.catalog"
    label = "catalog"
    verbose_name = _("Procedure catalogue")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from motcua.catalog.generation import connect_signals
        from motcua.catalog.search import configure_connection

        connection_created.connect(configure_connection, dispatch_uid="catalog_trigram_threshold")
        connect_signals()
