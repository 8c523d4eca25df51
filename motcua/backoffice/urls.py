from django.urls import path

from motcua.backoffice.views import accounts, desk, documents, dossier, evaluation, home, inbox
from motcua.backoffice.views import register as register_views
from motcua.backoffice.views import statistics as statistics_views

app_name = "backoffice"

urlpatterns = [
    path("", home.home, name="home"),
    path("dang-nhap/", accounts.StaffLoginView.as_view(), name="login"),
    path("dang-nhap/ma-xac-thuc/", accounts.SecondStepView.as_view(), name="login_otp"),
    path("dang-xuat/", accounts.StaffLogoutView.as_view(), name="logout"),
    path("xac-thuc-hai-buoc/", accounts.TOTPSetupView.as_view(), name="otp_setup"),
    # Dossiers: the inbox, desk entry, a dossier's page, its actions, files and forms.
    path("ho-so/", inbox.inbox, name="inbox"),
    path("ho-so/tiep-nhan-tai-quay/", desk.desk_entry, name="desk_entry"),
    path("ho-so/<str:ref>/", dossier.dossier_page, name="dossier"),
    path("ho-so/<str:ref>/thao-tac/<str:action>/", dossier.dossier_action, name="dossier_action"),
    path("ho-so/<str:ref>/tep/<int:file_id>/", dossier.dossier_file, name="dossier_file"),
    path(
        "ho-so/<str:ref>/danh-gia/",
        evaluation.record_paper_evaluation,
        name="record_paper_evaluation",
    ),
    path(
        "ho-so/<str:ref>/mau-<str:number>-<int:item>.pdf",
        documents.dossier_form,
        name="dossier_form_item",
    ),
    path("ho-so/<str:ref>/mau-<str:number>.pdf", documents.dossier_form, name="dossier_form"),
    # The register of dossiers (Mẫu 07) and the statistics, with their files.
    path("so-theo-doi/", register_views.register_page, name="register"),
    path("so-theo-doi.xlsx", register_views.register_excel, name="register_excel"),
    path("so-theo-doi.pdf", register_views.register_pdf, name="register_pdf"),
    path("thong-ke/", statistics_views.statistics_page, name="statistics"),
    path("thong-ke.xlsx", statistics_views.statistics_excel, name="statistics_excel"),
]
