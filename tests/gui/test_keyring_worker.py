"""The keyring thread: answers come back in order on the GUI thread, a save in progress gets
a grace period at close, and a keyring that never answers can't keep the app from quitting."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from aiusage_doctor.gui.keyring_worker import KeyringWorker


def test_answers_arrive_in_order_on_the_gui_thread(qtbot):
    worker = KeyringWorker()
    seen: list[tuple[int, bool]] = []
    gui = threading.get_ident()
    for n in range(5):
        worker.submit(lambda n=n: (time.sleep(0.01), n)[1],
                      lambda value: seen.append((value, threading.get_ident() == gui)))
    with qtbot.waitSignal(worker.idle, timeout=30000):
        pass
    assert seen == [(n, True) for n in range(5)]


def test_a_failing_job_delivers_none_and_the_next_job_still_runs(qtbot):
    worker = KeyringWorker()
    seen: list[object] = []

    def broken() -> None:
        raise RuntimeError("backend exploded")

    worker.submit(broken, seen.append)
    worker.submit(lambda: "after", seen.append)
    qtbot.waitUntil(lambda: worker.pending == 0, timeout=30000)
    assert seen == [None, "after"]


def test_closing_waits_for_a_save_in_progress(qtbot):
    worker = KeyringWorker()
    saved = threading.Event()
    worker.submit(lambda: (time.sleep(0.3), saved.set()))
    assert worker.wait_idle(5.0) and saved.is_set()


def test_a_keyring_that_never_answers_does_not_keep_the_app_from_quitting():
    code = (
        "import os, threading\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from aiusage_doctor.gui.keyring_worker import KeyringWorker\n"
        "worker = KeyringWorker()\n"
        "worker.submit(threading.Event().wait)  # a keyring daemon that never answers\n"
        "print('idle in time:', worker.wait_idle(0.5), flush=True)\n"
    )
    # The keyring call never returns: the process ending at all (well within the subprocess
    # time limit) is what this test checks.
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "idle in time: False" in proc.stdout
