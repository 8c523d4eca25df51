from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from motcua.api import bench

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("motcua.api.urls")),
    path("can-bo/bieu-mau/", include("motcua.official_forms.urls")),
    path("can-bo/", include("motcua.backoffice.urls")),
    path("", include("motcua.portal.urls")),
]
# The benchmarks' baseline view, only with MOTCUA_BENCH_ENDPOINTS on (docs/performance.md).
urlpatterns += bench.urlpatterns()
