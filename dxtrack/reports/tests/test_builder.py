"""The report model: every number is the figures layer's, hand-checked on the small programme."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from dxtrack.figures.selectors import FigureOptions, programme_status
from dxtrack.programmes.models import Indicator, Programme
from dxtrack.reporting.services import value_record
from dxtrack.reports.builder import default_as_of, report_build
from dxtrack.reports.errors import ReportError
from dxtrack.reports.tests.conftest import AS_OF, ISSUED

D = Decimal


def _build(programme, language="vi", as_of=AS_OF):
    return report_build(programme=programme, as_of=as_of, language=language, issued_on=ISSUED)


def test_the_report_shows_the_hand_computed_figures_and_statuses(programme):
    report = _build(programme)
    share, count = report.lines
    assert (share.indicator_code, share.value, share.period, share.status) == ("S", D(45), "2024", "off_track")
    assert (share.coverage_reported, share.coverage_expected) == (2, 2)
    assert share.value_text == "45%" and share.target_text == "≥ 95%"
    assert share.required_next == D(95) and share.gap_per_year == D(50)
    assert share.gap_text == "50% mỗi năm"
    assert share.responsible_agency == "Sở Thông tin và Truyền thông"
    assert (count.indicator_code, count.value, count.status) == ("N", D(100), "achieved")
    assert [pillar.code for pillar in report.pillars] == ["CQS", "KTS"]
    assert report.pillars[0].counts["off_track"] == 1 and report.pillars[1].counts["achieved"] == 1
    assert report.headline == (
        "Tính đến ngày 31/12/2024, trong 2 chỉ tiêu có 1 chỉ tiêu đã đạt, 0 đúng tiến độ, 0 có nguy cơ, "
        "1 chậm tiến độ và 0 chưa có số liệu."
    )
    assert [line.indicator_code for line in report.attention] == ["S"]
    assert report.sample_notice == ""


def test_the_off_track_list_and_counts_are_the_figures_layers(programme):
    report = _build(programme)
    status = programme_status(programme=programme, options=FigureOptions(as_of=AS_OF))
    assert [line.indicator_code for line in report.attention] == [
        row.indicator_code for row in status.rows if row.status in ("off_track", "at_risk")
    ]
    assert report.counts == dict(status.counts[""])
    assert [line.value for line in report.lines] == [row.judged.value for row in status.rows]


def test_the_completeness_annex_counts_each_wards_indicators_per_form(programme):
    rows = _build(programme).completeness
    assert [(row.form_code, row.unit_name, row.period, row.reported, row.expected) for row in rows] == [
        ("KH09-NAM", "Phường Hiệp Thành", "2024", 2, 2), ("KH09-NAM", "Phường Phú Cường", "2024", 2, 2),
    ]


def test_the_english_version_says_the_same_in_english(programme):
    report = _build(programme, "en")
    assert report.headline.startswith("As of 31/12/2024, of 2 targets 1 are achieved")
    assert report.lines[0].indicator_name == "Share of records processed online"
    assert report.lines[0].status_label == "off track"
    assert report.agency == "DIGITAL TRANSFORMATION STEERING COMMITTEE"
    assert report.pillars[0].name == "Digital government"


def test_the_same_inputs_twice_give_the_same_report(programme):
    assert _build(programme) == _build(programme)


def test_a_correction_of_a_later_period_leaves_an_earlier_report_unchanged(programme, units):
    before = _build(programme)
    share = Indicator.objects.get(code="S")
    value_record(indicator=share, org_unit=units["ward_a"], period="2025", numerator=D(99), denominator=D(100))
    assert _build(programme) == before
    assert _build(programme, as_of=date(2025, 12, 31)) != before


def test_a_later_correction_of_the_same_period_leaves_an_earlier_report_unchanged(programme, units):
    before = _build(programme)
    share = Indicator.objects.get(code="S")
    with time_machine.travel(date(2025, 3, 1), tick=False):
        value_record(indicator=share, org_unit=units["ward_a"], period="2024", numerator=D(90), denominator=D(100))
    assert _build(programme) == before


def test_dates_before_the_programme_or_in_the_future_are_refused_in_the_report_language(programme):
    with pytest.raises(ReportError, match="trước ngày chương trình KH-09 bắt đầu"):
        _build(programme, as_of=date(2021, 12, 31))
    with time_machine.travel(date(2026, 2, 5), tick=False), pytest.raises(ReportError, match="is in the future"):
        _build(programme, "en", as_of=date(2026, 3, 31))


def test_a_programme_without_figures_is_refused(units):
    empty = Programme.objects.create(code="KH-00", title_vi="Trống", horizon_start=2022, horizon_end=2030, area=units["province"])
    with pytest.raises(ReportError, match="chưa có số liệu nào"):
        report_build(programme=empty, as_of=AS_OF)


def test_the_default_as_of_date_is_the_end_of_the_last_quarter():
    assert default_as_of(date(2026, 2, 5)) == date(2025, 12, 31)
    assert default_as_of(date(2026, 7, 1)) == date(2026, 6, 30)
