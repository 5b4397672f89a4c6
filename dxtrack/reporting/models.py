"""Reported values: one current row per indicator × unit × period, and every version of it.

`DataValue` holds the current figure (what dashboards read); `DataValueVersion` is the
append-only history. Both are written together by `services.value_record`, which is the only
writer: an edit adds a version and moves the current row, nothing is overwritten or deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dxtrack.common.i18n import localised
from dxtrack.orgunits.models import OrgUnitKind
from dxtrack.programmes.models import PeriodType


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")


class ReportingCalendar(models.TextChoices):
    CALENDAR = "calendar", _("Calendar periods (statistics)")
    STATUTORY = "statutory", _("Statutory periods, 15th to 14th (Decree 09/2019)")


class ReportingForm(models.Model):
    """A reporting form (biểu mẫu): which indicators which units report, by when, approved by whom."""

    programme = models.ForeignKey("programmes.Programme", on_delete=models.PROTECT, related_name="forms")
    code = models.CharField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    period_type = models.CharField(_("period type"), max_length=12, choices=PeriodType.choices, default=PeriodType.YEAR)
    calendar = models.CharField(_("calendar"), max_length=10, choices=ReportingCalendar.choices, default=ReportingCalendar.CALENDAR)
    # Who reports: every unit of `unit_level` in the programme area, plus `units`, plus `unit_group`'s units.
    unit_level = models.CharField(_("reporting level"), max_length=16, choices=OrgUnitKind.choices, blank=True)
    units = models.ManyToManyField("orgunits.OrgUnit", verbose_name=_("reporting units"), blank=True, related_name="+")
    unit_group = models.ForeignKey(
        "orgunits.OrgUnitGroup", verbose_name=_("reporting group"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opens_days_before_end = models.PositiveSmallIntegerField(
        _("opens (days before the period ends)"), default=0, help_text=_("0: entry opens on the period's last day")
    )
    deadline_working_days = models.PositiveSmallIntegerField(_("deadline (working days after the period ends)"), default=5)
    reminder_days = models.JSONField(
        _("reminders (working days from the deadline)"), default=list, blank=True,
        help_text=_("e.g. [-3, -1, 1]: three and one working days before, one after"),
    )
    escalate_after_working_days = models.PositiveSmallIntegerField(
        _("escalate to the parent unit after (working days late)"), default=5
    )
    approval_level = models.CharField(
        _("approving level"), max_length=16, choices=OrgUnitKind.choices, default=OrgUnitKind.PROVINCE,
        help_text=_("approvers on the reporting unit's ancestor of this kind approve"),
    )
    revision = models.PositiveIntegerField(_("revision"), default=1, help_text=_("raised whenever the indicators change; templates carry it"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reporting form")
        verbose_name_plural = _("reporting forms")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return localised(self.name_vi, self.name_en)


class FormIndicator(models.Model):
    form = models.ForeignKey(ReportingForm, on_delete=models.CASCADE, related_name="form_indicators")
    indicator = models.ForeignKey("programmes.Indicator", on_delete=models.PROTECT, related_name="form_links")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["form", "order", "indicator__code"]
        constraints = [models.UniqueConstraint(fields=["form", "indicator"], name="formindicator_unique")]

    def __str__(self) -> str:
        return f"{self.form.code}: {self.indicator.code}"


class Submission(models.Model):
    """One unit's form for one period, and where it is in the approval workflow."""

    form = models.ForeignKey(ReportingForm, on_delete=models.PROTECT, related_name="submissions")
    org_unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=16)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT)
    modified_since_approval = models.BooleanField(_("modified since approval"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Raised by every transition so that two approvers acting at once cannot both win.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["form", "period", "org_unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["form", "org_unit", "period"], name="submission_unique"),
            models.CheckConstraint(condition=Q(status__in=SubmissionStatus.values), name="submission_status_known"),
        ]
        indexes = [models.Index(fields=["form", "period", "status"])]

    def __str__(self) -> str:
        return f"{self.form.code} · {self.org_unit} · {self.period} · {self.get_status_display()}"


class SubmissionAction(models.TextChoices):
    SAVE = "save", _("Saved")
    SUBMIT = "submit", _("Submitted")
    RETURN = "return", _("Returned")
    APPROVE = "approve", _("Approved")
    REOPEN = "reopen", _("Reopened")


class SubmissionEvent(models.Model):
    """Append-only trail of a submission's workflow."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=SubmissionAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")
        ordering = ["submission", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class _ValueFields(models.Model):
    indicator = models.ForeignKey("programmes.Indicator", on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=16, help_text=_("2024, 2024S1, 2024Q3 or 2024-05"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=24, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=24, decimal_places=6, null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    method = models.CharField(_("method"), max_length=40, blank=True, help_text=_("e.g. reported, estimated, survey"))
    note = models.TextField(_("note"), blank=True)
    is_synthetic = models.BooleanField(_("sample data"), default=False)
    is_outlier = models.BooleanField(_("outlier"), default=False, help_text=_("far from the unit's own history; needs a note"))
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("the form submission the value was reported in, if any"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        abstract = True


class DataValue(_ValueFields):
    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "org_unit", "period"], name="datavalue_unique_key"),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0), name="datavalue_denominator_positive"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(denominator__isnull=True) | Q(numerator__lte=models.F("denominator")),
                name="datavalue_numerator_within_denominator",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "period_end"])]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.org_unit_id}/{self.period} = {self.value}"


class DataValueVersion(_ValueFields):
    """One row per change, never updated; `reason` says why the figure changed.

    A version without a figure (`value` empty) records a deletion (`services.value_delete`):
    the current row is gone, its versions stay, no longer linked (`data_value` empty) but
    still naming indicator, unit and period.
    """

    data_value = models.ForeignKey(DataValue, null=True, blank=True, on_delete=models.SET_NULL, related_name="versions")
    reason = models.CharField(_("reason for change"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("value version")
        verbose_name_plural = _("value versions")
        ordering = ["data_value", "version"]
        constraints = [
            models.UniqueConstraint(fields=["data_value", "version"], name="datavalueversion_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.data_value_id} v{self.version} = {self.value}"


class RuleOperator(models.TextChoices):
    LE = "<=", "≤"
    LT = "<", "<"
    EQ = "=", "="
    GE = ">=", "≥"
    GT = ">", ">"


class ValidationRule(models.Model):
    """A rule across indicators for the same unit and period, e.g. trained officials ≤ all officials."""

    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="validation_rules")
    code = models.CharField(_("code"), max_length=40)
    left = models.ForeignKey("programmes.Indicator", on_delete=models.CASCADE, related_name="+")
    operator = models.CharField(_("operator"), max_length=2, choices=RuleOperator.choices)
    right = models.ForeignKey("programmes.Indicator", on_delete=models.CASCADE, related_name="+")
    message_vi = models.CharField(_("message (Vietnamese)"), max_length=300)
    message_en = models.CharField(_("message (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="validationrule_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}: {self.left.code} {self.operator} {self.right.code}"


class Notification(models.Model):
    """An in-app notice; `kind` and `params` are rendered in the reader's language."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.created_at:%Y-%m-%d}"


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the deadline")
    AFTER = "after", _("After the deadline")
    ESCALATION = "escalation", _("Escalation to the parent unit")
    MANUAL = "manual", _("Sent by an officer from the overdue list")


class ReminderLog(models.Model):
    """One row per reminder sent, so that running the reminder job twice sends nothing twice."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    offset = models.SmallIntegerField(_("working days from the deadline"))
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.JSONField(_("recipients"), default=list)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["submission", "kind", "offset"], name="reminderlog_once")]

    def __str__(self) -> str:
        return f"{self.submission_id} {self.kind} {self.offset:+d}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Imported")
    CHECKED = "checked", _("Checked (dry run), nothing imported")
    REJECTED = "rejected", _("Rejected, nothing imported")
    FAILED = "failed", _("Failed, nothing imported")


class ImportJob(models.Model):
    """An uploaded file of values and what became of it. The file is imported all or nothing."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    format = models.CharField(_("format"), max_length=12)
    filename = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(max_length=500, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(max_length=64, editable=False)
    form = models.ForeignKey(ReportingForm, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
