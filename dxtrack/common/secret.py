"""The SECRET_KEY: from the environment, else one made for this data directory, never a default.

A key written in the source is known to everyone who read it: with it, anyone can forge a
session cookie or a password-reset link. So when SECRET_KEY is not set, the first start makes a
random key in `DXTRACK_DATA_DIR/secret_key` (readable by its owner only) and every later start,
web or worker, reads the same one. The system check `dxtrack.E001` refuses to run with a key
that is known (an example value) or too short while DEBUG is off.
"""

import os
import secrets
from pathlib import Path

KEY_FILE = "secret_key"
# Keys that were published: the old fallback of this project and Django's template prefix.
KNOWN_KEYS = frozenset({"dxtrack-insecure-development-key-change-me", "change-me", "changeme", "secret"})
KNOWN_PREFIXES = ("django-insecure-", "dxtrack-insecure-")
MIN_LENGTH = 50


def secret_key(environ: os._Environ[str] | dict[str, str], data_dir: Path) -> str:
    """SECRET_KEY from the environment, else this data directory's own key (made on first use)."""
    if environ.get("SECRET_KEY"):
        return environ["SECRET_KEY"]
    path = Path(data_dir) / KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as out:
        out.write(secrets.token_urlsafe(64))
    return path.read_text(encoding="ascii").strip()


def key_is_weak(key: str) -> bool:
    return key in KNOWN_KEYS or key.startswith(KNOWN_PREFIXES) or len(key) < MIN_LENGTH or len(set(key)) < 5
