"""What the headless CLI tells a script or a support engineer about runs that prove nothing:
an interrupted run, a run where nothing was checked, and the demo without a scenario."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from aiusage_doctor.cli import EXIT_INTERRUPTED, main

from .test_cli import cli


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("AIUSAGE_")}


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX-only")
def test_ctrl_c_prints_the_partial_report_saying_it_was_interrupted_and_exits_130() -> None:
    # Every simulated answer takes 5 s, so the run is still going when the first request is logged.
    proc = subprocess.Popen(
        [sys.executable, "-m", "aiusage_doctor", "check", "--demo", "healthy:latency=5", "--verbose",
         "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
    )
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # wait until a request has been answered, so the run is under way
            if "GET " in line:
                break
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == EXIT_INTERRUPTED == 130, err
    report = json.loads(out)
    assert report["run"]["cancelled"] is True and report["run"]["completed"] is False
    assert report["run"]["checks_finished"] < report["run"]["checks_planned"]
    headline = report["summary"]["headline"]
    assert headline.startswith("Run cancelled: ") and "not a clean bill of health" in headline
    assert "No problems" not in out
    assert report["summary"]["verdict"] != "ok"
    assert any(c["cancelled"] for c in report["checks"])
    assert "interrupted" in err


def test_help_documents_the_interrupted_exit_code() -> None:
    proc = cli("check", "--help")
    assert "130" in " ".join(proc.stdout.split())


def test_nothing_checked_carries_no_pass_mark() -> None:
    proc = cli("check")
    assert proc.returncode == 2
    last = proc.stdout.strip().splitlines()[-1]
    assert "Nothing was checked" in last
    assert "✓" not in last


def test_nothing_checked_is_not_an_ok_verdict_and_names_only_the_chosen_providers_keys(
        capsys, monkeypatch) -> None:
    for name in [k for k in os.environ if k.startswith("AIUSAGE_")]:
        monkeypatch.delenv(name)
    assert main(["check", "--provider", "cursor", "--provider", "codex", "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out)["summary"]["verdict"] == "empty"
    hint = err.strip().splitlines()[-1]
    assert "AIUSAGE_CURSOR_API_KEY" in hint and "AIUSAGE_CODEX_API_KEY" in hint
    assert "AIUSAGE_GITHUB_TOKEN" not in hint and "AIUSAGE_ANTHROPIC_ADMIN_KEY" not in hint


def test_demo_without_a_scenario_runs_the_healthy_scenario(capsys) -> None:
    assert main(["check", "--demo", "--format", "json", "--provider", "cursor"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["config"]["demo_scenario"] == "healthy"
    assert report["summary"]["verdict"] == "ok"


def test_a_not_applicable_check_does_not_grey_out_a_healthy_provider_heading(capsys) -> None:
    """Claude Code's Enterprise Analytics check is 'not applicable' with a Console Admin key; the
    provider is healthy, so its heading carries the pass mark, not the skipped one."""
    assert main(["check", "--demo", "healthy", "--provider", "anthropic"]) == 0
    lines = capsys.readouterr().out.splitlines()
    heading = next(line for line in lines if "Claude Code (" in line)
    assert heading.startswith("[✓] Claude Code"), heading
    assert any(line.strip().startswith("[–]") and "Not applicable" in line for line in lines)


def test_one_disabled_policy_is_one_problem_not_three(capsys) -> None:
    """policy-disabled: the enterprise and both organizations are refused for one reason."""
    assert main(["check", "--demo", "policy-disabled", "--provider", "github", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["counts"]["fail"] == 3
    assert report["summary"]["root_causes"] == 1
    [cause] = report["root_causes"]
    assert cause["title"].startswith("GitHub Copilot: Most likely the 'Copilot usage metrics' policy is off")
    assert {c["target"] for c in cause["checks"]} == {"enterprise:acme-corp", "org:acme", "org:acme-labs"}
    assert report["summary"]["headline"].startswith(cause["title"])
