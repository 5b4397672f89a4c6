"""Reporting-loop budgets: the data-entry page of a 50-indicator form (p95 < 150 ms), approving a
whole period for ~100 units (< 2 s), and how long a newly approved value takes to show in the
programme overview (< 5 s).

    .venv/bin/python bench/bench_reporting.py [--requests 200] [--units 100]
    DATABASE_URL=postgres://root@127.0.0.1:5432/dxtrack_bench .venv/bin/python bench/bench_reporting.py

Builds its own data in a fresh SQLite file under a temporary directory (or in DATABASE_URL, which
must be an empty scratch database): Ho Chi Minh City's current wards, a programme of 50
indicators, a yearly ward form with three earlier years of values per ward.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

INDICATORS = 50


def percentile(timings: list[float], share: float) -> float:
    ordered = sorted(timings)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def build(units: int):
    from dxtrack.accounts.models import Role, RoleAssignment, User
    from dxtrack.orgunits.models import OrgUnit
    from dxtrack.orgunits.vn_import import orgunits_import_vn
    from dxtrack.programmes.models import Indicator, Pillar, Programme, Target
    from dxtrack.reporting.forms_services import submission_ensure
    from dxtrack.reporting.models import DataValue, FormIndicator, ReportingForm
    from dxtrack.reporting.services import value_record

    orgunits_import_vn(provinces=["79"])
    city = OrgUnit.objects.get(code="79", valid_to__isnull=True)
    programme = Programme.objects.create(code="BENCH", title_vi="Bench", horizon_start=2020, horizon_end=2030, area=city, is_public=True)
    pillar = Pillar.objects.create(programme=programme, code="P", name_vi="Trụ cột")
    indicators = []
    for n in range(INDICATORS):
        parts = n % 2 == 0
        indicator = Indicator.objects.create(
            programme=programme, pillar=pillar, code=f"I{n:02d}", name_vi=f"Chỉ số {n}", order=n,
            value_type="percentage_with_parts" if parts else "count", unit="%" if parts else "",
            unit_aggregation="ratio_of_sums" if parts else "sum", period_aggregation="last",
            natural_limit=Decimal(100) if parts else None,
        )
        Target.objects.create(indicator=indicator, deadline="2030-12-31", comparator=">=", value=Decimal(80 if parts else 10))
        indicators.append(indicator)
    form = ReportingForm.objects.create(programme=programme, code="BM-BENCH", name_vi="Biểu mẫu", unit_level="commune")
    FormIndicator.objects.bulk_create(FormIndicator(form=form, indicator=i, order=n) for n, i in enumerate(indicators))
    wards = list(OrgUnit.objects.filter(parent=city, kind="commune").order_by("code")[:units])
    approver = User.objects.create_user("bench-approver", password="x")
    RoleAssignment.objects.create(user=approver, role=Role.APPROVER, org_unit=city)
    reporter = User.objects.create_user("bench-reporter", password="x")
    RoleAssignment.objects.create(user=reporter, role=Role.REPORTER, org_unit=wards[0])
    # Three earlier years per ward (in 2026, after the reform) so the page shows history.
    for year in (2026, 2027, 2028):
        for indicator in indicators[:10]:
            for ward in wards[:5]:
                if indicator.has_parts:
                    value_record(indicator=indicator, org_unit=ward, period=str(year), numerator=Decimal(40 + year % 7), denominator=Decimal(50))
                else:
                    value_record(indicator=indicator, org_unit=ward, period=str(year), value=Decimal(year % 13))
    submissions = [submission_ensure(form=form, org_unit=ward, period="2029") for ward in wards]
    print(f"built: {len(wards)} wards, {INDICATORS} indicators, {DataValue.objects.count()} values")
    return form, indicators, wards, submissions, approver, reporter, programme


def fill_and_submit(submissions, indicators, users) -> None:
    from dxtrack.accounts.models import Role, RoleAssignment, User
    from dxtrack.reporting.workflow import Entry, submission_save

    for n, submission in enumerate(submissions):
        user = users.get(submission.org_unit_id)
        if user is None:
            user = User.objects.create_user(f"bench-r{n}", password="x")
            RoleAssignment.objects.create(user=user, role=Role.REPORTER, org_unit=submission.org_unit)
        entries = [
            Entry(indicator=i, numerator=Decimal(41), denominator=Decimal(50)) if i.has_parts else Entry(indicator=i, value=Decimal(7))
            for i in indicators
        ]
        submission_save(submission=submission, entries=entries, user=user, submit=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--units", type=int, default=100)
    args = parser.parse_args()
    os.environ.setdefault("DXTRACK_DATA_DIR", tempfile.mkdtemp(prefix="dxtrack-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from dxtrack.reporting.forms_services import submission_ensure
    from dxtrack.reporting.workflow import (
        Entry,
        submission_approve,
        submission_save,
        submissions_approve,
    )

    setup_test_environment()
    call_command("migrate", verbosity=0)
    engine = django.conf.settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    form, indicators, wards, submissions, approver, reporter, programme = build(args.units)

    client = Client()
    client.force_login(reporter)
    url = f"/reporting/submissions/{submissions[0].pk}/"
    assert client.get(url).status_code == 200
    timings = []
    for _ in range(args.requests):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"[{engine}] data-entry page, {INDICATORS} indicators, {args.requests} requests: "
        f"p50 {statistics.median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms (budget p95 < 150 ms)"
    )

    started = time.perf_counter()
    fill_and_submit(submissions, indicators, {wards[0].pk: reporter})
    print(f"[{engine}] filled and submitted {len(submissions)} forms of {INDICATORS} values in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    approved = submissions_approve(submissions=submissions, user=approver)
    print(f"[{engine}] approved a whole period, {len(approved)} units: {time.perf_counter() - started:.2f} s (budget < 2 s)")

    # Freshness: the overview is computed on request, so an approval shows on the next page load.
    late = submission_ensure(form=form, org_unit=wards[0], period="2030")
    entries = [
        Entry(indicator=i, numerator=Decimal(49), denominator=Decimal(50), note="bench")
        if i.has_parts
        else Entry(indicator=i, value=Decimal(12), note="bench")
        for i in indicators
    ]
    submission_save(submission=late, entries=entries, user=reporter, submit=True)
    submission_approve(submission=late, user=approver)
    approved_at = time.perf_counter()
    html = Client().get(f"/programmes/{programme.code}/").content.decode()
    shown_after = time.perf_counter() - approved_at
    assert "2030" in html and "data-unapproved" not in html.split('data-indicator="I01"')[1].split("</tr>")[0]
    print(f"[{engine}] an approved value is in the overview {shown_after * 1000:.0f} ms after the approval (budget < 5 s)")

if __name__ == "__main__":
    main()
