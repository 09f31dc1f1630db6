"""Running the real CLI against the hostile server, and scanning what it leaves behind."""

from __future__ import annotations

import base64
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from aiusage_doctor.core.tokens import KIND_PREFIX

ROOT = Path(__file__).resolve().parents[2]
PROXY_ENV = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy",
             "NO_PROXY", "no_proxy")

MEMORY_LIMIT_MB = 200
"""Peak memory of a CLI run against any single hostile answer (docs/security.md)."""
TIME_MARGIN = 60.0
"""Seconds a run may take beyond its --timeout: start-up, other checks, a busy machine.
Generous on purpose: it catches a run that doesn't end (minutes), not a slow one."""

# What may never reach a terminal or a file: C0 controls but line feed, DEL, C1, bidi.
CONTROL_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")

_WRAPPER = """
import resource, subprocess, sys
proc = subprocess.run(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(sys.argv[1], "w").write(str(usage / 1024 if sys.platform != "darwin" else usage / 1024 / 1024))
sys.exit(proc.returncode)
"""
"""Runs the CLI as its only child, so RUSAGE_CHILDREN's peak is the CLI's own (in MB)."""


def isolated_env(home: Path, secrets: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIUSAGE_") and k not in PROXY_ENV}
    env.update(
        HOME=str(home), USERPROFILE=str(home),
        XDG_STATE_HOME=str(home / ".local" / "state"), XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"), XDG_CACHE_HOME=str(home / ".cache"),
        NO_COLOR="1", PYTHONIOENCODING="utf-8",
    )
    env.pop("CLAUDE_CONFIG_DIR", None)
    env.update(secrets)
    return env


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    elapsed: float
    peak_mb: float | None
    artifacts: dict[str, str]
    """Every file the run left: the report, the log, crash reports."""

    def everything(self) -> str:
        return "\n".join([self.stdout, self.stderr, *self.artifacts.values()])


def run_cli(args: list[str], home: Path, secrets: dict[str, str], *, hard_limit: float = 300) -> Run:
    """The CLI in a subprocess (its peak memory measured where the OS tells it)."""
    home.mkdir(parents=True, exist_ok=True)
    cli = [sys.executable, "-m", "aiusage_doctor", *args]
    peak_file = home / "peak-mb.txt"
    cmd = [sys.executable, "-c", _WRAPPER, str(peak_file), *cli] if sys.platform != "win32" else cli
    started = time.monotonic()
    # In a session of its own, so a run that never ends is killed with its child (the CLI).
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            errors="replace", env=isolated_env(home, secrets), stdin=subprocess.DEVNULL,
                            cwd=ROOT, start_new_session=sys.platform != "win32")
    try:
        stdout, stderr = proc.communicate(timeout=hard_limit)
    except subprocess.TimeoutExpired:
        if sys.platform != "win32":
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover
            proc.kill()
        proc.communicate()
        pytest.fail(f"the run did not end within {hard_limit:.0f} s")
    elapsed = time.monotonic() - started
    peak = float(peak_file.read_text()) if peak_file.exists() else None
    artifacts = {
        str(p.relative_to(home)): p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(home.rglob("*")) if p.is_file() and p != peak_file
    }
    return Run(proc.returncode, stdout, stderr, elapsed, peak, artifacts)


# ------------------------------------------------------------------ secret scanning


def _body(secret: str) -> str:
    prefixes = sorted((p for p in KIND_PREFIX.values() if p), key=len, reverse=True)
    return next((secret[len(p):] for p in prefixes if secret.startswith(p)), secret)


def _pieces(text: str, n: int = 8) -> set[str]:
    return {text[i : i + n] for i in range(len(text) - n + 1)}


def secret_pieces(secret: str) -> set[str]:
    """8-character pieces of the secret (after its public prefix) and of every base64 text
    that encodes it, at each of the three byte alignments and in both alphabets."""
    out = _pieces(_body(secret))
    raw = secret.encode()
    for shift in range(3):
        core = base64.b64encode(raw[shift : shift + (len(raw) - shift) // 3 * 3]).decode()
        out |= _pieces(core) | _pieces(core.replace("+", "-").replace("/", "_"))
    return out


_UNESCAPE_RE = re.compile(r"\\\\?u([0-9a-fA-F]{4})|%([0-9a-fA-F]{2})|\\\\?/|&#(x[0-9a-fA-F]+|[0-9]+);")


def _unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1) or m.group(2):
            return chr(int(m.group(1) or m.group(2), 16))
        if m.group(3):
            code = m.group(3)
            return chr(int(code[1:], 16) if code.startswith("x") else int(code))
        return "/"
    return _UNESCAPE_RE.sub(one, text)


def leaks(text: str, secrets: dict[str, str]) -> list[str]:
    """Secret pieces found in `text` as written, or once JSON/percent/HTML escapes are undone."""
    views = (text, _unescape(text))
    return sorted({p for s in secrets.values() for p in secret_pieces(s) for v in views if p in v})


@pytest.fixture(autouse=True)
def _restore_logging():
    """In-process CLI runs install the app's log handlers; put the previous ones back."""
    import logging

    root = logging.getLogger("aiusage_doctor")
    saved, propagate = list(root.handlers), root.propagate
    yield
    for handler in [h for h in root.handlers if h not in saved]:
        root.removeHandler(handler)
        handler.close()
    root.propagate = propagate
