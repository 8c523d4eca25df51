from django.urls import path

from motcua.portal.views import (
    accounts,
    catalogue,
    deadline,
    dossiers,
    evaluations,
    home,
    submission,
)

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("tinh-ngay-hen/", deadline.deadline_calculator, name="deadline_calculator"),
    path("thu-tuc/", catalogue.procedure_list, name="procedure_list"),
    path("thu-tuc/<str:code>/", catalogue.procedure_detail, name="procedure_detail"),
    path("thu-tuc/<str:code>/nop-truc-tuyen/", submission.submit, name="submit"),
    path("ho-so-cua-toi/", dossiers.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/<int:pk>/", dossiers.my_dossier, name="my_dossier"),
    path("ho-so-cua-toi/<int:pk>/tep/<int:file_pk>/", dossiers.dossier_file, name="dossier_file"),
    path("ho-so-cua-toi/<int:pk>/bo-sung/", dossiers.supply_supplement, name="supply_supplement"),
    path("ho-so-cua-toi/<int:pk>/rut/", dossiers.withdraw, name="withdraw"),
    path("ho-so-cua-toi/<int:pk>/danh-gia/", evaluations.evaluate, name="evaluate"),
    path("tra-cuu-ho-so/", dossiers.dossier_lookup, name="dossier_lookup"),
    path("dang-nhap/", accounts.CitizenLoginView.as_view(), name="login"),
    path("dang-xuat/", accounts.CitizenLogoutView.as_view(), name="logout"),
    path("dang-ky/", accounts.RegisterView.as_view(), name="register"),
    path("tai-khoan/", accounts.account, name="account"),
]
