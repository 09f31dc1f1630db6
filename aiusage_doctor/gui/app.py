"""Start the desktop wizard: QApplication, the qasync loop, and the window.

Kept light so the first window paints fast: the window paints before asyncio and qasync
are even imported (Qt's own event loop runs until the first paint, then the qasync loop
takes over), and providers, the runner, keyring and the simulator are imported only
when they are first needed, after the first paint.

Environment: `AIUSAGE_EXIT_AFTER_FIRST_PAINT=1` quits right after the window's first
paint (the startup benchmark uses it).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger(__name__)

EXIT_AFTER_FIRST_PAINT = "AIUSAGE_EXIT_AFTER_FIRST_PAINT"
FIRST_PAINT_WAIT_MS = 3000
"""How long start-up waits for the window's first paint before going on without it (a
window that starts minimized or on a locked screen may not paint for a long time)."""


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="aiusage-doctor-gui", description="AI Usage Doctor desktop wizard")
    parser.add_argument("--demo", nargs="?", const="healthy", default=None, metavar="SCENARIO",
                        help="run against the built-in simulator with made-up credentials")
    parser.add_argument("--open-report", metavar="FILE", default=None,
                        help="open an exported JSON report read-only")
    args, _unknown = parser.parse_known_args(list(argv))  # Qt's own options (-platform ...) pass through
    return args


def install_asyncgen_hooks(loop: asyncio.AbstractEventLoop) -> None:
    """Let the loop finalize async generators, as asyncio's own run_forever() does.

    qasync's run_forever() skips this, so a stream httpx leaves half-read would be closed
    by the garbage collector outside any task ("async generator ignored GeneratorExit").
    """
    sys.set_asyncgen_hooks(
        firstiter=loop._asyncgen_firstiter_hook,  # type: ignore[attr-defined]
        finalizer=loop._asyncgen_finalizer_hook,  # type: ignore[attr-defined]
    )


def install_error_handlers(window: Any, loop: asyncio.AbstractEventLoop | None = None) -> None:
    """Unexpected exceptions (in slots, threads or background tasks) get a redacted crash
    report (core.crash) and a friendly dialog with 'copy details', never a crash."""
    from aiusage_doctor.core import crash

    crash.install(loop)
    window.watch_crashes()


def _after_first_paint(window: Any, args: argparse.Namespace, loop: asyncio.AbstractEventLoop) -> None:
    install_error_handlers(window, loop)
    try:
        from aiusage_doctor.core.logs import setup_logging

        setup_logging()
    except Exception:  # logging is a convenience; never block the window
        log.debug("logging setup failed", exc_info=True)
    if args.demo:
        window.start_demo()
    if args.open_report:
        window.open_report(args.open_report)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the wizard until its window closes. Returns the process exit code."""
    args = parse_args(sys.argv[1:] if argv is None else argv)

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from aiusage_doctor import APP_ID, APP_NAME
    from aiusage_doctor.gui import icons
    from aiusage_doctor.gui.theme import apply_theme
    from aiusage_doctor.gui.wizard import DoctorWizard

    # The application name is the reverse-DNS app id: Qt uses it as the X11 WM_CLASS, which
    # must equal StartupWMClass in the .desktop file (and the Wayland app id via desktopFileName).
    QApplication.setApplicationName(APP_ID)
    QApplication.setOrganizationName("aiusage-doctor")
    QApplication.setApplicationDisplayName(APP_NAME)
    QGuiApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "aiusage-doctor"])
    apply_theme(app)  # type: ignore[arg-type]
    app.setWindowIcon(icons.app_icon())

    window = DoctorWizard(demo_scenario=args.demo)
    exit_early = os.environ.get(EXIT_AFTER_FIRST_PAINT) == "1"
    if exit_early:
        # For the start-up benchmark: the wall-clock time of the first paint.
        window.first_paint.connect(lambda: print(f"first-paint {time.time():.6f}", file=sys.stderr, flush=True))
    window.show()
    _wait_for_first_paint(window)

    # Only now asyncio and qasync load (about 40 ms): the window is already on screen.
    import asyncio

    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    install_asyncgen_hooks(loop)
    if exit_early:
        QTimer.singleShot(0, app.quit)
    else:
        QTimer.singleShot(0, lambda: _after_first_paint(window, args, loop))
    _quit_on_signals(window)

    try:
        with loop:
            loop.run_forever()
            window.shutdown()
            _drain(loop)
    finally:
        asyncio.set_event_loop(None)
    return 0


def _wait_for_first_paint(window: Any) -> None:
    """Run Qt's own event loop until the window has painted once (or FIRST_PAINT_WAIT_MS
    passed), so the first paint doesn't wait for the asyncio machinery."""
    from PySide6.QtCore import QEventLoop, QTimer

    if window.painted:
        return
    waiting = QEventLoop()
    limit = QTimer()
    limit.setSingleShot(True)
    limit.timeout.connect(waiting.quit)
    window.first_paint.connect(waiting.quit)
    limit.start(FIRST_PAINT_WAIT_MS)
    waiting.exec()
    limit.stop()
    window.first_paint.disconnect(waiting.quit)


def _quit_on_signals(window: Any) -> None:
    """Ctrl+C or SIGTERM close the window (a running check is cancelled). Ctrl+C asks about
    unsaved results like the Close button, and a second Ctrl+C ends the app anyway; SIGTERM
    (logout, shutdown, `kill`) ends it without a question nobody may be there to answer.

    Python only sees signals when it runs, so a cheap timer wakes it while Qt waits."""
    import signal

    from PySide6.QtCore import QTimer

    def close(signum: int = signal.SIGINT, *_args: Any) -> None:
        def end() -> None:
            asked = window.close_box is not None and window.close_box.isVisible()
            if signum != signal.SIGINT or asked:
                window._close_confirmed = True
            window.close()

        QTimer.singleShot(0, end)

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            signal.signal(sig, close)
        except (ValueError, OSError):  # not the main thread, or unsupported on this platform
            return
    timer = QTimer(window)
    timer.setInterval(250)
    timer.timeout.connect(lambda: None)
    timer.start()


def _drain(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what is still running (a run closed mid-way) and let it wind down briefly."""
    import asyncio

    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    if not pending:
        return
    for task in pending:
        task.cancel()
    try:
        loop.run_until_complete(asyncio.wait_for(asyncio.gather(*pending, return_exceptions=True), 5))
    except Exception:  # closing must never hang or crash
        log.debug("tasks did not finish on exit", exc_info=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
