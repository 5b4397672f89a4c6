"""Feedback statistics into an indicator through reporting's write path: hand counts, versions,
idempotence, the audit event, refusals.

Q1 2025: the department (agency A) answered two items received Mon 3 Mar (due Mon 17 Mar), one on
10 Mar (on time) and one on 19 Mar (late): 1 of 2. Agency B answered one on 5 Mar: 1 of 1. A third
item of A, answered on 2 Apr (late), is not in Q1; a withdrawn one is never counted.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from dxtrack.audit.models import AuditEvent
from dxtrack.feedback.indicators import FeedError, feed_on_time_share
from dxtrack.feedback.models import Item, State
from dxtrack.feedback.tests.factories import at, in_state, other_agency, received
from dxtrack.programmes.models import Indicator, Pillar, Programme
from dxtrack.reporting.models import DataValue, DataValueVersion


@pytest.fixture
def answered(units, enterprise, time_machine):
    time_machine.move_to(at(2025, 4, 20), tick=False)
    agency_b = other_agency(units)
    for answered_on, agency, state in ((date(2025, 3, 10), units["agency"], State.CLOSED), (date(2025, 3, 19), units["agency"], State.PUBLISHED),
                                       (date(2025, 3, 5), agency_b, State.CLOSED), (date(2025, 4, 2), units["agency"], State.CLOSED),
                                       (date(2025, 3, 6), agency_b, State.WITHDRAWN)):
        item = in_state(received(enterprise, when=at(2025, 3, 3)), state, agency=agency)
        Item.objects.filter(pk=item.pk).update(answered_on=answered_on)
    return {"a": units["agency"], "b": agency_b}


def _indicator(units, value_type="percentage_with_parts", period_type="quarter") -> Indicator:
    programme = Programme.objects.get_or_create(code="05-NQ/TU", defaults={
        "title_vi": "Chương trình", "horizon_start": 2022, "horizon_end": 2030, "area": units["province"]})[0]
    pillar = Pillar.objects.get_or_create(programme=programme, code="A", defaults={"name_vi": "Chính quyền số"})[0]
    return Indicator.objects.create(programme=programme, pillar=pillar, code=f"PAKN-{value_type[:4]}-{period_type[:2]}",
                                    name_vi="Tỷ lệ phản ánh, kiến nghị được trả lời đúng hạn", value_type=value_type,
                                    unit_aggregation="ratio_of_sums", period_aggregation="last", period_type=period_type)


def test_each_agency_gets_its_share_with_parts_once(answered, units):
    indicator = _indicator(units)
    result = feed_on_time_share(indicator=indicator, period="2025Q1")
    assert sorted(result.written) == ["74-SKHDT", "74-STTTT"] and not result.unchanged
    values = {value.org_unit.code: value for value in DataValue.objects.filter(indicator=indicator, period="2025Q1")}
    assert (values["74-STTTT"].numerator, values["74-STTTT"].denominator, values["74-STTTT"].value) == (1, 2, Decimal(50))
    assert (values["74-SKHDT"].numerator, values["74-SKHDT"].denominator, values["74-SKHDT"].value) == (1, 1, Decimal(100))
    assert (values["74-STTTT"].source, values["74-STTTT"].method) == ("dxtrack feedback", "computed")
    assert values["74-STTTT"].note.startswith("answered on or before the working-day due date")

    again = feed_on_time_share(indicator=indicator, period="2025Q1")
    assert not again.written and sorted(again.unchanged) == ["74-SKHDT", "74-STTTT"]
    assert DataValueVersion.objects.filter(data_value__indicator=indicator).count() == 2
    assert AuditEvent.objects.filter(action="feedback.indicator_fed").count() == 2


def test_a_changed_figure_is_a_new_version_with_its_reason(answered, units):
    indicator = _indicator(units)
    feed_on_time_share(indicator=indicator, period="2025Q1")
    Item.objects.filter(agency=units["agency"], answered_on=date(2025, 3, 19)).update(answered_on=date(2025, 3, 14))
    result = feed_on_time_share(indicator=indicator, period="2025Q1")
    assert result.written == ["74-STTTT"] and result.unchanged == ["74-SKHDT"]
    value = DataValue.objects.get(indicator=indicator, org_unit=units["agency"], period="2025Q1")
    assert (value.version, value.value) == (2, Decimal(100))
    assert list(value.versions.values_list("version", "reason")) == [(1, "feedback statistics recomputed"), (2, "feedback statistics recomputed")]


def test_a_plain_percentage_and_a_month(answered, units):
    indicator = _indicator(units, value_type="percentage", period_type="month")
    feed_on_time_share(indicator=indicator, period="2025-04")
    value = DataValue.objects.get(indicator=indicator, period="2025-04")
    assert (value.org_unit, value.value, value.numerator) == (units["agency"], Decimal(0), None)  # 0 of 1 on time


def test_refusals_write_nothing(answered, units):
    with pytest.raises(FeedError):
        feed_on_time_share(indicator=_indicator(units, value_type="count"), period="2025Q1")
    with pytest.raises(FeedError):
        feed_on_time_share(indicator=_indicator(units), period="2025-13")
    with pytest.raises(CommandError):
        call_command("feedback_indicators", "05-NQ/TU", "NO-SUCH", "2025Q1")
    assert not DataValue.objects.exists()


def test_the_command_says_what_it_wrote(answered, units, capsys):
    indicator = _indicator(units, period_type="year")
    call_command("feedback_indicators", "05-NQ/TU", indicator.code, "2025")
    call_command("feedback_indicators", "05-NQ/TU", indicator.code, "2025")
    out = capsys.readouterr().out.splitlines()
    assert out == ["Đã ghi 2 giá trị, 0 giữ nguyên, 0 bị từ chối.", "Đã ghi 0 giá trị, 2 giữ nguyên, 0 bị từ chối."]
    assert DataValue.objects.get(indicator=indicator, org_unit=units["agency"]).value == Decimal("33.333333")  # 1 of 3
