"""The demo's reporting forms and sample submission states (loaded once for this module)."""

from datetime import date

import pytest
from django.core.management import call_command

from dxtrack.demo.forms import AGENCY_FORM, WARD_FORM, demo_forms_load
from dxtrack.demo.services import demo_load
from dxtrack.programmes.models import Programme
from dxtrack.reporting.completeness import form_completeness
from dxtrack.reporting.models import ReportingForm, Submission


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        demo_load(say=lambda line: None)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_the_ward_form_expects_binh_duongs_91_wards_for_2024(demo):
    report = form_completeness(form=ReportingForm.objects.get(code=WARD_FORM), period="2024", today=date(2026, 11, 26))
    assert report.totals.expected == 91
    assert report.deadline == date(2025, 1, 15)
    assert 80 <= report.totals.submitted < 91  # the sample leaves a few wards out
    assert report.totals.on_time < report.totals.submitted  # and a few late
    assert {group.unit.code for group in report.groups} >= {"74", "718"}


@pytest.mark.django_db
def test_the_ward_form_expects_the_city_wards_they_became_for_2025(demo):
    report = form_completeness(form=ReportingForm.objects.get(code=WARD_FORM), period="2025", today=date(2026, 11, 26))
    assert report.totals.expected > 0
    assert {row.unit.valid_from for row in report.rows} == {date(2025, 7, 1)}
    assert report.totals.overdue > 0


@pytest.mark.django_db
def test_the_agency_form_is_statutory_and_passes_to_the_city_department_after_the_merger(demo):
    form = ReportingForm.objects.get(code=AGENCY_FORM)
    assert form.calendar == "statutory"
    assert "KTS-01" in set(form.form_indicators.values_list("indicator__code", flat=True))
    assert {row.unit.code for row in form_completeness(form=form, period="2025").rows} == {"79-SKHCN"}
    assert len(form_completeness(form=form, period="2024").rows) == 10


@pytest.mark.django_db
def test_loading_the_demo_forms_again_changes_nothing(demo):
    before = (ReportingForm.objects.count(), Submission.objects.count(), list(ReportingForm.objects.values_list("revision", flat=True)))
    demo_forms_load(programme=Programme.objects.get())
    after = (ReportingForm.objects.count(), Submission.objects.count(), list(ReportingForm.objects.values_list("revision", flat=True)))
    assert before == after


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["2022", "2023"])
def test_every_ward_with_sample_values_has_its_approved_report(demo, period):
    """Completeness agrees with the values: it said 0 of 91 submitted while the values existed."""
    from dxtrack.reporting.models import DataValue

    form = ReportingForm.objects.get(code=WARD_FORM)
    report = form_completeness(form=form, period=period, today=date(2026, 11, 26))
    with_values = set(DataValue.objects.filter(period=period, org_unit__kind="commune").values_list("org_unit__code", flat=True))
    assert report.totals.expected == report.totals.submitted == report.totals.approved == 91
    assert with_values == {row.unit.code for row in report.rows if row.approved}


@pytest.mark.django_db
def test_no_ward_report_is_overdue_before_the_programme_began(demo):
    from dxtrack.reporting.completeness import overdue_list

    items = overdue_list(forms=ReportingForm.objects.all(), today=date(2026, 11, 26), since=date(2017, 1, 1))
    assert items and min(item.period.year for item in items) >= 2022
