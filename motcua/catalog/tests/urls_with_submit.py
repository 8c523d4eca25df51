"""The project's pages plus a stand-in `portal:submit`, as the online submission form will be
named, to check that the procedure page links to it once it exists."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from motcua.portal.urls import urlpatterns as portal_patterns
from motcua.urls import urlpatterns as project_patterns


def submission_form(request: HttpRequest, code: str) -> HttpResponse:
    return HttpResponse(code)


urlpatterns = [
    *(pattern for pattern in project_patterns if getattr(pattern, "app_name", "") != "portal"),
    path(
        "",
        include(
            (
                [*portal_patterns, path("nop-ho-so/<str:code>/", submission_form, name="submit")],
                "portal",
            )
        ),
    ),
]
