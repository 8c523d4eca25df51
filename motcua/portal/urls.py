from django.urls import path

from motcua.portal.views import accounts, home

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("dang-nhap/", accounts.CitizenLoginView.as_view(), name="login"),
    path("dang-xuat/", accounts.CitizenLogoutView.as_view(), name="logout"),
    path("dang-ky/", accounts.RegisterView.as_view(), name="register"),
    path("tai-khoan/", accounts.account, name="account"),
]
