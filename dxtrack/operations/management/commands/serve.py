"""`dxtrack serve`: the production server (gunicorn) and the task workers, in one service."""

from django.core.management import call_command
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.common.command import DxtrackCommand
from dxtrack.common.numbers import count_shown
from dxtrack.operations.server import ServeOptions, serve


class Command(DxtrackCommand):
    help = gettext_lazy("Serve the site with gunicorn and run the background task workers; stops gracefully on SIGTERM.")
    requires_system_checks = []  # run below, before any child starts, so a refusal stops everything

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help=gettext_lazy("address and port to listen on (default 127.0.0.1:8000)"))
        parser.add_argument("--workers", type=int, default=2, help=gettext_lazy("web worker processes (default 2)"))
        parser.add_argument("--task-workers", type=int, default=1, help=gettext_lazy("background task worker processes (default 1)"))
        parser.add_argument("--timeout", type=int, default=60, help=gettext_lazy("seconds a request may take before its worker is restarted (default 60)"))

    def handle(self, *args, bind: str, workers: int, task_workers: int, timeout: int, **options):
        call_command("check", fail_level="ERROR")  # a published SECRET_KEY, for one, stops here
        self.stdout.write(_("Serving on http://%(bind)s/ with %(web)s web and %(tasks)s task workers.") % {
            "bind": bind, "web": count_shown(workers), "tasks": count_shown(task_workers),
        })
        self.stdout.flush()
        status = serve(
            ServeOptions(bind=bind, web_workers=workers, task_workers=task_workers, timeout=timeout),
            say=lambda line: (self.stdout.write(line), self.stdout.flush()),
        )
        if status:
            raise SystemExit(status)
