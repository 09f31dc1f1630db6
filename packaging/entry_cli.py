"""Frozen-bundle entry point for `aiusage-doctor` (CLI; starts the wizard without a command)."""

import sys

from aiusage_doctor.cli import main

if __name__ == "__main__":
    sys.exit(main())
