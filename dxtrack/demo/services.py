"""Load the demo: Binh Duong's Resolution 05-NQ/TU, the figures the article reports, a synthetic
ward-level sample for 2022–2025 (marked "dữ liệu mẫu") and one user per persona.

Every step is idempotent, so `dxtrack demo` can run on every start.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.demo.forms import demo_forms_load
from dxtrack.demo.history import demo_history_date
from dxtrack.explore.composite_index import index_files_load
from dxtrack.figures.services import cells_deferred, cells_rebuild
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind, OrgUnitLineage
from dxtrack.orgunits.selectors import orgunit_get_by_code, orgunit_subtree
from dxtrack.orgunits.services import orgunit_upsert
from dxtrack.orgunits.vn_import import orgunits_import_vn
from dxtrack.programmes.definition import document_read
from dxtrack.programmes.models import Indicator, Programme
from dxtrack.programmes.services import programme_load
from dxtrack.reporting.services import value_record

DATA_DIR = Path(__file__).resolve().parent / "data"
PROGRAMME_FILE = DATA_DIR / "05-nq-tu.yaml"
PROGRAMME_CODE = "05-NQ/TU"
SAMPLE_SOURCE = "Dữ liệu mẫu (tổng hợp, không phải số liệu thật)"
SAMPLE_YEARS_BEFORE_REFORM = (2022, 2023, 2024)
SAMPLE_YEAR_AFTER_REFORM = 2025
ARTICLE_YEAR = 2024

# Ward-level sample: indicator → (denominator range per ward, 2022 share range in %, yearly gain range).
SAMPLE_SHARES: dict[str, tuple[tuple[int, int], tuple[float, float], tuple[float, float]]] = {
    "CQS-01": ((800, 6000), (72, 92), (2, 6)),
    "CQS-04": ((20, 120), (20, 40), (4, 9)),
    "CQS-05": ((40, 160), (60, 85), (3, 8)),
    "CQS-06": ((150, 260), (35, 55), (6, 11)),
    "KTS-04": ((150, 2500), (45, 65), (5, 9)),
    "KTS-05": ((120, 2200), (25, 40), (4, 8)),
    "XHS-01": ((8000, 60000), (75, 86), (1, 3)),
    "XHS-02": ((9000, 65000), (62, 74), (2, 5)),
    "XHS-03": ((3000, 20000), (74, 84), (1.5, 4)),
    "XHS-04": ((1, 1), (100, 100), (0, 0)),
    "XHS-05": ((6000, 45000), (40, 55), (4, 8)),
}


@dataclass(frozen=True)
class DemoPersona:
    username: str
    password: str
    # (role, GSO code of a unit before 1 July 2025); each role is also given on the unit(s)
    # that unit became, so the persona can work on 2025 forms too.
    roles: tuple[tuple[str, str], ...]
    description: str


PERSONAS = [
    DemoPersona("admin", "dxtrack-admin", (), "administrator / quản trị"),
    DemoPersona("lanhdao", "dxtrack-lanhdao", ((Role.LEADER, "74"),), "provincial leader / lãnh đạo tỉnh"),
    DemoPersona("canbo", "dxtrack-canbo", ((Role.PROGRAMME_OFFICER, "74"),), "programme officer / cán bộ chương trình"),
    DemoPersona("pheduyet", "dxtrack-pheduyet", ((Role.APPROVER, "74"),), "approver / người phê duyệt"),
    DemoPersona("phucuong", "dxtrack-phucuong", ((Role.REPORTER, "25747"),), "reporter, Phú Cường ward / báo cáo viên phường Phú Cường"),
    DemoPersona("hiepthanh", "dxtrack-hiepthanh", ((Role.REPORTER, "25741"),), "reporter, Hiệp Thành ward / báo cáo viên phường Hiệp Thành"),
    DemoPersona("doanhnghiep", "dxtrack-doanhnghiep", (), "enterprise user / người dùng doanh nghiệp"),
]


def demo_load(*, include_sample: bool = True, say: Callable[[str], None] = print) -> Programme:
    # Thousands of values: the stored figures are rebuilt once at the end, not per value.
    with cells_deferred():
        programme = _demo_load(include_sample=include_sample, say=say)
    cells_rebuild()
    return programme


def _demo_load(*, include_sample: bool, say: Callable[[str], None]) -> Programme:
    say(_("Administrative units (Binh Duong before 1 July 2025, Ho Chi Minh City after)…"))
    orgunits_import_vn(legacy=True, provinces=["74"])
    demo_agencies_load()
    say(_("Programme 05-NQ/TU…"))
    programme_load(document=document_read(path=PROGRAMME_FILE))
    programme = Programme.objects.get(code=PROGRAMME_CODE)
    index_files_load(programme)  # the composite index of the rankings page (explore/data/indices)
    say(_("Figures reported in the article (2024)…"))
    demo_article_values_load(programme=programme)
    if include_sample:
        say(_("Synthetic ward-level sample 2022–2025 (sample data)…"))
        demo_sample_load(programme=programme)
    demo_personas_load()
    demo_forms_load(programme=programme, include_sample=include_sample)
    demo_history_date()
    if include_sample:
        from dxtrack.feedback.sample.demo import feedback_demo_load

        feedback_demo_load(say=say)
    return programme


@transaction.atomic
def demo_agencies_load() -> None:
    for row in yaml.safe_load((DATA_DIR / "agencies.yaml").read_text(encoding="utf-8")):
        province = orgunit_get_by_code(row["province"], on=None) if row["province"] == "79" else (
            OrgUnit.objects.get(code=row["province"], kind=OrgUnitKind.PROVINCE, valid_to__isnull=False)
        )
        orgunit_upsert(
            code=row["code"], kind=OrgUnitKind.AGENCY, division_type="sở, ban, ngành", name_vi=row["name_vi"],
            name_en=row["name_en"], parent=province, valid_from=province.valid_from, valid_to=province.valid_to,
        )


def _article_document() -> dict:
    return yaml.safe_load((DATA_DIR / "article-values-2024.yaml").read_text(encoding="utf-8"))


@transaction.atomic
def demo_article_values_load(*, programme: Programme) -> None:
    document = _article_document()
    unit = OrgUnit.objects.get(code=document["unit"], kind=OrgUnitKind.PROVINCE, valid_to__isnull=False)
    indicators = {indicator.code: indicator for indicator in programme.indicators.all()}
    for code, value in document["values"].items():
        value_record(
            indicator=indicators[code], org_unit=unit, period=str(document["period"]),
            value=Decimal(str(value)), source=document["source"], method="reported",
        )


def _sample_wards(programme: Programme) -> dict[int, list[OrgUnit]]:
    """Wards of the old province for 2022–2024, and the wards they became for 2025."""
    old_wards = list(orgunit_subtree(programme.area).filter(kind=OrgUnitKind.COMMUNE).order_by("code"))
    new_wards = list(
        OrgUnit.objects.filter(
            pk__in=OrgUnitLineage.objects.filter(from_unit__in=old_wards).values("to_unit"), kind=OrgUnitKind.COMMUNE
        ).order_by("code")
    )
    wards = {year: old_wards for year in SAMPLE_YEARS_BEFORE_REFORM}
    wards[SAMPLE_YEAR_AFTER_REFORM] = new_wards
    return wards


def _sample_series(rng: random.Random, spec, years: int) -> list[tuple[int, int]]:
    (low, high), (share_low, share_high), (gain_low, gain_high) = spec
    denominator = rng.randint(low, high)
    share = rng.uniform(share_low, share_high)
    series = []
    for _year in range(years):
        numerator = min(denominator, round(denominator * share / 100))
        series.append((numerator, denominator))
        share = min(100.0, share + rng.uniform(gain_low, gain_high))
        denominator = max(1, round(denominator * rng.uniform(1.0, 1.04))) if high > 1 else 1
    return series


def _article_shares() -> dict[str, Decimal]:
    """The article's 2024 figures, by indicator code."""
    return {code: Decimal(str(value)) for code, value in _article_document()["values"].items()}


