"""The headless CLI: fast help without Qt, one-line usage errors, exit codes, no secrets in argv."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from aiusage_doctor import __version__
from aiusage_doctor.cli import ENV, main
from aiusage_doctor.core.tokens import TokenKind, make_fake_secret, make_github_token


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("AIUSAGE_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "aiusage_doctor", *args],
        capture_output=True, text=True, env=full_env, timeout=timeout,
    )


def test_version():
    proc = cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"aiusage-doctor {__version__}"


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"], ["sim", "--list"]])
def test_help_version_and_listing_never_import_qt(args):
    code = (
        "import sys\n"
        "from aiusage_doctor.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'qasync', 'shiboken6')))\n"
        "print('QT:' + ','.join(bad))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "QT:"


def test_check_help_lists_the_documented_options():
    out = cli("check", "--help").stdout
    for option in ("--github-enterprise", "--github-org", "--github-api-url", "--cursor-api-url",
                   "--anthropic-api-url", "--claude-local", "--format", "--output", "--timeout",
                   "--concurrency", "--strict", "--verbose", "--use-keyring", "--demo"):
        assert option in out
    assert "AIUSAGE_GITHUB_TOKEN" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--github-org", "acme corp"], "space"),
        (["check", "--github-api-url", "http://api.github.com"], "only https:// is allowed"),
        (["check", "--github-api-url", "api.github.com"], "has no scheme"),
        (["check", "--format", "pdf"], "invalid choice"),
        (["check", "--timeout", "0"], "--timeout must be more than 0"),
        (["check", "--timeout", "nan"], "--timeout must be more than 0"),
        (["check", "--timeout", "inf"], "--timeout must be more than 0"),
        (["check", "--ca-file", __file__], "holds no certificate this tool can read"),  # not PEM
        (["check", "--github-org", "https://octocorp.ghe.com/orgs/acme"],
         "is on octocorp.ghe.com, but the GitHub API URL is https://api.github.com; add --github-api-url "
         "https://api.octocorp.ghe.com"),
        (["check", "--github-enterprise", "https://ghes.corp.internal/enterprises/acme"],
         "add --github-api-url https://ghes.corp.internal/api/v3"),
        (["check", "--ca-file", "/nonexistent/ca.pem"], "no such file"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args, message):
    proc = cli(*args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_format_and_provider_names_are_case_insensitive():
    from aiusage_doctor.cli_parser import _build_parser

    args = _build_parser().parse_args(["check", "--format", "HTML", "--provider", "Cursor"])
    assert args.format == "html" and args.provider == ["cursor"]


def test_an_org_address_on_the_configured_github_is_accepted():
    from aiusage_doctor.cli import build_config
    from aiusage_doctor.cli_parser import _build_parser

    for api in ("https://api.octocorp.ghe.com", "https://octocorp.ghe.com"):
        args = _build_parser().parse_args(["check", "--github-api-url", api,
                                           "--github-org", "https://octocorp.ghe.com/orgs/acme"])
        assert build_config(args, env={}).github.orgs == ["acme"]


def test_orgs_and_enterprises_may_be_given_as_a_comma_list():
    from aiusage_doctor.cli import build_config
    from aiusage_doctor.cli_parser import _build_parser

    args = _build_parser().parse_args(["check", "--github-org", "acme, https://github.com/orgs/Acme-Labs/people;",
                                       "--github-org", "ACME", "--github-enterprise", "octo-ent,Other-Ent"])
    config = build_config(args, env={})
    assert config.github.orgs == ["acme", "acme-labs"]
    assert config.github.enterprises == ["octo-ent", "other-ent"]


@pytest.mark.parametrize(
    "secret",
    [make_github_token(), make_fake_secret(TokenKind.CURSOR_KEY), make_fake_secret(TokenKind.ANTHROPIC_ADMIN)],
    ids=["github", "cursor", "anthropic"],  # stable across xdist workers, and no secret in a test name
)
def test_a_secret_on_the_command_line_is_refused_and_not_echoed(secret):
    proc = cli("check", "--github-org", secret)
    assert proc.returncode == 2
    assert "only read from the environment" in proc.stderr
    assert secret[-12:] not in proc.stderr + proc.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--github-org", "acme {t}"], "only read from the environment"),
        (["--github-api-url", "https://ghes.corp.internal/{t}/api/v3"], "only read from the environment"),
        (["--github-org", "acme", "{t}"], "unrecognized arguments"),
        (["--format", "{t}"], "invalid choice"),
    ],
    ids=["inside-a-value", "in-a-url", "stray-argument", "as-an-option-value"],
)
def test_a_token_anywhere_on_the_command_line_is_never_echoed(args, message):
    secret = make_github_token()
    proc = cli("check", *(a.format(t=secret) for a in args))
    assert proc.returncode == 2
    assert message in proc.stderr
    assert secret[4:12] not in proc.stderr + proc.stdout and secret[-12:] not in proc.stderr + proc.stdout


@pytest.mark.parametrize("scenario", ["bogus", "enterprise-large:orgs=abc", "healthy:x=1"])
def test_a_bad_scenario_for_sim_serve_is_a_usage_error_not_a_crash(scenario, capsys):
    assert main(["sim", "--serve", scenario]) == 2
    err = capsys.readouterr().err
    assert err.startswith("aiusage-doctor: error: ") and len(err.strip().splitlines()) == 1
    assert "bug" not in err


@pytest.mark.parametrize(("name", "start"), [("report.html", "<!DOCTYPE html>"), ("report.md", "# "),
                                            ("report.json", "{"), ("report.txt", "Simulated run")])
def test_the_output_extension_picks_the_format_unless_one_is_given(name, start, tmp_path):
    proc = cli("check", "--demo", "healthy", "--provider", "cursor", "-o", str(tmp_path / name))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / name).read_text().startswith(start)
    proc = cli("check", "--demo", "healthy", "--provider", "cursor", "--format", "text", "-o", str(tmp_path / name))
    assert (tmp_path / name).read_text().startswith("Simulated run")


def test_output_dash_is_stdout(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "aiusage_doctor", "check", "--demo", "healthy", "--provider", "cursor",
                           "-o", "-", "--format", "json"], capture_output=True, text=True, timeout=60, cwd=tmp_path,
                          env={k: v for k, v in os.environ.items() if not k.startswith("AIUSAGE_")})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["verdict"] == "ok"
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_a_report_redirected_to_a_non_utf8_stream_is_written_in_utf8(encoding):
    # Windows gives a redirected stdout its ANSI code page; the ✓/✗ marks must not end the
    # run with UnicodeEncodeError (losing the report), nor become one indistinct '?'.
    proc = subprocess.run([sys.executable, "-m", "aiusage_doctor", "check", "--demo", "cursor-invalid-key",
                           "--provider", "cursor"], capture_output=True, timeout=60,
                          env={**{k: v for k, v in os.environ.items() if not k.startswith("AIUSAGE_")},
                               "PYTHONIOENCODING": encoding})
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout.decode("utf-8")
    assert "[✗] Cursor" in out and "[✓] Cursor API key format" in out


def test_nothing_checked_with_use_keyring_does_not_suggest_use_keyring(monkeypatch, capsys):
    for name in ENV.values():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("aiusage_doctor.cli_config._read_keyring", lambda inputs: None)  # an empty keyring
    assert main(["check", "--provider", "cursor", "--use-keyring"]) == 2
    err = capsys.readouterr().err
    assert "set AIUSAGE_CURSOR_API_KEY (the keyring held none of them either; or use --demo)" in err


def test_secret_refusal_in_process(capsys):
    assert main(["check", f"--github-enterprise={make_github_token()}"]) == 2
    assert "AIUSAGE_GITHUB_TOKEN" in capsys.readouterr().err


def test_nothing_configured_reports_each_provider_as_not_configured():
    """A script must not read 'nothing was checked' as success: exit 2, with one line saying
    what to set, and a report that says so too."""
    proc = cli("check", "--format", "json")
    assert proc.returncode == 2, proc.stderr
    assert "nothing was checked: set AIUSAGE_GITHUB_TOKEN" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    report = json.loads(proc.stdout)
    assert report["summary"]["headline"] == "Nothing was checked: every check was skipped."
    skipped = {c["provider"]: c for c in report["checks"] if c["status"] == "skip"}
    assert set(skipped) == {"github", "cursor", "anthropic"}
    assert "AIUSAGE_GITHUB_TOKEN" in skipped["github"]["summary"] + " ".join(skipped["github"]["details"])
    assert report["config"]["credentials_present"] == {"github": False, "cursor": False, "anthropic": False}
