"""Logging that is safe to attach to a support ticket.

Logs go to the platform's log directory and rotate; every handler carries the
redacting filter, so a secret that slips into a message (an exception text, a URL)
is masked before it is written anywhere. `--verbose` adds stderr at DEBUG: the
HTTP adapter logs method, host and path there, never headers or query strings.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from platformdirs import user_log_dir

from aiusage_doctor.core.private_files import make_private, private_dir
from aiusage_doctor.core.redact import RedactingFilter

LOG_NAME = "aiusage-doctor.log"
_MARK = "_aiusage_doctor_handler"


def log_dir() -> Path:
    return Path(user_log_dir("aiusage-doctor", appauthor=False))


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file (the current one and each new one after a
    rotation) is readable by this user only."""

    def _open(self):  # type: ignore[no-untyped-def]
        stream = super()._open()
        make_private(Path(self.baseFilename))
        return stream


def setup_logging(*, verbose: bool = False, console: bool | None = None) -> Path | None:
    """Install the rotating, redacted file log (and stderr when verbose). Idempotent.

    Returns the log file path, or None when the log directory can't be written
    (read-only home): the app then logs to stderr only instead of failing.
    """
    root = logging.getLogger("aiusage_doctor")
    root.setLevel(logging.DEBUG)
    for handler in [h for h in root.handlers if getattr(h, _MARK, False)]:
        root.removeHandler(handler)
        handler.close()
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    path: Path | None = log_dir() / LOG_NAME
    try:
        private_dir(path.parent)
        file_handler: logging.Handler = _PrivateRotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        file_handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    except OSError:
        path = None
        file_handler = logging.NullHandler()
    handlers = [file_handler]
    if verbose if console is None else console:
        stream = logging.StreamHandler()
        stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
        handlers.append(stream)
    for handler in handlers:
        handler.setFormatter(fmt)
        handler.addFilter(RedactingFilter())
        setattr(handler, _MARK, True)
        root.addHandler(handler)
    root.propagate = False
    return path
