"""Generated report files, kept with the inputs that made them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Generating")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportFormat(models.TextChoices):
    DOCX = "docx", "DOCX (Word)"
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX (Excel)"


LANGUAGE_CHOICES = (("vi", _("Vietnamese")), ("en", _("English")))


class ReportFile(models.Model):
    """One generation of a progress report: its inputs (programme and the version of its
    definition, as-of date, language, format, who, when) and, once done, the file's path,
    size and SHA-256; a failed generation keeps its reason and no file."""

    programme = models.ForeignKey("programmes.Programme", on_delete=models.PROTECT, related_name="report_files")
    programme_version = models.PositiveIntegerField(_("programme version"), null=True, blank=True,
                                                    help_text=_("the programme definition's history record"))
    as_of = models.DateField(_("as of"))
    language = models.CharField(_("language"), max_length=8)
    format = models.CharField(_("format"), max_length=8, choices=ReportFormat.choices)
    issued_on = models.DateField(_("document date"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("requested at"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    updated_at = models.DateTimeField(_("last progress"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    stored_path = models.CharField(max_length=300, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    error = models.TextField(_("reason"), blank=True)
    is_public = models.BooleanField(_("published on the portal"), default=False,
                                    help_text=_("anyone may download it, for a public programme"))

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(format__in=ReportFormat.values), name="reportfile_format_known"),
            models.CheckConstraint(condition=~models.Q(status="done") | ~models.Q(sha256=""), name="reportfile_done_has_checksum"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.as_of} {self.format} ({self.status})"

    @property
    def language_name(self) -> str:
        return str(dict(LANGUAGE_CHOICES).get(self.language, self.language))
