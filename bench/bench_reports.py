"""The 05-NQ/TU progress report in each format, each language: seconds per file (budget < 10 s)
and the process's peak RSS.

    .venv/bin/python bench/bench_reports.py [--repeat 3]

Loads the demo into a fresh SQLite file under a temporary data directory (or into DATABASE_URL,
which must be an empty scratch database), then writes each report the way `dxtrack report`
does (report_file_write: figures, charts, rendering, checksum, rename). The first run of each
format includes its imports (matplotlib, WeasyPrint), as a fresh worker would.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BUDGET_SECONDS = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DXTRACK_DATA_DIR", tempfile.mkdtemp(prefix="dxtrack-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from dxtrack.demo.services import PROGRAMME_CODE, demo_load
    from dxtrack.reports.builder import programme_for_report
    from dxtrack.reports.services import FORMATS, report_file_write

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    demo_load(say=lambda line: None)
    print(f"demo load: {time.perf_counter() - started:.2f} s")
    programme = programme_for_report(PROGRAMME_CODE)
    folder = Path(tempfile.mkdtemp(prefix="dxtrack-bench-reports-"))
    worst = 0.0
    for fmt in FORMATS:
        for language in ("vi", "en"):
            timings = []
            for run in range(args.repeat):
                output = folder / f"report-{language}-{run}.{fmt}"
                started = time.perf_counter()
                report, _checksum = report_file_write(
                    programme=programme, as_of=date(2025, 12, 31), fmt=fmt, output=output, language=language,
                    issued_on=date(2026, 2, 5),
                )
                timings.append(time.perf_counter() - started)
            worst = max(worst, *timings)
            print(f"{fmt} {language}: first {timings[0]:.2f} s, best {min(timings):.2f} s, "
                  f"{output.stat().st_size / 1024:.0f} KiB, {len(report.lines)} targets")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "within" if worst < BUDGET_SECONDS else "OVER"
    print(f"slowest file {worst:.2f} s ({verdict} the {BUDGET_SECONDS:.0f} s budget); peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
