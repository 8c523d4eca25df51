from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from motcua.api import views
from motcua.dossiers.api.statistics import DossierStatisticsView

app_name = "api"

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("units/", include("motcua.agencies.api.urls")),
    path("worktime/", include("motcua.worktime.api.urls")),
    path("procedures/", include("motcua.catalog.api.urls")),
    path("dossiers/", include("motcua.dossiers.api.urls")),
    path(
        "statistics/dossiers",
        DossierStatisticsView.as_view(),
        name="statistics-dossiers",
    ),
]
