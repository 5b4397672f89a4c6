"""The enterprise registry: one row per enterprise (or household business), keyed by its
identifier, with what the Decree 80 size class and the indicators need."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dxtrack.common.i18n import localised
from dxtrack.enterprises.identifiers import IdentifierType, identifier_display, identifier_masked
from dxtrack.enterprises.sizes import SizeClass
from dxtrack.reporting.models import ImportStatus


class LegalForm(models.TextChoices):
    """The forms of the Law on Enterprises 2020, plus cooperatives and household businesses."""

    PRIVATE = "dntn", _("Private enterprise")
    PARTNERSHIP = "hop_danh", _("Partnership")
    LLC_ONE = "tnhh1", _("Single-member limited liability company")
    LLC_MANY = "tnhh2", _("Multi-member limited liability company")
    JOINT_STOCK = "co_phan", _("Joint-stock company")
    COOPERATIVE = "htx", _("Cooperative")
    HOUSEHOLD = "hkd", _("Household business")


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    DISSOLVED = "dissolved", _("Dissolved")


class Enterprise(models.Model):
    identifier_type = models.CharField(
        _("identifier type"), max_length=12, choices=IdentifierType.choices, default=IdentifierType.TAX_CODE
    )
    # Compact digits: 10 or 13 for an MST, 12 for a personal ID.
    tax_code = models.CharField(_("tax code or personal ID"), max_length=13, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    # Lower-case, unaccented name and code ("cong ty tnhh ..."), for accent-insensitive search
    # (LIKE %word%: no B-tree helps; PostgreSQL has a trigram index, migration 0006).
    search_text = models.CharField(max_length=700, editable=False, default="")
    legal_form = models.CharField(_("legal form"), max_length=12, choices=LegalForm.choices)
    vsic = models.CharField(_("VSIC code"), max_length=5, db_index=True, help_text=_("main business line"))
    vsic_version = models.CharField(_("VSIC version"), max_length=4, default="2018")
    employees = models.PositiveIntegerField(_("employees with social insurance"))
    revenue_vnd = models.BigIntegerField(_("revenue (VND)"), null=True, blank=True)
    capital_vnd = models.BigIntegerField(_("capital (VND)"), null=True, blank=True)
    size_class = models.CharField(_("size class"), max_length=8, choices=SizeClass.choices, db_index=True)
    ward = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("ward"), on_delete=models.PROTECT, related_name="enterprises",
    )
    ward_before_2025 = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("ward before 1 July 2025"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="enterprises_before_2025",
    )
    ward_input = models.CharField(_("ward as given"), max_length=300, help_text=_("the code or address imported"))
    status = models.CharField(_("status"), max_length=12, choices=EnterpriseStatus.choices, default=EnterpriseStatus.ACTIVE)
    status_since = models.DateField(_("status since"), null=True, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    is_it = models.BooleanField(_("IT enterprise"), default=False)
    # KTS-04 (share of enterprises using e-contracts): from the registry file or the enterprise's
    # own answer; None is "not known", left out of the share's denominator.
    uses_e_contracts = models.BooleanField(_("uses e-contracts"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False, help_text=_("synthetic demo data (dữ liệu mẫu)"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name_vi"]
        # name_vi, id: the search's order, so a frequent match reads its first page off the index.
        indexes = [models.Index(fields=["ward", "size_class"]), models.Index(fields=["name_vi", "id"])]
        constraints = [
            models.CheckConstraint(condition=Q(identifier_type__in=IdentifierType.values), name="enterprise_identifier_type_known"),
            models.CheckConstraint(condition=Q(legal_form__in=LegalForm.values), name="enterprise_legal_form_known"),
            models.CheckConstraint(condition=Q(status__in=EnterpriseStatus.values), name="enterprise_status_known"),
            models.CheckConstraint(condition=Q(size_class__in=SizeClass.values), name="enterprise_size_class_known"),
            # Only a household business may be identified by a personal ID.
            models.CheckConstraint(
                condition=~Q(identifier_type=IdentifierType.PERSONAL_ID) | Q(legal_form=LegalForm.HOUSEHOLD),
                name="enterprise_personal_id_household_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_vi} ({self.identifier_masked})"

    @property
    def name(self) -> str:
        return localised(self.name_vi, self.name_en)

    @property
    def identifier_masked(self) -> str:
        """What lists show: an MST as written, a personal ID masked."""
        return identifier_masked(self.identifier_type, self.tax_code)

    @property
    def identifier_display(self) -> str:
        """The identifier in full: showing a personal ID so must be audited by the caller."""
        return identifier_display(self.identifier_type, self.tax_code)

    @property
    def is_personal_id(self) -> bool:
        return self.identifier_type == IdentifierType.PERSONAL_ID


class EnterpriseImport(models.Model):
    """One run of the registry import: who, what file, what it did (the error report is kept).

    A run from the command line is recorded when it ends; an upload on the web is a row from
    the start (status pending → running → done / checked / rejected / failed, the statuses of
    the values import), its file under DATA_DIR/imports/ until it ends (import_jobs.py)."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    filename = models.CharField(_("file"), max_length=255)
    dry_run = models.BooleanField(_("dry run"), default=False)
    accepted = models.BooleanField(_("accepted"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.DONE)
    format = models.CharField(_("format"), max_length=12, blank=True)
    stored_path = models.CharField(max_length=500, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    rows_total = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text=_("example rows of the template, not imported"))
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an officer")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class EnterpriseMembership(models.Model):
    """A person's claim to act for an enterprise; only a verified claim gives access to it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enterprise_memberships")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(_("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING)
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enterprise account")
        verbose_name_plural = _("enterprise accounts")
        constraints = [
            models.UniqueConstraint(fields=["user", "enterprise"], name="membership_unique_user_enterprise"),
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values), name="membership_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.enterprise} ({self.status})"


class ConsentPurpose(models.TextChoices):
    """The purposes a person is asked about, one box each, never ticked in advance (Law 91/2025)."""

    ACCOUNT = "account", _("Processing my name and e-mail to run my enterprise account")
    PROGRAMMES = "programmes", _("Being contacted about support programmes I may be eligible for")
    BENCHMARK = "benchmark", _("Using my enterprise's assessment results, without its name, in peer benchmarks")


class ConsentRecord(models.Model):
    """Append-only: each answer to a purpose is a new row (who, when, what, which wording)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    granted = models.BooleanField(_("granted"))
    wording = models.TextField(_("wording shown"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-recorded_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(purpose__in=ConsentPurpose.values), name="consent_purpose_known")]

    def __str__(self) -> str:
        return f"{self.user} · {self.purpose} · {self.granted}"


class AssessmentFramework(models.Model):
    """One version of a maturity framework, loaded from its data file (frameworks/*.yaml)."""

    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    # "title" of a framework is its name, not a document's (the programmes' sense): a context of its own.
    title_vi = models.CharField(pgettext_lazy("framework", "title (Vietnamese)"), max_length=300)
    title_en = models.CharField(pgettext_lazy("framework", "title (English)"), max_length=300, blank=True)
    provisional = models.BooleanField(_("provisional scoring"), default=False)
    definition = models.JSONField(_("definition"))
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("maturity framework")
        verbose_name_plural = _("maturity frameworks")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="framework_unique_code_version")]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def title(self) -> str:
        return localised(self.title_vi, self.title_en)


