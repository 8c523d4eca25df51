from django.urls import path

from motcua.portal.views import accounts, catalogue, deadline, home

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("tinh-ngay-hen/", deadline.deadline_calculator, name="deadline_calculator"),
    path("thu-tuc/", catalogue.procedure_list, name="procedure_list"),
    path("thu-tuc/<str:code>/", catalogue.procedure_detail, name="procedure_detail"),
    path("dang-nhap/", accounts.CitizenLoginView.as_view(), name="login"),
    path("dang-xuat/", accounts.CitizenLogoutView.as_view(), name="logout"),
    path("dang-ky/", accounts.RegisterView.as_view(), name="register"),
    path("tai-khoan/", accounts.account, name="account"),
]
