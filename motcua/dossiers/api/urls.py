from django.urls import path

from motcua.dossiers.api.views import DossierLookupView

urlpatterns = [
    path("lookup", DossierLookupView.as_view(), name="dossier_lookup"),
]
