from django.urls import path

from motcua.portal.views import home

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
]
