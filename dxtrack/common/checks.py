"""System checks that stop the server, not only warn under `check --deploy`."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from dxtrack.common.secret import key_is_weak


@register(Tags.security)
def secret_key_check(app_configs, **kwargs) -> list[Error]:
    """A known or short SECRET_KEY with DEBUG off lets anyone forge sessions: refuse to start."""
    if settings.DEBUG or not key_is_weak(str(settings.SECRET_KEY)):
        return []
    return [
        Error(
            "SECRET_KEY is a published example or shorter than 50 characters, and DEBUG is off.",
            hint="Unset SECRET_KEY (dxtrack then makes one in DXTRACK_DATA_DIR/secret_key) or set it to a "
            "long random value, e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))'.",
            id="dxtrack.E001",
        )
    ]
