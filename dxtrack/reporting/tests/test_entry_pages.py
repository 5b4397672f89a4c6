"""The data-entry page: who may open it, what a POST does, what the page says back."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dxtrack.common.tests.pages import attr, every, has, one, page, text
from dxtrack.reporting.forms_services import submission_ensure
from dxtrack.reporting.models import DataValue, SubmissionStatus


@pytest.fixture
def submission(ward_form, units):
    return submission_ensure(form=ward_form, org_unit=units["ward_a"], period="2024")


def _url(submission) -> str:
    return reverse("reporting:entry", args=[submission.pk])


def _row(root, code: str):
    return one(root, tag="tr", data_indicator=code)


def _post(submission, action="save", **fields) -> dict:
    ids = {i.code: i.pk for i in submission.form.programme.indicators.all()}
    data = {"action": action, "submission_version": str(submission.version)}
    for key, value in fields.items():
        code, name = key.rsplit("__", 1)
        data[f"i{ids[code.replace('_', '-')]}-{name}"] = value
    return data


def test_the_reporter_of_the_ward_sees_the_grid_with_targets(client, reporter_a, submission):
    client.force_login(reporter_a)
    root = page(client.get(_url(submission)))
    row = _row(root, "HS-TT")
    assert text(one(row, tag="label")) == "Tỷ lệ hồ sơ trực tuyến"
    assert text(one(row, testid="targets")).startswith("≥ 100%")
    one(root, tag="button", name="action", value="submit")


@pytest.mark.parametrize("persona", ["reporter_b", "enterprise"])
def test_others_cannot_open_the_ward_form(client, request, persona, submission):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(submission)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, submission):
    response = client.get(_url(submission))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_a_leader_may_read_but_not_edit(client, leader, submission):
    client.force_login(leader)
    form = one(page(client.get(_url(submission))), tag="form", id="entry-form")
    fields = [*every(form, tag="input", inputmode="decimal"), *every(form, tag="textarea")]
    assert len(fields) == 7  # HS-TT's numerator and denominator, CB, CB-DT, and three notes
    assert all(has(field, "disabled") for field in fields)
    assert every(form, tag="button") == []  # neither "Save draft" nor "Submit"
    response = client.post(_url(submission), _post(submission, CB__value="40"))
    assert response.status_code == 403
    assert DataValue.objects.count() == 0


def test_vietnamese_numbers_are_read_as_vietnamese(client, reporter_a, submission):
    client.force_login(reporter_a)
    response = client.post(_url(submission), _post(submission, HS_TT__numerator="1.234", HS_TT__denominator="2.468", CB__value="40"))
    assert response.status_code == 302
    assert DataValue.objects.get(indicator__code="HS-TT").value == Decimal(50)


def test_text_in_a_number_field_is_refused_and_nothing_is_saved(client, reporter_a, submission):
    client.force_login(reporter_a)
    client.cookies["django_language"] = "en"
    response = client.post(_url(submission), _post(submission, CB__value="bốn mươi", CB_DT__value="3"))
    assert response.status_code == 422
    row = _row(page(response), "CB")
    field = one(row, tag="input", inputmode="decimal")
    assert attr(field, "value") == "bốn mươi"  # kept, as typed
    assert attr(field, "aria-invalid") == "true"
    cb = submission.form.programme.indicators.get(code="CB").pk
    assert attr(field, "aria-describedby") == f"i{cb}-errors"
    assert every(row, testid="error")
    assert "Nothing was saved; correct the fields marked below." in response.content.decode()  # at the top
    assert DataValue.objects.count() == 0


def test_a_percentage_over_100_keeps_what_was_typed_and_says_why(client, reporter_a, submission):
    client.force_login(reporter_a)
    response = client.post(_url(submission), _post(submission, HS_TT__numerator="120", HS_TT__denominator="100"))
    assert response.status_code == 422
    row = _row(page(response), "HS-TT")
    assert attr(one(row, data_role="numerator"), "value") == "120"
    assert attr(one(row, data_role="denominator"), "value") == "100"
    assert every(row, testid="error")
    assert DataValue.objects.count() == 0


def test_the_second_editor_gets_409_and_the_first_editors_value(client, reporter_a, submission):
    client.force_login(reporter_a)
    stale = _post(submission, CB__value="40", CB__version="0")
    client.post(_url(submission), _post(submission, CB__value="41", CB__version="0"))
    response = client.post(_url(submission), stale)
    assert response.status_code == 409
    row = _row(page(response), "CB")
    assert attr(one(row, tag="input", inputmode="decimal"), "value") == "41"
    assert "41" in text(one(row, data_conflict="1"))
    assert DataValue.objects.get(indicator__code="CB").value == Decimal(41)


def test_the_approver_approves_from_the_page(client, reporter_a, approver, submission):
    client.force_login(reporter_a)
    client.post(_url(submission), _post(submission, "submit", HS_TT__numerator="9", HS_TT__denominator="10", CB__value="40", CB_DT__value="30"))
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    client.force_login(approver)
    one(page(client.get(_url(submission))), tag="button", name="action", value="approve")
    client.post(_url(submission), {"action": "approve", "submission_version": str(submission.version)})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED


def test_history_pages_show_every_version(client, reporter_a, submission):
    client.force_login(reporter_a)
    client.post(_url(submission), _post(submission, CB__value="40"))
    submission.refresh_from_db()
    client.post(_url(submission), _post(submission, CB__value="42", CB__version="1"))
    value = DataValue.objects.get(indicator__code="CB")
    versions = page(client.get(reverse("reporting:value_history", args=[value.pk])))
    rows = every(versions, tag="tr", data_version=...)
    assert [(attr(r, "data-version"), text(one(r, testid="value"))) for r in rows] == [("2", "42"), ("1", "40")]
    history = page(client.get(reverse("reporting:submission_history", args=[submission.pk])))
    changes = every(history, testid="value-change", data_indicator="CB")
    assert sorted((attr(c, "data-version"), text(one(c, testid="value"))) for c in changes) == [("1", "40"), ("2", "42")]


def test_history_of_another_wards_value_is_not_found(client, reporter_a, reporter_b, submission):
    client.force_login(reporter_a)
    client.post(_url(submission), _post(submission, CB__value="40"))
    client.force_login(reporter_b)
    value = DataValue.objects.get()
    assert client.get(reverse("reporting:value_history", args=[value.pk])).status_code == 404
    assert client.get(reverse("reporting:submission_history", args=[submission.pk])).status_code == 404


def test_my_forms_lists_the_reporters_submission(client, reporter_a, reporter_b, submission):
    client.force_login(reporter_a)
    assert len(every(page(client.get(reverse("reporting:submission_list"))), data_submission=str(submission.pk))) == 1
    client.force_login(reporter_b)
    assert every(page(client.get(reverse("reporting:submission_list"))), data_submission=str(submission.pk)) == []


def test_ids_above_a_thousand_are_printed_without_grouping_and_post_back(client, reporter_a, submission):
    # With thousands grouping on, Django prints 123456 as "123.456" in Vietnamese, which broke
    # the field names once a database had more than 999 indicators.
    from dxtrack.programmes.models import Indicator
    from dxtrack.reporting.models import FormIndicator

    pillar = submission.form.programme.pillars.get()
    big = Indicator.objects.create(
        pk=123456, programme=submission.form.programme, pillar=pillar, code="BIG", name_vi="Chỉ số lớn",
        value_type="count", unit_aggregation="sum", period_aggregation="last",
    )
    FormIndicator.objects.create(form=submission.form, indicator=big, order=9, required=False)
    client.force_login(reporter_a)
    one(page(client.get(_url(submission))), tag="input", name="i123456-value")
    client.post(_url(submission), {"action": "save", "submission_version": "1", "i123456-value": "7"})
    assert DataValue.objects.get(indicator=big).value == 7


def _start_url(form, unit, period: str) -> str:
    return reverse("reporting:submission_start", args=[form.code, unit.pk, period])


@pytest.mark.parametrize("persona", ["reporter_a", "leader"])
def test_opening_the_start_link_creates_nothing(client, request, persona, ward_form, units):
    from dxtrack.reporting.models import Submission

    client.force_login(request.getfixturevalue(persona))
    response = client.get(_start_url(ward_form, units["ward_a"], "2024"))
    assert response.status_code == 200
    assert not Submission.objects.exists()
    html = response.content.decode()
    assert ("data-start" in html) is (persona == "reporter_a")  # only a reporter is offered to start


def test_a_reporter_starts_the_report_with_a_post(client, reporter_a, ward_form, units):
    from dxtrack.reporting.models import Submission

    client.force_login(reporter_a)
    response = client.post(_start_url(ward_form, units["ward_a"], "2024"))
    submission = Submission.objects.get()
    assert response.status_code == 302 and response.url == _url(submission)
    assert (submission.period, submission.status) == ("2024", SubmissionStatus.DRAFT)
    again = client.get(_start_url(ward_form, units["ward_a"], "2024"))  # the link now leads to it
    assert again.status_code == 302 and again.url == _url(submission) and Submission.objects.count() == 1


def test_a_read_only_leader_cannot_start_a_report(client, leader, ward_form, units):
    from dxtrack.reporting.models import Submission

    client.force_login(leader)
    assert client.post(_start_url(ward_form, units["ward_a"], "2024")).status_code == 403
    assert not Submission.objects.exists()


@pytest.mark.parametrize("period", ["1900", "2021", "2099"])
def test_no_report_starts_for_a_period_the_form_does_not_have(client, reporter_a, ward_form, units, period):
    """The programme runs from 2022; 2099 is not being reported yet."""
    from dxtrack.reporting.models import Submission

    client.force_login(reporter_a)
    assert client.get(_start_url(ward_form, units["ward_a"], period)).status_code == 404
    assert client.post(_start_url(ward_form, units["ward_a"], period)).status_code == 404
    assert not Submission.objects.exists()
