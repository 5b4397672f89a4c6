"""The data set of bench/bench_national.py: org units, a programme and its values, on PostgreSQL.

Org units come from the product (`dxtrack orgunits import-vn`: 34 provinces, 3,321 wards) and
the programme from the product's models (`dxtrack shell`). The values do NOT go through
`dxtrack values import`: at 30 M rows its one all-or-nothing transaction would take about 30
times the 1 M budget and hold the whole check in one process. Instead they are generated in
SQL (generate_series) in exactly the shape the import writes: one `reporting_datavalue` row per
indicator × ward × month (version 1, recorded_by empty, no submission: a value the operator
loaded, which the figures count as approved), and its first `reporting_datavaluversion` copied
from it by the same INSERT … SELECT the import uses (reason "import bench-national"). For
percentages the value is numerator / denominator × 100 rounded to 6 places, as
`reporting.services._percentage` does.

Loading is resumable: one transaction per month, each recorded in `bench_national_month`; the
indexes and foreign keys of the two tables are dropped while loading (their definitions kept in
`bench_national_ddl`) and rebuilt at the end, then `bench_national_state` says the set is
complete. `--reuse` skips everything that is already there.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import psycopg

REASON = "import bench-national"
FIRST_MONTH = (2025, 7)  # every ward exists from 1 July 2025; 60 months run to June 2030


@dataclass(frozen=True)
class Scale:
    name: str
    programme: str
    indicators: int
    shares: int  # the last `shares` indicators are percentages with parts (ratio of sums)
    months: int
    wards: int | None  # None: every ward of the country; else a province with this many wards


SCALES = {
    "national": Scale("national", "BENCH-NATIONAL", 150, 20, 60, None),
    "province": Scale("province", "BENCH-PROVINCE", 100, 13, 60, 168),
}

PROGRAMME = """
from decimal import Decimal
from datetime import date
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator, Pillar, Programme, Target
area = OrgUnit.objects.get(pk=__AREA__)
programme, created = Programme.objects.get_or_create(code=__CODE__, defaults=dict(
    title_vi="Chương trình đo tải " + __CODE__, title_en="Load bench " + __CODE__,
    horizon_start=2025, horizon_end=2030, area=area, is_public=True))
if created:
    pillars = [Pillar.objects.create(programme=programme, code=f"P{n}", name_vi=f"Trụ cột {n}", name_en=f"Pillar {n}", order=n) for n in range(1, 6)]
    for number in range(1, __COUNT__ + 1):
        share = number > __COUNT__ - __SHARES__
        indicator = Indicator.objects.create(
            programme=programme, pillar=pillars[number % 5], code=f"I{number:03d}", order=number,
            name_vi=f"Chỉ tiêu {number}", name_en=f"Indicator {number}",
            value_type="percentage_with_parts" if share else "count", period_type="month",
            unit_aggregation="ratio_of_sums" if share else "sum",
            period_aggregation="last" if share else "sum", natural_limit=Decimal(100) if share else None,
        )
        Target.objects.create(indicator=indicator, deadline=date(2030, 12, 31), comparator=">=",
                              value=Decimal(60) if share else Decimal(__WARDS__ * 500 * 12))
