#!/usr/bin/env python
"""Django's command-line utility; `dxtrack` (see dxtrack/cli.py) is the same for installed use."""

from dxtrack.cli import main

if __name__ == "__main__":
    main()
