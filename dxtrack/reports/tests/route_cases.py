"""Route cases of the reports pages (collected by accounts/tests/test_route_matrix.py).

Leaders and programme officers of the programme's area make and read its reports; a reporter
who sees the programme gets 403; who may not see the programme at all gets 404."""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from dxtrack.accounts.tests.route_matrix import TO_LOGIN, Case, everyone
from dxtrack.reports.models import ReportFile

LEADERS_ONLY_PUBLIC = {"anonymous": TO_LOGIN, "enterprise": 403, "reporter_a": 403, "reporter_b": 403, "leader": 200}
LEADERS_ONLY_PRIVATE = {**LEADERS_ONLY_PUBLIC, "enterprise": 404}


def report_file_of_private_programme(world) -> list[int]:
    """A finished report of the province's internal programme, with its file on disk."""
    entry = ReportFile.objects.create(
        programme=world.private_programme, as_of=date(2024, 12, 31), language="vi", format="xlsx",
        issued_on=date(2026, 2, 5), created_by=world.people["leader"], created_at=timezone.now(), status="done",
        progress=100, stored_path="route-case.xlsx", size=4, sha256="0" * 64,
    )
    folder = Path(settings.DATA_DIR) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "route-case.xlsx").write_bytes(b"PK\x03\x04")
    return [entry.pk]


def published_report(world) -> list[int]:
    """A published report of the public programme."""
    entry = ReportFile.objects.create(
        programme=world.public_programme, as_of=date(2024, 12, 31), language="vi", format="xlsx",
        issued_on=date(2026, 2, 5), created_by=world.people["leader"], created_at=timezone.now(), status="done",
        progress=100, stored_path="route-case-public.xlsx", size=4, sha256="1" * 64, is_public=True,
    )
    folder = Path(settings.DATA_DIR) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "route-case-public.xlsx").write_bytes(b"PK\x03\x04")
    return [entry.pk]


ROUTE_CASES = {
    "reports:report_list": [
        Case(args=lambda w: [w.public_programme.code], expect=LEADERS_ONLY_PUBLIC),
        Case(args=lambda w: [w.private_programme.code], expect=LEADERS_ONLY_PRIVATE),
        Case(args=["NO-SUCH-PLAN"], expect={**everyone(404), "anonymous": TO_LOGIN}),
    ],
    "reports:report_generate": [
        Case(args=lambda w: [w.private_programme.code], expect={**everyone(405), "anonymous": TO_LOGIN},
             note="generating is a POST; nothing changes on GET"),
        Case(args=lambda w: [w.private_programme.code], method="post",
             data={"as_of": "2024-12-31", "language": "vi", "format": "xlsx"},
             expect={**LEADERS_ONLY_PRIVATE, "leader": 302}, note="queued, then the progress page"),
        Case(args=lambda w: [w.private_programme.code], method="post",
             data={"as_of": "2999-12-31", "language": "vi", "format": "xlsx"},
             expect={**LEADERS_ONLY_PRIVATE, "leader": 400}, note="an as-of date in the future is refused"),
    ],
    "reports:report_detail": [Case(args=report_file_of_private_programme, expect=LEADERS_ONLY_PRIVATE)],
    "reports:report_progress": [Case(args=report_file_of_private_programme, expect=LEADERS_ONLY_PRIVATE)],
    "reports:report_download": [Case(args=report_file_of_private_programme, expect=LEADERS_ONLY_PRIVATE)],
    # The portal: published reports of public programmes, for everyone; nothing else.
    "reports:public_report_list": [
        Case(args=lambda w: [w.public_programme.code], expect=everyone(200)),
        Case(args=lambda w: [w.private_programme.code], expect=everyone(404), note="an internal programme has no portal page"),
    ],
    "reports:public_report_download": [
        Case(args=published_report, expect=everyone(200)),
        Case(args=report_file_of_private_programme, expect=everyone(404), note="not published"),
    ],
}
