"""Saving, submitting, returning, approving and reopening a unit's form."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dxtrack.reporting.forms_services import submission_ensure
from dxtrack.reporting.locks import locked_value_keys
from dxtrack.reporting.models import (
    DataValue,
    DataValueVersion,
    Notification,
    Submission,
    SubmissionStatus,
)
from dxtrack.reporting.workflow import (
    Entry,
    SubmissionRejected,
    TransitionNotAllowed,
    submission_approve,
    submission_reopen,
    submission_return,
    submission_save,
    submissions_approve,
)


@pytest.fixture
def submission(ward_form, units):
    return submission_ensure(form=ward_form, org_unit=units["ward_a"], period="2024")


def _entries(form, **figures) -> list[Entry]:
    indicators = {i.code: i for i in form.programme.indicators.all()}
    return [Entry(indicator=indicators[code], **fields) for code, fields in figures.items()]


def _full(form) -> list[Entry]:
    return _entries(
        form, **{"HS-TT": {"numerator": Decimal(45), "denominator": Decimal(50)}, "CB": {"value": Decimal(40)}, "CB-DT": {"value": Decimal(30)}}
    )


def test_a_reporter_saves_a_draft_and_the_percentage_comes_from_the_parts(submission, reporter_a):
    result = submission_save(submission=submission, entries=_full(submission.form), user=reporter_a)
    assert len(result.changed) == 3
    value = DataValue.objects.get(indicator__code="HS-TT")
    assert value.value == Decimal(90) and value.submission == submission
    assert result.submission.status == SubmissionStatus.DRAFT


def test_a_reporter_cannot_edit_another_wards_values(submission, reporter_b):
    with pytest.raises(PermissionDenied):
        submission_save(submission=submission, entries=_full(submission.form), user=reporter_b)
    assert DataValue.objects.count() == 0


@pytest.mark.parametrize("persona", ["leader", "officer", "approver", "enterprise"])
def test_only_reporters_of_the_unit_enter_values(submission, persona, request):
    with pytest.raises(PermissionDenied):
        submission_save(submission=submission, entries=_full(submission.form), user=request.getfixturevalue(persona))


def test_submitting_needs_every_required_indicator(submission, reporter_a):
    with pytest.raises(SubmissionRejected) as rejected:
        submission_save(submission=submission, entries=_entries(submission.form, CB={"value": Decimal(40)}), user=reporter_a, submit=True)
    assert len(rejected.value.errors) == 2
    assert DataValue.objects.count() == 0  # all or nothing


def test_a_rule_across_indicators_blocks_the_save(submission, reporter_a):
    entries = _entries(submission.form, CB={"value": Decimal(40)}, **{"CB-DT": {"value": Decimal(41)}})
    with pytest.raises(SubmissionRejected) as rejected:
        submission_save(submission=submission, entries=entries, user=reporter_a)
    trained = submission.form.programme.indicators.get(code="CB-DT")
    assert "cannot outnumber" in " ".join(rejected.value.errors[trained.pk]) or "không thể" in " ".join(rejected.value.errors[trained.pk])
    assert DataValue.objects.count() == 0


def test_an_outlier_needs_a_note_and_is_flagged_not_blocked(submission, reporter_a, history):
    jump = _entries(submission.form, CB={"value": Decimal(400)})
    with pytest.raises(SubmissionRejected):
        submission_save(submission=submission, entries=jump, user=reporter_a)
    noted = _entries(submission.form, CB={"value": Decimal(400), "note": "Sáp nhập 3 phường"})
    result = submission_save(submission=submission, entries=noted, user=reporter_a)
    officials = DataValue.objects.get(indicator__code="CB", period="2024")
    assert officials.is_outlier and officials.note == "Sáp nhập 3 phường"
    assert result.outliers


def test_the_full_cycle_submit_return_resubmit_approve(submission, reporter_a, approver):
    submission_save(submission=submission, entries=_full(submission.form), user=reporter_a, submit=True)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert Notification.objects.filter(user=approver, kind="submission_submitted").exists()
    with pytest.raises(TransitionNotAllowed):
        submission_save(submission=submission, entries=_full(submission.form), user=reporter_a)
    with pytest.raises(ValidationError):
        submission_return(submission=submission, user=approver, comment=" ")
    submission_return(submission=submission, user=approver, comment="Kiểm tra lại số cán bộ")
    assert Notification.objects.filter(user=reporter_a, kind="submission_returned").exists()
    fixed = _entries(submission.form, CB={"value": Decimal(42)})
    submission_save(submission=submission, entries=fixed, user=reporter_a, submit=True)
    approved = submission_approve(submission=submission, user=approver)
    assert approved.status == SubmissionStatus.APPROVED and approved.approved_by == approver
    assert [e.action for e in approved.events.order_by("pk")] == ["submit", "return", "submit", "approve"]


def test_approval_locks_and_reopening_marks_later_changes(submission, reporter_a, approver):
    submission_save(submission=submission, entries=_full(submission.form), user=reporter_a, submit=True)
    submission_approve(submission=submission, user=approver)
    officials = submission.form.programme.indicators.get(code="CB")
    assert locked_value_keys([(officials.pk, submission.org_unit_id, "2024")])
    with translation.override("en"), pytest.raises(TransitionNotAllowed, match="approved"):
        submission_save(submission=submission, entries=_entries(submission.form, CB={"value": Decimal(43)}), user=reporter_a)
    submission_reopen(submission=submission, user=approver, comment="Số liệu mới từ Cục Thống kê")
    submission_save(submission=submission, entries=_entries(submission.form, CB={"value": Decimal(43)}), user=reporter_a)
    submission.refresh_from_db()
    assert submission.modified_since_approval
    # The old figure is kept: the history has both versions.
    assert list(DataValueVersion.objects.filter(indicator=officials).order_by("version").values_list("value", flat=True)) == [Decimal(40), Decimal(43)]
    submission_save(submission=submission, entries=[], user=reporter_a, submit=True)
    submission.refresh_from_db()
    submission_approve(submission=submission, user=approver)
    submission.refresh_from_db()
    assert not submission.modified_since_approval


@pytest.mark.parametrize(
    ("action", "status"),
    [("approve", "draft"), ("return", "draft"), ("reopen", "draft"), ("reopen", "submitted"), ("approve", "approved"), ("return", "approved")],
)
def test_forbidden_transitions_are_refused(submission, approver, action, status):
    submission.status = status
    submission.save()
    with pytest.raises(TransitionNotAllowed):
        if action == "approve":
            submission_approve(submission=submission, user=approver)
        elif action == "return":
            submission_return(submission=submission, user=approver, comment="x")
        else:
            submission_reopen(submission=submission, user=approver, comment="x")


def test_a_reporter_cannot_approve_their_own_form(submission, reporter_a):
    submission_save(submission=submission, entries=_full(submission.form), user=reporter_a, submit=True)
    with pytest.raises(PermissionDenied):
        submission_approve(submission=submission, user=reporter_a)


def test_a_stale_approver_is_refused(submission, reporter_a, approver):
    submission_save(submission=submission, entries=_full(submission.form), user=reporter_a, submit=True)
    submission.refresh_from_db()
    seen = submission.version
    submission_return(submission=submission, user=approver, comment="sai", expected_version=seen)
    with pytest.raises(TransitionNotAllowed):
        submission_approve(submission=submission, user=approver, expected_version=seen)


def test_two_editors_of_one_value_the_second_is_refused_and_sees_the_first(submission, reporter_a):
    submission_save(submission=submission, entries=_entries(submission.form, CB={"value": Decimal(40)}), user=reporter_a)
    seen = DataValue.objects.get(indicator__code="CB").version
    submission_save(submission=submission, entries=_entries(submission.form, CB={"value": Decimal(41), "expected_version": seen}), user=reporter_a)
    with pytest.raises(SubmissionRejected) as rejected:
        submission_save(submission=submission, entries=_entries(submission.form, CB={"value": Decimal(45), "expected_version": seen}), user=reporter_a)
    (conflict,) = rejected.value.conflicts.values()
    assert conflict.value == Decimal(41)
    assert DataValue.objects.get(indicator__code="CB").value == Decimal(41)


def test_a_whole_period_is_approved_at_once(ward_form, units, reporter_a, reporter_b, approver):
    submissions = []
    for person, ward in ((reporter_a, units["ward_a"]), (reporter_b, units["ward_b"])):
        submission = submission_ensure(form=ward_form, org_unit=ward, period="2024")
        submission_save(submission=submission, entries=_full(ward_form), user=person, submit=True)
        submissions.append(submission)
    approved = submissions_approve(submissions=submissions, user=approver)
    assert len(approved) == 2
    assert set(Submission.objects.filter(pk__in=[s.pk for s in submissions]).values_list("status", flat=True)) == {"approved"}
