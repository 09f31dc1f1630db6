"""build_report / summary_text: the verdict an admin reads first, and nothing secret in it."""

from __future__ import annotations

import getpass
import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aiusage_doctor import __version__
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.models import CheckResult, Link, Status
from aiusage_doctor.core.report import build_report, os_description, proxy_in_use, summary_text

GITHUB_TOKEN = "ghp_" + "Q7xK2mN9pL4vR8sT1wY6zB3cD5fG0hJ2kM4n"
CURSOR_KEY = "key_cursorsecretvalue0123456789abcdef"
PLAIN_SECRET = "Correct-Horse-Battery-Staple-9081"  # no recognisable token shape: only config knows it


def result(provider: str, status: Status, *, check_id: str = "x.check", target: str = "run",
           summary: str = "ok", **kw) -> CheckResult:
    return CheckResult(id=check_id, provider=provider, target=target, title=f"{check_id} title",
                       status=status, summary=summary, **kw)


def config(**kw) -> RunConfig:
    return RunConfig.model_validate(kw)


def test_all_passing_says_no_problems_in_n_providers() -> None:
    results = [result(p, Status.PASS) for p in ("github", "cursor", "anthropic")]
    summary = build_report(config(), results).summary
    assert summary.verdict == "ok"
    assert summary.headline == "No problems found in 3 providers."
    assert summary.providers_with_problems == []


def test_failures_name_how_many_providers_have_problems() -> None:
    results = [
        result("cursor", Status.FAIL),
        result("github", Status.PASS),
        result("github", Status.ERROR, check_id="github.org.sso", target="org:acme"),
        result("anthropic", Status.PASS),
    ]
    summary = build_report(config(), results).summary
    assert summary.verdict == "problems"
    assert summary.headline == "Found 2 problems in 2 of 3 providers."
    assert summary.providers_with_problems == ["github", "cursor"]  # app order, not result order


def test_warnings_only() -> None:
    results = [result("github", Status.PASS), result("cursor", Status.WARN), result("anthropic", Status.SKIP)]
    summary = build_report(config(), results).summary
    assert summary.verdict == "warnings"
    assert summary.headline == "Found 1 warning in 1 provider."


def test_plural_warnings_across_providers() -> None:
    results = [result("github", Status.WARN, check_id="github.a"), result("github", Status.WARN, check_id="github.b"),
               result("cursor", Status.WARN)]
    assert build_report(config(), results).summary.headline == "Found 3 warnings in 2 providers."


def test_single_provider_grammar() -> None:
    assert build_report(config(), [result("github", Status.PASS)]).summary.headline == (
        "No problems found in 1 provider.")
    assert build_report(config(), [result("github", Status.FAIL, check_id="github.a"),
                                   result("github", Status.FAIL, check_id="github.b")]).summary.headline == (
        "Found 2 problems in 1 of 1 provider.")


def test_skipped_providers_are_not_counted_as_checked() -> None:
    results = [result("github", Status.PASS), result("cursor", Status.SKIP)]
    assert build_report(config(), results).summary.headline == "No problems found in 1 provider."
    skipped = [result("github", Status.SKIP), result("cursor", Status.SKIP)]
    assert build_report(config(), skipped).summary.headline == "Nothing was checked: every check was skipped."


def test_no_results() -> None:
    summary = build_report(config(), []).summary
    assert summary.headline == "No checks were run."
    assert summary.verdict == "empty"
    assert summary.counts == {"pass": 0, "warn": 0, "fail": 0, "skip": 0, "error": 0}


def test_counts_always_have_all_five_statuses() -> None:
    counts = build_report(config(), [result("github", Status.PASS), result("github", Status.FAIL)]).summary.counts
    assert counts == {"pass": 1, "warn": 0, "fail": 1, "skip": 0, "error": 0}


def test_environment_and_config_describe_the_run_without_identity(monkeypatch) -> None:
    for var in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy", "http_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    cfg = config(github={"token": GITHUB_TOKEN, "orgs": ["acme"]}, demo_scenario="sso-missing")
    when = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    report = build_report(cfg, [result("github", Status.PASS)], generated_at=when)
    assert report.generated_at == when
    assert report.environment.app_version == __version__ == report.tool.version
    assert report.environment.simulated is True
    assert report.environment.proxy_in_use is False
    assert report.environment.os == os_description() and report.environment.os.split()[0]
    assert report.config.orgs == ["acme"]
    assert report.config.credentials_present["github"] is True
    env_json = report.environment.model_dump_json()
    assert str(Path.home()) not in env_json
    for identity in (getpass.getuser(), socket.gethostname()):
        if len(identity) >= 4:
            assert identity not in env_json


@pytest.mark.parametrize("var", ["HTTPS_PROXY", "https_proxy", "Http_Proxy", "ALL_PROXY"])
def test_proxy_detected_in_any_case(var: str) -> None:
    assert proxy_in_use({var: "http://user:pw@proxy:3128"}) is True
    assert proxy_in_use({var: ""}) is False
    assert proxy_in_use({"NO_PROXY": "localhost"}) is False


def test_config_secrets_are_masked_everywhere_in_the_report() -> None:
    cfg = config(github={"token": PLAIN_SECRET}, cursor={"api_key": CURSOR_KEY})
    leaky = result(
        "github", Status.FAIL,
        summary=f"GitHub rejected token {PLAIN_SECRET}",
        details=[f"Authorization: Bearer {CURSOR_KEY}"],
        evidence={"request": {"headers": {"authorization": f"token {PLAIN_SECRET}"}},
                  "body": [f"echo {CURSOR_KEY}"]},
        remediation=[Link(text="Fix", url=f"https://example.com/?t={PLAIN_SECRET}")],
    )
    dumped = build_report(cfg, [leaky]).model_dump_json()
    assert PLAIN_SECRET not in dumped
    assert CURSOR_KEY not in dumped


def test_home_directory_is_shown_as_tilde() -> None:
    home = str(Path.home())
    report = build_report(config(), [result("anthropic", Status.FAIL, details=[f"{home}/.claude.json is unreadable"])])
    assert home not in report.model_dump_json()
    assert "~/.claude.json" in report.checks[0].details[0]


def test_summary_text_lists_headline_then_each_root_cause() -> None:
    results = [
        result("github", Status.PASS, summary="Token is valid"),
        result("cursor", Status.WARN, summary="Key is close to expiry"),
        result("github", Status.FAIL, target="org:acme", summary="Token not authorized for SAML SSO"),
    ]
    text = summary_text(build_report(config(), results))
    lines = text.splitlines()
    assert lines[0] == "GitHub Copilot · Organization acme: Token not authorized for SAML SSO. Also 1 warning."
    assert lines[1] == "✗ GitHub Copilot · Organization acme: Token not authorized for SAML SSO"
    assert lines[2] == "! Cursor: Key is close to expiry"
    assert "Token is valid" not in text


def test_summary_text_is_redacted() -> None:
    cfg = config(github={"token": PLAIN_SECRET})
    text = summary_text(build_report(cfg, [result("github", Status.FAIL, summary=f"bad {PLAIN_SECRET}")]))
    assert PLAIN_SECRET not in text
