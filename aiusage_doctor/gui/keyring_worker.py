"""Secret-store calls off the GUI thread.

A keyring call is inter-process communication (the Secret Service over D-Bus, the macOS
Keychain, Windows Credential Manager) and can wait for as long as an unlock prompt stays
open, or forever when the keyring daemon hangs. Made from the GUI thread, that freezes
the window; so the wizard hands every call to one background thread, in the order it was
made (a save followed by a "forget" must not be overtaken), and gets each answer back on
the GUI thread.

The thread is a daemon: a keyring that never answers must not keep the app from
quitting. `wait_idle()` gives queued saves a short grace period when the window closes.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

_Job = tuple[Callable[[], Any], Callable[[Any], None] | None]


class KeyringWorker(QObject):
    """Runs jobs on a single daemon "keyring" thread and calls back on the GUI thread.

    `idle` is emitted when the last pending job has been delivered (tests wait on it).
    """

    idle = Signal()
    _delivered = Signal(object, object, bool)
    """(callback or None, result or exception, ok): emitted from the worker thread, queued to ours."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: queue.Queue[_Job] = queue.Queue()
        self._pending = 0
        self._progress = threading.Condition()
        self._submitted = 0
        self._finished = 0
        self._thread: threading.Thread | None = None
        self._delivered.connect(self._deliver)

    @property
    def pending(self) -> int:
        """Jobs submitted whose answers have not been delivered yet."""
        return self._pending

    def submit(self, job: Callable[[], Any], on_done: Callable[[Any], None] | None = None) -> None:
        """Run `job()` on the keyring thread; then `on_done(result)` on the GUI thread.

        A job that raises delivers None (its error is logged, redacted): the secret store
        already turns backend failures into statuses, so this is a last resort.
        """
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="keyring", daemon=True)
            self._thread.start()
        self._pending += 1
        with self._progress:
            self._submitted += 1
        self._jobs.put((job, on_done))

    def wait_idle(self, timeout: float) -> bool:
        """Block up to `timeout` seconds for the queued jobs to finish (the window is closing
        and a secret may still be being saved). False if the keyring didn't answer in time."""
        with self._progress:
            return self._progress.wait_for(lambda: self._finished >= self._submitted, timeout)

    def _work(self) -> None:
        while True:
            job, on_done = self._jobs.get()
            try:
                result, ok = job(), True
            except Exception as exc:  # noqa: BLE001 - reported on the GUI thread, never raised
                result, ok = exc, False
            with self._progress:
                self._finished += 1
                self._progress.notify_all()
            self._delivered.emit(on_done, result, ok)

    def _deliver(self, on_done: Callable[[Any], None] | None, result: Any, ok: bool) -> None:
        self._pending -= 1
        if not ok:
            from aiusage_doctor.core.redact import redact  # imported when needed: the wizard starts faster

            log.error("A keyring call failed: %s", redact(f"{type(result).__name__}: {result}"))
            result = None
        try:
            if on_done is not None:
                on_done(result)
        finally:
            if self._pending == 0:
                self.idle.emit()
