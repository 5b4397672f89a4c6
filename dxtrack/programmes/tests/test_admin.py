"""The admin lists programme rows and shows their history."""

import pytest
from django.urls import reverse

from dxtrack.accounts.models import User
from dxtrack.programmes.models import Indicator, Programme, Target


@pytest.fixture
def admin_client_logged_in(client, db):
    User.objects.create_superuser(username="root", password="correct-horse-battery-staple")
    client.login(username="root", password="correct-horse-battery-staple")
    return client


@pytest.mark.parametrize("model", [Programme, Indicator, Target])
def test_admin_changelist_change_and_history_pages_render(admin_client_logged_in, sample, model):
    row = model.objects.first()
    opts = model._meta
    for name, args in [("changelist", []), ("change", [row.pk]), ("history", [row.pk])]:
        response = admin_client_logged_in.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args))
        assert response.status_code == 200, (name, response.status_code)
