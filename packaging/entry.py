"""Frozen-bundle entry point of both programs.

The name the program was started by picks it: `aiusage-doctor-gui…` opens the wizard,
anything else is the CLI (which also opens the wizard when run without a command). On
Linux the bundle has a single executable and `aiusage-doctor-gui` is a symlink to it:
a console/windowed split only matters on Windows and macOS, and a second executable
would carry a second 7 MB copy of the Python archive.
"""

import os
import sys


def main() -> int:
    if os.path.basename(sys.argv[0]).lower().startswith("aiusage-doctor-gui"):
        from aiusage_doctor.gui.app import main as gui_main

        return gui_main()
    from aiusage_doctor.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
