"""Crash handling: a redacted report on disk, a one-line summary, and the process goes on."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import threading

from aiusage_doctor.core import crash
from aiusage_doctor.core.tokens import make_github_token


def test_crash_report_is_written_redacted(tmp_path):
    token = make_github_token()
    try:
        raise RuntimeError(f"request with {token} failed")
    except RuntimeError as exc:
        path = crash.write_crash_report(type(exc), exc, exc.__traceback__, directory=tmp_path)
    assert path is not None and path.exists()
    text = path.read_text()
    assert "RuntimeError" in text and "crash report" in text
    assert token[4:-4] not in text
    assert token[-4:] in text  # the masked form keeps the last four characters


def test_summary_is_one_redacted_line():
    token = make_github_token()
    summary = crash.crash_summary(ValueError, ValueError(f"bad {token}\nsecond line"))
    assert summary.startswith("ValueError: bad ")
    assert "\n" not in summary and token not in summary


def test_listeners_hear_about_thread_and_asyncio_crashes(monkeypatch, tmp_path):
    monkeypatch.setattr(crash, "crash_dir", lambda: tmp_path)
    heard: list[tuple[str, object]] = []
    crash.add_listener(lambda summary, path: heard.append((summary, path)))
    old_thread_hook = threading.excepthook
    try:
        crash.install()
        t = threading.Thread(target=lambda: 1 / 0, name="worker")
        t.start()
        t.join()

        async def main():
            loop = asyncio.get_running_loop()
            crash.install(loop)
            # What asyncio does for a task whose exception nobody retrieved:
            loop.call_exception_handler({"message": "Task exception was never retrieved", "exception": KeyError("lost")})

        asyncio.run(main())
    finally:
        crash._listeners.clear()
        threading.excepthook = old_thread_hook
    summaries = [s for s, _ in heard]
    assert any(s.startswith("ZeroDivisionError") for s in summaries)
    assert any(s.startswith("KeyError") for s in summaries)
    assert all(p is not None and p.exists() for _, p in heard)


def test_uncaught_exception_in_a_process_writes_a_report_instead_of_a_bare_traceback(tmp_path):
    token = make_github_token()
    code = textwrap.dedent(f"""
        from aiusage_doctor.core import crash
        crash.install()
        raise RuntimeError("boom with {token}")
    """)
    env = {"HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    reports = list(tmp_path.rglob("crash-*.txt"))
    assert len(reports) == 1
    assert "boom with" in reports[0].read_text()
    assert token not in reports[0].read_text() + proc.stderr + proc.stdout
