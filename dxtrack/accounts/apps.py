from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dxtrack.accounts"
    label = "accounts"
