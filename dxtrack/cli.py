"""The `dxtrack` console script: the project's commands first, in the terminal's language.

`dxtrack orgunits import-vn`, `dxtrack programme load FILE`, `dxtrack demo`, `dxtrack progress`
are ordinary management commands in the apps; this entry point points Django at the project's
settings (so the script works from any directory), speaks the terminal's language (LC_ALL,
LC_MESSAGES, LANG) in help and messages, and lists dxtrack's own commands before Django's.
"""

import os
import sys
import textwrap


def gettext_noop(message: str) -> str:
    """Marks a message for makemessages; Django's own needs settings, not loaded yet here."""
    return message

# argparse's own words ("usage:", "options", the errors) go through our catalogues; listed here
# so that makemessages keeps them (argparse calls them through its module-level `_`).
ARGPARSE_MESSAGES = (
    gettext_noop("usage: "),
    gettext_noop("positional arguments"),
    gettext_noop("options"),
    gettext_noop("show this help message and exit"),
    gettext_noop("the following arguments are required: %s"),
    gettext_noop("unrecognized arguments: %s"),
    gettext_noop("invalid choice: %(value)r (choose from %(choices)s)"),
    gettext_noop("argument %(argument_name)s: %(message)s"),
    gettext_noop("expected one argument"),
    gettext_noop("%(prog)s: error: %(message)s\n"),
)
HELP_WORDS = ([], ["help"], ["-h"], ["--help"])


def terminal_language(environ: dict[str, str], available: list[str], default: str) -> str:
    """The language of the terminal's locale (LC_ALL, LC_MESSAGES, LANG) if we speak it.

    >>> terminal_language({"LANG": "en_US.UTF-8"}, ["vi", "en"], "vi")
    'en'
    >>> terminal_language({"LC_ALL": "C.UTF-8", "LANG": "en_US.UTF-8"}, ["vi", "en"], "vi")
    'vi'
    """
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            language = value.split(".")[0].split("_")[0].lower()
            return language if language in available else default
    return default


def main_help(prog: str) -> str:
    """What `dxtrack` and `dxtrack help` print: our commands with their help, then Django's names."""
    from django.core.management import get_commands, load_command_class
    from django.utils.translation import gettext as _

    ours, others = [], []
    for name, app in sorted(get_commands().items()):
        if app.startswith("dxtrack."):
            ours.append((name, str(load_command_class(app, name).help).strip().split("\n")[0]))
        else:
            others.append(name)
    width = max(len(name) for name, _help in ours)
    lines = [
        _("dxtrack: follow a digital-transformation programme, its figures and its reports."),
        "",
        _("Usage: %(prog)s COMMAND [options]. “%(prog)s help COMMAND” describes one command.") % {"prog": prog},
        "",
        _("dxtrack commands:"),
        *(f"  {name.ljust(width)}  {text}" for name, text in ours),
        "",
        _("Other commands (Django's, for developers and administrators):"),
        textwrap.fill(", ".join(others), width=96, initial_indent="  ", subsequent_indent="  "),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import argparse

    import django
    from django.conf import settings
    from django.core.management import execute_from_command_line
    from django.utils import translation

    django.setup()
    # Messages of every command (bad files, refused imports) and their help in the user's language.
    translation.activate(terminal_language(dict(os.environ), [code for code, _ in settings.LANGUAGES], settings.LANGUAGE_CODE))
    argparse._ = translation.gettext  # type: ignore[attr-defined]
    if sys.argv[1:] in HELP_WORDS:
        sys.stdout.write(main_help(os.path.basename(sys.argv[0]) if not sys.argv[0].endswith(".py") else "dxtrack"))
        return
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
