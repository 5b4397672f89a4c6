import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The workflow tests create a person per role; PBKDF2 would spend seconds on passwords no test logs in with.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
