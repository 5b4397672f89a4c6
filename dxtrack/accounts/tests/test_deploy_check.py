"""Production settings pass `dxtrack check --deploy --fail-level WARNING`."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "ALLOWED_HOSTS": "dx.example.vn",
}


def production_env(tmp_path: Path) -> dict[str, str]:
    # The suite's conftest allows async-unsafe calls for Playwright; production never does.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, **PRODUCTION, "DXTRACK_DATA_DIR": str(tmp_path)}


def test_check_deploy_passes_with_production_settings(tmp_path):
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {
        **production_env(tmp_path),
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "dxtrack.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_old_development_key_stops_even_a_plain_check(tmp_path):
    """The guard works: the published key is refused by `check` itself (so by migrate and
    the server too), not only as a warning of `check --deploy`."""
    env = {**production_env(tmp_path), "SECRET_KEY": "dxtrack-insecure-development-key-change-me"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "dxtrack.cli", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "dxtrack.E001" in result.stderr


def test_without_a_key_the_data_directorys_own_key_passes_the_deploy_check(tmp_path):
    env = production_env(tmp_path)
    env.pop("SECRET_KEY", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "dxtrack.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "secret_key").stat().st_size > 50