print(programme.pk)
"""

STATE_SQL = """
CREATE TABLE IF NOT EXISTS bench_national_state (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS bench_national_month (programme text, month date, PRIMARY KEY (programme, month));
CREATE TABLE IF NOT EXISTS bench_national_ddl (position serial, drop_sql text NOT NULL, create_sql text NOT NULL);
"""

TABLES = ("reporting_datavalue", "reporting_datavalueversion")


def state(conn: psycopg.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM bench_national_state WHERE key = %s", [key]).fetchone()
    return row[0] if row else None


def area_and_wards(conn: psycopg.Connection, scale: Scale) -> tuple[int, list[int]]:
    """The programme area (the country, or the province with `scale.wards` wards) and its wards."""
    if scale.wards is None:
        (area,) = conn.execute("SELECT id FROM orgunits_orgunit WHERE code = 'VN'").fetchone()
    else:
        row = conn.execute(
            "SELECT p.id FROM orgunits_orgunit p JOIN orgunits_orgunit w ON w.parent_id = p.id "
            "WHERE p.kind = 'province' AND p.valid_to IS NULL AND w.kind = 'commune' AND w.valid_to IS NULL "
            "GROUP BY p.id, p.code HAVING count(*) = %s ORDER BY p.code LIMIT 1", [scale.wards],
        ).fetchone()
        if row is None:
            raise SystemExit(f"no province with {scale.wards} wards")
        area = row[0]
    wards = [pk for (pk,) in conn.execute(
        "SELECT id FROM orgunits_orgunit WHERE kind = 'commune' AND valid_to IS NULL AND path LIKE "
        "(SELECT path FROM orgunits_orgunit WHERE id = %s) || %s || '/%%' ORDER BY code", [area, str(area)],
    )]
    return area, wards


def _drop_indexes(conn: psycopg.Connection, say: Callable[[str], None]) -> None:
    """Keep the DDL of the value tables' indexes and foreign keys, then drop them (once)."""
    if conn.execute("SELECT count(*) FROM bench_national_ddl").fetchone()[0]:
        return  # dropped by an earlier, interrupted load
    ddl = []
    for table in TABLES:
        for name, definition in conn.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('f', 'u')", [table],
        ):
            ddl.append((f'ALTER TABLE {table} DROP CONSTRAINT "{name}"', f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
        for name, definition in conn.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", [table],
        ):
            ddl.append((f'DROP INDEX "{name}"', definition))
    with conn.transaction():
        for drop, create in ddl:
            conn.execute("INSERT INTO bench_national_ddl (drop_sql, create_sql) VALUES (%s, %s)", [drop, create])
            conn.execute(drop)
    say(f"dropped {len(ddl)} indexes and constraints for the load")


def _restore_indexes(conn: psycopg.Connection, say: Callable[[str], None]) -> None:
    started = time.perf_counter()
    conn.execute("SET maintenance_work_mem = '512MB'")
    rows = conn.execute("SELECT position, create_sql FROM bench_national_ddl ORDER BY position").fetchall()
    for position, create in rows:
        with conn.transaction():
            conn.execute(create)
            conn.execute("DELETE FROM bench_national_ddl WHERE position = %s", [position])
    for table in TABLES:
        conn.execute(f"ANALYZE {table}")
    say(f"rebuilt {len(rows)} indexes and constraints, analysed: {time.perf_counter() - started:.0f} s")


MONTH_SQL = """
INSERT INTO reporting_datavalue (indicator_id, org_unit_id, period, period_start, period_end, value, numerator,
    denominator, source, method, note, is_synthetic, is_outlier, submission_id, version, recorded_by_id, recorded_at)
SELECT i.id, w.id, to_char(%(month)s::date, 'YYYY-MM'), %(month)s::date, (%(month)s::date + interval '1 month - 1 day')::date,
    CASE WHEN i.share THEN round(g.num / g.den * 100, 6) ELSE g.count END,
    CASE WHEN i.share THEN g.num END, CASE WHEN i.share THEN g.den END,
    '', '', '', false, false, NULL, 1, NULL, now()
FROM (SELECT id, value_type = 'percentage_with_parts' AS share, row_number() OVER (ORDER BY code) AS n
      FROM programmes_indicator WHERE programme_id = %(programme)s) i
CROSS JOIN (SELECT unnest(%(wards)s::bigint[]) AS id, generate_subscripts(%(wards)s::bigint[], 1) AS p) w
CROSS JOIN LATERAL (SELECT ((w.p * 13 + i.n * 7 + %(index)s) %% 1000)::numeric AS count,
                           (50 + (w.p + i.n) %% 200)::numeric AS den,
                           ((w.p * 7 + i.n + %(index)s) %% (50 + (w.p + i.n) %% 200))::numeric AS num) g
"""

VERSIONS_SQL = """
INSERT INTO reporting_datavalueversion (data_value_id, reason, indicator_id, org_unit_id, period, period_start,
    period_end, value, numerator, denominator, source, method, note, is_synthetic, is_outlier, submission_id, version,
    recorded_by_id, recorded_at)
SELECT id, %(reason)s, indicator_id, org_unit_id, period, period_start, period_end, value, numerator, denominator,
    source, method, note, is_synthetic, is_outlier, submission_id, version, recorded_by_id, recorded_at
FROM reporting_datavalue
WHERE id > %(after)s  -- the rows the month's INSERT just wrote (the primary key stays indexed)
"""


def months(scale: Scale) -> list[str]:
    year, month = FIRST_MONTH
    out = []
    for index in range(scale.months):
        y, m = year + (month - 1 + index) // 12, (month - 1 + index) % 12 + 1
        out.append(f"{y}-{m:02d}-01")
    return out


def load_values(url: str, scale: Scale, programme: int, wards: list[int], say: Callable[[str], None]) -> float:
    """Generate the values month by month (resumable); seconds spent, 0 when already complete."""
    key = f"complete:{scale.programme}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(STATE_SQL)
        if state(conn, key):
            return 0.0
        started = time.perf_counter()
        conn.execute("SET synchronous_commit = off")
        _drop_indexes(conn, say)
        done = {str(m) for (m,) in conn.execute("SELECT month FROM bench_national_month WHERE programme = %s", [scale.programme])}
        for index, month in enumerate(months(scale)):
            if month in done:
                continue
            step = time.perf_counter()
            with conn.transaction():
                (after,) = conn.execute("SELECT coalesce(max(id), 0) FROM reporting_datavalue").fetchone()
                params = {"month": month, "programme": programme, "wards": wards, "index": index, "reason": REASON, "after": after}
                inserted = conn.execute(MONTH_SQL, params).rowcount
                conn.execute(VERSIONS_SQL, params)
                conn.execute("INSERT INTO bench_national_month VALUES (%s, %s)", [scale.programme, month])
            say(f"  {month[:7]}: {inserted:,} values and versions in {time.perf_counter() - step:.1f} s")
        _restore_indexes(conn, say)
        conn.execute("INSERT INTO bench_national_state VALUES (%s, %s)", [key, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())])
        return time.perf_counter() - started
