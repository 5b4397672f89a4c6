"""`dxtrack demo`: migrate, load the demo, then serve it as `dxtrack serve` does (gunicorn, one task worker).

`--load-only` loads into the configured database (DATABASE_URL or the default SQLite) and exits.
"""

import time

from django.core.management import call_command
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.common.command import DxtrackCommand
from dxtrack.demo.services import PERSONAS, demo_load
from dxtrack.enterprises.sample import demo_enterprises_load
from dxtrack.operations.server import ServeOptions, serve


class Command(DxtrackCommand):
    help = gettext_lazy("Load the Resolution 05-NQ/TU demo and serve it (gunicorn) with one background worker.")

    def add_arguments(self, parser):
        parser.add_argument("--load-only", action="store_true", help=gettext_lazy("load the demo and exit"))
        parser.add_argument("--no-sample", action="store_true", help=gettext_lazy("leave out the synthetic ward-level sample"))
        parser.add_argument("--addr", default="127.0.0.1:8000", help=gettext_lazy("address to serve on (default 127.0.0.1:8000)"))

    def handle(self, *args, load_only: bool, no_sample: bool, addr: str, **options):
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        demo_load(include_sample=not no_sample, say=lambda line: self.stdout.write(line))
        if not no_sample:  # the registry sample is 68,000 rows: the demo's, not every test's
            demo_enterprises_load(say=lambda line: self.stdout.write(line))
        seconds = formats.number_format(round(time.monotonic() - started, 1), decimal_pos=1)
        self.stdout.write(_("Demo loaded in %(seconds)s s.") % {"seconds": seconds})
        if load_only:
            return
        self._print_logins(addr)
        self._serve(addr)

    def _print_logins(self, addr: str) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("dxtrack is at http://%(addr)s/") % {"addr": addr}))
        self.stdout.write(_("Demo logins (user / password — who):"))
        for persona in PERSONAS:
            self.stdout.write(f"  {persona.username:<12} {persona.password:<22} {persona.description}")
        self.stdout.write("")

    def _serve(self, addr: str) -> None:
        # The production server, as `dxtrack serve` runs it: gunicorn and a task worker.
        self.stdout.flush()
        status = serve(ServeOptions(bind=addr, web_workers=2, task_workers=1), say=self.stdout.write)
        if status:
            raise SystemExit(status)
