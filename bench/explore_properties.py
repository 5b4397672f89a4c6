"""Keep looking: run the property tests with fresh random examples (nightly style, not in CI).

    .venv/bin/python bench/explore_properties.py              # every property test, 5 rounds
    .venv/bin/python bench/explore_properties.py --rounds 20
    .venv/bin/python bench/explore_properties.py dxtrack/api/tests/test_schemathesis.py

The suite runs hypothesis (and schemathesis, which draws through it) derandomised, so CI is
repeatable (conftest.py, profile "repeatable"). This script selects the "explore" profile: each
round draws new examples, and a failure prints the `@reproduce_failure` blob and the seed to
turn into a fixed test case. Exit status 1 when any round failed.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROPERTY_TESTS = [
    "dxtrack/analytics/tests/test_properties.py",
    "dxtrack/analytics/tests/test_outliers.py",
    "dxtrack/programmes/tests/test_programme_fuzz.py",
    "dxtrack/api/tests/test_schemathesis.py",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=PROPERTY_TESTS)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "DXTRACK_HYPOTHESIS_PROFILE": "explore"}
    env.setdefault("DXTRACK_DATA_DIR", str(ROOT / "var" / "explore"))
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics"]
    failed = 0
    for round_number in range(1, args.rounds + 1):
        print(f"== round {round_number}/{args.rounds}", flush=True)
        result = subprocess.run([*command, *args.paths], cwd=ROOT, env=env, check=False)  # noqa: S603
        failed += result.returncode != 0
    print(f"{failed} of {args.rounds} rounds failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
