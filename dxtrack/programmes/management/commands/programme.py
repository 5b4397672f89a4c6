"""`dxtrack programme load FILE [--dry-run]` and `dxtrack programme export CODE --format yaml|json`.

Messages come in the user's language: `--language`, else the locale's (LC_ALL, LC_MESSAGES,
LANG) when it is Vietnamese or English, else the site default.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.common.command import DxtrackCommand
from dxtrack.common.numbers import count_shown
from dxtrack.programmes.definition import ProgrammeDefinitionInvalid, document_read
from dxtrack.programmes.models import Programme
from dxtrack.programmes.services import KINDS, Counts, LoadResult, programme_export, programme_load


def _counts_shown(counts: Counts) -> dict[str, str]:
    return {name: count_shown(number) for name, number in vars(counts).items()}


class Command(DxtrackCommand):
    help = gettext_lazy("Load a programme definition file, or export a programme in that format.")

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="{load,export}")

        load = subcommands.add_parser("load", help=gettext_lazy("check a YAML/JSON file and load all of it or nothing"))
        load.add_argument("file", help=gettext_lazy("programme definition file (.yaml, .yml or .json)"))
        load.add_argument("--dry-run", action="store_true", help=gettext_lazy("check and count the changes, save nothing"))

        export = subcommands.add_parser("export", help=gettext_lazy("write a programme in the definition format"))
        export.add_argument("code", help=gettext_lazy("programme code, e.g. 05-NQ/TU"))
        export.add_argument("--format", choices=["yaml", "json"], default="yaml")
        export.add_argument("--output", "-o", help=gettext_lazy("file to write (default: standard output)"))
        for subcommand in (load, export):
            subcommand.add_argument(
                "--language", choices=[code for code, _name in settings.LANGUAGES],
                help=gettext_lazy("language of messages (default: the terminal's locale, else the site's)"),
            )

    def handle(self, *args: Any, **options: Any) -> None:
        # The terminal's language is set once for every command by dxtrack.cli.
        with translation.override(options.get("language") or translation.get_language()):
            if options["subcommand"] == "load":
                self.load(options["file"], dry_run=options["dry_run"])
            else:
                self.export(options["code"], format=options["format"], output=options.get("output"))

    def load(self, path: str, *, dry_run: bool) -> None:
        try:
            result = programme_load(document=document_read(path=path), dry_run=dry_run)
        except ProgrammeDefinitionInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)s error(s) in %(file)s; nothing was loaded") % {"count": count_shown(len(invalid.errors)), "file": path}
            ) from None
        self.stdout.write(self.summary(result, path))

    def summary(self, result: LoadResult, path: str) -> str:
        names = {
            "programme": _("programme"),
            "pillars": _("pillars"),
            "indicators": _("indicators"),
            "targets": _("targets"),
            "baselines": _("baselines"),
            "milestones": _("milestones"),
        }
        lines = [_("Programme %(code)s from %(file)s:") % {"code": result.programme.code, "file": path}]
        for kind in KINDS:
            counts = result.counts[kind]
            lines.append(
                "  "
                + _("%(what)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(removed)s removed")
                % {"what": names[kind], **_counts_shown(counts)}
            )
        total = result.total
        lines.append(
            _("Total: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(removed)s removed.")
            % _counts_shown(total)
        )
        if result.dry_run:
            lines.append(_("Dry run: nothing was saved."))
        elif not result.changed:
            lines.append(_("Nothing changed."))
        return "\n".join(lines)

    def export(self, code: str, *, format: str, output: str | None) -> None:  # noqa: A002
        programme = Programme.objects.filter(code=code).select_related("area").first()
        if programme is None:
            raise CommandError(_('no programme with code "%(code)s"') % {"code": code})
        text = programme_export(programme=programme, format=format)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
