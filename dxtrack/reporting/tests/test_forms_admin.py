"""The admin of reporting forms: an indicator list changed there raises the revision like
form_update does; the records of what happened (submissions, notifications, reminders,
imports) are read-only; names are escaped."""

import pytest
from django.urls import reverse

from dxtrack.accounts.models import User
from dxtrack.reporting.forms_services import submission_ensure
from dxtrack.reporting.models import ReportingForm
from dxtrack.reporting.tests.forms_factories import programme_with_indicators, ward_form


@pytest.fixture
def admin_client(client, db):
    admin = User.objects.create_superuser(username="quantri", email="", password=None)
    client.force_login(admin)
    return client


@pytest.fixture
def programme(units):
    return programme_with_indicators(area=units["province"], count=3)


def _post_data(programme, indicators, *, existing: ReportingForm | None = None, **fields):
    data = {
        "programme": programme.pk, "code": "BM-ADMIN", "name_vi": "Biểu mẫu qua trang quản trị", "name_en": "",
        "period_type": "year", "calendar": "calendar", "unit_level": "commune", "unit_group": "",
        "opens_days_before_end": 0, "deadline_working_days": 5, "reminder_days": "[-3, -1, 1]",
        "escalate_after_working_days": 5, "approval_level": "province", "is_active": "on",
        "form_indicators-TOTAL_FORMS": len(indicators), "form_indicators-INITIAL_FORMS": 0,
        "form_indicators-MIN_NUM_FORMS": 0, "form_indicators-MAX_NUM_FORMS": 1000,
    }
    links = list(existing.form_indicators.order_by("order")) if existing else []
    data["form_indicators-INITIAL_FORMS"] = len(links)
    data["form_indicators-TOTAL_FORMS"] = max(len(indicators), len(links))
    for position in range(data["form_indicators-TOTAL_FORMS"]):
        prefix = f"form_indicators-{position}-"
        if position < len(links):
            data[prefix + "id"] = links[position].pk
            data[prefix + "form"] = existing.pk
        if position < len(indicators):
            data[prefix + "indicator"] = indicators[position].pk
            data[prefix + "order"] = position + 1
            data[prefix + "required"] = "on"
        else:
            data[prefix + "indicator"] = links[position].indicator_id
            data[prefix + "order"] = position + 1
            data[prefix + "DELETE"] = "on"
    data.update(fields)
    return data


def test_a_form_is_created_in_the_admin_with_its_indicators(admin_client, programme):
    indicators = list(programme.indicators.order_by("order"))
    response = admin_client.post(reverse("admin:reporting_reportingform_add"), _post_data(programme, indicators[:2]))
    assert response.status_code == 302, response.content.decode()[:2000]
    form = ReportingForm.objects.get(code="BM-ADMIN")
    assert (form.revision, form.form_indicators.count(), form.reminder_days) == (1, 2, [-3, -1, 1])


def test_removing_an_indicator_in_the_admin_raises_the_revision(admin_client, programme):
    form = ward_form(programme, code="BM-ADMIN")
    indicators = list(programme.indicators.order_by("order"))
    data = _post_data(programme, indicators[:2], existing=form)
    response = admin_client.post(reverse("admin:reporting_reportingform_change", args=[form.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    form.refresh_from_db()
    assert (form.revision, form.form_indicators.count()) == (2, 2)


def test_saving_the_admin_page_unchanged_keeps_the_revision(admin_client, programme):
    form = ward_form(programme, code="BM-ADMIN")
    data = _post_data(programme, list(programme.indicators.order_by("order")), existing=form)
    assert admin_client.post(reverse("admin:reporting_reportingform_change", args=[form.pk]), data).status_code == 302
    form.refresh_from_db()
    assert form.revision == 1


@pytest.mark.parametrize("days", ['[-3, "x"]', "[1.5]", "[500]", '{"a": 1}'])
def test_the_admin_refuses_reminder_days_that_are_not_working_day_offsets(admin_client, programme, days):
    data = _post_data(programme, list(programme.indicators.all()[:1]), reminder_days=days)
    response = admin_client.post(reverse("admin:reporting_reportingform_add"), data)
    assert response.status_code == 200  # the form again, refused on that field:
    assert list(response.context["adminform"].form.errors) == ["reminder_days"]
    assert not ReportingForm.objects.exists()


def test_the_admin_refuses_an_indicator_of_another_period_type(admin_client, programme):
    monthly = programme.indicators.get(code="I-1")
    monthly.period_type = "month"
    monthly.save()
    response = admin_client.post(reverse("admin:reporting_reportingform_add"), _post_data(programme, [monthly]))
    assert response.status_code == 200  # the form again, refused for the indicator's period type:
    refusals = [str(error) for inline in response.context["inline_admin_formsets"] for error in inline.formset.non_form_errors()]
    assert refusals == ["Chỉ số I-1 được báo cáo theo Tháng, còn biểu mẫu theo Năm."]
    assert not ReportingForm.objects.exists()


def test_the_records_are_listed_but_not_added_or_changed(admin_client, programme, units):
    form = ward_form(programme)
    submission = submission_ensure(form=form, org_unit=units["ward_a"], period="2024")
    for model in ("submission", "notification", "reminderlog", "importjob", "validationrule", "reportingform"):
        listing = admin_client.get(reverse(f"admin:reporting_{model}_changelist"))
        assert listing.status_code == 200
        assert listing.context["cl"].model._meta.model_name == model  # the list of that model
    assert admin_client.get(reverse("admin:reporting_submission_changelist")).context["cl"].result_count == 1
    assert admin_client.get(reverse("admin:reporting_submission_add")).status_code == 403
    page = admin_client.get(reverse("admin:reporting_submission_change", args=[submission.pk]))
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()


def test_a_unit_name_with_markup_is_escaped_in_the_admin(admin_client, programme, units):
    ward = units["ward_a"]
    ward.name_vi = "<script>alert(1)</script>"
    ward.save()
    submission_ensure(form=ward_form(programme), org_unit=ward, period="2024")
    html = admin_client.get(reverse("admin:reporting_submission_changelist")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
