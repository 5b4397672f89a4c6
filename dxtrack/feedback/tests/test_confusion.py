"""The routing model's confusion matrix in the admin: hand-made counts read back as a table with
recall and precision; a read-only page for those who may view routing models."""

from django.contrib.auth.models import Permission
from django.utils import timezone

from dxtrack.feedback.confusion import confusion_table
from dxtrack.feedback.models import RoutingModel
from dxtrack.feedback.tests.factories import person

# Held-out: 4 items of tax-free "chuyen-doi-so" (3 right, 1 taken for "thu-tuc-hanh-chinh"), 2 of
# "thu-tuc-hanh-chinh" (both right), 0 of "linh-vuc-khac" (never suggested either).
CONFUSION = {"labels": ["chuyen-doi-so", "thu-tuc-hanh-chinh", "linh-vuc-khac"], "matrix": [[3, 1, 0], [0, 2, 0], [0, 0, 0]]}


def _model(**extra) -> RoutingModel:
    return RoutingModel.objects.create(trained_at=timezone.now(), blob=b"", train_size=24, test_size=6, accuracy=5 / 6,
                                       macro_f1=0.5, on_sample_data=True, **extra)


def test_the_table_reads_recall_and_precision(db):
    table = confusion_table(_model(confusion=CONFUSION))
    assert table.columns[0] == "Chuyển đổi số, dịch vụ công trực tuyến"
    assert [row.cells for row in table.rows][0] == [(3, True), (1, False), (0, False)]
    assert [(row.total, row.recall) for row in table.rows] == [(4, 0.75), (2, 1.0), (0, None)]
    assert table.precision == [1.0, 2 / 3, None]
    assert confusion_table(_model()) is None  # trained before the matrix was kept


def _admin(username: str, *, view: bool):
    user = person(username)
    user.is_staff = True
    user.save()
    if view:
        user.user_permissions.add(Permission.objects.get(codename="view_routingmodel"))
    return user


def test_the_admin_page_shows_it_to_those_who_may_view_models(client, db):
    model = _model(confusion=CONFUSION)
    url = f"/admin/feedback/routingmodel/{model.pk}/confusion/"
    assert client.get(url).status_code == 302  # to the admin's login
    client.force_login(_admin("viewer", view=True))
    page = client.get(url).content.decode()
    assert 'id="confusion"' in page and "dữ liệu mẫu" in page
    assert '<td class="diagonal">3</td><td class="confused">1</td><td>0</td><td>4</td><td>0,75</td>' in page  # recall as Vietnamese writes it
    assert client.get(f"/admin/feedback/routingmodel/{model.pk + 1}/confusion/").status_code == 404
    assert client.post(url).status_code in (200, 405) and RoutingModel.objects.get(pk=model.pk).confusion == CONFUSION
    client.force_login(_admin("other_staff", view=False))
    assert client.get(url).status_code == 403
