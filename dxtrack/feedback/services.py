"""Every write of the feedback app: receiving an item, moving it through the workflow, pausing
its clock. Answers, publication and ratings are in answers.py; e-mail in notify.py."""

import secrets
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dxtrack.accounts.models import User
from dxtrack.common.workdays import add_working_days
from dxtrack.feedback import deadlines
from dxtrack.feedback.models import (
    Answer,
    Channel,
    ContentArea,
    ContentKind,
    Event,
    Item,
    Pause,
    RoutingRule,
    State,
    Transition,
)
from dxtrack.feedback.roles import roles_on_item
from dxtrack.feedback.workflow import (
    AGENCY_HEAD,
    AGENCY_STAFF,
    OFFICER,
    REOPENS_ALLOWED,
    TRANSITIONS,
    allowed,
)
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind

MAX_TEXT_CHARS = 10_000
# Intake from outside (web, e-mail link, Open311) per hour: a sender may send a few items, one
# office behind one address a few more, a script no more than that.
SENDER_ITEMS_PER_HOUR = 5
IP_ITEMS_PER_HOUR = 20
RATE_LIMITED_CHANNELS = {Channel.WEB, Channel.EMAIL, Channel.OPEN311}
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read over the phone


class FeedbackError(Exception):
    """A refusal with a message for the person (translated), e.g. a text too long."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message, self.field = message, field


class RateLimited(FeedbackError):
    pass


def text_check(text: str, *, field: str = "text", max_chars: int = MAX_TEXT_CHARS) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise FeedbackError(_("The text is empty: write what you propose or what the problem is."), field=field)
    if len(cleaned) > max_chars:
        raise FeedbackError(
            _("The text has %(length)s characters; at most %(limit)s are accepted. Shorten it or attach a document.")
            % {"length": f"{len(cleaned):,}".replace(",", "."), "limit": f"{max_chars:,}".replace(",", ".")},
            field=field,
        )
    return cleaned


def _tracking_code(now: datetime) -> str:
    while True:
        code = f"PAKN-{now:%y}-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
        if not Item.objects.filter(code=code).exists():
            return code


def rate_limit_check(*, sender_user: User | None, sender_email: str, ip: str | None, now: datetime) -> None:
    since = now - timedelta(hours=1)
    recent = Item.objects.filter(received_at__gte=since, channel__in=RATE_LIMITED_CHANNELS)
    sender = Q(pk__in=[])
    if sender_user is not None:
        sender |= Q(sender_user=sender_user)
    if sender_email:
        sender |= Q(sender_email__iexact=sender_email)
    if (sender_user is not None or sender_email) and recent.filter(sender).count() >= SENDER_ITEMS_PER_HOUR:
        raise RateLimited(_("You have sent %(count)s items in the last hour; please wait before sending another.")
                          % {"count": SENDER_ITEMS_PER_HOUR})
    if ip and recent.filter(submitted_ip=ip).count() >= IP_ITEMS_PER_HOUR:
        raise RateLimited(_("Too many items were sent from your network address in the last hour; please try again later."))


def _log(item: Item, *, action: str, from_state: str, actor: User | None, role: str, reason: str = "",
         from_agency: OrgUnit | None = None, now: datetime) -> None:
    Transition.objects.create(
        item=item, action=action, from_state=from_state, to_state=item.state, from_agency=from_agency,
        to_agency=item.agency, actor=actor if actor is not None and actor.is_authenticated else None,
        role=role, at=now, reason=reason,
    )


@transaction.atomic
def item_receive(
    *, channel: str, text: str, area: ContentArea | None = None, kind: ContentKind | None = None,
    sender_user: User | None = None, sender_name: str = "", sender_email: str = "", sender_phone: str = "",
    sender_organisation: str = "", address: str = "", event: Event | None = None, ip: str | None = None,
    received_by: User | None = None, now: datetime | None = None, is_sample: bool = False, open311_token: str = "",
) -> Item:
    now = now or timezone.now()
    text = text_check(text)
    if channel in RATE_LIMITED_CHANNELS:
        rate_limit_check(sender_user=sender_user, sender_email=sender_email, ip=ip, now=now)
    if channel == Channel.CONFERENCE and event is None:
        raise FeedbackError(_("An item raised at a conference names the conference."), field="event")
    from dxtrack.feedback.moderation import spam_reason
    from dxtrack.feedback.routing import segment, suggest_area  # the models load on first use

    suggestion = suggest_area(text)
    item = Item(
        code=_tracking_code(now), channel=channel, text=text, area=area, kind=kind, sender_user=sender_user,
        sender_name=sender_name.strip(), sender_email=sender_email.strip(), sender_phone=sender_phone.strip(),
        sender_organisation=sender_organisation.strip(), address=address.strip(), event=event, submitted_ip=ip,
        received_at=now, received_on=timezone.localdate(now), updated_at=now, is_sample=is_sample,
        suggested_area=suggestion.area if suggestion else None,
        suggestion_confidence=suggestion.confidence if suggestion else None, open311_token=open311_token,
        segmented_text=segment(text), held_reason=spam_reason(text) if channel in RATE_LIMITED_CHANNELS else "",
    )
    item.due_on = deadlines.due_on(item, today=item.received_on) if area else None
    item.save()
    _log(item, action="receive", from_state="", actor=received_by or sender_user, role=OFFICER if received_by else "sender", now=now)
    return item


def _agency_check(agency: OrgUnit | None) -> OrgUnit:
    if agency is None or agency.kind != OrgUnitKind.AGENCY:
        raise FeedbackError(_("Choose the agency that answers this item."), field="agency")
    return agency


@transaction.atomic
def item_transition(
    *, item: Item, action: str, actor: User, reason: str = "", agency: OrgUnit | None = None,
    area: ContentArea | None = None, duplicate_of: Item | None = None, verified_email: str = "",
    public_question: str = "", public_answer: str = "", now: datetime | None = None,
) -> Item:
    """Move `item` by `action` of workflow.TRANSITIONS, if `actor` holds a role for it there."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    item = Item.objects.select_for_update().get(pk=item.pk)
    rule = TRANSITIONS.get(action)
    if rule is None:
        raise FeedbackError(_("Unknown action."))
    role = allowed(action, state=item.state, roles=roles_on_item(actor, item, verified_email=verified_email))
    if role is None:
        raise FeedbackError(
            _("“%(action)s” is not possible for you on an item that is %(state)s.")
            % {"action": rule.label, "state": item.get_state_display().lower()}
        )
    reason = reason.strip()
    if rule.needs_reason and not reason:
        raise FeedbackError(_("Give the reason."), field="reason")
    before, before_agency = item.state, item.agency
    if action == "assign":
        item.area = area or item.area
        default = RoutingRule.objects.filter(area=item.area).select_related("agency").first() if item.area else None
        item.agency = _agency_check(agency or (default.agency if default else None))
        item.assigned_on = today
        item.due_on = deadlines.due_on(item, today=today)
    elif action == "transfer":
        new_agency = _agency_check(agency)
        if new_agency.pk == item.agency_id:
            raise FeedbackError(_("The item is already with this agency."), field="agency")
        last_day = deadlines.transfer_due_on(item)
        if role in (AGENCY_STAFF, AGENCY_HEAD) and last_day is not None and today > last_day:
            raise FeedbackError(
                _("An agency may transfer an item within %(days)s working days of receiving it (until %(day)s); ask the programme office.")
                % {"days": deadlines.TRANSFER_WORKING_DAYS, "day": last_day.strftime("%d/%m/%Y")}
            )
        item.agency, item.assigned_on = new_agency, today
    elif action == "approve":
        from dxtrack.feedback.answers import answer_approve

        answer_approve(item=item, actor=actor, now=now)
        item.answered_on = today
    elif action == "publish":
        from dxtrack.feedback.answers import answer_publish

        answer_publish(item=item, actor=actor, question=public_question, answer=public_answer, now=now)
    elif action in ("reject", "reopen"):
        if action == "reopen" and item.reopen_count >= REOPENS_ALLOWED:
            raise FeedbackError(_("This item has already been reopened once; it cannot be reopened again."))
        item.reason = reason
    elif action == "mark_duplicate":
        if duplicate_of is None or duplicate_of.pk == item.pk or duplicate_of.state == State.DUPLICATE:
            raise FeedbackError(_("Name the original item (its tracking code); it may not itself be a duplicate."), field="duplicate_of")
        item.duplicate_of = duplicate_of
    item.state = rule.target
    if action == "reopen":
        item.reopen_count += 1
        item.answered_on = None
        item.due_on = add_working_days(today, deadlines.answer_working_days(area=item.area, channel=item.channel))
        # The answer stays as a draft; the head approves the new one.
        Answer.objects.filter(item=item).update(approved_by=None, approved_at=None)
    item.updated_at = now
    item.save()
    _log(item, action=action, from_state=before, actor=actor, role=role, reason=reason, from_agency=before_agency, now=now)
    if action in ("approve", "reject", "mark_duplicate"):
        from dxtrack.feedback.notify import item_notify_state

        item_notify_state(item)
    return item


