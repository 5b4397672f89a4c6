import pytest


@pytest.fixture(autouse=True)
def _taxonomy(request):
    """The seeded kinds and areas, even after another module's test flushed the database."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not names & {"db", "transactional_db"}:
        return
    transactional = "transactional_db" in names or "live_server" in names or bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    from dxtrack.feedback.models import ContentArea, ContentKind, ReminderStep
    from dxtrack.feedback.taxonomy import reminder_steps_load, taxonomy_load

    taxonomy_load(ContentKind, ContentArea)
    reminder_steps_load(ReminderStep)


@pytest.fixture
def in_english():
    """For tests that read refusal messages in English (pages and messages are Vietnamese first)."""
    from django.utils import translation

    with translation.override("en"):
        yield
