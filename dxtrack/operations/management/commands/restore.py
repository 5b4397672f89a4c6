"""`dxtrack restore FILE`: load a backup into an empty, migrated database."""

import os
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.common.command import DxtrackCommand
from dxtrack.operations.backup import KEY_VARIABLE, BackupError, backup_restore
from dxtrack.operations.management.commands.backup import summary_line


class Command(DxtrackCommand):
    help = gettext_lazy("Restore a backup into an empty, migrated database (run “dxtrack migrate” first); refused with the reason otherwise.")

    def add_arguments(self, parser):
        parser.add_argument("file", help=gettext_lazy("the archive written by dxtrack backup"))

    def handle(self, *args, file: str, **options):
        try:
            summary = backup_restore(Path(file), key=os.environ.get(KEY_VARIABLE) or None)
        except BackupError as error:
            raise CommandError(_("Nothing was restored: %(reason)s") % {"reason": error}) from None
        self.stdout.write(_("Restored %(file)s: %(summary)s") % {"file": file, "summary": summary_line(summary)})
