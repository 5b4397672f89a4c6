"""As of a date: values as recorded by the end of that day, approvals as they stood then."""

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from dxtrack.figures.selectors import FigureOptions, figure_get
from dxtrack.reporting.forms_services import submission_ensure
from dxtrack.reporting.models import FormIndicator, ReportingForm
from dxtrack.reporting.services import value_record
from dxtrack.reporting.workflow import Entry, submission_approve, submission_reopen, submission_save

D = Decimal


def _at(day: str):
    """Travel to noon of `day` in the site's time zone."""
    moment = timezone.make_aware(datetime.combine(date.fromisoformat(day), datetime.min.time().replace(hour=12)))
    return time_machine.travel(moment, tick=False)


def _figure(indicator, units, as_of: str | None, **options):
    return figure_get(
        indicator=indicator, unit=units["province"], period="2023",
        options=FigureOptions(as_of=date.fromisoformat(as_of) if as_of else None, **options),
    )


def test_a_corrected_value_shows_as_it_was_recorded_then(units, make_indicator):
    count = make_indicator("N")
    with _at("2024-02-10"):
        for ward in (units["ward_a"], units["ward_b"]):
            value_record(indicator=count, org_unit=ward, period="2023", value=D(40))
    with _at("2024-03-05"):
        value_record(indicator=count, org_unit=units["ward_a"], period="2023", value=D(60), reason="corrected")
    assert _figure(count, units, "2024-02-09").value is None  # nothing recorded yet
    assert _figure(count, units, "2024-02-29").value == D(80)  # 40 + 40, before the correction
    assert _figure(count, units, "2024-03-05").value == D(100)  # the correction counts from its own day
    assert _figure(count, units, None).value == D(100)


@pytest.fixture
def form_values(units, make_indicator, reporter_a, approver):
    """Ward A's form for 2023: submitted 10 January, approved 20 January, reopened 10 February 2024."""
    count = make_indicator("N")
    form = ReportingForm.objects.create(programme=count.programme, code="BM", name_vi="Biểu", unit_level="commune")
    FormIndicator.objects.create(form=form, indicator=count)
    with _at("2024-01-10"):
        submission = submission_ensure(form=form, org_unit=units["ward_a"], period="2023")
        submission_save(submission=submission, entries=[Entry(indicator=count, value=D(12))], user=reporter_a, submit=True)
    with _at("2024-01-20"):
        submission_approve(submission=submission, user=approver)
    with _at("2024-02-10"):
        submission_reopen(submission=submission, user=approver, comment="Kiểm tra lại")
    return count


def test_a_value_counts_as_approved_only_between_its_approval_and_its_reopening(units, form_values):
    assert _figure(form_values, units, "2024-01-15").value is None  # submitted, not approved yet
    officers = _figure(form_values, units, "2024-01-15", include_unapproved=True)
    assert officers.value == D(12) and officers.unapproved == 1
    approved = _figure(form_values, units, "2024-01-31")
    assert approved.value == D(12) and approved.unapproved == 0
    assert _figure(form_values, units, "2024-02-15").value is None  # reopened: no longer approved
    assert _figure(form_values, units, None).value is None
