"""From a fresh clone to the first page served by the README's demo command.

    .venv/bin/python bench/bench_demo_start.py [--repo .] [--port 8765]

Clones the repository's committed HEAD into a temporary directory, runs `make demo` there
(virtual environment, install from the package index, migrate, demo load, web + worker) and
polls the programme overview until it answers 200. Prints the seconds to the first page and
stops the demo. The install step needs the package index; its time depends on the network.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

TIMEOUT_SECONDS = 900


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="dxtrack-demo-start-")) / "dxtrack"
    subprocess.run(["git", "clone", "--quiet", args.repo, str(workdir)], check=True)  # noqa: S603, S607
    url = f"http://127.0.0.1:{args.port}/programmes/05-NQ/TU/"
    try:
        urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own local address
    except OSError:
        pass  # nothing listens there: good
    else:
        sys.exit(f"something already answers on port {args.port}; choose another with --port")
    env = {**os.environ, "DXTRACK_DATA_DIR": str(workdir / "var")}
    env.pop("DATABASE_URL", None)
    env.pop("VIRTUAL_ENV", None)
    started = time.monotonic()
    command = ["make", "demo", f"DEMO_ADDR=127.0.0.1:{args.port}"]
    demo = subprocess.Popen(  # noqa: S603 - our own Makefile
        command, cwd=workdir, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        while time.monotonic() - started < TIMEOUT_SECONDS:
            if demo.poll() is not None:
                sys.exit(f"make demo exited with {demo.returncode} before serving")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local demo
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            sys.exit(f"no page after {TIMEOUT_SECONDS} s")
        print(f"fresh clone → `make demo` → first page {url}: {time.monotonic() - started:.1f} s")
    finally:
        os.killpg(demo.pid, signal.SIGTERM)
        demo.wait(timeout=30)


if __name__ == "__main__":
    main()
