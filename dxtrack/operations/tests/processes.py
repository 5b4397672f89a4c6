"""Helpers of the tests that run real processes: a migrated SQLite data directory, free ports,
polling with a deadline (never a fixed sleep)."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def process_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a child dxtrack: its own SQLite data directory, English, no PostgreSQL."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update({"DXTRACK_DATA_DIR": str(data_dir), "LANG": "en_GB.UTF-8", "PYTHONUNBUFFERED": "1", **extra})
    env.pop("LC_ALL", None)
    return env


def dxtrack(*args: str, data_dir: Path, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dxtrack.cli", *args], cwd=ROOT, env=popen.pop("env", None) or process_env(data_dir), **popen)  # noqa: S603


def migrate(data_dir: Path) -> None:
    subprocess.run([sys.executable, "-m", "dxtrack.cli", "migrate", "-v0"], cwd=ROOT, env=process_env(data_dir), check=True, timeout=120)  # noqa: S603


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], object], *, seconds: float, what: str) -> object:
    """Poll `condition` every 0.1 s until it is truthy; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s: {what}")
