from django.contrib.auth import views as auth_views
from django.urls import path

from dxtrack.accounts import mfa_settings_views, mfa_views

app_name = "accounts"

urlpatterns = [
    path("login/", mfa_views.PasswordLoginView.as_view(), name="login"),
    path("login/code/", mfa_views.mfa_verify_view, name="mfa_verify"),
    path("login/enrol/", mfa_views.mfa_enrol_view, name="mfa_enrol"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-step/", mfa_settings_views.mfa_settings_view, name="mfa_settings"),
    path("two-step/set-up/", mfa_settings_views.mfa_setup_view, name="mfa_setup"),
    path("two-step/turn-off/", mfa_settings_views.mfa_disable_view, name="mfa_disable"),
    path("two-step/recovery-codes/", mfa_settings_views.mfa_recovery_regenerate_view, name="mfa_recovery_regenerate"),
]