def _calibrated_share(spec, article: Decimal, year: int) -> Fraction:
    """The province's share a calibrated sample year rolls up to: the article's 2024 figure, and
    from it the middle of the indicator's yearly gain for each year before or after (at most 100 %)."""
    _sizes, _start, (gain_low, gain_high) = spec
    gain = Fraction(Decimal(str(gain_low + gain_high)) / 2)
    return min(Fraction(100), max(Fraction(0), Fraction(article) + gain * (year - ARTICLE_YEAR)))


def _calibrate(parts: list[tuple[int, int]], share: Fraction) -> list[tuple[int, int]]:
    """Ward (numerator, denominator) pairs whose ratio of sums is exactly `share` %, each ward
    keeping its size and its place relative to the others.

    The largest ward's denominator grows (by less than the share's own denominator) so that the
    total numerator is a whole number; numerators are scaled to it and the rounding remainder
    goes one by one to the wards with room left.
    """
    parts = [list(pair) for pair in parts]
    ratio = share / 100
    largest = max(range(len(parts)), key=lambda i: parts[i][1])
    total = sum(d for _n, d in parts)
    parts[largest][1] += -total % ratio.denominator
    total = sum(d for _n, d in parts)
    wanted = int(ratio * total)
    drawn = sum(n for n, _d in parts) or 1
    for pair in parts:
        pair[0] = min(pair[1], int(Fraction(pair[0] * wanted, drawn)))
    short = wanted - sum(n for n, _d in parts)
    while short:
        step = 1 if short > 0 else -1
        for pair in parts:
            if short and 0 <= pair[0] + step <= pair[1]:
                pair[0] += step
                short -= step
    return [(n, d) for n, d in parts]