class AnswersAreImmutable(Exception):
    pass


class Assessment(models.Model):
    """One self-assessment: the raw answers as given, never changed (rescoring reads them)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="assessments")
    framework = models.ForeignKey(AssessmentFramework, on_delete=models.PROTECT, related_name="assessments",
                                  help_text=_("the version the questions were answered in"))
    answers = models.JSONField(_("answers"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("maturity assessment")
        verbose_name_plural = _("maturity assessments")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.framework} · {self.submitted_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AnswersAreImmutable("an assessment's answers are kept as given")
        super().save(*args, **kwargs)


class AssessmentResult(models.Model):
    """The scores of an assessment under one framework version; a rescoring adds a row."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    framework = models.ForeignKey(AssessmentFramework, on_delete=models.PROTECT, related_name="results",
                                  help_text=_("the version whose scoring rules computed it"))
    dimension_scores = models.JSONField(_("dimension scores"))
    overall = models.DecimalField(_("overall score"), max_digits=6, decimal_places=2)
    band = models.CharField(pgettext_lazy("maturity", "level"), max_length=40)  # a maturity level, not a tier of units
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        constraints = [models.UniqueConstraint(fields=["assessment", "framework"], name="result_unique_per_version")]

    def __str__(self) -> str:
        return f"{self.assessment} → {self.overall} ({self.band})"


