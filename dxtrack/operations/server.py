"""`dxtrack serve`: gunicorn with N web workers and M task workers, as one service.

One parent process starts gunicorn (which forks and watches its own web workers) and the task
workers (`dxtrack worker`, the database queue with a heartbeat), sends everything they print
to standard output, restarts a task worker that died, and on SIGTERM or SIGINT stops them all
gracefully: gunicorn finishes the requests in flight (up to `graceful_timeout`), a task worker
finishes its current task. The choice of gunicorn is recorded in
docs/decisions/0023-production-server.md.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

# How long a stopped child may take before it is killed: gunicorn's graceful timeout plus margin.
STOP_GRACE_SECONDS = 40


@dataclass(frozen=True)
class ServeOptions:
    bind: str = "127.0.0.1:8000"
    web_workers: int = 2
    task_workers: int = 1
    timeout: int = 60
    graceful_timeout: int = 30


def gunicorn_command(options: ServeOptions) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", options.bind,
        "--workers", str(options.web_workers),
        "--timeout", str(options.timeout),
        "--graceful-timeout", str(options.graceful_timeout),
        "--access-logfile", "-",
        "--error-logfile", "-",
        "--capture-output",
        "--forwarded-allow-ips", "127.0.0.1",
    ]


def worker_command(number: int) -> list[str]:
    # -u: the worker's log lines reach the shared stream as they are written, not when a
    # block buffer fills or the process exits (a worker stopped hard lost its buffered lines).
    return [sys.executable, "-u", "-m", "dxtrack.cli", "worker", "--worker-id", f"worker-{number}"]


class Supervisor:
    """Starts the children, restarts task workers that die, stops everything on a signal."""

    def __init__(self, options: ServeOptions, say: Callable[[str], None]) -> None:
        self.options = options
        self.say = say
        self.stopping = threading.Event()
        self.web: subprocess.Popen | None = None
        self.workers: dict[int, subprocess.Popen] = {}

    def _start(self, command: list[str]) -> subprocess.Popen:
        # stderr into stdout: one stream for the process manager (systemd, docker) to keep.
        return subprocess.Popen(command, stdout=sys.stdout, stderr=subprocess.STDOUT)  # noqa: S603  (our interpreter)

    def run(self) -> int:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_args: self.stopping.set())
        self.web = self._start(gunicorn_command(self.options))
        for number in range(1, self.options.task_workers + 1):
            self.workers[number] = self._start(worker_command(number))
        status = 0
        while not self.stopping.wait(1.0):
            if self.web.poll() is not None:
                self.say(f"gunicorn exited with status {self.web.returncode}; stopping")
                status = self.web.returncode or 1
                break
            for number, process in list(self.workers.items()):
                if process.poll() is not None:
                    self.say(f"task worker {number} exited with status {process.returncode}; starting it again")
                    self.workers[number] = self._start(worker_command(number))
        self.stop()
        return status

    def stop(self) -> None:
        children = [process for process in (self.web, *self.workers.values()) if process is not None]
        for process in children:
            if process.poll() is None:
                process.terminate()
        for process in children:
            try:
                process.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def serve(options: ServeOptions, say: Callable[[str], None] = print) -> int:
    return Supervisor(options, say).run()
