"""The registry and assessments feed the programme's indicators through reporting's write path:
values equal a hand count, small cells (< 5) are not published (and withdrawn when a cell
shrinks), a re-run changes nothing, and the CLI reports it in the reader's language."""

from datetime import UTC, date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dxtrack.enterprises.assessments import FRAMEWORKS_DIR, assessment_submit, framework_load
from dxtrack.enterprises.indicator_feed import indicators_feed
from dxtrack.enterprises.models import Assessment, Enterprise
from dxtrack.enterprises.tests.factories import _enterprise, todays_wards
from dxtrack.programmes.models import Indicator, Pillar, Programme
from dxtrack.reporting.models import DataValue, DataValueVersion


@pytest.fixture
def programme(units) -> Programme:
    programme = Programme.objects.create(code="05-NQ/TU", title_vi="Nghị quyết 05", horizon_start=2022, horizon_end=2030,
                                         area=units["province"])
    pillar = Pillar.objects.create(programme=programme, code="KTS", name_vi="Kinh tế số")
    for code, value_type, aggregation in (("KTS-04", "percentage_with_parts", "ratio_of_sums"),
                                          ("KTS-05", "percentage_with_parts", "ratio_of_sums"), ("KTS-07", "count", "sum"),
                                          ("KTS-08", "count", "sum")):
        Indicator.objects.create(programme=programme, pillar=pillar, code=code, name_vi=code, value_type=value_type,
                                 unit_aggregation=aggregation, period_aggregation="last", period_type="year",
                                 natural_limit=Decimal(100) if value_type != "count" else None)
    return programme


def make(ward, n: int, *, it=False, size="micro", before=None, **more) -> Enterprise:
    return _enterprise(tax_code=f"9{n:09d}", name_vi=f"Công ty {n}", legal_form="tnhh1", vsic="6201" if it else "4711",
                       employees=3, size_class=size, ward=ward, ward_before_2025=before, ward_input=ward.code, is_it=it, **more)


def assess(enterprise, framework, level: int, day: str) -> None:
    assessment = assessment_submit(enterprise=enterprise, framework=framework,
                                   answers={f"P{n}_level": {"level": f"l{level}"} for n in range(1, 7)})
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=datetime.fromisoformat(day).replace(tzinfo=UTC))


@pytest.fixture
def registry(units, programme) -> dict:
    """Thủ Dầu Một: 7 active in 2025 (3 IT), one dissolved in 2024, one registered in 2026 (neither
    counts for 2025); Phú Lợi: 3 active (1 IT). Six of Thủ Dầu Một's are assessed in 2025 at DBI
    levels 1, 2, 3, 2, 4 and (0, then 3): 5 of 6 at level 2 or above (the later assessment counts); one large firm assessed is
    not an SME."""
    wards = todays_wards(units)
    tdm, pl = wards["thu_dau_mot"], wards["phu_loi"]
    tdm_firms = [make(tdm, n, it=n < 3, before=units["ward_a"] if n < 5 else None) for n in range(7)]
    make(tdm, 7, status="dissolved", status_since=date(2024, 5, 1))
    make(tdm, 8, registered_on=date(2026, 1, 10))
    for n in range(10, 13):
        make(pl, n, it=n == 10)
    large = make(tdm, 20, size="large", status="suspended", status_since=date(2026, 2, 1))
    dbi = framework_load(path=FRAMEWORKS_DIR / "dbi-2021-1.yaml")
    for firm, level in zip(tdm_firms, (1, 2, 3, 2, 4), strict=False):
        assess(firm, dbi, level, "2025-06-01")
    assess(tdm_firms[5], dbi, 0, "2025-03-01")
    assess(tdm_firms[5], dbi, 3, "2025-09-01")
    assess(large, dbi, 5, "2025-06-01")
    assess(tdm_firms[6], dbi, 5, "2026-02-01")  # after the period: not counted
    return {"tdm": tdm, "pl": pl, "firms": tdm_firms, "units": units}


def value(code: str, unit, period="2025") -> DataValue | None:
    return DataValue.objects.filter(indicator__code=code, org_unit=unit, period=period).first()


def test_the_fed_values_equal_a_hand_count_and_small_cells_are_not_published(registry):
    run = indicators_feed(period="2025")
    tdm, pl = registry["tdm"], registry["pl"]
    # 7 active + the large firm, suspended only in 2026: 8 at the end of 2025.
    assert value("KTS-07", tdm).value == 8 and value("KTS-07", tdm).source == "registry"
    assert value("KTS-07", pl) is None  # 3 < 5
    assert value("KTS-08", tdm) is None and value("KTS-08", pl) is None  # 3 and 1 IT firms
    share = value("KTS-05", tdm)
    assert (share.numerator, share.denominator, share.value) == (5, 6, Decimal("83.333333"))
    assert share.source == "assessments" and share.method == "feed v1"
    # Coverage: 7 SMEs registered (not the large firm); in the site language, like every stored note.
    assert share.note == "Đã tự đánh giá 6 trên 7 doanh nghiệp trong danh bạ; đạt mức 2 trở lên theo dbi-2021."
    reports = {report.indicator: report for report in run.reports}
    assert (reports["KTS-07"].written, reports["KTS-07"].suppressed) == (1, 1)
    assert (reports["KTS-08"].written, reports["KTS-08"].suppressed) == (0, 2)


