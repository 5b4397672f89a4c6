"""Enterprises' feedback and recommendations (phản ánh, kiến nghị): what was said, by whom, on
which channel, which agency answers it, by when (in working days), and every step it took.

Agencies are org units of kind "agency" (dxtrack.orgunits); routing rules point content areas
at them. The states and who may move an item between them are data in workflow.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dxtrack.common.i18n import localised
from dxtrack.feedback.storage import DataDirStorage, attachment_path

AGENCY_CHOICES = Q(kind="agency")


class ContentKind(models.Model):
    """The content categories of Decree 20/2008/NĐ-CP Art. 5 (obstacles, unfit regulation, …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    decree_item = models.PositiveSmallIntegerField(_("item of Art. 5"), null=True, blank=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    is_recommendation = models.BooleanField(
        _("recommendation"), default=False, help_text=_("proposes a solution or a new regulation (kiến nghị)")
    )

    class Meta:
        verbose_name = _("content kind")
        verbose_name_plural = _("content kinds")
        ordering = ["decree_item", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self.name_vi, self.name_en)


class ContentArea(models.Model):
    """A field of administration an item is about (taxes, investment, labour…): configurable,
    each with its default answer time; it is the Open311 service."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True, help_text=_("comma-separated"))
    answer_working_days = models.PositiveSmallIntegerField(_("answer within (working days)"), default=10)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("content area")
        verbose_name_plural = _("content areas")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self.name_vi, self.name_en)

    @property
    def description(self) -> str:
        return localised(self.description_vi, self.description_en)


class RoutingRule(models.Model):
    """Items of an area go to this agency unless a person decides otherwise."""

    area = models.OneToOneField(ContentArea, verbose_name=_("content area"), on_delete=models.CASCADE, related_name="routing_rule")
    agency = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("agency"), on_delete=models.PROTECT, limit_choices_to=AGENCY_CHOICES,
        related_name="feedback_routing_rules",
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.area} → {self.agency}"


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Telephone")
    CONFERENCE = "conference", _("Conference or workshop")
    OPEN311 = "open311", _("Open311 application")


class DeadlineRule(models.Model):
    """An answer time that overrides the area's default for a channel (and an area)."""

    area = models.ForeignKey(ContentArea, verbose_name=_("content area"), null=True, blank=True, on_delete=models.CASCADE)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, blank=True)
    working_days = models.PositiveSmallIntegerField(_("working days"))

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [models.UniqueConstraint(fields=["area", "channel"], name="feedback_deadline_rule_unique", nulls_distinct=False)]

    def __str__(self) -> str:
        return f"{self.area or '*'} · {self.channel or '*'} · {self.working_days}"


class Event(models.Model):
    """A conference or workshop where enterprises raised proposals."""

    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("held on"))
    venue = models.CharField(_("venue"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Duplicate")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Item(models.Model):
    """One piece of feedback or recommendation, from its receipt to its published answer."""

    code = models.CharField(_("tracking code"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    kind = models.ForeignKey(ContentKind, verbose_name=_("content kind"), null=True, blank=True, on_delete=models.PROTECT)
    area = models.ForeignKey(ContentArea, verbose_name=_("content area"), null=True, blank=True, on_delete=models.PROTECT)
    agency = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT,
        limit_choices_to=AGENCY_CHOICES, related_name="feedback_items",
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.RECEIVED)
    text = models.TextField(pgettext_lazy("feedback item", "text"))  # what the sender wrote, not a value type
    # The sender: an account, or a verified e-mail address, or what staff wrote down.
    sender_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sender account"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="feedback_items",
    )
    sender_name = models.CharField(_("sender's name"), max_length=200, blank=True)
    sender_organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    sender_email = models.EmailField(_("sender's e-mail"), blank=True)
    sender_phone = models.CharField(_("sender's telephone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    event = models.ForeignKey(Event, verbose_name=_("conference"), null=True, blank=True, on_delete=models.PROTECT, related_name="items")
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    reason = models.TextField(_("reason"), blank=True, help_text=_("of the rejection, or of the reopening"))
    reopen_count = models.PositiveSmallIntegerField(_("reopened"), default=0)
    received_at = models.DateTimeField(_("received at"))
    received_on = models.DateField(_("received on"))
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    due_on = models.DateField(_("answer due on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"))
    # Routing suggestion from the text, kept so a person sees what the model said.
    suggested_area = models.ForeignKey(
        ContentArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("suggested area")
    )
    suggestion_confidence = models.FloatField(_("confidence"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    submitted_ip = models.GenericIPAddressField(null=True, blank=True)
    open311_token = models.CharField(max_length=40, blank=True, db_index=True)
    # Accent-free lower-case text of the published question and answer, for public search.
    search_text = models.TextField(blank=True, editable=False)
    # The text as underthesea segments it into words, once at receipt: training reads it.
    segmented_text = models.TextField(blank=True, editable=False)
    is_sample = models.BooleanField(_("sample data"), default=False)
    # Held for a person: by the spam check at intake, or hidden from the public pages after
    # repeated reports. Nothing is dropped; the programme office releases or rejects it.
    held_reason = models.CharField(_("held for review"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback items")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=State.values), name="feedback_item_state_known"),
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="feedback_item_rating_1_5"),
        ]
        indexes = [
            models.Index(fields=["state", "received_at"]),
            models.Index(fields=["submitted_ip", "received_at"]),
            # The public list: published items, latest answer first.
            models.Index(fields=["state", "-answered_on", "-id"], name="feedback_item_public_order"),
        ]

    def __str__(self) -> str:
        return self.code


class Attachment(models.Model):
    """A file sent with an item: its name, type checked from its content, size and digest, and its
    bytes (storage.py; rows from before the bytes were kept have no file)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, storage=DataDirStorage(), max_length=200, blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class Transition(models.Model):
    """The log: every change of state or agency, who made it, when and why."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("action"), max_length=24)
    from_state = models.CharField(_("from"), max_length=16, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=State.choices)
    from_agency = models.ForeignKey("orgunits.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("orgunits.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(_("as"), max_length=16)
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item} {self.from_state}→{self.to_state}"


class Pause(models.Model):
    """The clock stopped while waiting for the sender (e.g. for missing documents)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["started_on"]

    def __str__(self) -> str:
        return f"{self.item} {self.started_on}–{self.ended_on or ''}"


class Answer(models.Model):
    """The agency's answer: drafted by its staff, approved by its head, published with the
    question once a person has reviewed the redaction of personal data."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="answer")
    text = models.TextField(_("answer"))
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    public_question = models.TextField(_("published question"), blank=True)
    public_answer = models.TextField(_("published answer"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.item}"


class EmailVerification(models.Model):
    """A one-time link that lets an e-mail address send one item without an account."""

    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    requested_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["email", "created_at"])]

    def __str__(self) -> str:
        return self.email


class Open311Key(models.Model):
    """An API key of a third-party Open311 application; only its SHA-256 is stored."""

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class RoutingModel(models.Model):
    """A trained routing model (text → content area) and how well it did on held-out items."""

    trained_at = models.DateTimeField(_("trained at"))
    blob = models.BinaryField()
    train_size = models.PositiveIntegerField(_("training items"))
    test_size = models.PositiveIntegerField(_("held-out items"))
    accuracy = models.FloatField(_("accuracy"))
    macro_f1 = models.FloatField(_("macro-F1"))
    on_sample_data = models.BooleanField(_("trained on sample data"), default=False)
    # On the held-out items: {"labels": [area codes], "matrix": [[count]]}, a row per true area and
    # a column per predicted one. Empty for models trained before it was kept.
    confusion = models.JSONField(_("confusion matrix"), default=dict, blank=True)

    class Meta:
        verbose_name = _("routing model")
        verbose_name_plural = _("routing models")
        ordering = ["-trained_at"]

    def __str__(self) -> str:
        return f"{self.trained_at:%Y-%m-%d %H:%M} ({self.accuracy:.3f})"


class ReminderLog(models.Model):
    """One reminder or escalation sent for an item: the row makes a second daily run harmless."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=24)
    due_on = models.DateField()
    sent_on = models.DateField()
    recipients = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "kind", "due_on"], name="feedback_reminder_once")]

    def __str__(self) -> str:
        return f"{self.item} {self.kind} {self.due_on}"


class AbuseReport(models.Model):
    """A visitor's report that a published question or answer is spam, offensive or off-topic."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Offensive")
        PERSONAL_DATA = "personal_data", _("Shows personal data")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="abuse_reports")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "ip"], name="feedback_abuse_once_per_address")]

    def __str__(self) -> str:
        return f"{self.item} {self.reason}"


class ReminderRecipients(models.TextChoices):
    AGENCY_STAFF = "agency_staff", _("The agency's staff")
    AGENCY_HEAD = "agency_head", _("The agency's head")
    PROGRAMME_OFFICE = "programme_office", _("The programme office")


class ReminderStep(models.Model):
    """One reminder or escalation: how many working days from the due date, to whom, how.

    The steps of an item are the most specific set that exists: those of its agency and area,
    else of its agency, else of its area, else the default set (neither); reminders.py reads them.
    """

    area = models.ForeignKey(ContentArea, verbose_name=_("content area"), null=True, blank=True, on_delete=models.CASCADE)
    agency = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("agency"), null=True, blank=True, on_delete=models.CASCADE,
        limit_choices_to=AGENCY_CHOICES, related_name="+",
    )
    code = models.SlugField(_("code"), max_length=24, help_text=_("recorded with each reminder sent, so that a step is sent once per due date"))
    offset = models.SmallIntegerField(_("working days from the due date"), help_text=_("negative: before the due date"))
    recipients = models.CharField(_("to"), max_length=20, choices=ReminderRecipients.choices)
    by_email = models.BooleanField(_("by e-mail"), default=True)
    in_app = models.BooleanField(_("in the application"), default=True)

    class Meta:
        verbose_name = _("reminder step")
        verbose_name_plural = _("reminder steps")
        ordering = ["area", "agency", "offset", "code"]
        constraints = [
            models.UniqueConstraint(fields=["area", "agency", "code"], name="feedback_reminder_step_unique", nulls_distinct=False),
            models.CheckConstraint(condition=Q(recipients__in=ReminderRecipients.values), name="feedback_reminder_step_recipients_known"),
        ]

    def __str__(self) -> str:
        return f"{self.area or '*'} · {self.agency or '*'} · {self.code} ({self.offset:+d})"
