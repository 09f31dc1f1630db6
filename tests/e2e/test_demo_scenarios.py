"""Every demo scenario, end to end over real sockets: the CLI as a subprocess and the
in-process runner, against the simulator.

For each scenario the documented diagnosis must come out: the worst status of every
check id listed in the scenario's `expected`, no other check failing or erroring, the
key remediation link present, the exit code (0 without fail/error, else 1), and the report
saying it is simulated. (That no credential leaks from a CLI run, in any format, is
tests/robustness/test_secret_leaks.py's job.)

The CLI runs (two formats × every scenario) are started together from a module-scoped
fixture with a thread pool, so they overlap instead of running one after another.
"""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.models import Report, Status
from aiusage_doctor.core.runner import Runner
from aiusage_doctor.sim import SEED_ENV, Simulator, get_scenario, list_scenarios, parse_scenario_arg

SCENARIO_ARGS: dict[str, str] = {info.name: info.name for info in list_scenarios()}
SCENARIO_ARGS["enterprise-large"] = "enterprise-large:orgs=8,teams=4,latency=0.02"
"""The benchmark scenario, shrunk so an end-to-end run stays around a second."""

SLOW_BY_DESIGN = {"rate-limited": 2.0, "download-host-blocked": 3.5}
"""Seconds a run spends waiting on purpose: a rate-limit reset, and the adapter's retries
(0.5 + 1 + 2 s backoff) against a refused download host."""

SEED = f"e2e-{os.getpid()}-{time.time_ns()}"

pytestmark = pytest.mark.timeout(900)
"""The module fixtures run every scenario (CLI subprocesses, then in process): on a busy
machine that can take longer than the default per-test limit, which includes fixtures."""
FORMATS = ("json", "text")


@dataclass
class CliRun:
    arg: str
    fmt: str
    returncode: int
    stdout: str
    stderr: str


def _run_cli(arg: str, fmt: str) -> CliRun:
    env = dict(os.environ)
    env[SEED_ENV] = SEED
    env.pop("NO_COLOR", None)
    for var in ("AIUSAGE_GITHUB_TOKEN", "AIUSAGE_CURSOR_API_KEY", "AIUSAGE_ANTHROPIC_ADMIN_KEY"):
        env.pop(var, None)
    proc = subprocess.run(
        [sys.executable, "-m", "aiusage_doctor", "check", "--demo", arg, "--format", fmt],
        capture_output=True, text=True, encoding="utf-8", timeout=120, env=env, stdin=subprocess.DEVNULL,
    )
    return CliRun(arg, fmt, proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="module")
