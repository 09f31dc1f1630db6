"""Shared helpers for the robustness tests: isolated CLI subprocesses, secret scanning,
and putting back the process-wide state (logging, crash hooks) that in-process CLI runs
change, so the other test folders see the interpreter as they expect it."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from aiusage_doctor.core import crash
from aiusage_doctor.core.tokens import KIND_PREFIX

from .harness import PROXY_ENV

ROOT = Path(__file__).resolve().parents[2]


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a CLI subprocess: a temporary home and platform dirs (so its log
    and crash reports land there), no AIUSAGE_* secrets, no proxy, no colour."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIUSAGE_") and k not in PROXY_ENV}
    env.update(
        HOME=str(home), USERPROFILE=str(home),
        XDG_STATE_HOME=str(home / ".local" / "state"), XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"), XDG_CACHE_HOME=str(home / ".cache"),
        NO_COLOR="1", PYTHONIOENCODING="utf-8",
    )
    env.pop("CLAUDE_CONFIG_DIR", None)
    env.update(extra)
    return env


def run_cli(args: list[str], env: dict[str, str], *, code: str | None = None,
            timeout: float = 90) -> subprocess.CompletedProcess[str]:
    """`python -m aiusage_doctor ARGS`, or `python -c CODE` (which runs the CLI itself)."""
    cmd = [sys.executable, "-c", code] if code is not None else [sys.executable, "-m", "aiusage_doctor", *args]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=timeout, stdin=subprocess.DEVNULL, cwd=ROOT)


def fragments(secrets: list[str] | dict[str, str], n: int = 8) -> set[str]:
    """Every `n`-character piece of each secret after its public prefix (ghp_, key_, …)."""
    values = secrets.values() if isinstance(secrets, dict) else secrets
    prefixes = sorted((p for p in KIND_PREFIX.values() if p), key=len, reverse=True)
    out: set[str] = set()
    for value in values:
        body = next((value[len(p):] for p in prefixes if value.startswith(p)), value)
        out |= {body[i:i + n] for i in range(len(body) - n + 1)}
    return out


def leaks(text: str, secrets: list[str] | dict[str, str]) -> list[str]:
    return sorted(f for f in fragments(secrets) if f in text)


def log_file(home: Path) -> Path:
    """Where platformdirs puts the log for this home on this platform."""
    if sys.platform.startswith("linux"):
        return home / ".local" / "state" / "aiusage-doctor" / "log" / "aiusage-doctor.log"
    found = sorted(home.rglob("aiusage-doctor.log"))
    return found[0] if found else home / "missing-aiusage-doctor.log"


@pytest.fixture(autouse=True)
def restore_process_state():
    """In-process CLI runs install logging handlers and may install crash hooks: undo both."""
    logger = logging.getLogger("aiusage_doctor")
    saved_logging = (list(logger.handlers), logger.level, logger.propagate)
    saved_hooks = (sys.excepthook, threading.excepthook, sys.unraisablehook)
    saved_crash = (crash._installed, list(crash._listeners))
    yield
    for handler in list(logger.handlers):
        if handler not in saved_logging[0]:
            logger.removeHandler(handler)
            handler.close()
    logger.level, logger.propagate = saved_logging[1], saved_logging[2]
    sys.excepthook, threading.excepthook, sys.unraisablehook = saved_hooks
    crash._installed, crash._listeners[:] = saved_crash[0], saved_crash[1]
