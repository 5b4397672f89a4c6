"""The national DTI (provincial Digital Transformation Index) 2022–2024, as published.

`data/dti/` holds the published score (0–1) and rank of the 63 pre-2025 provinces for each
year, and the 2025 province each became part of (source: data/dti/SOURCE.txt). The ranks shown
are the published ones; `dti_ranking` also ranks the scores itself (1, 2, 2, 4), which the
tests check against the published ranks. The 2024 scores of the 34 merged provinces are the
plain mean of their parts, as the ministry published them (`analytics.composite.merged_mean`).

Method (2022–2023 editions, Decision 922/QĐ-BTTTT): nine main indices valued 0–1 with points
(awareness 100, institutions 100, infrastructure 100, human resources 100, cyber-security 100,
smart city 0, digital government 200, digital economy 150, digital society 150);
DTI = Σ(value × points) / 1000, ranked highest first.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dxtrack.analytics.composite import competition_rank, merged_mean

DATA = Path(__file__).resolve().parent / "data" / "dti"
YEARS = (2022, 2023, 2024)
MERGED_YEAR = 2024
# Scores are published with four decimals: ties are judged at that precision.
PLACES = 4


@dataclass(frozen=True)
class Province:
    name: str
    scores: dict[int, float]
    ranks: dict[int, int]
    merged_into: str


@dataclass(frozen=True)
class RankedRow:
    name: str
    score: float | None
    rank: int | None  # published (63 provinces) or computed (34 merged provinces)
    computed_rank: int | None
    previous_rank: int | None
    parts: tuple[str, ...] = ()

    @property
    def change(self) -> int | None:
        """Places gained since the year before (negative: lost)."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def places_lost(self) -> int | None:
        return None if self.change is None else -self.change


@cache
def dti_provinces() -> tuple[Province, ...]:
    with (DATA / "dti-provinces-2022-2024.csv").open(encoding="utf-8") as handle:
        return tuple(
            Province(
                name=row["province_pre2025"],
                scores={year: float(row[f"dti_{year}"]) for year in YEARS if row[f"dti_{year}"]},
                ranks={year: int(row[f"rank_{year}"]) for year in YEARS if row[f"rank_{year}"]},
                merged_into=row["merged_into_2025"],
            )
            for row in csv.DictReader(handle)
        )


def dti_ranking(year: int) -> list[RankedRow]:
    """The 63 provinces for `year`, by published rank."""
    provinces = dti_provinces()
    computed = competition_rank({p.name: p.scores.get(year) for p in provinces}, places=PLACES)
    rows = [
        RankedRow(p.name, p.scores.get(year), p.ranks.get(year), computed.get(p.name), p.ranks.get(year - 1))
        for p in provinces
    ]
    return sorted(rows, key=lambda row: (row.rank is None, row.rank or 0, row.name))


def dti_merged_ranking() -> list[RankedRow]:
    """The 34 provinces of 1 July 2025 with the 2024 score as the plain mean of their parts."""
    provinces = dti_provinces()
    merged = merged_mean({p.name: p.scores.get(MERGED_YEAR) for p in provinces}, {p.name: p.merged_into for p in provinces})
    scores = {name: None if m.score is None else round(m.score, PLACES) for name, m in merged.items()}
    ranks = competition_rank(scores, places=PLACES)
    rows = [RankedRow(name, scores[name], ranks.get(name), ranks.get(name), None, merged[name].parts) for name in merged]
    return sorted(rows, key=lambda row: (row.rank is None, row.rank or 0, row.name))


def dti_province(name: str) -> Province | None:
    return next((p for p in dti_provinces() if p.name == name), None)
