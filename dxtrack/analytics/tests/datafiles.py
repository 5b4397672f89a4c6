"""Readers for the published figures in ``tests/data`` (see the README there)."""

import csv
import json
from pathlib import Path

DATA = Path(__file__).parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    # utf-8-sig drops the byte-order mark that the DESI export starts with.
    with (DATA / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def read_json(name: str) -> dict[str, list[str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        result: dict[str, list[str]] = json.load(handle)
    return result
