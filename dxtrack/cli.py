"""The `dxtrack` console script: Django's management commands plus the project's own.

`dxtrack orgunits import-vn`, `dxtrack programme load FILE`, `dxtrack demo`, `dxtrack progress`
are ordinary management commands in the apps; this entry point only points Django at the
project's settings so that the script works from any directory.
"""

import os
import sys


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


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings
    from django.core.management import execute_from_command_line
    from django.utils import translation

    django.setup()
    # Messages of every command (bad files, refused imports) in the user's language.
    translation.activate(terminal_language(dict(os.environ), [code for code, _ in settings.LANGUAGES], settings.LANGUAGE_CODE))
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
