"""The CLI against each attack of the hostile server: every run ends with a specific error
within --timeout plus a margin, stays under the memory limit, and leaves no control
character and no piece of a secret in anything it prints or writes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from aiusage_doctor.core.tokens import TokenKind, make_fake_secret

from .conftest import CONTROL_RE, MEMORY_LIMIT_MB, TIME_MARGIN, Run, leaks, run_cli
from .server import HostileServer

TIMEOUT = 5.0


@pytest.fixture
def secrets() -> dict[str, str]:
    rng = random.Random(13)
    return {
        "AIUSAGE_GITHUB_TOKEN": make_fake_secret(TokenKind.GITHUB_CLASSIC, rng),
        "AIUSAGE_CURSOR_API_KEY": make_fake_secret(TokenKind.CURSOR_KEY, rng),
        "AIUSAGE_ANTHROPIC_ADMIN_KEY": make_fake_secret(TokenKind.ANTHROPIC_ADMIN, rng),
    }


def attack(name: str, tmp_path: Path, secrets: dict[str, str], fmt: str = "json") -> Run:
    home = tmp_path / "home"
    report = home / f"report.{ {'markdown': 'md'}.get(fmt, fmt) }"
    with HostileServer(name) as server:
        run = run_cli(
            ["check", "--github-api-url", server.url, "--cursor-api-url", server.url,
             "--anthropic-api-url", server.url, "--no-claude-local", "--timeout", str(TIMEOUT),
             "--format", fmt, "--output", str(report)],
            home, secrets, hard_limit=TIMEOUT + TIME_MARGIN + 30,
        )
    assert run.code == 1, (run.code, run.stderr[-2000:])  # problems found, not a crash (exit 1 + "bug")
    assert "This is a bug" not in run.everything()
    assert not any(name.startswith("crash") for name in map(lambda p: Path(p).name, run.artifacts))
    assert run.elapsed < TIMEOUT + TIME_MARGIN, f"the run took {run.elapsed:.0f} s"
    if run.peak_mb is not None:
        assert run.peak_mb < MEMORY_LIMIT_MB, f"peak memory {run.peak_mb:.0f} MB"
    found = sorted({c for c in CONTROL_RE.findall(run.everything())})
    assert found == [], f"control characters reached the output: {found!r}"
    assert leaks(run.everything(), secrets) == []
    return run


@pytest.mark.parametrize("name", ["gzip_bomb", "stacked_gzip"])
def test_a_decompression_bomb_ends_in_a_too_large_or_refused_answer(name, tmp_path, secrets) -> None:
    run = attack(name, tmp_path, secrets)
    report = run.artifacts["report.json"]
    expected = "unexpectedly large answer" if name == "gzip_bomb" else "compressed as 'gzip, gzip'"
    assert expected in report


def test_an_error_message_of_slashes_is_redacted_within_the_time_limit(tmp_path, secrets) -> None:
    run = attack("slashes", tmp_path, secrets)
    report = run.artifacts["report.json"]
    assert "/" * 40_000 not in report  # cut where it entered
    assert '"status": "fail"' in report or '"status": "error"' in report


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_terminal_escapes_never_reach_the_terminal_or_a_file(fmt, tmp_path, secrets) -> None:
    # Written to a file and, for text, to the terminal too (no --output): both are scanned.
    run = attack("escapes", tmp_path, secrets, fmt)
    assert "All checks passed" in run.everything()  # the text arrives, without its escapes
    if fmt == "text":
        home = tmp_path / "again"
        with HostileServer("escapes") as server:
            again = run_cli(["check", "--github-api-url", server.url, "--cursor-api-url", server.url,
                             "--anthropic-api-url", server.url, "--no-claude-local",
                             "--timeout", str(TIMEOUT)], home, secrets)
        assert "All checks passed" in again.stdout
        assert CONTROL_RE.findall(again.stdout + again.stderr) == []


def test_deeply_nested_json_is_an_invalid_answer_not_a_bug(tmp_path, secrets) -> None:
    run = attack("nested", tmp_path, secrets)
    assert "nested more than 64 levels deep" in run.artifacts["report.json"]
    assert "RecursionError" not in run.everything()


@pytest.mark.parametrize("name", ["echo_chunks", "echo_b64_bearer", "echo_b64_basic", "echo_b64_token",
                                  "echo_percent", "echo_json_escaped", "echo_header"])
def test_a_credential_echoed_back_leaves_no_piece_in_any_artifact(name, tmp_path, secrets) -> None:
    attack(name, tmp_path, secrets)  # the leak scan is part of every attack
