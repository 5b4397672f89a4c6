"""A word with two meanings in Vietnamese carries a context (pgettext): "text" of a feedback item
is what the sender wrote (nội dung), not the type of a field in a programme file (văn bản)."""

from django.utils import translation

from dxtrack.feedback.models import Item
from dxtrack.programmes.definition import _TYPE_NAMES


def test_a_feedback_items_text_reads_as_its_content_and_a_text_fields_type_as_text() -> None:
    with translation.override("vi"):
        assert str(Item._meta.get_field("text").verbose_name) == "nội dung"
        assert str(_TYPE_NAMES["string"]()) == "văn bản"
    with translation.override("en"):
        assert str(Item._meta.get_field("text").verbose_name) == "text"