def _sample_parts(code: str, spec, year: int, wards: list[OrgUnit]) -> list[tuple[int, int]]:
    offset = year - SAMPLE_YEARS_BEFORE_REFORM[0] if year in SAMPLE_YEARS_BEFORE_REFORM else 3
    # Seeded by ward and indicator: the same sample on every machine and every run.
    return [
        _sample_series(random.Random(f"{ward.code}:{code}"), spec, offset + 1)[offset]  # noqa: S311  (not for security)
        for ward in wards
    ]


@transaction.atomic
def demo_sample_load(*, programme: Programme) -> None:
    """Ward values for 2022–2025. Where the article gives a 2024 figure, the wards' 2024 values
    roll up (ratio of sums) to exactly it, and the other years continue from it, so the sample
    never contradicts the article."""
    indicators = {i.code: i for i in Indicator.objects.filter(programme=programme, code__in=SAMPLE_SHARES)}
    articles = _article_shares()
    wards_by_year = _sample_wards(programme)
    for code, spec in SAMPLE_SHARES.items():
        indicator = indicators[code]
        for year, wards in wards_by_year.items():
            parts = _sample_parts(code, spec, year, wards)
            if code in articles:
                parts = _calibrate(parts, _calibrated_share(spec, articles[code], year))
            for ward, (numerator, denominator) in zip(wards, parts, strict=True):
                value_record(
                    indicator=indicator, org_unit=ward, period=str(year), numerator=Decimal(numerator),
                    denominator=Decimal(denominator), source=SAMPLE_SOURCE, method="synthetic", is_synthetic=True,
                )


@transaction.atomic
def demo_personas_load() -> None:
    for persona in PERSONAS:
        user = User.objects.filter(username=persona.username).first()
        if user is None:
            user = User.objects.create_user(username=persona.username, password=persona.password)
        if persona.username == "admin" and not user.is_superuser:
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        for role, code in persona.roles:
            old = OrgUnit.objects.get(code=code, valid_to__isnull=False)
            successors = OrgUnit.objects.filter(predecessor_links__from_unit=old).distinct()
            for unit in (old, *successors):
                RoleAssignment.objects.get_or_create(user=user, role=role, org_unit=unit)
