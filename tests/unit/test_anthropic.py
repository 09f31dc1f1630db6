"""Claude Code (Anthropic) checks: key routing, Admin key auth, the Console's Claude Code
report, Claude Enterprise Analytics, and the usage-source verdict.

Bodies follow Anthropic's documented shapes: the error envelope
`{"type":"error","error":{"type","message"},"request_id"}` with a `request-id` header,
`/v1/organizations/me`, the Claude Code report rows (`actor`, `customer_type`,
`core_metrics`, ... with `has_more`/`next_page`), list endpoints (`data`, `has_more`,
`first_id`, `last_id`) and the Enterprise Analytics `/users` snapshot.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import respx
from pydantic import SecretStr

from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.models import Status
from aiusage_doctor.core.runner import Runner
from aiusage_doctor.core.tokens import TokenKind, make_fake_secret
from aiusage_doctor.providers import anthropic, claude_local

API = "https://api.anthropic.com"
NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
DAYS = [(NOW.date() - timedelta(days=i)).isoformat() for i in range(7)]
REQUEST_ID = {"request-id": "req_011CSHoEeqs5C35K2UUqR7Fy"}
EMPTY_DAY = {"data": [], "has_more": False, "next_page": None}
ORG = {"id": "dc9f6c26-b22c-4831-8d01-0446bada88f1", "type": "organization", "name": "Acme Corp"}


def api_error(status: int, etype: str, message: str) -> httpx.Response:
    return httpx.Response(
        status,
        headers=REQUEST_ID,
        json={"type": "error", "error": {"type": etype, "message": message},
              "request_id": "req_011CSHoEeqs5C35K2UUqR7Fy"},
    )


def report_row(day: str, actor: dict, customer_type: str = "api") -> dict:
    return {
        "date": f"{day}T00:00:00Z",
        "actor": actor,
        "organization_id": ORG["id"],
        "customer_type": customer_type,
        "terminal_type": "vscode",
        "core_metrics": {"num_sessions": 5, "lines_of_code": {"added": 1543, "removed": 892},
                         "commits_by_claude_code": 12, "pull_requests_by_claude_code": 2},
        "tool_actions": {"edit_tool": {"accepted": 45, "rejected": 5},
                         "multi_edit_tool": {"accepted": 12, "rejected": 2},
                         "write_tool": {"accepted": 8, "rejected": 1},
                         "notebook_edit_tool": {"accepted": 3, "rejected": 0}},
        "model_breakdown": [{"model": "claude-opus-5-5",
                             "tokens": {"input": 100000, "output": 35000, "cache_read": 10000, "cache_creation": 5000},
                             "estimated_cost": {"currency": "USD", "amount": 113}}],
    }


USER = {"type": "user_actor", "email_address": "developer@company.com"}
USER2 = {"type": "user_actor", "email_address": "second@company.com"}
API_ACTOR = {"type": "api_actor", "api_key_name": "ci-claude-code"}


def users_body(roles: list[str], has_more: bool = False) -> dict:
    data = [{"id": f"user_{i:02d}", "type": "user", "email": f"u{i}@company.com", "name": f"U{i}",
             "role": role, "added_at": "2025-06-01T00:00:00Z"} for i, role in enumerate(roles)]
    return {"data": data, "has_more": has_more, "first_id": data[0]["id"] if data else None,
            "last_id": data[-1]["id"] if data else None}


def keys_body(n: int) -> dict:
    data = [{"id": f"apikey_{i:02d}", "type": "api_key", "name": f"key {i}", "status": "active",
             "workspace_id": None, "created_at": "2025-06-01T00:00:00Z", "partial_key_hint": "sk-ant-api03-...AAAA"}
            for i in range(n)]
    return {"data": data, "has_more": False, "first_id": None, "last_id": None}


def enterprise_user(email: str, sessions: int) -> dict:
    return {
        "user": {"id": f"user_{email}", "email_address": email},
        "chat_metrics": {"distinct_conversation_count": 3, "message_count": 20},
        "claude_code_metrics": {
            "core_metrics": {"commit_count": sessions, "pull_request_count": 0,
                             "lines_of_code": {"added_count": 10 * sessions, "removed_count": 0},
                             "distinct_session_count": sessions},
            "tool_actions": {"edit_tool": {"accepted_count": 1, "rejected_count": 0}},
        },
        "web_search_count": 0,
    }


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(anthropic.common, "_now", lambda: NOW)


@pytest.fixture
def admin_key() -> str:
    return make_fake_secret(TokenKind.ANTHROPIC_ADMIN)


@pytest.fixture
def local_machine(isolated_home, monkeypatch):
    """A fake developer computer: no `claude` on PATH, no env vars, no managed settings."""
    env: dict[str, str] = {}
    monkeypatch.setattr(claude_local.machine, "environ", lambda: env)
    monkeypatch.setattr(claude_local.machine, "find_claude", lambda: None)
    monkeypatch.setattr(claude_local.machine, "managed_settings_paths",
                        lambda platform=None: [isolated_home / "managed" / "managed-settings.json"])

    def login(org_type: str | None = None, **extra) -> Path:
        path = isolated_home / ".claude.json"
        account = {"organizationType": org_type, "emailAddress": "dev@company.com"} if org_type else None
        path.write_text(json.dumps({"oauthAccount": account, **extra}), encoding="utf-8")
        return path

    return login


def config(key: str | None, *, local: bool = False, **kw) -> RunConfig:
    return RunConfig(providers=["anthropic"],
                     anthropic={"admin_key": SecretStr(key) if key else None, "claude_local": local}, **kw)


def run(cfg: RunConfig) -> dict:
    results = asyncio.run(Runner(cfg, providers=[anthropic.PROVIDER]).run())
    return {r.id: r for r in results}


def mocked() -> respx.MockRouter:
    return respx.mock(assert_all_mocked=True, assert_all_called=False)


def mock_admin(mock: respx.MockRouter, *, me=None, days: dict[str, list] | None = None, users=None, keys=None):
    """Admin API routes. `days` maps a date to its rows (other days are empty)."""
    days = days or {}

    def report(request: httpx.Request) -> httpx.Response:
        day = request.url.params["starting_at"]
        return httpx.Response(200, headers=REQUEST_ID,
                              json={"data": days.get(day, []), "has_more": False, "next_page": None})

    return {
        "me": mock.get(f"{API}/v1/organizations/me").mock(return_value=me or httpx.Response(200, json=ORG)),
        "report": mock.get(f"{API}/v1/organizations/usage_report/claude_code").mock(side_effect=report),
        "users": mock.get(f"{API}/v1/organizations/users").mock(
            return_value=users or httpx.Response(200, json=users_body(["admin", "developer", "claude_code_user"]))),
        "keys": mock.get(f"{API}/v1/organizations/api_keys").mock(
            return_value=keys or httpx.Response(200, json=keys_body(2))),
    }


def assert_nothing_sent(mock: respx.MockRouter) -> None:
    """Call inside the `with` block: respx clears calls and routes when it exits."""
    sent = [call.request.url for call in mock.calls]
    assert sent == [], f"requests were sent: {sent}"


def urls(result) -> list[str]:
    return [link.url for link in result.remediation]


# --------------------------------------------------------------------------- planning


def test_plan_for_an_admin_key_in_catalog_order(admin_key):
    planned = anthropic.plan(config(admin_key, local=True))
    assert [(p.spec.id, p.target, p.needs) for p in planned] == [
        ("anthropic.key.format", "key", ()),
        ("anthropic.key.auth", "key", (("anthropic.key.format", "key"),)),
        ("anthropic.claude_code.report", "org", (("anthropic.key.auth", "key"),)),
        ("anthropic.enterprise_analytics", "org", ()),
        ("claude.local.login", "machine", ()),
        ("claude.usage_source", "org", ()),
    ]
    assert [s.id for s in anthropic.CATALOG] == [p.spec.id for p in planned]
    assert anthropic.PROVIDER.name == "anthropic" and anthropic.PROVIDER.title == "Claude Code"


def test_plan_for_an_enterprise_analytics_key_routes_to_enterprise():
    planned = {p.spec.id: p for p in anthropic.plan(config(make_fake_secret(TokenKind.ANTHROPIC_ENTERPRISE_ANALYTICS)))}
    assert planned["anthropic.enterprise_analytics"].needs == (("anthropic.key.format", "key"),)
    assert planned["claude.usage_source"].params["wait_for"] == [("anthropic.enterprise_analytics", "org")]


def test_no_key_and_no_local_check_is_a_single_not_configured_skip():
    with mocked() as mock:
        results = run(config(None))
        assert_nothing_sent(mock)
    assert list(results) == ["anthropic.key.format"]
    assert results["anthropic.key.format"].status is Status.SKIP
    assert "AIUSAGE_ANTHROPIC_ADMIN_KEY" in results["anthropic.key.format"].summary


# --------------------------------------------------------------------------- healthy Console org


def test_console_org_with_usage_passes_and_the_verdict_is_console(admin_key):
    def paged(request: httpx.Request) -> httpx.Response:
        day, page = request.url.params["starting_at"], request.url.params.get("page")
        if day == DAYS[0]:
            body = {"data": [report_row(day, API_ACTOR)], "has_more": False, "next_page": None}
        elif day == DAYS[1] and page is None:
            body = {"data": [report_row(day, USER)], "has_more": True, "next_page": "page_MjAyNi0wMy0xNw"}
        elif day == DAYS[1] and page == "page_MjAyNi0wMy0xNw":
            body = {"data": [report_row(day, USER2)], "has_more": False, "next_page": None}
        else:
            body = EMPTY_DAY
        return httpx.Response(200, headers=REQUEST_ID, json=body)

    with mocked() as mock:
        routes = mock_admin(mock)
        routes["report"].side_effect = paged
        results = run(config(admin_key))

    assert results["anthropic.key.format"].status is Status.PASS
    auth = results["anthropic.key.auth"]
    assert auth.status is Status.PASS and "Acme Corp" in auth.summary
    request = routes["me"].calls.last.request
    assert request.headers["x-api-key"] == admin_key
    assert request.headers["anthropic-version"] == "2023-06-01"

    report = results["anthropic.claude_code.report"]
    assert report.status is Status.PASS
    assert "2 people and 1 API key on 2 of the last 7 days" in report.summary
    pages = [c.request.url.params.get("page") for c in routes["report"].calls]
    assert pages.count("page_MjAyNi0wMy0xNw") == 1 and routes["report"].call_count == 8
    assert all(c.request.url.params["limit"] == "1000" for c in routes["report"].calls)
    asked = sorted({c.request.url.params["starting_at"] for c in routes["report"].calls})
    assert asked == sorted(DAYS)
    assert not routes["users"].called  # member counts are only looked up for an empty report

    verdict = results["claude.usage_source"]
    assert verdict.status is Status.PASS
    assert "flows through the Console" in verdict.summary and "confidence: high" in verdict.summary
    assert verdict.evidence["verdict"] == "console"
    assert results["anthropic.enterprise_analytics"].status is Status.SKIP
    assert "Not applicable" in results["anthropic.enterprise_analytics"].summary


# --------------------------------------------------------------------------- key format


def test_ordinary_api_key_fails_format_and_is_never_sent():
    with mocked() as mock:
        mock_admin(mock)
        results = run(config(make_fake_secret(TokenKind.ANTHROPIC_API)))
        assert_nothing_sent(mock)
    fmt = results["anthropic.key.format"]
    assert fmt.status is Status.FAIL
    assert "ordinary Claude API key" in fmt.summary and "not an Admin API key" in fmt.summary
    assert urls(fmt)[:2] == ["https://platform.claude.com/settings/admin-keys",
                             "https://platform.claude.com/docs/en/manage-claude/admin-api-keys"]
    assert results["anthropic.key.auth"].status is Status.SKIP
    assert results["anthropic.claude_code.report"].status is Status.SKIP
    verdict = results["claude.usage_source"]
    assert verdict.status is Status.SKIP and verdict.summary.startswith("No verdict")
    assert "ordinary API key" in verdict.summary and "--claude-local" in verdict.summary


def test_claude_code_login_token_is_sent_as_bearer_and_its_refusal_is_a_labelled_inference():
    token = make_fake_secret(TokenKind.ANTHROPIC_OAUTH)
    with mocked() as mock:
        routes = mock_admin(mock, me=api_error(403, "permission_error", "OAuth token does not meet scope requirement org:admin"))
        results = run(config(token))
        sent = routes["me"].calls.last.request.headers
    assert sent["authorization"] == f"Bearer {token}" and "x-api-key" not in sent
    fmt = results["anthropic.key.format"]
    assert fmt.status is Status.WARN and "org:admin" in fmt.summary
    auth = results["anthropic.key.auth"]
    assert auth.status is Status.FAIL and auth.diagnosis == "auth.401.oauth"
    assert auth.inference is not None and "Claude Code login token" in auth.inference.likely
    alternatives = [a.cause for a in auth.inference.alternatives]
    assert any("org:admin" in cause for cause in alternatives)
    assert "https://code.claude.com/docs/en/authentication" in urls(auth)
    assert any(link.url == "https://platform.claude.com/docs/en/manage-claude/claude-code-analytics-api"
               for a in auth.inference.alternatives for link in a.links)
    verdict = results["claude.usage_source"]
    assert verdict.status is Status.WARN and verdict.diagnosis == "source.oauth_token"
    assert "Claude.ai subscriptions" in verdict.summary and "confidence: medium" in verdict.summary
    assert verdict.inference is not None
    assert "https://code.claude.com/docs/en/settings" in urls(verdict)


def test_org_admin_oauth_token_accepted_reads_the_report():
    with mocked() as mock:
        mock_admin(mock, days={DAYS[1]: [report_row(DAYS[1], USER)]})
        results = run(config(make_fake_secret(TokenKind.ANTHROPIC_OAUTH)))
    auth = results["anthropic.key.auth"]
    assert auth.status is Status.PASS and "OAuth token" in auth.summary and "Acme Corp" in auth.summary
    assert results["anthropic.claude_code.report"].status is Status.PASS


UNDOCUMENTED_KEY = "sk-ant-svc01-" + "Q7x_" * 20


def test_key_with_an_undocumented_prefix_is_sent_and_accepted():
    """Personal and service-account keys not scoped to a workspace work on the Admin API;
    their prefix is not documented, so the key is sent and the answer decides."""
    with mocked() as mock:
        routes = mock_admin(mock, days={DAYS[1]: [report_row(DAYS[1], API_ACTOR)]})
        results = run(config(UNDOCUMENTED_KEY))
        assert routes["me"].calls.last.request.headers["x-api-key"] == UNDOCUMENTED_KEY
    fmt = results["anthropic.key.format"]
    assert fmt.status is Status.WARN and fmt.diagnosis == "format.undocumented"
    assert "personal and service-account keys" in fmt.summary
    assert urls(fmt)[0] == "https://platform.claude.com/docs/en/manage-claude/claude-code-analytics-api"
    assert results["anthropic.key.auth"].status is Status.PASS
    assert results["anthropic.claude_code.report"].status is Status.PASS
    assert results["claude.usage_source"].status is Status.PASS


def test_key_with_an_undocumented_prefix_refused_names_workspace_scope_as_the_likely_cause():
    with mocked() as mock:
        mock_admin(mock, me=api_error(401, "authentication_error", "invalid x-api-key"))
        results = run(config(UNDOCUMENTED_KEY))
    auth = results["anthropic.key.auth"]
    assert auth.status is Status.FAIL and auth.diagnosis == "auth.401.undocumented"
    assert auth.inference is not None and "workspace" in auth.inference.likely
    assert any("individual account" in a.cause for a in auth.inference.alternatives)
    assert urls(auth)[0] == "https://platform.claude.com/settings/admin-keys"


@pytest.mark.parametrize(("status", "body", "what"), [
    (418, {"type": "error", "error": {"type": "teapot", "message": "short and stout"}}, "HTTP 418"),
    (200, {"type": "organization", "name": "Acme Corp"}, "without the organization's id"),
])
def test_key_check_answer_in_no_documented_shape_is_an_unexpected_answer(admin_key, status, body, what):
    with mocked() as mock:
        mock_admin(mock, me=httpx.Response(status, headers=REQUEST_ID, json=body))
        results = run(config(admin_key))
    auth = results["anthropic.key.auth"]
    assert auth.status is Status.ERROR and auth.unexpected
    assert auth.summary.startswith("Unexpected answer from Anthropic: its API may have changed")
    assert what in auth.summary and auth.evidence["status"] == status
    assert "https://platform.claude.com/docs/en/api/errors" in urls(auth)


def test_report_without_a_data_list_is_an_unexpected_answer(admin_key):
    with mocked() as mock:
        routes = mock_admin(mock)
        routes["report"].mock(return_value=httpx.Response(200, json={"results": [], "has_more": False}))
        results = run(config(admin_key))
    report = results["anthropic.claude_code.report"]
    assert report.status is Status.ERROR and report.unexpected and "`data` list" in report.summary
    assert "https://platform.claude.com/docs/en/manage-claude/claude-code-analytics-api" in urls(report)


def test_report_rows_without_an_actor_are_an_unexpected_answer(admin_key):
    row = report_row(DAYS[1], USER)
    del row["actor"]
    with mocked() as mock:
        mock_admin(mock, days={DAYS[1]: [row]})
        results = run(config(admin_key))
    report = results["anthropic.claude_code.report"]
    assert report.status is Status.ERROR and report.unexpected and "actor" in report.summary


def test_admin_key_403_is_a_labelled_inference_naming_individual_accounts(admin_key):
    with mocked() as mock:
        mock_admin(mock, me=api_error(403, "permission_error", "not allowed"))
        results = run(config(admin_key))
    auth = results["anthropic.key.auth"]
    assert auth.status is Status.FAIL and auth.diagnosis == "auth.403" and auth.inference is not None
    assert "no organization admin access" in auth.inference.likely
    individual = [a for a in auth.inference.alternatives if "individual account" in a.cause]
    assert individual and individual[0].links[0].url == "https://platform.claude.com/docs/en/manage-claude/admin-api"


def test_empty_report_is_an_inference_with_its_alternatives(admin_key):
    with mocked() as mock:
        mock_admin(mock)
        results = run(config(admin_key))
    report = results["anthropic.claude_code.report"]
    assert report.status is Status.WARN and report.diagnosis == "report.empty"
    assert report.inference is not None and "Claude.ai subscriptions" in report.inference.likely
    causes = " ".join(a.cause for a in report.inference.alternatives)
    assert "Bedrock" in causes and "different Console organization" in causes
    assert any(s.url == "https://github.com/anthropics/claude-code/issues/27780" for s in report.sources)


def test_cursor_key_in_the_anthropic_field_is_named_and_not_sent():
    with mocked() as mock:
        mock_admin(mock)
        results = run(config(make_fake_secret(TokenKind.CURSOR_KEY)))
        assert_nothing_sent(mock)
    fmt = results["anthropic.key.format"]
    assert fmt.status is Status.FAIL
    assert "Cursor" in fmt.summary and "not sent to Anthropic" in fmt.summary


def test_pasted_key_with_a_line_break_is_trimmed_and_reported(admin_key):
    with mocked() as mock:
        routes = mock_admin(mock, days={DAYS[0]: [report_row(DAYS[0], USER)]})
        results = run(config(f"x-api-key: {admin_key}\n"))
    fmt = results["anthropic.key.format"]
    assert fmt.status is Status.WARN and "extra characters" in fmt.summary
    assert routes["me"].calls.last.request.headers["x-api-key"] == admin_key


# --------------------------------------------------------------------------- auth


def test_invalid_admin_key_401_shows_anthropics_error_in_plain_words(admin_key):
    with mocked() as mock:
        mock_admin(mock, me=api_error(401, "authentication_error", "invalid x-api-key"))
        results = run(config(admin_key))
    auth = results["anthropic.key.auth"]
    assert auth.status is Status.FAIL
    assert "rejected the key" in auth.summary
    assert "authentication_error" in auth.summary and "invalid x-api-key" in auth.summary
    assert urls(auth)[0] == "https://platform.claude.com/settings/admin-keys"
    assert auth.evidence["headers"]["request-id"] == REQUEST_ID["request-id"]
    assert results["anthropic.claude_code.report"].status is Status.SKIP
    verdict = results["claude.usage_source"]
    assert verdict.status is Status.SKIP and "report ended in skip" in verdict.summary


def test_permission_error_403_says_the_key_lacks_admin_access(admin_key):
    with mocked() as mock:
        mock_admin(mock, me=api_error(403, "permission_error", "This API key does not have permission to use the Admin API."))
        results = run(config(admin_key))
    auth = results["anthropic.key.auth"]
    assert auth.status is Status.FAIL
    assert "permission_error" in auth.summary and "no organization admin access" in auth.summary


def test_missing_me_endpoint_falls_back_to_a_users_list(admin_key):
    with mocked() as mock:
        routes = mock_admin(mock, me=api_error(404, "not_found_error", "The requested resource could not be found."),
                            days={DAYS[2]: [report_row(DAYS[2], USER)]})
        results = run(config(admin_key))
    assert results["anthropic.key.auth"].status is Status.PASS
    assert routes["users"].calls.last.request.url.params["limit"] == "1"


# --------------------------------------------------------------------------- empty report


def test_empty_report_warns_and_counts_members_and_keys(admin_key):
    with mocked() as mock:
        routes = mock_admin(mock)
        results = run(config(admin_key))
    report = results["anthropic.claude_code.report"]
    assert report.status is Status.WARN
    assert "empty for every one of the last 7 days" in report.summary
    assert "3 members (1 with the Claude Code role) and 2 active API keys" in report.summary
    assert any("Claude.ai subscription" in d and "27780" in d for d in report.details)
    assert "https://platform.claude.com/docs/en/manage-claude/analytics-api" in urls(report)
    assert routes["keys"].calls.last.request.url.params["status"] == "active"
    assert routes["report"].call_count == 7

    verdict = results["claude.usage_source"]
    assert verdict.status is Status.WARN
    assert "most likely flows through Claude.ai subscriptions" in verdict.summary
    assert "confidence: medium" in verdict.summary
    assert any("forceLoginMethod" in d for d in verdict.details)
    assert any("Enterprise Analytics API" in d for d in verdict.details)
    assert any("Claude Team: there is no analytics API" in d for d in verdict.details)
    assert "https://code.claude.com/docs/en/settings" in urls(verdict)


def test_empty_report_plus_a_max_login_here_is_a_high_confidence_subscription_verdict(admin_key, local_machine):
    local_machine("claude_max")
    with mocked() as mock:
        mock_admin(mock)
        results = run(config(admin_key, local=True))
    assert results["claude.local.login"].status is Status.WARN
    verdict = results["claude.usage_source"]
    assert verdict.status is Status.WARN
    assert "Claude.ai subscriptions (Max)" in verdict.summary and "confidence: high" in verdict.summary
    assert verdict.evidence == {"verdict": "subscription", "plan": "max", "confidence": "high"}
    assert any(d.startswith("This computer: Claude.ai subscription (Max)") for d in verdict.details)


def test_empty_report_plus_a_team_login_points_to_the_dashboard_and_otel(admin_key, local_machine):
    local_machine("claude_team")
    with mocked() as mock:
        mock_admin(mock)
        results = run(config(admin_key, local=True))
    verdict = results["claude.usage_source"]
    assert "(Team)" in verdict.summary
    assert urls(verdict)[:2] == ["https://code.claude.com/docs/en/analytics",
                                 "https://code.claude.com/docs/en/monitoring-usage"]


def test_report_with_usage_but_a_subscription_login_here_is_mixed(admin_key, local_machine):
    local_machine("claude_max")
    with mocked() as mock:
        mock_admin(mock, days={DAYS[0]: [report_row(DAYS[0], USER)]})
        results = run(config(admin_key, local=True))
    verdict = results["claude.usage_source"]
    assert verdict.status is Status.WARN
    assert verdict.summary.startswith("Mixed:") and "Claude.ai subscription (Max)" in verdict.summary


def test_empty_report_in_an_org_with_nobody_else_is_undetermined(admin_key):
    with mocked() as mock:
        mock_admin(mock, users=httpx.Response(200, json=users_body(["admin"])),
                   keys=httpx.Response(200, json=keys_body(0)))
        results = run(config(admin_key))
    verdict = results["claude.usage_source"]
    assert verdict.status is Status.WARN
    assert "confidence: low" in verdict.summary and "may not be used yet" in verdict.summary


def test_member_lookup_failures_dont_hide_the_empty_report(admin_key):
    with mocked() as mock:
        mock_admin(mock, users=api_error(403, "permission_error", "nope"),
                   keys=httpx.Response(200, text="<html><title>Blocked</title></html>", headers={"content-type": "text/html"}))
        results = run(config(admin_key))
    report = results["anthropic.claude_code.report"]
    assert report.status is Status.WARN
    assert "unknown number of members" in report.summary


# --------------------------------------------------------------------------- failed report


def test_refused_report_fails_and_the_verdict_still_uses_this_computer(admin_key, local_machine):
    local_machine(None, primaryApiKey="sk-ant-api03-" + "k" * 95)
    with mocked() as mock:
        routes = mock_admin(mock)
        routes["report"].side_effect = None
        routes["report"].return_value = api_error(403, "permission_error", "Claude Code analytics not enabled")
        results = run(config(admin_key, local=True))
    report = results["anthropic.claude_code.report"]
    assert report.status is Status.FAIL
    assert "Claude Code analytics not enabled" in report.summary
    verdict = results["claude.usage_source"]
    assert verdict.status is Status.PASS
    assert "based on this computer only" in verdict.summary and "confidence: low" in verdict.summary
    assert "kkkkkkkkkkkk" not in verdict.model_dump_json()


def test_report_that_errors_still_yields_a_graceful_verdict(admin_key):
    with mocked() as mock:
        routes = mock_admin(mock)
        routes["report"].side_effect = None
        routes["report"].return_value = httpx.Response(
            200, text="<html><title>Sign in to Wi-Fi</title></html>", headers={"content-type": "text/html"})
        results = run(config(admin_key))
    assert results["anthropic.claude_code.report"].status is Status.ERROR
    verdict = results["claude.usage_source"]
    assert verdict.status is Status.SKIP
    assert "report ended in error" in verdict.summary


def test_verdict_waits_for_a_slow_report(admin_key):
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.3)
        day = request.url.params["starting_at"]
        rows = [report_row(day, USER)] if day == DAYS[3] else []
        return httpx.Response(200, json={"data": rows, "has_more": False, "next_page": None})

    with mocked() as mock:
        routes = mock_admin(mock)
        routes["report"].side_effect = slow
        results = run(config(admin_key))
    assert results["anthropic.claude_code.report"].status is Status.PASS
    assert results["claude.usage_source"].evidence["verdict"] == "console"


# --------------------------------------------------------------------------- Enterprise Analytics


@pytest.fixture
def enterprise_key() -> str:
    return make_fake_secret(TokenKind.ANTHROPIC_ENTERPRISE_ANALYTICS)


def test_enterprise_key_goes_only_to_the_enterprise_api_and_passes(enterprise_key):
    body = {"data": [enterprise_user("a@company.com", 4), enterprise_user("b@company.com", 0)], "next_page": None}
    with mocked() as mock:
        admin_routes = mock_admin(mock)
        route = mock.get(f"{API}/v1/organizations/analytics/users").mock(return_value=httpx.Response(200, json=body))
        results = run(config(enterprise_key))
    assert results["anthropic.key.format"].status is Status.PASS
    assert "Enterprise Analytics" in results["anthropic.key.format"].summary
    assert results["anthropic.key.auth"].status is Status.SKIP
    assert "Not applicable" in results["anthropic.key.auth"].summary
    assert not any(r.called for r in admin_routes.values())

    ent = results["anthropic.enterprise_analytics"]
    assert ent.status is Status.PASS
    assert "2 people were active and 1 of them used Claude Code" in ent.summary
    request = route.calls.last.request
    expected_day = (NOW - timedelta(days=4, hours=11)).date().isoformat()
    assert request.url.params["date"] == expected_day
    assert request.headers["x-api-key"] == enterprise_key
    assert request.headers["anthropic-version"] == "2023-06-01"

    verdict = results["claude.usage_source"]
    assert verdict.status is Status.PASS
    assert "Claude Enterprise" in verdict.summary and "Enterprise Analytics API does" in verdict.summary
    assert verdict.evidence["plan"] == "enterprise"


def test_enterprise_404_means_missing_read_analytics_scope(enterprise_key):
    with mocked() as mock:
        mock.get(f"{API}/v1/organizations/analytics/users").mock(
            return_value=api_error(404, "not_found_error", "The requested resource could not be found."))
        results = run(config(enterprise_key))
    ent = results["anthropic.enterprise_analytics"]
    assert ent.status is Status.FAIL
    assert "read:analytics" in ent.summary and "not a wrong address" in ent.summary
    # The key-creation steps follow the current docs: claude.ai → Organization settings → API.
    assert urls(ent)[0] == "https://platform.claude.com/docs/en/manage-claude/admin-api-keys"
    assert "claude.ai → Organization settings → API" in ent.remediation[0].text
    assert "Organization settings → API" in " ".join(ent.details)
    assert ent.diagnosis == "enterprise.404" and ent.sources
    verdict = results["claude.usage_source"]
    assert verdict.status is Status.WARN and "Enterprise Analytics API" in verdict.summary
    assert "https://support.claude.com/en/articles/13694757-get-started-with-the-claude-enterprise-analytics-api" in urls(verdict)


def test_enterprise_403_permission_error(enterprise_key):
    with mocked() as mock:
        mock.get(f"{API}/v1/organizations/analytics/users").mock(
            return_value=api_error(403, "permission_error", "Missing required scopes. Got: ['read:compliance_activities'] Needed: ['read:analytics']"))
        results = run(config(enterprise_key))
    ent = results["anthropic.enterprise_analytics"]
    assert ent.status is Status.FAIL and "read:analytics" in ent.summary


def test_enterprise_without_claude_code_activity_warns(enterprise_key):
    with mocked() as mock:
        mock.get(f"{API}/v1/organizations/analytics/users").mock(
            return_value=httpx.Response(200, json={"data": [enterprise_user("a@company.com", 0)], "next_page": None}))
        results = run(config(enterprise_key))
    ent = results["anthropic.enterprise_analytics"]
    assert ent.status is Status.WARN and "no Claude Code use" in ent.summary


def test_enterprise_before_data_exists_asks_nothing(enterprise_key, monkeypatch):
    monkeypatch.setattr(anthropic.common, "_now", lambda: datetime(2026, 1, 2, 9, 0, tzinfo=UTC))
    with mocked() as mock:
        results = run(config(enterprise_key))
        assert_nothing_sent(mock)
    ent = results["anthropic.enterprise_analytics"]
    assert ent.status is Status.WARN and str(date(2026, 1, 1)) in ent.summary


# --------------------------------------------------------------------------- links


def test_every_problem_links_to_an_anthropic_or_claude_page(admin_key):
    with mocked() as mock:
        mock_admin(mock)
        results = run(config(admin_key))
    for result in results.values():
        if result.status.is_problem:
            assert result.remediation
            assert all(link.url.startswith(("https://platform.claude.com/", "https://code.claude.com/",
                                            "https://claude.ai/", "https://support.claude.com/",
                                            "https://github.com/anthropics/"))
                       for link in result.remediation)


def test_managed_settings_forcing_claude_ai_count_when_read_from_a_file(admin_key, local_machine, isolated_home):
    """The managed-settings file that forces Claude.ai login is named in the login facts
    ("managed settings (<path>)"); the verdict must still see that it is managed."""
    local_machine(None)
    managed = isolated_home / "managed" / "managed-settings.json"
    managed.parent.mkdir(parents=True, exist_ok=True)
    managed.write_text(json.dumps({"forceLoginMethod": "claudeai"}), encoding="utf-8")
    with mocked() as mock:
        mock_admin(mock, users=httpx.Response(200, json=users_body(["admin"])),
                   keys=httpx.Response(200, json=keys_body(0)))
        results = run(config(admin_key, local=True))
    verdict = results["claude.usage_source"]
    assert verdict.diagnosis == "source.empty.forced_claudeai"
    assert "managed settings force Claude.ai login" in verdict.summary
    assert verdict.inference is not None
    assert "https://code.claude.com/docs/en/settings" in urls(verdict)


def test_report_404_is_an_inference_about_the_address_with_claude_platform_on_aws_as_alternative(admin_key):
    with mocked() as mock:
        routes = mock_admin(mock)
        routes["report"].side_effect = None
        routes["report"].return_value = api_error(404, "not_found_error", "The requested resource could not be found.")
        results = run(config(admin_key))
    report = results["anthropic.claude_code.report"]
    assert report.status is Status.FAIL and report.diagnosis == "report.404"
    assert report.inference is not None and "base URL is wrong" in report.inference.likely
    assert any("Claude Platform on AWS" in a.cause for a in report.inference.alternatives)
    assert urls(report)[0] == "https://platform.claude.com/docs/en/manage-claude/claude-code-analytics-api"


def test_enterprise_403_is_an_inference_with_api_access_switched_off_as_alternative(enterprise_key):
    with mocked() as mock:
        mock.get(f"{API}/v1/organizations/analytics/users").mock(
            return_value=api_error(403, "permission_error", "Missing required scopes."))
        results = run(config(enterprise_key))
    ent = results["anthropic.enterprise_analytics"]
    assert ent.diagnosis == "enterprise.403" and ent.inference is not None
    assert "read:analytics" in ent.inference.likely
    assert any("API access is switched off" in a.cause for a in ent.inference.alternatives)
    assert urls(ent)[0] == "https://platform.claude.com/docs/en/manage-claude/admin-api-keys"


def test_enterprise_answer_without_a_data_list_is_an_unexpected_answer(enterprise_key):
    with mocked() as mock:
        mock.get(f"{API}/v1/organizations/analytics/users").mock(
            return_value=httpx.Response(200, json={"users": [], "next_page": None}))
        results = run(config(enterprise_key))
    ent = results["anthropic.enterprise_analytics"]
    assert ent.status is Status.ERROR and ent.unexpected and "`data` list" in ent.summary
    assert "https://support.claude.com/en/articles/13703965-claude-enterprise-analytics-api-reference-guide" in urls(ent)
