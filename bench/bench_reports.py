"""The 05-NQ/TU progress report in each format, each language: seconds per file (budget < 10 s)
and the process's peak RSS; with --national, a synthetic 150-indicator national programme over
34 provinces, 2022–2025 (budget < 60 s per file, RSS < 500 MB).

    .venv/bin/python bench/bench_reports.py [--repeat 3]
    .venv/bin/python bench/bench_reports.py --national [--repeat 1]

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
NATIONAL_BUDGET_SECONDS = 60.0
NATIONAL_INDICATORS = 150
PROVINCES = 34
COMMUNES_PER_PROVINCE = 3
YEARS = (2022, 2023, 2024, 2025)


def national_programme_load():
    """150 indicators in 6 pillars (half shares with parts, half counts), one target each for
    2030, three communes in each of 34 provinces reporting every year (figures roll up from
    communes), one yearly form with every indicator. Values go in through the CSV import."""
    import csv
    import random
    from decimal import Decimal

    from dxtrack.accounts.models import User
    from dxtrack.orgunits.models import OrgUnitKind
    from dxtrack.orgunits.services import orgunit_upsert
    from dxtrack.programmes.models import Indicator, Pillar, Programme, Target
    from dxtrack.reporting.imports.service import values_import_file
    from dxtrack.reporting.models import FormIndicator, ReportingForm

    rng = random.Random(9)
    country, _created = orgunit_upsert(code="VN", kind=OrgUnitKind.COUNTRY, name_vi="Việt Nam", name_en="Viet Nam")
    communes = []
    for number in range(1, PROVINCES + 1):
        province, _created = orgunit_upsert(code=f"P{number:02d}", kind=OrgUnitKind.PROVINCE, name_vi=f"Tỉnh {number}",
                                            name_en=f"Province {number}", parent=country)
        communes += [orgunit_upsert(code=f"P{number:02d}X{ward}", kind=OrgUnitKind.COMMUNE, name_vi=f"Xã {number}.{ward}",
                                    parent=province)[0] for ward in range(1, COMMUNES_PER_PROVINCE + 1)]
    programme = Programme.objects.create(code="QG-150", title_vi="Chương trình chuyển đổi số quốc gia (mẫu)",
                                         title_en="National digital transformation programme (sample)",
                                         horizon_start=2022, horizon_end=2030, area=country, is_public=True)
    pillars = [Pillar.objects.create(programme=programme, code=f"T{p}", name_vi=f"Trụ cột {p}", name_en=f"Pillar {p}", order=p)
               for p in range(1, 7)]
    form = ReportingForm.objects.create(programme=programme, code="QG-NAM", name_vi="Báo cáo năm cấp xã", unit_level="commune")
    path = Path(tempfile.mkdtemp(prefix="dxtrack-bench-values-")) / "values.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["indicator", "org_unit", "period", "value", "numerator", "denominator"])
        for number in range(NATIONAL_INDICATORS):
            share = number % 2 == 0
            indicator = Indicator.objects.create(
                programme=programme, pillar=pillars[number % 6], code=f"CS-{number:03d}", name_vi=f"Chỉ số {number}",
                name_en=f"Indicator {number}", value_type="percentage_with_parts" if share else "count",
                unit_aggregation="ratio_of_sums" if share else "sum", period_aggregation="last" if share else "sum",
                period_type="year", unit="%" if share else "", natural_limit=Decimal(100) if share else None, order=number,
            )
            Target.objects.create(indicator=indicator, deadline="2030-12-31", comparator=">=", value=Decimal(90 if share else 50_000))
            FormIndicator.objects.create(form=form, indicator=indicator, order=number)
            for commune in communes:
                base = rng.uniform(30, 70)
                for step, year in enumerate(YEARS):
                    if share:
                        denominator = rng.randint(100, 5000)
                        numerator = round(denominator * min(base + 5 * step, 100) / 100)
                        writer.writerow([indicator.code, commune.code, year, "", numerator, denominator])
                    else:
                        writer.writerow([indicator.code, commune.code, year, round(base * 10 * (1 + step)), "", ""])
    admin = User.objects.create_superuser(username="bench", password="bench-only-password")
    report = values_import_file(path=path, filename=path.name, user=admin, format="csv", programme_code=programme.code)
    assert not report.rejected, report.errors[:3]
    print(f"{report.created} values imported")
    return programme


def _phases(programme, folder: Path) -> None:
    """Where a report's time goes: the figures (the figures layer's reads) and the charts."""
    from django.utils import translation

    from dxtrack.reports.builder import report_build
    from dxtrack.reports.charts import charts_draw

    started = time.perf_counter()
    report = report_build(programme=programme, as_of=date(2025, 12, 31), language="vi", issued_on=date(2026, 2, 5))
    built = time.perf_counter() - started
    started = time.perf_counter()
    with translation.override("vi"):
        charts = charts_draw(report, folder)
    print(f"phases: figures {built:.2f} s, charts {time.perf_counter() - started:.2f} s ({len(charts)} images)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--national", action="store_true", help="the 150-indicator national programme instead")
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
    if args.national:
        programme = national_programme_load()
        budget = NATIONAL_BUDGET_SECONDS
    else:
        demo_load(say=lambda line: None)
        programme = programme_for_report(PROGRAMME_CODE)
        budget = BUDGET_SECONDS
    print(f"{programme.code} load: {time.perf_counter() - started:.2f} s")
    folder = Path(tempfile.mkdtemp(prefix="dxtrack-bench-reports-"))
    _phases(programme, folder)
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
    verdict = "within" if worst < budget else "OVER"
    print(f"slowest file {worst:.2f} s ({verdict} the {budget:.0f} s budget); peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
