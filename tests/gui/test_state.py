"""The Qt-free view-model: grouping, ordering, filtering, merging re-runs, banner wording."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from aiusage_doctor.core.models import CheckResult, Link, Status
from aiusage_doctor.core.tokens import TokenKind, make_fake_secret, make_github_token
from aiusage_doctor.gui.state import (
    MAILTO_BODY_LIMIT,
    Phase,
    ResultsModel,
    WizardInputs,
    check_details_text,
    mailto_url,
    target_label,
)


def res(check_id: str, target: str, status: str, provider: str = "github", summary: str = "") -> CheckResult:
    return CheckResult(id=check_id, provider=provider, target=target, title=check_id.split(".")[-1],
                       status=Status(status), summary=summary or f"{check_id} {status}")


def model_of(*results: CheckResult) -> ResultsModel:
    model = ResultsModel()
    for r in results:
        model.planned(r.key, r.title, r.provider)
    for r in results:
        model.finished(r)
    return model


def test_groups_put_providers_in_app_order_and_failures_first():
    model = model_of(
        res("anthropic.key", "key", "pass", "anthropic"),
        res("github.token.format", "token", "pass"),
        res("github.org.sso", "org:acme", "pass"),
        res("github.org.sso", "org:beta", "fail"),
        res("github.org.role", "org:beta", "skip"),
        res("github.org.seats", "org:beta", "warn"),
        res("cursor.key", "key", "error", "cursor"),
    )
    groups = model.groups()
    assert [g.provider for g in groups] == ["github", "cursor", "anthropic"]
    github = groups[0]
    # The org with a problem comes first; inside it the worst check first.
    assert [t.target for t in github.targets] == ["org:beta", "token", "org:acme"]
    assert [r.status for r in github.targets[0].rows] == ["fail", "warn", "skip"]
    assert github.problems == 2


def test_problems_only_filter_keeps_warn_fail_error():
    model = model_of(
        res("github.token.format", "token", "pass"),
        res("github.org.sso", "org:beta", "fail"),
        res("github.org.role", "org:beta", "skip"),
        res("cursor.key", "key", "error", "cursor"),
        res("anthropic.key", "key", "warn", "anthropic"),
    )
    shown = [r.status for g in model.groups(problems_only=True) for r in g.rows]
    assert shown == ["fail", "error", "warn"]


@pytest.mark.parametrize(
    ("statuses", "level", "headline"),
    [
        ({"github": "fail", "cursor": "error", "anthropic": "pass"}, "problems",
         "Found 2 problems in 2 of 3 providers"),
        ({"github": "warn", "cursor": "pass"}, "warnings", "Found 1 warning in 1 provider"),
        ({"github": "pass", "cursor": "skip"}, "ok", "No problems found in 1 provider"),
        ({"github": "skip", "cursor": "skip"}, "empty", "Nothing was checked: every check was skipped"),
    ],
)
def test_banner_wording(statuses, level, headline):
    model = model_of(*(res(f"{p}.check", "token", s, p) for p, s in statuses.items()))
    banner = model.banner()
    assert (banner.level, banner.headline) == (level, headline)


def test_banner_counts_line_and_running_state():
    model = model_of(res("github.a", "token", "fail"), res("github.b", "token", "pass"),
                     res("github.c", "token", "pass"))
    assert model.banner().detail == "1 failed · 2 passed"
    model.started(("github.a", "token"), "a")
    assert model.banner(running=True).headline == "Checking… 2 of 3 done"


def test_rerun_merge_replaces_only_the_rerun_rows_and_keeps_order():
    model = model_of(res("github.a", "token", "pass"), res("github.b", "org:x", "fail"),
                     res("github.c", "org:x", "skip"))
    before = [r.key for r in model.rows()]
    # Re-run of b (and its prerequisite a): rows show a spinner but keep the old verdict.
    model.planned(("github.b", "org:x"), "b")
    row = model.started(("github.b", "org:x"), "b")
    assert row.status == "running" and row.result is not None and row.result.status == Status.FAIL
    model.merge([res("github.a", "token", "pass"), res("github.b", "org:x", "pass")])
    assert [r.key for r in model.rows()] == before
    assert model.row(("github.b", "org:x")).status == "pass"
    assert model.row(("github.c", "org:x")).status == "skip"  # untouched
    assert all(r.phase is Phase.DONE for r in model.rows())
    assert model.banner().level == "ok"


def test_retain_drops_rows_a_full_rerun_no_longer_has():
    model = model_of(res("github.a", "org:old", "fail"), res("github.a", "org:new", "pass"))
    model.retain({("github.a", "org:new")})
    assert [r.target for r in model.rows()] == ["org:new"]


@pytest.mark.parametrize(
    ("target", "label"),
    [("org:acme", "Organization acme"), ("enterprise:acme", "Enterprise acme"), ("token", "Token"),
     ("key", "API key"), ("machine", "This computer"), ("host:127.0.0.1", "Download host 127.0.0.1"),
     ("weird", "weird")],
)
def test_target_labels(target, label):
    assert target_label(target) == label


def test_mailto_has_subject_body_and_attachment_note():
    url = mailto_url("help@example.com", "AI Usage Doctor report: 2 problems", "line one\nline two & more",
                     "report.html")
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and parts.path == "help@example.com"
    query = parse_qs(parts.query)
    assert query["subject"] == ["AI Usage Doctor report: 2 problems"]
    body = query["body"][0]
    assert body.startswith("line one\nline two & more")
    assert "attached (report.html)" in body


def test_mailto_body_is_truncated_for_mail_clients():
    url = mailto_url("a@b.example", "s", "x" * 10_000, None)
    body = parse_qs(urlsplit(url).query)["body"][0]
    assert len(body) < MAILTO_BODY_LIMIT + 200
    assert "attach the full report" in body


def test_inputs_to_config_carries_only_chosen_providers_secrets():
    token, key = make_github_token(), make_fake_secret(TokenKind.CURSOR_KEY)
    inputs = WizardInputs(providers=["github"], github_token=token, cursor_key=key, orgs=["acme"],
                          claude_local=True)
    config = inputs.to_config()
    assert config.providers == ["github"]
    assert config.github.token.get_secret_value() == token
    assert config.cursor.api_key is None  # not chosen: its key is not sent anywhere
    assert config.anthropic.claude_local is False
    assert token not in repr(inputs)
    back = WizardInputs.from_config(config)
    assert back.github_token == token and back.orgs == ["acme"]


def test_copy_details_is_redacted():
    token = make_github_token()
    result = CheckResult(
        id="github.token.auth", provider="github", target="token", title="Sign-in", status=Status.ERROR,
        summary="GitHub said no", details=[f"sent {token}"], remediation=[Link(text="Fix", url="https://x.example")],
        evidence={"status": 500},
    )
    text = check_details_text(result)
    assert "Sign-in" in text and "https://x.example" in text and '"status": 500' in text
    assert token not in text