def _require_agency_role(item: Item, actor: User) -> str:
    roles = roles_on_item(actor, item) & {AGENCY_STAFF, AGENCY_HEAD}
    if not roles:
        raise FeedbackError(_("Only the agency the item is assigned to may do this."))
    return sorted(roles)[0]


@transaction.atomic
def item_pause(*, item: Item, actor: User, reason: str, today: date | None = None) -> Pause:
    """Stop the clock while the agency waits for the sender; resumed by item_resume."""
    today = today or timezone.localdate()
    _require_agency_role(item, actor)
    if item.state != State.IN_PROGRESS:
        raise FeedbackError(_("Only an item in progress can wait for its sender."))
    if item.pauses.filter(ended_on__isnull=True).exists():
        raise FeedbackError(_("The clock of this item is already stopped."))
    if not reason.strip():
        raise FeedbackError(_("Give the reason."), field="reason")
    return Pause.objects.create(item=item, started_on=today, reason=reason.strip())


@transaction.atomic
def item_resume(*, item: Item, actor: User, today: date | None = None) -> Item:
    today = today or timezone.localdate()
    _require_agency_role(item, actor)
    pause = item.pauses.filter(ended_on__isnull=True).first()
    if pause is None:
        raise FeedbackError(_("The clock of this item is running."))
    pause.ended_on = today
    pause.save(update_fields=["ended_on"])
    item.due_on = deadlines.due_on(item, today=today)
    item.save(update_fields=["due_on"])
    return item
