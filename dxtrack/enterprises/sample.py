"""The demo's synthetic registry: 68,000 Binh Duong enterprises, 7,000 of them in IT (the
article's figures), with valid tax codes, a sector, size and legal-form mix like the
province's, today's wards, and a few hundred self-assessments — all marked as sample data.

Tax codes are 37 (Binh Duong's MST prefix) + a sequence from 9000001, with python-stdnum's
check digit; prefixes that have no valid check digit are skipped. Real Binh Duong codes are far
below 379…, so a sample code does not name a real firm. Generated with a fixed seed: the same
registry on every machine.

| function | use |
| --- | --- |
| ``sample_rows(count=, it_count=, ward_codes=)`` | the rows in the import file layout (the bench writes them to CSV) |
| ``demo_enterprises_load(say=)`` | the demo: rows checked like an import, then ``bulk_create``; once; then the 2024 support programme |
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.vn import mst

from dxtrack.accounts.models import User
from dxtrack.enterprises.assessments import assessment_submit, frameworks_load_all
from dxtrack.enterprises.imports import RegistryReport, RowChecker
from dxtrack.enterprises.models import Enterprise, EnterpriseMembership
from dxtrack.enterprises.sizes import DECREE_80_LIMITS
from dxtrack.enterprises.vsic import vsic_division, vsic_sector_group
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind, OrgUnitLineage

ENTERPRISES = 68_000
IT_ENTERPRISES = 7_000
SAMPLE_ASSESSMENTS = 300
SEED = "dxtrack-binh-duong-registry"
OLD_PROVINCE = "74"
BATCH = 5_000
# (VSIC code, weight): manufacturing, trade, construction, logistics, services, agriculture.
SECTORS = [
    ("1410", 7), ("1520", 4), ("3100", 5), ("1629", 2), ("2220", 3), ("2511", 3), ("1079", 2), ("1701", 1),
    ("2599", 2), ("2740", 1), ("4610", 5), ("4632", 4), ("4659", 6), ("4663", 5), ("4711", 6), ("4719", 3),
    ("4773", 2), ("4530", 2), ("4100", 4), ("4290", 3), ("4330", 2), ("4933", 3), ("5210", 2), ("5229", 2),
    ("5510", 1), ("5610", 3), ("6810", 3), ("7020", 1), ("7110", 1), ("7310", 1), ("8299", 1), ("7830", 1),
    ("0125", 1), ("0146", 0.5),
]
IT_SECTORS = [("6201", 35), ("6202", 15), ("6209", 15), ("6311", 8), ("6312", 5), ("6190", 8), ("2610", 5), ("2620", 4), ("9511", 5)]
SIZES = [("micro", 62), ("small", 30), ("medium", 4), ("large", 4)]
LEGAL_FORMS = [("tnhh1", 45), ("tnhh2", 25), ("co_phan", 18), ("dntn", 7), ("htx", 1), ("hkd", 4)]
PREFIX = {"tnhh1": "Công ty TNHH MTV", "tnhh2": "Công ty TNHH", "co_phan": "Công ty Cổ phần", "dntn": "Doanh nghiệp tư nhân",
          "htx": "Hợp tác xã", "hkd": "Hộ kinh doanh"}
WORDS = ["Bình An", "Phú Thịnh", "Hưng Phát", "Tân Tiến", "Đông Á", "Minh Long", "Sao Việt", "Hòa Bình", "Thành Công",
         "Việt Tiến", "Phước Lộc", "Thuận An", "Dĩ An", "Tân Uyên", "Bến Cát", "Lái Thiêu", "Nam Phương", "Đại Phát",
         "Kim Ngân", "Hoàng Gia", "Trường Sơn", "An Khang", "Phúc Hưng", "Tín Nghĩa", "Sông Bé", "Mỹ Phước"]
TRADES = {"C": "Sản xuất", "G": "Thương mại", "F": "Xây dựng", "H": "Vận tải", "J": "Công nghệ", "I": "Dịch vụ",
          "L": "Địa ốc", "M": "Tư vấn", "N": "Dịch vụ", "A": "Nông sản", "S": "Dịch vụ"}


def sample_message() -> str:
    return _("Sample enterprise registry: 68,000 enterprises, 7,000 in IT (sample data)…")


def tax_codes(start: int = 9_000_001) -> Iterator[str]:
    sequence = start
    while True:
        prefix = f"37{sequence:07d}"
        sequence += 1
        digit = mst.calc_check_digit(prefix)
        if len(digit) == 1:  # remainder 0: this prefix has no valid check digit
            yield prefix + digit


def _figures(rng: random.Random, group: str, size: str) -> tuple[int, int, int]:
    limits = {limit.size: limit for limit in DECREE_80_LIMITS[group]}
    if size == "large":
        medium = limits["medium"]
        return rng.randint(medium.employees + 1, 3 * medium.employees), rng.randint(medium.revenue_vnd + 1, 4 * medium.revenue_vnd), rng.randint(medium.capital_vnd + 1, 3 * medium.capital_vnd)
    order = ["micro", "small", "medium"]
    limit = limits[size]
    below = limits[order[order.index(size) - 1]] if size != "micro" else None
    low = below.employees + 1 if below else 1
    employees = rng.randint(low, limit.employees)
    revenue = rng.randint(max(1, limit.revenue_vnd // 5), limit.revenue_vnd)
    capital = rng.randint(max(1, limit.capital_vnd // 5), limit.capital_vnd)
    return employees, revenue, capital


def sample_rows(*, count: int = ENTERPRISES, it_count: int = IT_ENTERPRISES, ward_codes: list[str]) -> Iterator[dict[str, Any]]:
    rng = random.Random(SEED)  # noqa: S311  (not for security)
    codes = tax_codes()
    it_positions = set(rng.sample(range(count), it_count))
    ward_weights = [rng.uniform(0.3, 3.0) for _code in ward_codes]
    for index in range(count):
        is_it = index in it_positions
        vsic = rng.choices(*zip(*(IT_SECTORS if is_it else SECTORS), strict=True))[0]
        size = rng.choices(*zip(*SIZES, strict=True))[0]
        legal_form = "tnhh1" if is_it and size == "micro" else rng.choices(*zip(*LEGAL_FORMS, strict=True))[0]
        employees, revenue, capital = _figures(rng, vsic_sector_group(vsic), size)
        trade = TRADES.get("J" if is_it else vsic_division(vsic).section, "Dịch vụ")
        name = f"{PREFIX[legal_form]} {trade} {rng.choice(WORDS)} {index + 1}"
        status = rng.choices(["active", "suspended", "dissolved"], [93, 5, 2])[0]
        yield {
            "tax_code": next(codes), "name": name, "name_en": "", "legal_form": legal_form, "vsic": vsic,
            "ward": rng.choices(ward_codes, ward_weights)[0], "employees": employees, "revenue_vnd": revenue,
            "capital_vnd": capital, "status": status,
            "status_since": f"{rng.randint(2020, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if status != "active" else "",
            "registered_on": f"{rng.randint(2000, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "is_it": "1" if is_it else "0",
        }


def binh_duong_ward_codes() -> list[str]:
    """Today's wards that Binh Duong's wards became on 1 July 2025."""
    province = OrgUnit.objects.filter(code=OLD_PROVINCE, kind=OrgUnitKind.PROVINCE, valid_to__isnull=False).first()
    if province is None:
        return []
    old = OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNE, path__startswith=f"{province.path}{province.pk}/")
    new = OrgUnitLineage.objects.filter(from_unit__in=old, to_unit__valid_to__isnull=True).values_list("to_unit__code", flat=True)
    return sorted(set(new))


def demo_enterprises_load(*, say: Callable[[str], None] = print) -> int:
    """Load the sample registry once (a registry with sample enterprises is left as it is), then
    the sample 2024 support programme (sample_support.py), also once."""
    from dxtrack.enterprises.sample_support import demo_support_load

    if Enterprise.objects.filter(is_sample=True).exists():
        demo_support_load()
        return 0
    say(sample_message())
    codes = binh_duong_ward_codes()
    checker = RowChecker(sample=True)
    report = RegistryReport(source="sample", dry_run=False)
    batch: list[Enterprise] = []
    created = 0
    with transaction.atomic():
        for row, cells in enumerate(sample_rows(ward_codes=codes), start=2):
            fields = checker.check(row, cells, report)
            if fields is None:
                raise ValueError(f"sample row {row} does not check: {report.errors[-1]}")
            batch.append(Enterprise(**fields))
            if len(batch) == BATCH:
                created += len(Enterprise.objects.bulk_create(batch))
                batch = []
        created += len(Enterprise.objects.bulk_create(batch))
    demo_assessments_load()
    demo_support_load()
    return created


def demo_assessments_load() -> None:
    """A few hundred DBI 2021 self-assessments (sample), and the demo's enterprise persona made
    the verified member of the first sample IT enterprise, so it can assess and see results."""
    frameworks = {framework.code: framework for framework in frameworks_load_all()}
    dbi = frameworks["dbi-2021"]
    rng = random.Random(f"{SEED}:assessments")  # noqa: S311
    chosen = list(Enterprise.objects.filter(is_sample=True, vsic__startswith="62", size_class="micro").order_by("pk")[:SAMPLE_ASSESSMENTS])
    for enterprise in chosen:
        levels = {f"P{n}_level": {"level": f"l{min(5, max(0, round(rng.gauss(2, 1))))}"} for n in range(1, 7)}
        assessment_submit(enterprise=enterprise, framework=dbi, answers=levels, sample=True)
    persona = User.objects.filter(username="doanhnghiep").first()
    if persona is not None and chosen:
        EnterpriseMembership.objects.get_or_create(user=persona, enterprise=chosen[0], defaults={"status": "verified"})
