"""Every demo scenario through the CLI, in every report format written with --output and
with --verbose, then every artifact it left behind is searched for any 8-character piece
of any secret it knew: the simulator's demo credentials (derived from a known seed) and
the different secrets set in the AIUSAGE_* variables. Zero hits allowed.

Artifacts: the report file, stdout, --verbose stderr, and everything under the run's own
home directory (the rotating log in the platform log directory, crash reports). Each run
gets a temporary HOME / XDG_STATE_HOME, so the log is the one that run wrote.

The runs are started together from a thread pool. This is the one CLI leak matrix:
tests/e2e checks the same runs' diagnoses, not their secrets.
"""

from __future__ import annotations

import json
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from aiusage_doctor.core.tokens import TokenKind, make_fake_secret, make_github_token
from aiusage_doctor.sim import SEED_ENV, Simulator, get_scenario, list_scenarios, parse_scenario_arg

from .conftest import fragments, isolated_env, leaks, log_file, run_cli

SCENARIO_ARGS: dict[str, str] = {info.name: info.name for info in list_scenarios()}
SCENARIO_ARGS["enterprise-large"] = "enterprise-large:orgs=6,teams=3,latency=0.01"
FORMATS = {"json": "json", "markdown": "md", "html": "html", "text": "txt"}
SLOW_BY_DESIGN = {"rate-limited": 2.0, "download-host-blocked": 3.5}
SEED = f"leaks-{os.getpid()}-{time.time_ns()}"

ENV_SECRETS = {
    "AIUSAGE_GITHUB_TOKEN": make_github_token(),
    "AIUSAGE_CURSOR_API_KEY": make_fake_secret(TokenKind.CURSOR_KEY),
    "AIUSAGE_ANTHROPIC_ADMIN_KEY": make_fake_secret(TokenKind.ANTHROPIC_ADMIN),
}
"""Set for every run as well: --demo replaces them with the simulator's, and they must not
show up anywhere either."""

pytestmark = pytest.mark.timeout(900)
"""The module fixture runs every scenario × format as a CLI subprocess: on a busy machine
that can take longer than the default per-test limit, which includes fixtures."""

CREDENTIAL_HEADER = re.compile(r"(?i)\b(?:proxy-)?authorization\s*[:=]|\bx-api-key\s*[:=]|\bcookie\s*[:=]")


@dataclass
class LeakRun:
    arg: str
    fmt: str
    home: Path
    returncode: int
    stdout: str
    stderr: str
    report: str
    artifacts: dict[str, str] = field(default_factory=dict)
    """Every text the run left behind, by name."""


def _run(arg: str, fmt: str, base: Path) -> LeakRun:
    home = base / f"{arg.split(':')[0]}-{fmt}"
    home.mkdir(parents=True)
    out = home / f"report.{FORMATS[fmt]}"
    env = isolated_env(home, **{SEED_ENV: SEED}, **ENV_SECRETS)
    proc = run_cli(["check", "--demo", arg, "--format", fmt, "--output", str(out), "--verbose"], env)
    report = out.read_text(encoding="utf-8") if out.exists() else ""
    artifacts = {"stdout": proc.stdout, "stderr": proc.stderr}
    for path in sorted(p for p in home.rglob("*") if p.is_file()):
        artifacts[str(path.relative_to(home))] = path.read_text(encoding="utf-8", errors="replace")
    return LeakRun(arg, fmt, home, proc.returncode, proc.stdout, proc.stderr, report, artifacts)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[tuple[str, str], LeakRun]:
    base = tmp_path_factory.mktemp("leak-runs")
    jobs = [(name, fmt) for name in SCENARIO_ARGS for fmt in FORMATS]
    jobs.sort(key=lambda j: -SLOW_BY_DESIGN.get(j[0], 0))
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = {job: pool.submit(_run, SCENARIO_ARGS[job[0]], job[1], base) for job in jobs}
        return {job: fut.result() for job, fut in futures.items()}


def _demo_secrets(arg: str) -> dict[str, str]:
    name, params = parse_scenario_arg(arg)
    return Simulator(name, seed=SEED, **params).secrets


def _all_secrets(arg: str) -> list[str]:
    return [*_demo_secrets(arg).values(), *ENV_SECRETS.values()]


@pytest.mark.parametrize("name", list(SCENARIO_ARGS))
def test_no_artifact_of_any_format_contains_a_secret(runs, name):
    secrets = _all_secrets(SCENARIO_ARGS[name])
    assert len(fragments(secrets)) > 300
    for fmt in FORMATS:
        run = runs[(name, fmt)]
        assert run.returncode == get_scenario(name).exit_code, f"{name}/{fmt}: exit {run.returncode}: {run.stderr[-1500:]}"
        assert run.report, f"{name}/{fmt}: no report written"
        found = {artifact: len(leaks(text, secrets)) for artifact, text in run.artifacts.items()}
        found = {k: v for k, v in found.items() if v}
        assert not found, f"{name} --format {fmt}: secret fragments in {found}"


@pytest.mark.parametrize("name", list(SCENARIO_ARGS))
def test_each_run_logged_to_the_platform_log_dir_and_verbose_stderr_shows_requests(runs, name):
    for fmt in FORMATS:
        run = runs[(name, fmt)]
        log = log_file(run.home)
        assert log.is_file(), f"{name}/{fmt}: no log at {log}; files: {sorted(run.artifacts)}"
        text = log.read_text(encoding="utf-8")
        assert re.search(r"DEBUG aiusage_doctor\.core\.http: (GET|POST) http://127\.0\.0\.1/\S+ -> \d{3}", text)
        assert re.search(r"(GET|POST) http://127\.0\.0\.1/\S+ -> \d{3}", run.stderr), run.stderr[-500:]
        assert "?" not in " ".join(re.findall(r"(?:GET|POST) (\S+) ->", text)), "query strings were logged"
        for where, content in (("stderr", run.stderr), ("log", text)):
            assert not CREDENTIAL_HEADER.search(content), f"{name}/{fmt}: a credential header in the {where}"
        assert "Traceback" not in run.stderr
        assert not [a for a in run.artifacts if "crashes" in a], f"{name}/{fmt} crashed: {sorted(run.artifacts)}"


def test_each_format_is_what_it_says(runs):
    run = runs[("healthy", "json")]
    assert json.loads(run.report)["environment"]["simulated"] is True
    assert runs[("healthy", "html")].report.lstrip().lower().startswith("<!doctype html")
    assert runs[("healthy", "markdown")].report.startswith("# ")
    assert "simulated" in runs[("healthy", "text")].report.lower()
    assert f"Report written to {run.home / 'report.json'}" in run.stderr


def test_the_scan_would_notice_a_leak(runs):
    """The secrets scanned for are the ones the runs used: the report shows each demo
    credential masked (public prefix and last four), and an injected leak is caught."""
    secrets = _demo_secrets(SCENARIO_ARGS["healthy"])
    report = json.dumps(json.loads(runs[("healthy", "json")].report), ensure_ascii=False)
    assert f"ghp_\u2026{secrets['github'][-4:]}" in report
    assert leaks("x" + secrets["cursor"][10:22] + "y", list(secrets.values()))
    assert leaks(ENV_SECRETS["AIUSAGE_ANTHROPIC_ADMIN_KEY"][20:30], _all_secrets("healthy"))
