from django.urls import path

from motcua.backoffice.views import accounts, home

app_name = "backoffice"

urlpatterns = [
    path("", home.home, name="home"),
    path("dang-nhap/", accounts.StaffLoginView.as_view(), name="login"),
    path("dang-nhap/ma-xac-thuc/", accounts.SecondStepView.as_view(), name="login_otp"),
    path("dang-xuat/", accounts.StaffLogoutView.as_view(), name="logout"),
    path("xac-thuc-hai-buoc/", accounts.TOTPSetupView.as_view(), name="otp_setup"),
]
