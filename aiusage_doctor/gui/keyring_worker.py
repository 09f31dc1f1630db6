"""Secret-store calls off the GUI thread.

A keyring call is inter-process communication (the Secret Service over D-Bus, the macOS
Keychain, Windows Credential Manager) and can wait for as long as an unlock prompt stays
open. Made from the GUI thread, that freezes the window; so the wizard hands every call
to one background thread, in the order it was made (a save followed by a "forget" must
not be overtaken), and gets each answer back on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from aiusage_doctor.core.redact import redact

log = logging.getLogger(__name__)


class KeyringWorker(QObject):
    """Runs jobs on a single "keyring" thread and calls back on the GUI thread.

    `idle` is emitted when the last pending job has been delivered (tests and the
    closing window wait on it).
    """

    idle = Signal()
    _delivered = Signal(object, object)
    """(callback or None, finished Future): emitted from the worker thread, queued to ours."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="keyring")
        self._pending = 0
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
        self._pending += 1
        future = self._pool.submit(job)
        future.add_done_callback(lambda f: self._delivered.emit(on_done, f))

    def _deliver(self, on_done: Callable[[Any], None] | None, future: Future[Any]) -> None:
        self._pending -= 1
        try:
            result = future.result()
        except Exception as exc:  # noqa: BLE001 - reported, never raised into Qt
            log.error("A keyring call failed: %s", redact(f"{type(exc).__name__}: {exc}"))
            result = None
        try:
            if on_done is not None:
                on_done(result)
        finally:
            if self._pending == 0:
                self.idle.emit()
