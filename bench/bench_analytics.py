"""Time the number core (dxtrack.analytics) on synthetic data, beside DuckDB in the same run.

    .venv/bin/pip install duckdb        # the `bench` extra; not a runtime dependency
    .venv/bin/python bench/bench_analytics.py                  # 1 M and 10 M rows
    .venv/bin/python bench/bench_analytics.py --rows 1000000   # one size only

1. Roll-up: N synthetic rows (ward, numerator, denominator) over a three-level tree (country →
   34 provinces → 3,321 wards, the units after 1 July 2025). dxtrack sums the rows per ward
   (`totals_by_unit`) and then rolls every unit up as a ratio of sums with its coverage
   (`roll_up_tree`); DuckDB runs the same GROUP BY ROLLUP over a ward → province join. Both
   sides compute the rows from the same deterministic formula (so no data is copied between
   them), DuckDB's table is materialised before its clock starts, and the two country totals
   are checked to be equal.
2. Progress: the three methods on 10,000 synthetic series each; budget under 1 s.

Each figure is the best of `--repeat` runs (wall clock, `time.perf_counter`).
"""

import argparse
import platform
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dxtrack.analytics.aggregation import Hierarchy, Observation, roll_up_tree, totals_by_unit  # noqa: E402
from dxtrack.analytics.progress import linear_progress, opensdg_progress, unsd_progress  # noqa: E402

PROVINCES = 34
WARDS = 3321
SERIES = 10_000
PROGRESS_BUDGET_SECONDS = 1.0
# Multiplicative hashing spreads consecutive row numbers over the wards; both sides use it.
WARD_STEP = 2654435761


def ward_code(index: int) -> str:
    return f"w{index:04d}"


def province_of(index: int) -> int:
    # Wards are handed to provinces in contiguous blocks (about 98 each), as codes are.
    return index * PROVINCES // WARDS


def hierarchy() -> Hierarchy:
    parents: dict[str, str | None] = {"VN": None}
    parents.update({f"p{p:02d}": "VN" for p in range(PROVINCES)})
    parents.update({ward_code(w): f"p{province_of(w):02d}" for w in range(WARDS)})
    return Hierarchy(parents)


def python_rows(n: int) -> tuple[list[str], list[int], list[int]]:
    codes = [ward_code(w) for w in range(WARDS)]
    wards = [codes[(i * WARD_STEP) % WARDS] for i in range(n)]
    numerators = [i % 101 for i in range(n)]
    denominators = [100 + i % 7 for i in range(n)]
    return wards, numerators, denominators


def best_of(repeat: int, work: Callable[[], object]) -> tuple[float, object]:
    best = float("inf")
    result: object = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def bench_roll_up(n: int, repeat: int) -> None:
    import duckdb  # the bench extra

    tree = hierarchy()
    started = time.perf_counter()
    wards, numerators, denominators = python_rows(n)
    generated = time.perf_counter() - started

    def dxtrack_roll_up() -> Decimal | None:
        num = totals_by_unit(wards, numerators)
        den = totals_by_unit(wards, denominators)
        observations = {
            ward: Observation(numerator=Decimal(num[ward]), denominator=Decimal(den[ward])) for ward in num
        }
        result = roll_up_tree(tree, observations, rule="ratio_of_sums")
        return result["VN"].value

    ours, country = best_of(repeat, dxtrack_roll_up)

    con = duckdb.connect()
    con.execute(f"SET threads = {max(1, _cpu_count())}")
    con.execute(
        "CREATE TABLE units AS SELECT w AS ward, (w * ?) // ? AS province FROM range(?) t(w)",
        [PROVINCES, WARDS, WARDS],
    )
    con.execute(
        "CREATE TABLE rows AS SELECT (i * ?) % ? AS ward, i % 101 AS numerator, 100 + i % 7 AS denominator "
        "FROM range(?) t(i)",
        [WARD_STEP, WARDS, n],
    )
    query = (
        "SELECT u.province, r.ward, sum(r.numerator) AS num, sum(r.denominator) AS den, count(*) AS n "
        "FROM rows r JOIN units u USING (ward) GROUP BY ROLLUP (u.province, r.ward)"
    )

    def duckdb_roll_up() -> list[tuple[object, ...]]:
        return con.execute(query).fetchall()

    theirs, rows = best_of(repeat, duckdb_roll_up)
    assert isinstance(rows, list)
    top = next(row for row in rows if row[0] is None and row[1] is None)
    duck_country = Decimal(int(top[2])) * 100 / Decimal(int(top[3]))
    assert country == duck_country, (country, duck_country)
    groups = len(rows)
    print(
        f"roll-up {n:>12,} rows | dxtrack {ours:8.3f} s | DuckDB {theirs:8.3f} s "
        f"| ratio {ours / theirs:6.1f}× | {groups:,} groups each | country {float(duck_country):.4f}% "
        f"| (generating the Python rows took {generated:.1f} s, not counted)"
    )


def _cpu_count() -> int:
    import os

    return os.cpu_count() or 1


def bench_progress(repeat: int) -> None:
    rng = random.Random(20250701)  # a fixed seed: the same series every run
    series = []
    for _ in range(SERIES):
        base_year = rng.randint(2015, 2022)
        base = rng.uniform(1, 90)
        series.append(
            dict(
                base_year=base_year,
                base_value=base,
                current_year=base_year + rng.randint(1, 3),
                current_value=base * rng.uniform(0.8, 1.5),
                target_year=2030,
                target_value=base * rng.uniform(1.1, 2.0),
                higher_is_better=True,
            )
        )

    def run_linear() -> int:
        return sum(1 for s in series if linear_progress(**s).status)  # type: ignore[arg-type]

    def run_unsd() -> int:
        return sum(1 for s in series if unsd_progress(**s).status)  # type: ignore[arg-type]

    def run_opensdg() -> int:
        return sum(
            1
            for s in series
            if opensdg_progress(
                base_year=s["base_year"], base_value=s["base_value"], current_year=s["current_year"],
                current_value=s["current_value"], target=s["target_value"], target_year=2030,
                higher_is_better=True,
            ).status
        )  # fmt: skip

    total = 0.0
    for name, work in (("linear", run_linear), ("opensdg", run_opensdg), ("unsd", run_unsd)):
        seconds, _ = best_of(repeat, work)
        total += seconds
        verdict = "within" if seconds < PROGRESS_BUDGET_SECONDS else "OVER"
        print(f"progress {SERIES:,} series | {name:8} {seconds:6.3f} s ({verdict} the 1 s budget)")
    print(f"progress {SERIES:,} series | all three {total:6.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, action="append", help="rows to roll up (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is shown")
    args = parser.parse_args()
    import duckdb

    print(
        f"Python {platform.python_version()} | DuckDB {duckdb.__version__} | {_cpu_count()} CPU(s) "
        f"| tree: 1 country, {PROVINCES} provinces, {WARDS:,} wards"
    )
    for n in args.rows or [1_000_000, 10_000_000]:
        bench_roll_up(n, args.repeat)
    bench_progress(args.repeat)


if __name__ == "__main__":
    main()
