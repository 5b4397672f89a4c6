"""form_create, form_update and submission_ensure: what they write, and what they refuse."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from dxtrack.reporting.forms_services import form_create, form_update, submission_ensure
from dxtrack.reporting.models import ReportingForm, Submission, SubmissionStatus
from dxtrack.reporting.tests.forms_factories import (
    programme_with_indicators,
    submission_at,
    ward_form,
)


@pytest.fixture
def programme(units):
    return programme_with_indicators(area=units["province"], count=3)


@pytest.fixture
def form(programme) -> ReportingForm:
    return ward_form(programme, deadline_working_days=10)


def _indicators(programme, *codes):
    return [programme.indicators.get(code=code) for code in codes]


def test_form_create_keeps_the_indicators_in_the_given_order(programme):
    form = form_create(
        programme=programme, code="BM-1", name_vi="Biểu 1", indicators=_indicators(programme, "I-3", "I-1"),
        unit_level="commune",
    )
    assert form.revision == 1
    assert [link.indicator.code for link in form.form_indicators.order_by("order")] == ["I-3", "I-1"]
    assert form.reminder_days == [-3, -1, 1]


def test_form_create_refuses_an_indicator_of_another_period_type(programme):
    monthly = programme.indicators.get(code="I-1")
    monthly.period_type = "month"
    monthly.save()
    with pytest.raises(ValidationError) as error:
        form_create(programme=programme, code="BM-1", name_vi="Biểu 1", indicators=list(programme.indicators.all()), unit_level="commune")
    assert "I-1" in str(error.value)
    assert not ReportingForm.objects.exists()


def test_form_create_refuses_an_indicator_of_another_programme(programme, units):
    other = programme_with_indicators(area=units["province"], code="KH-KHAC", count=1)
    with translation.override("en"), pytest.raises(ValidationError, match="another programme"):
        form_create(programme=programme, code="BM-1", name_vi="Biểu 1", indicators=list(other.indicators.all()), unit_level="commune")


def test_form_create_asks_who_reports(programme):
    with pytest.raises(ValidationError) as error:
        form_create(programme=programme, code="BM-1", name_vi="Biểu 1", indicators=_indicators(programme, "I-1"))
    assert "unit_level" in error.value.message_dict


@pytest.mark.parametrize("days", [[-3, "1"], [1.5], [100], [True]])
def test_form_create_refuses_reminder_days_that_are_not_whole_working_days(programme, days):
    with pytest.raises(ValidationError) as error:
        form_create(programme=programme, code="BM-1", name_vi="Biểu 1", indicators=_indicators(programme, "I-1"),
                    unit_level="commune", reminder_days=days)
    assert "reminder_days" in error.value.message_dict


def test_form_create_refuses_a_code_already_taken(form, programme):
    with pytest.raises(ValidationError) as error:
        form_create(programme=programme, code=form.code, name_vi="Biểu 2", indicators=_indicators(programme, "I-1"), unit_level="commune")
    assert "code" in error.value.message_dict


def test_a_new_indicator_list_raises_the_revision(form, programme):
    form_update(form=form, indicators=_indicators(programme, "I-1", "I-2"))
    form.refresh_from_db()
    assert form.revision == 2
    assert form.form_indicators.count() == 2


def test_reordering_the_indicators_raises_the_revision_too(form, programme):
    form_update(form=form, indicators=_indicators(programme, "I-2", "I-1", "I-3"))
    form.refresh_from_db()
    assert form.revision == 2


def test_the_same_indicator_list_or_another_field_keeps_the_revision(form, programme):
    form_update(form=form, indicators=_indicators(programme, "I-1", "I-2", "I-3"), name_en="Ward form, new name")
    form.refresh_from_db()
    assert form.revision == 1
    assert form.name_en == "Ward form, new name"


def test_a_new_deadline_moves_open_submissions_but_not_submitted_ones(form, units):
    draft = submission_ensure(form=form, org_unit=units["ward_a"], period="2024")
    submitted = submission_at(form, units["ward_b"], "2024", SubmissionStatus.SUBMITTED)
    assert draft.deadline == date(2025, 1, 15)  # 10 working days after 31 Dec 2024, New Year off
    form_update(form=form, deadline_working_days=15)
    draft.refresh_from_db()
    submitted.refresh_from_db()
    assert draft.deadline == date(2025, 1, 22)
    assert submitted.deadline == date(2025, 1, 15)


def test_the_calendar_cannot_change_once_units_have_reported(form, units):
    submission_ensure(form=form, org_unit=units["ward_a"], period="2024")
    with pytest.raises(ValidationError) as error:
        form_update(form=form, calendar="statutory")
    assert "calendar" in error.value.message_dict
    form.refresh_from_db()
    assert form.calendar == "calendar"


def test_submission_ensure_creates_a_draft_with_its_dates_once(form, units):
    first = submission_ensure(form=form, org_unit=units["ward_a"], period="2024")
    again = submission_ensure(form=form, org_unit=units["ward_a"], period="2024")
    assert first.pk == again.pk
    assert Submission.objects.count() == 1
    assert (first.status, first.period_start, first.period_end, first.deadline) == (
        SubmissionStatus.DRAFT, date(2024, 1, 1), date(2024, 12, 31), date(2025, 1, 15)
    )


def test_submission_ensure_uses_the_statutory_period_of_a_statutory_form(programme, units):
    form = ward_form(programme, code="BM-LUAT", calendar="statutory")
    submission = submission_ensure(form=form, org_unit=units["ward_a"], period="2024")
    assert (submission.period_start, submission.period_end) == (date(2023, 12, 15), date(2024, 12, 14))
    assert submission.deadline == date(2024, 12, 20)  # 5 working days after Saturday 14 December


def test_submission_ensure_refuses_a_unit_that_does_not_report_the_form(form, units):
    with pytest.raises(ValidationError) as error:
        submission_ensure(form=form, org_unit=units["agency"], period="2024")
    assert "org_unit" in error.value.message_dict
    assert not Submission.objects.exists()


def test_submission_ensure_refuses_a_ward_for_a_year_it_no_longer_existed(form, units):
    with translation.override("en"), pytest.raises(ValidationError, match="not expected"):
        submission_ensure(form=form, org_unit=units["ward_a"], period="2025")  # merged on 1 July 2025


@pytest.mark.parametrize("period", ["2024Q1", "2024-05", "24", "nonsense"])
def test_submission_ensure_refuses_a_period_not_of_the_forms_type(form, units, period):
    with pytest.raises(ValidationError) as error:
        submission_ensure(form=form, org_unit=units["ward_a"], period=period)
    assert "period" in error.value.message_dict

