"""Cursor and Claude Code evidence cases end to end: the CLI against the simulator.

The generic scenario tests (test_demo_scenarios.py) check each scenario's statuses and key
links; these check what the evidence cases add: drift ends in an unexpected answer with
its evidence, an inferred verdict is labelled as one with its alternatives in every
format, and a key of an undocumented type is sent and accepted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest


def _cli(scenario: str, fmt: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIUSAGE_")}
    return subprocess.run(
        [sys.executable, "-m", "aiusage_doctor", "check", "--demo", scenario, "--format", fmt],
        capture_output=True, text=True, encoding="utf-8", timeout=120, env=env, stdin=subprocess.DEVNULL,
    )


def _checks(scenario: str) -> dict[str, dict[str, Any]]:
    proc = _cli(scenario, "json")
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    return {c["id"]: c for c in json.loads(proc.stdout)["checks"]}


@pytest.mark.parametrize(("scenario", "check_id", "what"), [
    ("anthropic-report-drift", "anthropic.claude_code.report", "`actor`"),
    ("cursor-usage-drift", "cursor.usage.daily", "`data` list"),
])
def test_a_drifted_answer_is_an_unexpected_answer_with_evidence(scenario, check_id, what):
    check = _checks(scenario)[check_id]
    assert check["status"] == "error" and check["unexpected"] is True
    assert check["summary"].startswith("Unexpected answer from ")
    assert what in check["summary"]
    assert check["evidence"]["status"] == 200
    assert check["sources"] and all(s["verified"] == "2026-12-04" for s in check["sources"])


def test_a_refused_login_token_is_a_labelled_inference_in_json_and_text():
    check = _checks("claude-code-login-token")["anthropic.key.auth"]
    assert check["diagnosis"] == "auth.401.oauth"
    assert check["inference"]["likely"].startswith("a Claude Code login token")
    assert any("org:admin" in alt["cause"] for alt in check["inference"]["alternatives"])
    text = _cli("claude-code-login-token", "text").stdout
    assert "This is an inference, not something the vendor said: most likely a Claude Code login token" in text


def test_a_key_of_an_undocumented_type_is_sent_and_accepted():
    checks = _checks("anthropic-undocumented-key")
    assert checks["anthropic.key.format"]["diagnosis"] == "format.undocumented"
    assert checks["anthropic.key.auth"]["status"] == "pass"
    assert checks["anthropic.claude_code.report"]["status"] == "pass"


def test_the_cursor_plan_verdict_cites_the_apis_overview():
    check = _checks("cursor-admin-api-enterprise-only")["cursor.key.auth"]
    assert check["diagnosis"] == "auth.403.plan"
    assert any("Enterprise teams" in d for d in check["details"])
    assert "https://cursor.com/docs/api" in [link["url"] for link in check["remediation"]]
