from django.urls import path

from motcua.official_forms import views

app_name = "official_forms"

urlpatterns = [
    path("mau/<str:number>/", views.specimen_preview, name="specimen_preview"),
    path("mau/<str:number>.pdf", views.specimen_pdf, name="specimen_pdf"),
]
