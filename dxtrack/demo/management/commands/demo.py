"""`dxtrack demo`: migrate, load the demo, then serve the site and one background worker.

`--load-only` loads into the configured database (DATABASE_URL or the default SQLite) and exits.
"""

import signal
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import formats
from django.utils.translation import gettext as _

from dxtrack.demo.services import PERSONAS, demo_load
from dxtrack.enterprises.sample import demo_enterprises_load


class Command(BaseCommand):
    help = "Load the Resolution 05-NQ/TU demo and serve it with one background worker."

    def add_arguments(self, parser):
        parser.add_argument("--load-only", action="store_true", help="load the demo and exit")
        parser.add_argument("--no-sample", action="store_true", help="leave out the synthetic ward-level sample")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")

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
        manage = [sys.executable, "-m", "dxtrack.cli"]
        worker = subprocess.Popen([*manage, "db_worker"])  # noqa: S603  (our own interpreter)
        web = subprocess.Popen([*manage, "runserver", "--noreload", addr])  # noqa: S603
        try:
            signal.signal(signal.SIGTERM, lambda *_: web.terminate())
            web.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for process in (web, worker):
                process.terminate()
            for process in (web, worker):
                process.wait(timeout=10)
