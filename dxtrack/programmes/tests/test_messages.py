"""Error messages are written for people and go through gettext, so they follow the language."""

from django.utils import translation

from dxtrack.programmes import definition
from dxtrack.programmes.definition import document_parse, document_validate

from .conftest import sample_text


def bad_document():
    text = sample_text().replace("value_type: count", "value_type: number").replace("deadline: 2030-12-31", "deadline: 2031-12-31")
    return document_parse(text=text, filename="p.yaml")


def test_messages_are_in_english_when_the_language_is_english(units):
    with translation.override("en"):
        messages = [error.message for error in document_validate(document=bad_document())]
    assert messages == [
        "deadline 2031-12-31 is outside the programme's years 2022–2030",
        'unknown value type "number"; use one of "percentage_with_parts", "percentage", "count", "amount_vnd", "ratio", "index", "milestone"',
    ]


def test_every_message_is_produced_through_gettext(units, monkeypatch):
    """Once locale/vi has the translations, these messages come out in Vietnamese."""
    monkeypatch.setattr(definition, "_", lambda message: f"«{message}»")
    messages = [error.message for error in document_validate(document=bad_document())]
    assert messages and all(message.startswith("«") for message in messages), messages
