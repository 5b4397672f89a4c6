from django.contrib.auth import views as auth_views
from django.urls import path

from dxtrack.accounts import mfa_views

app_name = "accounts"

urlpatterns = [
    path("login/", mfa_views.PasswordLoginView.as_view(), name="login"),
    path("login/code/", mfa_views.mfa_verify_view, name="mfa_verify"),
    path("login/enrol/", mfa_views.mfa_enrol_view, name="mfa_enrol"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
