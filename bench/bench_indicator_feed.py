"""Time `dxtrack enterprises feed-indicators` over the 68,000-enterprise sample registry and
10,000 DBI 2021 assessments on PostgreSQL.

Budget (issue 10): recomputing the indicators from 68,000 enterprises and 10,000 assessments < 10 s.

    DATABASE_URL=postgres://root@127.0.0.1:5432/dx_10 .venv/bin/python bench/bench_indicator_feed.py

A scratch database `<name>_bench_feed` is created, migrated, given Binh Duong's units
(`orgunits import-vn --legacy --province 74`), the sample registry (as the demo loads it), 10,000
sample DBI assessments with their results (bulk, scored by `scoring.score`) and the 05-NQ/TU
indicators the feed writes (KTS-05, KTS-07, KTS-08); then dropped. Two runs of the command, each
its own process (start-up included): the first writes every ward, the second changes nothing.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_enterprises import ROOT, dxtrack, scratch, with_database  # noqa: E402

BUDGET_SECONDS = 10.0

SETUP = """
import random
from decimal import Decimal
from dxtrack.enterprises.assessments import frameworks_load_all
from dxtrack.enterprises.imports import RegistryReport, RowChecker
from dxtrack.enterprises.models import Assessment, AssessmentResult, Enterprise
from dxtrack.enterprises.sample import binh_duong_ward_codes, sample_rows
from dxtrack.enterprises.scoring import score
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator, Pillar, Programme
checker, report = RowChecker(sample=True), RegistryReport(source="sample", dry_run=False)
rows = sample_rows(count=__ROWS__, it_count=__ROWS__ * 7000 // 68000, ward_codes=binh_duong_ward_codes())
Enterprise.objects.bulk_create([Enterprise(**checker.check(n, row, report)) for n, row in enumerate(rows, start=2)], batch_size=5000)
dbi = {f.code: f for f in frameworks_load_all()}["dbi-2021"]
rng = random.Random(11)
chosen = rng.sample(list(Enterprise.objects.values_list("pk", flat=True)), __ASSESSMENTS__)
answers = [{f"P{n}_level": {"level": f"l{min(5, max(0, round(rng.gauss(2, 1.2))))}"} for n in range(1, 7)} for _ in chosen]
made = Assessment.objects.bulk_create([Assessment(enterprise_id=pk, framework=dbi, answers=a, is_sample=True) for pk, a in zip(chosen, answers)], batch_size=5000)
results = []
for assessment in made:
    s = score(dbi.definition, assessment.answers)
    results.append(AssessmentResult(assessment=assessment, framework=dbi, dimension_scores={k: str(v) for k, v in s.dimensions.items()}, overall=s.overall, band=s.band))
AssessmentResult.objects.bulk_create(results, batch_size=5000)
programme = Programme.objects.create(code="05-NQ/TU", title_vi="Nghị quyết 05", horizon_start=2022, horizon_end=2030, area=OrgUnit.objects.get(code="74", valid_to__isnull=False))
pillar = Pillar.objects.create(programme=programme, code="KTS", name_vi="Kinh tế số")
for code, kind, agg in (("KTS-05", "percentage_with_parts", "ratio_of_sums"), ("KTS-07", "count", "sum"), ("KTS-08", "count", "sum")):
    Indicator.objects.create(programme=programme, pillar=pillar, code=code, name_vi=code, value_type=kind, unit_aggregation=agg,
                             period_aggregation="last", period_type="year", natural_limit=Decimal(100) if kind != "count" else None)
print(Enterprise.objects.count(), Assessment.objects.count())
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=68_000)
    parser.add_argument("--assessments", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (the budget is for PostgreSQL).")
    name = urlsplit(url).path.lstrip("/") + "_bench_feed"
    scratch(url, name, create=True)
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "DATABASE_URL": with_database(url, name), "DXTRACK_DATA_DIR": work, "PYTHONPATH": str(ROOT)}
        try:
            dxtrack(["migrate", "--no-input", "-v", "0"], env)
            dxtrack(["orgunits", "import-vn", "--legacy", "--province", "74"], env)
            setup = SETUP.replace("__ROWS__", str(args.rows)).replace("__ASSESSMENTS__", str(args.assessments))
            _wall, _rss, out = dxtrack(["shell", "-c", setup], env)
            print(f"registry and assessments: {out.strip().splitlines()[-1]}")
            runs = []
            for label in ("first run (writes)", "second run (unchanged)"):
                wall, rss, out = dxtrack(["enterprises", "feed-indicators", "--language", "en"], env)  # this year: the assessments are dated today
                runs.append((label, wall, rss, out.strip().splitlines()))
        finally:
            if not args.keep:
                scratch(url, name, create=False)
    for label, wall, rss, lines in runs:
        flag = "" if wall < BUDGET_SECONDS else "  OVER BUDGET"
        print(f"{label:24} {wall:6.1f} s  peak RSS {rss:5.0f} MB{flag}")
        for line in lines:
            print(f"    {line}")


if __name__ == "__main__":
    main()
