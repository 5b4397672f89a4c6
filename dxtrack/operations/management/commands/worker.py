"""`dxtrack worker`: the database task worker (django-tasks-db's `db_worker`) with a heartbeat.

While it runs, a thread records that the worker is alive every `DXTRACK_WORKER_HEARTBEAT_SECONDS`
and marks failed the tasks of workers that stopped beating (killed, out of memory, machine
lost) — see dxtrack.operations.heartbeat. `dxtrack serve` starts its task workers with it.
"""

import os
import socket

from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from dxtrack.operations.heartbeat import Heartbeat


def new_worker_id() -> str:
    """Unique for every process, a restarted one included: its predecessor's tasks stay its own."""
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(8)}"


class Command(DatabaseWorkerCommand):
    help = gettext_lazy("Run a background task worker with a heartbeat; tasks of workers that died are marked failed.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=new_worker_id())

    def handle(self, *args, **options):
        heartbeat = Heartbeat(worker_id=options["worker_id"])
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