class SupportProgramme(models.Model):
    """A support programme with its funding source and budget (e.g. the 2024 central SME support)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=300)
    budget_vnd = models.BigIntegerField(_("budget (VND)"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # What the programme promised (the 2024 central SME support: more than 8,000 trained, 800 consulted).
    target_trained = models.PositiveIntegerField(_("enterprises to train"), default=0)
    target_consulted = models.PositiveIntegerField(_("enterprises to consult"), default=0)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("support programme")
        verbose_name_plural = _("support programmes")
        constraints = [models.CheckConstraint(condition=Q(budget_vnd__gte=0), name="support_budget_not_negative")]

    def __str__(self) -> str:
        return f"{self.code} {self.name_vi}"

    @property
    def name(self) -> str:
        return localised(self.name_vi, self.name_en)


class ActivityKind(models.TextChoices):
    TRAINING_IN_PERSON = "training_in_person", _("Training course, in person")
    TRAINING_ONLINE = "training_online", _("Training course, online")
    CONSULTING = "consulting", _("Consulting engagement")
    VOUCHER = "voucher", _("Platform voucher")


class SupportActivity(models.Model):
    programme = models.ForeignKey(SupportProgramme, on_delete=models.PROTECT, related_name="activities")
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    budget_vnd = models.BigIntegerField(_("budget (VND)"))
    cost_per_enterprise_vnd = models.BigIntegerField(_("cost per enterprise (VND)"), help_text=_("courses and consulting"))
    # Vouchers: the programme pays `fee_share` of a platform's fee, at most `cap_per_enterprise_vnd`.
    fee_share = models.DecimalField(_("share of the fee paid"), max_digits=4, decimal_places=3, null=True, blank=True)
    cap_per_enterprise_vnd = models.BigIntegerField(_("cap per enterprise (VND)"), null=True, blank=True)
    # Who may apply, as data (eligibility.py documents the keys); empty: every enterprise.
    eligibility = models.JSONField(_("eligibility rules"), default=dict, blank=True)

    class Meta:
        verbose_name = _("support activity")
        verbose_name_plural = _("support activities")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="activity_unique_code"),
            models.CheckConstraint(condition=Q(kind__in=ActivityKind.values), name="activity_kind_known"),
            models.CheckConstraint(condition=Q(fee_share__isnull=True) | (Q(fee_share__gt=0) & Q(fee_share__lte=1)),
                                   name="activity_fee_share_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code}/{self.code}"

    @property
    def name(self) -> str:
        return localised(self.name_vi, self.name_en)


class EnrolmentStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")


# The enrolments whose amount is spent (or committed) against the budget.
COMMITTED = (EnrolmentStatus.APPROVED, EnrolmentStatus.COMPLETED)


class Enrolment(models.Model):
    activity = models.ForeignKey(SupportActivity, on_delete=models.PROTECT, related_name="enrolments")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(_("status"), max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.APPLIED)
    amount_vnd = models.BigIntegerField(_("amount (VND)"))
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason for rejection"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True, help_text=_("what the enterprise took away, as the officer recorded it"))
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["activity", "enterprise"], name="enrolment_once_per_activity"),
            models.CheckConstraint(condition=Q(status__in=EnrolmentStatus.values), name="enrolment_status_known"),
            models.CheckConstraint(condition=Q(amount_vnd__gte=0), name="enrolment_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.activity} · {self.status}"
