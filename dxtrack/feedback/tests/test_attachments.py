"""Attachments keep their bytes: stored under the data directory with a random name, served only
to those who may see the item, archived by `dxtrack backup` and back after `restore`."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from dxtrack.accounts.models import Role
from dxtrack.feedback.models import Attachment, Item, State
from dxtrack.feedback.tests.factories import in_state, other_agency, person, staff_of

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    return settings.DATA_DIR


def _send(client, enterprise, content=PDF, name="bien-ban.pdf"):
    client.force_login(enterprise)
    return client.post(reverse("feedback:item_new"), {"text": "Kiến nghị kèm biên bản.", "attachment": SimpleUploadedFile(name, content)})


def test_the_checked_bytes_are_stored_under_a_random_name(client, enterprise, data_dir):
    assert _send(client, enterprise).status_code == 302
    attachment = Attachment.objects.get()
    stored = data_dir / "media" / attachment.file.name
    assert stored.read_bytes() == PDF and attachment.sha256 == hashlib.sha256(PDF).hexdigest() and attachment.size == len(PDF)
    assert attachment.file.name.startswith("feedback/") and "bien-ban" not in attachment.file.name and stored.suffix == ".pdf"


def test_a_refused_file_leaves_no_bytes(client, enterprise, data_dir):
    assert _send(client, enterprise, content=b"MZ\x90\x00 a program", name="hoa-don.pdf").status_code == 400
    assert not Attachment.objects.exists() and not (data_dir / "media").exists()


def test_only_those_who_see_the_item_download_it(client, enterprise, units, data_dir):
    _send(client, enterprise)
    item, attachment = Item.objects.get(), Attachment.objects.get()
    url = reverse("feedback:attachment_download", args=[item.code, attachment.pk])
    response = client.get(url)  # the sender
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and response["Content-Disposition"].startswith("attachment;")
    assert 'filename="bien-ban.pdf"' in response["Content-Disposition"]
    in_state(item, State.ASSIGNED, agency=units["agency"])
    staff, _head = staff_of(units)
    client.force_login(staff)
    assert client.get(url).status_code == 200
    for stranger in (person("other_staff", Role.REPORTER, other_agency(units)), person("someone"), person("ward", Role.REPORTER, units["ward_a"])):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    client.force_login(enterprise)
    assert client.get(reverse("feedback:attachment_download", args=[item.code, attachment.pk + 1])).status_code == 404


def test_a_row_without_bytes_or_a_missing_file_is_not_found(client, enterprise, data_dir):
    _send(client, enterprise)
    item, attachment = Item.objects.get(), Attachment.objects.get()
    (data_dir / "media" / attachment.file.name).unlink()
    assert client.get(reverse("feedback:attachment_download", args=[item.code, attachment.pk])).status_code == 404
    old = Attachment.objects.create(item=item, filename="cu.pdf", content_type="application/pdf", size=1, sha256="0" * 64)
    assert client.get(reverse("feedback:attachment_download", args=[item.code, old.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)  # a real flush, as the operations backup tests do
def test_backup_and_restore_bring_the_bytes_back(client, enterprise, data_dir, tmp_path):
    from dxtrack.operations.backup import backup_create, backup_restore

    _send(client, enterprise)
    name = Attachment.objects.get().file.name
    archive = tmp_path / "instance.dxbackup"
    assert backup_create(archive).files >= 1
    call_command("flush", interactive=False, verbosity=0)
    (data_dir / "media" / name).unlink()
    backup_restore(archive)
    attachment = Attachment.objects.get()
    assert attachment.file.name == name and (data_dir / "media" / name).read_bytes() == PDF
    client.force_login(attachment.item.sender_user)
    response = client.get(reverse("feedback:attachment_download", args=[attachment.item.code, attachment.pk]))
    assert b"".join(response.streaming_content) == PDF
