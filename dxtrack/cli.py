"""The `dxtrack` console script: Django's management commands plus the project's own.

`dxtrack orgunits import-vn`, `dxtrack programme load FILE`, `dxtrack demo`, `dxtrack progress`
are ordinary management commands in the apps; this entry point only points Django at the
project's settings so that the script works from any directory.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
