"""The base of dxtrack's own management commands: help in the terminal's language.

Django adds options every command shares (--settings, --pythonpath, --traceback, --no-color,
--force-color, --skip-checks, --version) that are for developers; our commands still accept
them but do not list them, and the one people use, -v, is described in their language.
"""

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext_lazy

DEVELOPER_OPTIONS = {"--settings", "--pythonpath", "--traceback", "--no-color", "--force-color", "--skip-checks", "--version"}


class DxtrackCommand(BaseCommand):
    suppressed_base_arguments = DEVELOPER_OPTIONS

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # argparse needs plain text: lazy help is turned into the active language's here.
        parser.description = str(self.help) if self.help else None
        for action in parser._actions:
            if action.dest == "skip_checks":
                action.help = argparse.SUPPRESS
            if action.dest == "verbosity":
                action.help = str(gettext_lazy("how much to print: 0 little, 1 normal, 2 more, 3 everything"))
        return parser
