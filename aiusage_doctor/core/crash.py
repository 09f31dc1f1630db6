"""Last-resort handling of unexpected exceptions: write a redacted crash report, keep running.

A diagnostics tool that crashes while diagnosing is worse than useless, and a raw
traceback can carry a token (an f-string in a message, a URL with a key). So every
uncaught exception — in the main thread, another thread, an asyncio task, or a
destructor ("unraisable") — is written to a crash report that went through
`redact()`, and the GUI is told where it is. The process keeps running whenever
the exception did not already end it.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from aiusage_doctor import __version__
from aiusage_doctor.core.branding import APP_NAME
from aiusage_doctor.core.logs import log_dir
from aiusage_doctor.core.private_files import private_dir, write_private
from aiusage_doctor.core.redact import redact

if TYPE_CHECKING:  # annotations only: installing the hooks at start-up doesn't load asyncio
    import asyncio

log = logging.getLogger(__name__)

CrashListener = Callable[[str, Path | None], None]
"""Called with (one-line summary, crash report path or None) — e.g. the GUI's message box."""

_listeners: list[CrashListener] = []
_installed = False


def crash_dir() -> Path:
    return log_dir() / "crashes"


def write_crash_report(
    exc_type: type[BaseException],
    exc: BaseException | None,
    tb: TracebackType | None,
    *,
    where: str = "main thread",
    directory: Path | None = None,
) -> Path | None:
    """Write a redacted crash report and return its path (None if it can't be written)."""
    import platform  # only when something crashed: not on every start
    import traceback
    from datetime import UTC, datetime

    text = "".join(traceback.format_exception(exc_type, exc, tb))
    body = (
        f"{APP_NAME} {__version__} crash report\n"
        f"time: {datetime.now(UTC).isoformat(timespec='seconds')}\n"
        f"where: {where}\n"
        f"python: {platform.python_version()} on {platform.system()} {platform.release()}\n\n"
        f"{text}"
    )
    folder = directory or crash_dir()
    try:
        if directory is None:
            private_dir(log_dir())  # mkdir(parents=True) leaves parents at the default mode
        private_dir(folder)
        path = write_private(folder / f"crash-{datetime.now(UTC):%Y%m%d-%H%M%S-%f}.txt", redact(body))
    except OSError:
        log.error("could not write a crash report:\n%s", body)
        return None
    log.error("unexpected %s in %s; crash report: %s", exc_type.__name__, where, path)
    return path


def crash_summary(exc_type: type[BaseException], exc: BaseException | None) -> str:
    """One redacted line for a message box."""
    message = redact(str(exc)) if exc is not None and str(exc) else ""
    message = message.splitlines()[0][:200] if message else ""
    return f"{exc_type.__name__}: {message}" if message else exc_type.__name__


def _report(exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None, where: str) -> None:
    path = write_crash_report(exc_type, exc, tb, where=where)
    summary = crash_summary(exc_type, exc)
    for listener in list(_listeners):
        try:
            listener(summary, path)
        except Exception:  # a broken listener must not recurse into the hook
            log.exception("crash listener failed")


def add_listener(listener: CrashListener) -> None:
    _listeners.append(listener)


def remove_listener(listener: CrashListener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    _report(exc_type, exc, tb, "main thread")


def _threading_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "a thread"
    _report(args.exc_type, args.exc_value, args.exc_traceback, f"thread {name}")


def _unraisable_hook(unraisable: Any) -> None:
    exc = unraisable.exc_value
    if exc is None:
        return
    _report(type(exc), exc, unraisable.exc_traceback, f"unraisable ({unraisable.err_msg or 'destructor'})")


def asyncio_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """For `loop.set_exception_handler`: a failed task or callback becomes a crash report."""
    exc = context.get("exception")
    if exc is None:
        log.warning("asyncio: %s", redact(str(context.get("message", ""))))
        return
    _report(type(exc), exc, exc.__traceback__, f"asyncio ({context.get('message', 'task')})")


def install(loop: asyncio.AbstractEventLoop | None = None) -> None:
    """Install the hooks (idempotent); pass the app's event loop to cover asyncio too."""
    global _installed
    if not _installed:
        sys.excepthook = _excepthook
        threading.excepthook = _threading_hook
        sys.unraisablehook = _unraisable_hook
        _installed = True
    if loop is not None:
        loop.set_exception_handler(asyncio_handler)
