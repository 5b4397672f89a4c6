"""A gate for the concurrency tests: it makes two imports overlap for certain.

Starting two threads together proves nothing: run one after the other they pass the same way.
The gate holds the first import just after it took the programme's lock (in its transaction,
before it reads or writes a value), and lets the test see in PostgreSQL's `pg_locks` that the
second import is waiting for that lock. Without the lock the second import never waits there,
and `second_waits()` says so.
"""

import threading
import time

from django.db import connection

from dxtrack.reporting.imports import service

WAIT_LIMIT = 10.0  # seconds; a waiting import shows up in pg_locks within milliseconds


class ImportLockGate:
    def __init__(self, monkeypatch) -> None:
        self._real = service._serialise
        self._mutex = threading.Lock()
        self._taken = 0
        self.first_holds = threading.Event()
        self.release = threading.Event()
        monkeypatch.setattr(service, "_serialise", self._serialise)

    def _serialise(self, programme_id: int) -> None:
        self._real(programme_id)
        with self._mutex:
            self._taken += 1
            first = self._taken == 1
        if first:
            self.first_holds.set()
            assert self.release.wait(WAIT_LIMIT * 3), "the test never released the first import"

    def second_waits(self) -> bool:
        """Whether another session waits for an import lock, polled for WAIT_LIMIT at most."""
        deadline = time.monotonic() + WAIT_LIMIT
        while time.monotonic() < deadline:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND NOT granted",
                    [service._LOCK_CLASS],
                )
                if cursor.fetchone()[0]:
                    return True
            self.release.wait(0.01)  # a bounded poll of another session's state, not a pause for timing
        return False
