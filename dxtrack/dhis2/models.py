"""DHIS2 identifiers of our objects, stored so that they never change.

A DHIS2 client keeps the UIDs it read (in its own database, in a script's mapping table), so a
UID must stay the same for as long as the object exists. They live here, keyed by content
type and object id, rather than as a column on each app's model: the other apps need not
know DHIS2 exists. The DHIS2 defaults (the default category option combo and its category
combo), which are no object of ours, are rows with a `name` instead.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Dhis2Uid(models.Model):
    uid = models.CharField(_("DHIS2 UID"), max_length=11, unique=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    # For the DHIS2 defaults that are no object of ours, e.g. "default_category_option_combo".
    name = models.CharField(max_length=40, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("DHIS2 UID")
        verbose_name_plural = _("DHIS2 UIDs")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="dhis2uid_one_per_object"),
            models.CheckConstraint(
                condition=Q(name__isnull=True, content_type__isnull=False, object_id__isnull=False)
                | Q(name__isnull=False, content_type__isnull=True, object_id__isnull=True),
                name="dhis2uid_object_or_name",
            ),
            models.CheckConstraint(condition=Q(uid__regex=r"^[A-Za-z][A-Za-z0-9]{10}$"), name="dhis2uid_shape"),
        ]

    def __str__(self) -> str:
        return f"{self.uid} → {self.name or f'{self.content_type_id}/{self.object_id}'}"


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed, nothing imported")


class Dhis2Job(models.Model):
    """A dataValueSets import sent with `async=true`: its body waits on disk for the worker;
    the client polls system/tasks/DATAVALUE_IMPORT/<uid> and reads the summary at
    system/taskSummaries/DATAVALUE_IMPORT/<uid>."""

    uid = models.CharField(max_length=11, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    # strategy, dryRun, body format, id schemes, firstRowIsHeader, language
    parameters = models.JSONField(default=dict)
    body_path = models.CharField(max_length=500, editable=False)
    summary = models.JSONField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("DHIS2 import job")
        verbose_name_plural = _("DHIS2 import jobs")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="dhis2job_status_known")]

    def __str__(self) -> str:
        return f"{self.uid} ({self.get_status_display()})"
