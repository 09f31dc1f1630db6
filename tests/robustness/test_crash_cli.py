"""A crash in the CLI: a redacted crash report in the platform log directory, one line on
stderr saying where it is, a non-zero exit, and no traceback (which could carry a secret)
on the terminal. A failing background callback gets a report too, and the run goes on."""

from __future__ import annotations

import re
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from aiusage_doctor.core.tokens import make_github_token

from .conftest import isolated_env, leaks, run_cli

TOKEN = make_github_token()

FORCED = {
    # Rendering the report raises with the token in the message (an f-string bug, say).
    "uncaught": textwrap.dedent("""
        import os, sys
        import aiusage_doctor.core.render as render

        def boom(*args, **kwargs):
            raise RuntimeError("could not render the report for " + os.environ["AIUSAGE_GITHUB_TOKEN"])

        render.render = boom
        from aiusage_doctor.cli import main
        sys.argv = ["aiusage-doctor", "check", "--provider", "cursor", "--format", "json"]
        sys.exit(main())
    """),
    # A callback on the event loop fails while the diagnosis runs; nobody awaits it.
    "asyncio": textwrap.dedent("""
        import asyncio, os, sys
        import aiusage_doctor.core.runner as runner

        async def run(self, select=None):
            def fail():
                raise KeyError("lost " + os.environ["AIUSAGE_GITHUB_TOKEN"])
            asyncio.get_running_loop().call_soon(fail)
            await asyncio.sleep(0.05)
            return []

        runner.Runner.run = run
        from aiusage_doctor.cli import main
        sys.argv = ["aiusage-doctor", "check", "--format", "json"]
        sys.exit(main())
    """),
}


@pytest.fixture(scope="module")
def crashes(tmp_path_factory):
    base = tmp_path_factory.mktemp("crashes")

    def run(name: str):
        home = base / name
        home.mkdir()
        proc = run_cli([], isolated_env(home, AIUSAGE_GITHUB_TOKEN=TOKEN), code=FORCED[name])
        return proc, home

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(FORCED, pool.map(run, FORCED)))


def _report_path(stderr: str) -> Path:
    m = re.search(r"crash report \(secrets removed\) was written to (\S+crash-\S+\.txt)", stderr)
    assert m, stderr
    return Path(m[1])


def test_an_uncaught_exception_leaves_a_redacted_report_and_one_line(crashes):
    proc, home = crashes["uncaught"]
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("aiusage-doctor: unexpected error (RuntimeError: could not render")
    path = _report_path(proc.stderr)
    assert path.is_file() and path.is_relative_to(home) and path.parent.name == "crashes"
    report = path.read_text(encoding="utf-8")
    assert "Traceback" in report and "RuntimeError" in report and "could not render the report" in report
    assert f"ghp_\u2026{TOKEN[-4:]}" in report  # masked, so support can tell which token it was
    assert not leaks(proc.stdout + proc.stderr + report, [TOKEN])


def test_a_failing_background_callback_is_reported_and_the_run_goes_on(crashes):
    proc, home = crashes["asyncio"]
    # The run finished and printed its (empty) report: exit 2 is the documented code for a run
    # in which nothing was checked, not the crash path.
    assert proc.returncode == 2, proc.stderr
    assert "nothing was checked" in proc.stderr
    assert '"checks": []' in proc.stdout and '"verdict": "empty"' in proc.stdout
    assert "unexpected error (KeyError" in proc.stderr and "Traceback" not in proc.stderr
    report = _report_path(proc.stderr).read_text(encoding="utf-8")
    assert "KeyError" in report and "asyncio" in report
    assert not leaks(proc.stdout + proc.stderr + report, [TOKEN])
