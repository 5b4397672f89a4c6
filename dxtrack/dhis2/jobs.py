"""Imports sent with `async=true`, as DHIS2 runs them: accepted at once, run by the worker
(`dxtrack db_worker`, Django Tasks' database backend), polled by the client.

- `job_create` keeps the body under DATA_DIR/dhis2-jobs/<uid> and queues the task; the answer
  is DHIS2's "Initiated DATAVALUE_IMPORT" WebMessage with `relativeNotifierEndpoint`;
- `job_run` (the task) reads and imports the body exactly as a synchronous POST would, stores
  the ImportSummary and removes the body;
- `job_notifications` are DHIS2's task notifications (newest first, `completed` on the last);
  the summary is the answer of system/taskSummaries/DATAVALUE_IMPORT/<uid>.

Only the user who sent the import (or a superuser) may see its job.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dxtrack.dhis2.bodies import body_read
from dxtrack.dhis2.exporting import dhis2_timestamp
from dxtrack.dhis2.idschemes import request_schemes
from dxtrack.dhis2.importing import import_recorded
from dxtrack.dhis2.models import Dhis2Job, JobStatus
from dxtrack.dhis2.uids import uid_generate
from dxtrack.dhis2.webmessage import Dhis2Error, web_message_body

logger = logging.getLogger(__name__)

JOB_TYPE = "DATAVALUE_IMPORT"


def _directory() -> Path:
    return Path(settings.DATA_DIR) / "dhis2-jobs"


def job_create(*, user: Any, spool: IO[bytes], parameters: dict[str, Any]) -> Dhis2Job:
    from dxtrack.dhis2.tasks import dhis2_import_task

    uid = uid_generate()
    directory = _directory()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / uid
    with path.open("wb") as out:
        shutil.copyfileobj(spool, out)
    job = Dhis2Job.objects.create(
        uid=uid, created_by=user, created_at=timezone.now(), parameters=parameters, body_path=str(path),
    )
    transaction.on_commit(lambda: dhis2_import_task.enqueue(job.pk))
    return job


def job_accepted(request: HttpRequest, job: Dhis2Job) -> dict[str, Any]:
    return web_message_body(200, _("Initiated %(type)s") % {"type": JOB_TYPE}, response={
        "name": JOB_TYPE, "id": job.uid, "created": dhis2_timestamp(job.created_at), "jobType": JOB_TYPE,
        "relativeNotifierEndpoint": f"/api/system/tasks/{JOB_TYPE}/{job.uid}",
    })


def job_run(job_id: int) -> str:
    """Import the job's body; returns its final status."""
    job = Dhis2Job.objects.select_related("created_by").get(pk=job_id)
    if job.status != JobStatus.PENDING:
        return job.status
    Dhis2Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    parameters = job.parameters
    path = Path(job.body_path)
    with translation.override(parameters.get("language", "vi")):
        try:
            with path.open("rb") as spool:
                body = body_read(spool, parameters["format"], header=parameters.get("firstRowIsHeader", True))
            schemes = request_schemes({**body.attributes, **parameters.get("query", {})})
            status, message = import_recorded(
                body=body, schemes=schemes, user=job.created_by, strategy=parameters["strategy"],
                dry_run=parameters["dryRun"], kind=parameters["format"],
            )
            outcome = JobStatus.DONE
        except Dhis2Error as error:
            status, message, outcome = error.status_code, web_message_body(error.status_code, error.message), JobStatus.FAILED
        except Exception:
            logger.exception("DHIS2 import job %s failed", job.uid)
            message = web_message_body(500, _("The import failed on the server; nothing was imported."))
            status, outcome = 500, JobStatus.FAILED
    path.unlink(missing_ok=True)
    Dhis2Job.objects.filter(pk=job.pk).update(
        status=outcome, summary={"httpStatusCode": status, **message}, finished_at=timezone.now(),
    )
    return outcome


def job_for(user: Any, uid: str) -> Dhis2Job | None:
    jobs = Dhis2Job.objects.filter(uid=uid)
    if not user.is_superuser:
        jobs = jobs.filter(created_by=user)
    return jobs.first()


def job_notifications(job: Dhis2Job) -> list[dict[str, Any]]:
    """DHIS2's notifications of the job, newest first."""
    started = {
        "uid": f"{job.uid}-1", "id": job.uid, "level": "INFO", "category": JOB_TYPE, "time": dhis2_timestamp(job.created_at),
        "message": _("Import queued"), "completed": False, "dataType": "PARAMETERS",
    }
    if job.status in (JobStatus.PENDING, JobStatus.RUNNING):
        if job.status == JobStatus.RUNNING:
            return [{**started, "uid": f"{job.uid}-2", "message": _("Importing")}, started]
        return [started]
    summary = job.summary or {}
    done = job.status == JobStatus.DONE and summary.get("status") == "OK"
    return [{
        **started, "uid": f"{job.uid}-3", "level": "INFO" if done else "ERROR",
        "time": dhis2_timestamp(job.finished_at or job.created_at), "completed": True,
        "message": summary.get("message", ""),
    }, started]
