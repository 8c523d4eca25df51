"""URL configurations for the layout tests: the project's URLs with the portal reduced to its
home page, and stand-ins for the portal pages other apps build, so that the layout can be
tested without them and with them."""

from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import TemplateView

from motcua import urls as project_urls
from motcua.portal import urls as portal_urls

STAND_IN = TemplateView.as_view(template_name="portal/home.html")
SERVICE_PAGES = [
    path("thu-tuc/", STAND_IN, name="procedure_list"),
    path("tra-cuu-ho-so/", STAND_IN, name="dossier_lookup"),
    path("tinh-ngay-hen/", STAND_IN, name="deadline_calculator"),
    path("dang-nhap/", STAND_IN, name="login"),
    path("dang-ky/", STAND_IN, name="register"),
    path("dang-xuat/", STAND_IN, name="logout"),
    path("tai-khoan/", STAND_IN, name="account"),
]


def project_with_portal_pages(pages: list[URLPattern]) -> list[URLPattern | URLResolver]:
    home = [pattern for pattern in portal_urls.urlpatterns if pattern.name == "home"]
    others = [pattern for pattern in project_urls.urlpatterns if str(pattern.pattern) != ""]
    return [*others, path("", include(([*home, *pages], "portal")))]
