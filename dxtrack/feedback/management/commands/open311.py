"""`dxtrack open311 key create NAME`: issue an API key to a third-party Open311 application and
print it (shown only this once; only its hash is kept). `dxtrack open311 key revoke PREFIX`."""

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.common.command import DxtrackCommand
from dxtrack.feedback.models import Open311Key
from dxtrack.feedback.open311.keys import open311_key_create


class Command(DxtrackCommand):
    help = gettext_lazy("Manage the API keys of Open311 GeoReport v2 applications.")

    def add_arguments(self, parser):
        keys = parser.add_subparsers(dest="noun", required=True).add_parser("key").add_subparsers(dest="verb", required=True)
        keys.add_parser("create").add_argument("name")
        keys.add_parser("revoke").add_argument("prefix")

    def handle(self, *args, noun: str, verb: str, **options):
        if verb == "create":
            name = options["name"].strip()
            if not name:
                raise CommandError(_("Give the application a name."))
            _record, plain = open311_key_create(name=name)
            self.stdout.write(plain)
            return
        revoked = Open311Key.objects.filter(prefix=options["prefix"], revoked_at__isnull=True).update(revoked_at=timezone.now())
        if not revoked:
            raise CommandError(_("No active key starts with %(prefix)s.") % {"prefix": options["prefix"]})
        self.stdout.write(_("Key revoked."))
