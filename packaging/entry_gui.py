"""Frozen-bundle entry point for `aiusage-doctor-gui` (no console window on Windows)."""

import sys

from aiusage_doctor.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
