"""`dxtrack backup FILE`, `dxtrack backup verify FILE`, `dxtrack backup --new-key`."""

import os
from decimal import Decimal
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from dxtrack.common.command import DxtrackCommand
from dxtrack.common.numbers import count_shown, number_shown, seconds_shown
from dxtrack.operations.backup import (
    KEY_VARIABLE,
    BackupError,
    BackupSummary,
    backup_create,
    backup_verify,
)


def summary_line(summary: BackupSummary) -> str:
    language = get_language() or "vi"
    return _("%(tables)s tables, %(rows)s rows, %(files)s files, %(size)s MB, %(seconds)s s%(encrypted)s.") % {
        "tables": count_shown(summary.tables),
        "rows": count_shown(summary.rows),
        "files": count_shown(summary.files),
        "size": number_shown(Decimal(f"{summary.size / 1024 / 1024:.1f}"), language=language),
        "seconds": seconds_shown(summary.seconds),
        "encrypted": _(", encrypted") if summary.encrypted else "",
    }


class Command(DxtrackCommand):
    help = gettext_lazy(
        "Write everything (data, history, users, audit log, files) to one archive: “backup FILE”; "
        "check one: “backup verify FILE”. With DXTRACK_BACKUP_KEY set, the archive is encrypted."
    )

    def add_arguments(self, parser):
        parser.add_argument("words", nargs="*", metavar="[verify] FILE", help=gettext_lazy("the archive to write, or “verify” and the archive to check"))
        parser.add_argument("--new-key", action="store_true", help=gettext_lazy("print a new encryption key for DXTRACK_BACKUP_KEY and exit"))

    def handle(self, *args, words: list[str], new_key: bool, **options):
        if new_key:
            self.stdout.write(globals()["new_key"]())
            return
        key = os.environ.get(KEY_VARIABLE) or None
        try:
            if len(words) == 2 and words[0] == "verify":
                summary = backup_verify(Path(words[1]), key=key)
                self.stdout.write(_("%(file)s is a complete, intact backup: %(summary)s") % {"file": words[1], "summary": summary_line(summary)})
            elif len(words) == 1 and words[0] != "verify":
                summary = backup_create(Path(words[0]), key=key)
                self.stdout.write(_("Backup written to %(file)s: %(summary)s") % {"file": words[0], "summary": summary_line(summary)})
            else:
                raise CommandError(_("Usage: dxtrack backup FILE, or dxtrack backup verify FILE."))
        except BackupError as error:
            raise CommandError(str(error)) from None