def test_a_rerun_changes_nothing_and_a_shrunk_cell_is_withdrawn(registry):
    indicators_feed(period="2025")
    versions = DataValueVersion.objects.count()
    again = indicators_feed(period="2025")
    assert DataValueVersion.objects.count() == versions
    assert {r.indicator: r.unchanged for r in again.reports} == {"KTS-07": 1, "KTS-08": 0, "KTS-04": 0, "KTS-05": 1}
    firms = registry["firms"]
    Enterprise.objects.filter(pk=firms[0].pk).update(status="dissolved", status_since=date(2025, 3, 1))
    indicators_feed(period="2025")
    assert (value("KTS-07", registry["tdm"]).value, value("KTS-07", registry["tdm"]).version) == (7, 2)
    Enterprise.objects.filter(pk__in=[firm.pk for firm in firms[1:4]]).update(status="dissolved", status_since=date(2025, 3, 1))
    run = indicators_feed(period="2025")
    assert value("KTS-07", registry["tdm"]) is None  # 4 left: withdrawn, its history kept
    assert {r.indicator: r.withdrawn for r in run.reports}["KTS-07"] == 1
    assert DataValueVersion.objects.filter(indicator__code="KTS-07", org_unit=registry["tdm"]).count() == 3


def test_kts_04_is_the_share_using_e_contracts_of_those_known_with_small_cells_withheld(registry):
    """Thủ Dầu Một, active at the end of 2025: firms 0–3 and the large firm say yes, 4 and 5 no,
    6 is not known: 5 of 7 known (8 registered). The dissolved and the 2026 firm say yes and no
    but are not active. Phú Lợi: one yes, one no, one not known: 2 known < 5, not published."""
    firms, tdm = registry["firms"], registry["tdm"]
    in_tdm = Enterprise.objects.filter(ward=tdm)
    in_tdm.filter(pk__in=[firm.pk for firm in firms[:4]]).update(uses_e_contracts=True)
    in_tdm.filter(pk__in=[firms[4].pk, firms[5].pk]).update(uses_e_contracts=False)
    in_tdm.filter(size_class="large").update(uses_e_contracts=True)
    in_tdm.filter(status="dissolved").update(uses_e_contracts=True)
    in_tdm.filter(registered_on__year=2026).update(uses_e_contracts=False)
    phu_loi = list(Enterprise.objects.filter(ward=registry["pl"]).order_by("tax_code"))
    Enterprise.objects.filter(pk=phu_loi[0].pk).update(uses_e_contracts=True)
    Enterprise.objects.filter(pk=phu_loi[1].pk).update(uses_e_contracts=False)
    run = indicators_feed(period="2025")
    share = value("KTS-04", tdm)
    assert (share.numerator, share.denominator, share.value) == (5, 7, Decimal("71.428571"))
    assert (share.source, share.method) == ("registry", "feed v1")
    assert share.note == "Đã biết việc dùng hợp đồng điện tử của 7 trên 8 doanh nghiệp trong danh bạ đang hoạt động vào cuối kỳ 2025."
    assert value("KTS-04", registry["pl"]) is None
    report = {r.indicator: r for r in run.reports}["KTS-04"]
    assert (report.written, report.suppressed) == (1, 1)
    # Three answers withdrawn: 4 known < 5, so the published value is withdrawn, its history kept.
    Enterprise.objects.filter(pk__in=[firm.pk for firm in firms[:3]]).update(uses_e_contracts=None)
    run = indicators_feed(period="2025")
    assert value("KTS-04", tdm) is None and {r.indicator: r.withdrawn for r in run.reports}["KTS-04"] == 1


def test_an_earlier_period_uses_the_pre_2025_ward(registry):
    """2024: today's wards did not exist; five firms know their old ward (ward A), the rest do not.
    Active at the end of 2024: 7 + the large firm + Phú Lợi's 3 = 11; 5 placed, 6 not."""
    run = indicators_feed(period="2024")
    assert value("KTS-07", registry["units"]["ward_a"], "2024").value == 5
    assert {r.indicator: r.not_placed for r in run.reports}["KTS-07"] == 6


def test_the_command_reports_in_vietnamese_and_refuses_an_unknown_programme(registry):
    out = StringIO()
    call_command("enterprises", "feed-indicators", "--period", "2025", "--language", "vi", stdout=out)
    assert "KTS-07 2025: 1 phường, xã đã ghi" in out.getvalue()
    with pytest.raises(CommandError, match="NO-SUCH"):
        call_command("enterprises", "feed-indicators", "--programme", "NO-SUCH", "--period", "2025")
