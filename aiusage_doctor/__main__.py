"""`python -m aiusage_doctor` behaves exactly like the `aiusage-doctor` command."""

import sys

from aiusage_doctor.cli import main

sys.exit(main())
