"""No default SECRET_KEY: one per data directory, and a known or short key stops the server."""

import stat

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from dxtrack.common.secret import secret_key

OLD_DEFAULT = "dxtrack-insecure-development-key-change-me"


def test_without_a_key_in_the_environment_each_data_directory_gets_its_own(tmp_path):
    first = secret_key({}, tmp_path / "a")
    assert len(first) >= 50 and first == secret_key({}, tmp_path / "a")  # the worker reads the web's key
    assert first != secret_key({}, tmp_path / "b")
    assert stat.S_IMODE((tmp_path / "a" / "secret_key").stat().st_mode) == 0o600
    assert secret_key({"SECRET_KEY": "x" * 60}, tmp_path / "a") == "x" * 60


@pytest.mark.parametrize("key", [OLD_DEFAULT, "django-insecure-" + "k" * 50, "short-key"])
def test_a_known_or_short_key_with_debug_off_refuses_to_start(settings, key):
    settings.DEBUG, settings.SECRET_KEY = False, key
    with pytest.raises(SystemCheckError, match="dxtrack.E001"):
        call_command("check")


def test_a_real_key_or_debug_on_passes(settings):
    settings.DEBUG, settings.SECRET_KEY = False, secret_key({}, settings.DATA_DIR)
    call_command("check")
    settings.DEBUG, settings.SECRET_KEY = True, OLD_DEFAULT
    call_command("check")
