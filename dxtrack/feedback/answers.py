"""Answers: drafted by the agency's staff, approved by its head, published with the question
after a person reviewed the redaction of personal data; the sender's rating."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from unidecode import unidecode

from dxtrack.accounts.models import User
from dxtrack.feedback.models import Answer, Item, State
from dxtrack.feedback.redaction import redact
from dxtrack.feedback.roles import roles_on_item
from dxtrack.feedback.services import FeedbackError, text_check
from dxtrack.feedback.workflow import AGENCY_HEAD, AGENCY_STAFF, ANSWERED_STATES, SENDER

MAX_COMMENT_CHARS = 2_000


def search_key(text: str) -> str:
    """Lower-case text without accents and with single spaces, so "hoan  thue" finds "hoàn thuế".

    >>> search_key("Hoàn THUẾ  giá trị gia tăng, Đồng Nai")
    'hoan thue gia tri gia tang, dong nai'
    """
    return " ".join(unidecode(text).lower().split())


@transaction.atomic
def answer_draft(*, item: Item, actor: User, text: str, now: datetime | None = None) -> Answer:
    now = now or timezone.now()
    if not roles_on_item(actor, item) & {AGENCY_STAFF, AGENCY_HEAD}:
        raise FeedbackError(_("Only the agency the item is assigned to may answer it."))
    if item.state != State.IN_PROGRESS:
        raise FeedbackError(_("An answer is written while the item is in progress."))
    text = text_check(text, field="answer")
    answer, _created = Answer.objects.update_or_create(
        item=item, defaults={"text": text, "drafted_by": actor, "drafted_at": now, "approved_by": None, "approved_at": None},
    )
    return answer


def answer_approve(*, item: Item, actor: User, now: datetime) -> Answer:
    """Called by item_transition("approve"), which has checked that `actor` heads the agency."""
    answer = Answer.objects.filter(item=item).first()
    if answer is None:
        raise FeedbackError(_("There is no draft answer to approve yet."))
    answer.approved_by, answer.approved_at = actor, now
    answer.save(update_fields=["approved_by", "approved_at"])
    return answer


def redaction_proposal(item: Item) -> tuple[str, str]:
    """The question and answer as the review step first shows them."""
    names = (item.sender_name,)
    answer = Answer.objects.filter(item=item).first()
    return redact(item.text, names=names), redact(answer.text if answer else "", names=names)


def answer_publish(*, item: Item, actor: User, question: str, answer: str, now: datetime) -> Answer:
    """Called by item_transition("publish"): the texts are those the person reviewed."""
    record = Answer.objects.filter(item=item, approved_at__isnull=False).first()
    if record is None:
        raise FeedbackError(_("Only an approved answer can be published."))
    record.public_question = text_check(question, field="public_question")
    record.public_answer = text_check(answer, field="public_answer")
    record.reviewed_by, record.published_at = actor, now
    record.save(update_fields=["public_question", "public_answer", "reviewed_by", "published_at"])
    item.search_text = search_key(f"{item.code} {record.public_question} {record.public_answer}")
    return record


@transaction.atomic
def item_rate(*, item: Item, actor: User, rating: int | str, comment: str = "", verified_email: str = "") -> Item:
    if SENDER not in roles_on_item(actor, item, verified_email=verified_email):
        raise FeedbackError(_("Only the sender of an item may rate its answer."))
    if item.state not in ANSWERED_STATES:
        raise FeedbackError(_("An item can be rated once it has been answered."))
    try:
        value = int(rating)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise FeedbackError(_("Choose a rating from 1 to 5."), field="rating")
    comment = comment.strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise FeedbackError(_("The comment is too long (at most %(limit)s characters).") % {"limit": MAX_COMMENT_CHARS}, field="comment")
    item.rating, item.rating_comment = value, comment
    item.save(update_fields=["rating", "rating_comment"])
    return item
