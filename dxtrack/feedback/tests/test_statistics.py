"""Statistics of the public page against hand counts: four answered items, answered after 2, 5,
7 and 12 working days with a 10-day deadline; one open and overdue; one withdrawn (not counted)."""

from datetime import date

from dxtrack.feedback.models import Item, State
from dxtrack.feedback.selectors import feedback_statistics
from dxtrack.feedback.tests.factories import at, received


def test_volumes_median_p90_and_on_time_share(units, enterprise, time_machine):
    time_machine.move_to(at(2025, 4, 1), tick=False)
    # All received Mon 3 Mar 2025 (due Mon 17 Mar); answered on the 2nd, 5th, 7th and 12th working day after it.
    for answered_on, rating in ((date(2025, 3, 5), 5), (date(2025, 3, 10), 4), (date(2025, 3, 12), None), (date(2025, 3, 19), 2)):
        item = received(enterprise, when=at(2025, 3, 3))
        Item.objects.filter(pk=item.pk).update(state=State.CLOSED, answered_on=answered_on, rating=rating, agency=units["agency"])
    received(enterprise, when=at(2025, 3, 3))  # still open, overdue since 18 March
    withdrawn = received(enterprise, when=at(2025, 3, 4))
    Item.objects.filter(pk=withdrawn.pk).update(state=State.WITHDRAWN)
    stats = feedback_statistics()
    assert (stats.received, stats.answered, stats.open, stats.overdue) == (6, 4, 1, 1)
    assert stats.median_days == 6.0  # (5 + 7) / 2
    assert stats.p90_days == 12.0  # nearest rank: the 4th of 4
    assert stats.on_time_share == 0.75
    assert round(stats.mean_rating, 3) == round(11 / 3, 3)
    assert stats.by_agency[0]["total"] == 4 and stats.by_agency[0]["answered"] == 4


def test_the_page_marks_sample_data_and_localises_numbers(client, units, enterprise):
    item = received(enterprise, is_sample=True)
    Item.objects.filter(pk=item.pk).update(state=State.CLOSED, answered_on=item.received_on, due_on=item.received_on)
    page = client.get("/feedback/statistics/").content.decode()
    assert "dữ liệu mẫu" in page and "100%" in page