def cli_runs() -> dict[tuple[str, str], CliRun]:
    jobs = [(name, fmt) for name in SCENARIO_ARGS for fmt in FORMATS]
    # Long-waiting scenarios first so they overlap with everything else.
    jobs.sort(key=lambda j: -SLOW_BY_DESIGN.get(j[0], 0))
    workers = max(4, min(12, 4 * (os.cpu_count() or 2)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {job: pool.submit(_run_cli, SCENARIO_ARGS[job[0]], job[1]) for job in jobs}
        return {job: fut.result() for job, fut in futures.items()}


# ----------------------------------------------------------------------- shared assertions


def _table(checks: list[dict[str, Any]]) -> str:
    return "\n".join(f"  {c['status']:5} {c['id']:34} {c['target']:24} {c['summary'][:90]}" for c in checks)


def assert_diagnosis(name: str, checks: list[dict[str, Any]]) -> None:
    """`checks`: CheckResult dicts (id, target, status, summary, remediation[{url}])."""
    info = get_scenario(name)
    worst: dict[str, Status] = {}
    for c in checks:
        status = Status(c["status"])
        if c["id"] not in worst or status.severity > worst[c["id"]].severity:
            worst[c["id"]] = status
    context = f"scenario {name}; results:\n{_table(checks)}"
    for check_id, expected in info.expected.items():
        assert check_id in worst, f"{check_id} did not run; {context}"
        assert worst[check_id].value == expected, f"{check_id}: {worst[check_id].value} != {expected}; {context}"
    unexpected = sorted({c["id"] for c in checks if c["status"] in ("fail", "error")} - set(info.expected))
    assert not unexpected, f"checks failed that the scenario doesn't document: {unexpected}; {context}"
    for check_id, fragment in info.key_links.items():
        urls = [link["url"] for c in checks if c["id"] == check_id and Status(c["status"]).is_problem
                for link in c["remediation"]]
        assert any(fragment in u for u in urls), f"{check_id}: no remediation link containing {fragment!r} in {urls}"


# ----------------------------------------------------------------------------- CLI runs


@pytest.mark.parametrize("name", list(SCENARIO_ARGS))
def test_cli_json_report_has_the_documented_diagnosis(cli_runs, name):
    run = cli_runs[(name, "json")]
    info = get_scenario(name)
    assert run.returncode == info.exit_code, f"exit {run.returncode}; stderr: {run.stderr[-2000:]}"
    Report.model_validate_json(run.stdout)  # the fixed schema survives redaction (no key rewritten)
    report = json.loads(run.stdout)
    assert report["environment"]["simulated"] is True
    assert report["config"]["demo_scenario"] == SCENARIO_ARGS[name]
    assert all(url.startswith("http://127.0.0.1:") for url in report["config"]["base_urls"].values())
    assert_diagnosis(name, report["checks"])


@pytest.mark.parametrize("name", list(SCENARIO_ARGS))
def test_cli_text_report_says_simulated_and_links_the_fix(cli_runs, name):
    run = cli_runs[(name, "text")]
    info = get_scenario(name)
    assert run.returncode == info.exit_code, f"exit {run.returncode}; stderr: {run.stderr[-2000:]}"
    assert "simulated" in run.stdout.lower()
    assert SCENARIO_ARGS[name] in run.stdout
    for check_id, fragment in info.key_links.items():
        assert fragment in run.stdout, f"{check_id}: {fragment!r} missing from the text report"
    assert "Traceback" not in run.stderr


def test_sim_list_names_every_scenario():
    proc = subprocess.run([sys.executable, "-m", "aiusage_doctor", "sim", "--list"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    listed = [line.split()[0] for line in proc.stdout.splitlines() if line and not line.startswith(" ")]
    assert listed == [info.name for info in list_scenarios()]


@pytest.mark.skipif(sys.platform == "win32", reason="stops the server with SIGINT")
def test_sim_serve_answers_until_interrupted():
    proc = subprocess.Popen([sys.executable, "-m", "aiusage_doctor", "sim", "--serve", "healthy"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        urls = {}
        while len(urls) < 4:
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            parts = line.split()
            if len(parts) == 2 and parts[1].startswith("http://127.0.0.1:"):
                urls[parts[0]] = parts[1]
        root = httpx.get(urls["github"] + "/", timeout=5)
        assert root.status_code == 200 and "current_user_url" in root.json()
        assert httpx.get(urls["github"] + "/user", timeout=5).status_code == 401
        # The printed instructions work as printed: their exports and command run a clean check.
        lines = []
        while not (lines and lines[-1].lstrip().startswith("aiusage-doctor check")):
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            lines.append(line.strip())
        env = {k: v for k, v in os.environ.items() if not k.startswith("AIUSAGE_")}
        for line in lines:
            if line.startswith("export "):
                name, _, value = line[len("export "):].partition("=")
                env[name] = shlex.split(value)[0]
        assert set(env) >= {"AIUSAGE_GITHUB_TOKEN", "AIUSAGE_CURSOR_API_KEY", "AIUSAGE_ANTHROPIC_ADMIN_KEY"}
        command = shlex.split(lines[-1])
        check = subprocess.run([sys.executable, "-m", "aiusage_doctor", *command[1:], "--format", "json"],
                               capture_output=True, text=True, timeout=120, env=env)
        assert check.returncode == 0, check.stdout[-2000:] + check.stderr[-2000:]
        assert json.loads(check.stdout)["summary"]["verdict"] == "ok"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert proc.returncode == 0


def test_unknown_scenario_is_a_usage_error():
    proc = subprocess.run(
        [sys.executable, "-m", "aiusage_doctor", "check", "--demo", "no-such-scenario", "--format", "json"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert "healthy" in proc.stderr and "Traceback" not in proc.stderr


# ----------------------------------------------------------------------- in-process runs


async def _run_all_in_process() -> dict[str, tuple[list[dict[str, Any]], Simulator, Any]]:
    sims = {}
    for name, arg in SCENARIO_ARGS.items():
        n, params = parse_scenario_arg(arg)
        sims[name] = Simulator(n, **params).start()
    try:
        runners = {name: Runner(sim.demo_config()) for name, sim in sims.items()}
        # A few at a time: the runs and their simulators share this process, and all of them
        # at once on a busy machine can starve a check past its 30 s limit.
        slots = asyncio.Semaphore(4)

        async def one(runner: Runner):
            async with slots:
                return await runner.run()

        results = await asyncio.gather(*(one(r) for r in runners.values()))
        return {
            name: ([c.model_dump(mode="json") for c in res], sims[name], runners[name].stats)
            for name, res in zip(runners, results)
        }
    finally:
        for sim in sims.values():
            sim.stop()


@pytest.fixture(scope="module")
def in_process() -> dict[str, tuple[list[dict[str, Any]], Simulator, Any]]:
    return asyncio.run(_run_all_in_process())


@pytest.mark.parametrize("name", list(SCENARIO_ARGS))
def test_in_process_run_has_the_documented_diagnosis(in_process, name):
    checks, sim, _stats = in_process[name]
    assert_diagnosis(name, checks)
    assert sim.credential_leaks == 0, "a credential was sent to the report-download host"
    assert sim.request_count > 0


def test_rate_limited_scenario_waits_for_the_reset_and_recovers(in_process):
    checks, sim, stats = in_process["rate-limited"]
    assert sim.faults_fired.get("rate_limit", 0) >= 2  # the GitHub window and Cursor's 429
    assert stats.rate_limit_waits >= 2
    assert all(c["status"] in ("pass", "skip") for c in checks), _table(checks)


def test_captive_portal_stops_each_provider_at_its_first_request(in_process):
    checks, sim, _ = in_process["captive-portal-html"]
    assert sim.request_count == 3  # one sign-in probe per provider, nothing after
    errors = [c for c in checks if c["status"] == "error"]
    assert {c["id"] for c in errors} == {"github.token.auth", "cursor.key.auth", "anthropic.key.auth"}
    assert all("Guest Wi-Fi - Sign in" in c["summary"] for c in errors)


def test_large_enterprise_checks_every_org(in_process):
    checks, sim, _ = in_process["enterprise-large"]
    orgs = {c["target"] for c in checks if c["id"] == "github.org.usage_metrics"}
    assert orgs == {f"org:acme-{i:03d}" for i in range(1, 9)}
    assert all(c["status"] == "pass" for c in checks if c["id"] == "github.org.usage_metrics")
    assert sim.requests.get("GET /github/orgs/acme-008/copilot/billing/seats") == 1


def test_org_discovery_follows_link_pagination_past_100_orgs():
    """GitHub pages /user/orgs at 100 per page at most: the product must follow rel="next"."""
    with Simulator("enterprise-large", orgs=101, teams=1, latency=0.0) as sim:
        # About 500 checks queue for 8 connections: on a busy machine the last ones can wait
        # longer than the default 30 s limit before their first request; this test is about
        # pagination, so give them room.
        results = asyncio.run(Runner(sim.demo_config(RunConfig(providers=["github"], timeout=180))).run())
    discover = next(r for r in results if r.id == "github.orgs.discover")
    assert discover.status is Status.PASS, discover.summary
    assert "101 organizations" in discover.summary
    assert sim.requests.get("GET /github/user/orgs", 0) == 2
    assert {r.target for r in results if r.id == "github.org.seats"} == {f"org:acme-{i:03d}" for i in range(1, 102)}
    assert all(r.status is Status.PASS for r in results), [r.summary for r in results if r.status is not Status.PASS]


@pytest.mark.parametrize("name", ["missing-scope", "fine-grained-at-enterprise", "captive-portal-html"])
def test_one_underlying_cause_is_counted_once(in_process, name):
    from aiusage_doctor.core.models import CheckResult
    from aiusage_doctor.core.rootcause import root_causes

    checks, _, _ = in_process[name]
    causes = root_causes(CheckResult.model_validate(c) for c in checks)
    assert len(causes) == 1, [c.title for c in causes]
    if name == "captive-portal-html":
        assert causes[0].help is not None and causes[0].help.url.endswith("network.md#html-instead-of-json")
