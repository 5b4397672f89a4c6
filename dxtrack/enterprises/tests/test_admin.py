"""The admin lists the registry with personal IDs masked, and recomputes the size class."""

from django.urls import reverse

from dxtrack.enterprises.tests.factories import registry_world


def test_the_registry_admin_masks_personal_ids(admin_client, units):
    registry_world(units)
    html = admin_client.get(reverse("admin:enterprises_enterprise_changelist")).content.decode()
    assert "079*******34" in html and "079203001234" not in html


def test_saving_in_the_admin_recomputes_the_size_class(admin_client, units):
    from dxtrack.enterprises.admin import EnterpriseAdmin
    from dxtrack.enterprises.models import Enterprise

    software = registry_world(units)["software"]
    software.employees = 9
    EnterpriseAdmin(Enterprise, None).save_model(None, software, None, True)
    software.refresh_from_db()
    assert software.size_class == "micro"


def test_the_admin_pages_of_the_app_open(admin_client, units):
    registry_world(units)
    for model in ("assessment", "assessmentresult", "consentrecord", "enterpriseimport", "supportprogramme",
                  "enrolment", "enterprisemembership", "assessmentframework"):
        assert admin_client.get(reverse(f"admin:enterprises_{model}_changelist")).status_code == 200
