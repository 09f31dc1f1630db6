"""Cursor checks: key format, team admin auth, daily usage, Enterprise analytics access.

Bodies and headers follow Cursor's documented responses (cursor.com/docs/api and
/docs/account/teams/*): `{"teamMembers": [...]}` (and the older bare list), the
daily-usage `data`/`period`/`pagination` shape, both error shapes
(`{"error","message"}` and `{"code":"error","message"}`) and `Retry-After: 60` on 429.
"""

from __future__ import annotations

import asyncio
import base64
import json
from datetime import UTC, datetime

import httpx
import pytest
import respx
from pydantic import SecretStr

from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.models import Status
from aiusage_doctor.core.runner import Runner
from aiusage_doctor.core.tokens import TokenKind, make_fake_secret
from aiusage_doctor.providers import cursor

API = "https://api.cursor.com"
NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)

MEMBERS = {
    "teamMembers": [
        {"id": "user_PDSPmvukpYgZEDXsoNirw3CFhy", "name": "Alex", "email": "alex@company.com",
         "role": "owner", "isRemoved": False},
        {"id": "user_b", "name": "Sam", "email": "sam@company.com", "role": "member", "isRemoved": False},
        {"id": "user_c", "name": "Kim", "email": "kim@company.com", "role": "member", "isRemoved": False},
        {"id": "user_d", "name": "Old", "email": "old@company.com", "role": "member", "isRemoved": True},
    ]
}


def usage_row(user_id: int, email: str, day: str, active: bool = True) -> dict:
    return {
        "userId": user_id, "day": day, "date": 1773792000000, "isActive": active,
        "totalLinesAdded": 1543, "totalLinesDeleted": 892, "acceptedLinesAdded": 1102,
        "acceptedLinesDeleted": 645, "totalApplies": 87, "totalAccepts": 73, "totalRejects": 14,
        "totalTabsShown": 342, "totalTabsAccepted": 289, "composerRequests": 45, "chatRequests": 128,
        "agentRequests": 12, "cmdkUsages": 67, "subscriptionIncludedReqs": 180, "apiKeyReqs": 0,
        "usageBasedReqs": 5, "bugbotUsages": 3, "mostUsedModel": "gpt-5",
        "applyMostUsedExtension": ".tsx", "tabMostUsedExtension": ".ts", "clientVersion": "0.25.1",
        "email": email,
    }


def usage_body(rows: list[dict]) -> dict:
    return {
        "data": rows,
        "period": {"startDate": 1773230400000, "endDate": 1773835200000},
        "pagination": {"page": 1, "pageSize": 1000, "totalUsers": len(rows), "totalPages": 1,
                       "hasNextPage": False, "hasPreviousPage": False},
    }


DAU = {"data": [{"date": "2026-03-17", "dau": 42, "cli_dau": 5, "cloud_agent_dau": 37, "bugbot_dau": 10}],
       "params": {"metric": "dau", "teamId": 12345, "startDate": "2026-03-11", "endDate": "2026-03-18"}}
COMMITS = {"items": [], "totalCount": 0, "page": 1, "pageSize": 1}
ENTERPRISE_403 = {"error": "Forbidden", "message": "Enterprise access required"}
ENTERPRISE_401 = {"code": "error", "message": "You must be a member of an enterprise team to access this resource"}


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(cursor.common, "_now", lambda: NOW)


@pytest.fixture
def key() -> str:
    return make_fake_secret(TokenKind.CURSOR_KEY)


def config(key: str | None, **kw) -> RunConfig:
    return RunConfig(providers=["cursor"], cursor={"api_key": SecretStr(key) if key else None}, **kw)


def run(cfg: RunConfig) -> dict[str, object]:
    results = asyncio.run(Runner(cfg, providers=[cursor.PROVIDER]).run())
    return {r.id: r for r in results}


def mock_all(mock: respx.MockRouter, *, members=None, usage=None, dau=None, commits=None):
    routes = {
        "members": mock.get(f"{API}/teams/members").mock(
            return_value=members or httpx.Response(200, json=MEMBERS)),
        "usage": mock.post(f"{API}/teams/daily-usage-data").mock(
            return_value=usage or httpx.Response(200, json=usage_body([usage_row(1, "alex@company.com", "2026-03-17")]))),
        "dau": mock.get(f"{API}/analytics/team/dau").mock(return_value=dau or httpx.Response(200, json=DAU)),
        "commits": mock.get(f"{API}/analytics/ai-code/commits").mock(
            return_value=commits or httpx.Response(200, json=COMMITS)),
    }
    return routes


def mocked() -> respx.MockRouter:
    """Unmocked requests fail the test; routes a scenario doesn't reach may stay unused."""
    return respx.mock(assert_all_mocked=True, assert_all_called=False)


def assert_nothing_sent(mock: respx.MockRouter) -> None:
    """Call inside the `with` block: respx clears calls and routes when it exits."""
    sent = [call.request.url for call in mock.calls]
    assert sent == [], f"requests were sent: {sent}"


def links(result) -> list[str]:
    return [link.url for link in result.remediation]


# --------------------------------------------------------------------------- planning


def test_catalog_order_targets_and_needs(key):
    planned = cursor.plan(config(key))
    assert [(p.spec.id, p.target, p.needs) for p in planned] == [
        ("cursor.key.format", "key", ()),
        ("cursor.key.auth", "key", (("cursor.key.format", "key"),)),
        ("cursor.usage.daily", "team", (("cursor.key.auth", "key"),)),
        ("cursor.analytics.access", "team", (("cursor.key.auth", "key"),)),
    ]
    assert cursor.PROVIDER.name == "cursor" and cursor.PROVIDER.title == "Cursor"


def test_no_key_is_a_single_not_configured_skip():
    with mocked() as mock:
        results = run(config(None))
        assert_nothing_sent(mock)
    assert list(results) == ["cursor.key.format"]
    result = results["cursor.key.format"]
    assert result.status is Status.SKIP
    assert result.summary.startswith("Not configured: no Cursor API key was given")
    assert "AIUSAGE_CURSOR_API_KEY" in result.summary


# --------------------------------------------------------------------------- healthy run


def test_healthy_team_passes_everything_and_uses_basic_auth_with_empty_password(key):
    with mocked() as mock:
        routes = mock_all(mock)
        results = run(config(key))
    assert {r: results[r].status for r in results} == {
        "cursor.key.format": Status.PASS,
        "cursor.key.auth": Status.PASS,
        "cursor.usage.daily": Status.PASS,
        "cursor.analytics.access": Status.PASS,
    }
    assert "3 members" in results["cursor.key.auth"].summary  # the removed member isn't counted
    assert "1 active user" in results["cursor.usage.daily"].summary
    assert "peak 42 daily active users" in results["cursor.analytics.access"].summary

    request = routes["members"].calls.last.request
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(f"{key}:".encode()).decode()
    # The usage query is the documented body: epoch milliseconds, 7 days, within the 30-day limit.
    body = json.loads(routes["usage"].calls.last.request.content)
    assert body == {"startDate": int(NOW.timestamp() * 1000) - 7 * 86_400_000,
                    "endDate": int(NOW.timestamp() * 1000)}
    assert body["endDate"] - body["startDate"] <= cursor.MAX_RANGE_DAYS * 86_400_000
    assert routes["dau"].calls.last.request.url.params["startDate"] == "7d"
    # Nothing but GETs and the read-only usage query went out.
    assert {(c.request.method, c.request.url.path) for c in mock.calls} <= {
        ("GET", "/teams/members"), ("POST", "/teams/daily-usage-data"),
        ("GET", "/analytics/team/dau"), ("GET", "/analytics/ai-code/commits"),
    }


def test_old_bare_list_member_shape_is_accepted(key):
    with mocked() as mock:
        mock_all(mock, members=httpx.Response(200, json=[
            {"name": "Alex", "email": "alex@company.com", "role": "owner"},
            {"name": "Sam", "email": "sam@company.com", "role": "member"},
        ]))
        results = run(config(key))
    assert results["cursor.key.auth"].status is Status.PASS
    assert "2 members" in results["cursor.key.auth"].summary


# --------------------------------------------------------------------------- key format


def test_whitespace_and_quotes_are_trimmed_reported_and_the_clean_key_is_sent(key):
    with mocked() as mock:
        routes = mock_all(mock)
        results = run(config(f'  "{key}"\n'))
    fmt = results["cursor.key.format"]
    assert fmt.status is Status.WARN
    assert "removed" in fmt.summary.lower() and "quotes" in fmt.summary.lower()
    assert "https://cursor.com/dashboard/api" in links(fmt)
    sent = routes["members"].calls.last.request.headers["Authorization"]
    assert base64.b64decode(sent.split()[1]).decode() == f"{key}:"
    assert results["cursor.key.auth"].status is Status.PASS


@pytest.mark.parametrize(
    ("kind", "named"),
    [(TokenKind.GITHUB_CLASSIC, "GitHub"), (TokenKind.ANTHROPIC_ADMIN, "Anthropic")],
)
def test_another_products_secret_is_named_and_never_sent(kind, named):
    with mocked() as mock:
        mock_all(mock)
        results = run(config(make_fake_secret(kind)))
        assert_nothing_sent(mock)
    fmt = results["cursor.key.format"]
    assert fmt.status is Status.FAIL
    assert named in fmt.summary and "not sent to Cursor" in fmt.summary
    assert "https://cursor.com/dashboard/api" in links(fmt)
    assert results["cursor.key.auth"].status is Status.SKIP
    assert results["cursor.usage.daily"].status is Status.SKIP


def test_crsr_key_passes_format_and_says_the_api_will_tell_admin_from_user_key():
    with mocked() as mock:
        mock_all(mock)
        results = run(config(make_fake_secret(TokenKind.CURSOR_CRSR)))
    fmt = results["cursor.key.format"]
    assert fmt.status is Status.PASS
    assert any("user" in d and "team admin key" in d for d in fmt.details)


def test_truncated_key_fails_format(key):
    with mocked() as mock:
        results = run(config(key[:40]))
        assert_nothing_sent(mock)
    assert results["cursor.key.format"].status is Status.FAIL
    assert "cut off" in results["cursor.key.format"].summary


# --------------------------------------------------------------------------- auth


def test_401_user_key_is_explained_with_where_to_create_an_admin_key(key):
    with mocked() as mock:
        mock_all(mock, members=httpx.Response(401, json={"error": "Unauthorized", "message": "Invalid API key"}))
        results = run(config(key))
    auth = results["cursor.key.auth"]
    assert auth.status is Status.FAIL
    assert "Invalid API key" in auth.summary
    assert "personal (user) API key" in auth.summary and "team admin" in auth.summary
    assert any("dashboard → API Keys" in d for d in auth.details)
    assert links(auth)[:2] == ["https://cursor.com/dashboard/api", "https://cursor.com/docs/api#basic-authentication"]
    assert auth.evidence["status"] == 401
    assert results["cursor.usage.daily"].status is Status.SKIP
    assert "cursor.key.auth" in results["cursor.usage.daily"].summary


def test_401_organization_key_shape_points_to_team_keys(key):
    with mocked() as mock:
        mock_all(mock, members=httpx.Response(401, json={"code": "error", "message": "Invalid Organization API Key"}))
        results = run(config(key))
    auth = results["cursor.key.auth"]
    assert auth.status is Status.FAIL
    assert "Organization API key" in auth.summary and "Team API key" in auth.summary
    assert "https://cursor.com/docs/account/organizations/organization-admin-api" in links(auth)


def test_403_enterprise_required_is_a_plan_problem_not_a_bad_key(key):
    with mocked() as mock:
        mock_all(mock, members=httpx.Response(403, json=ENTERPRISE_403))
        results = run(config(key))
    auth = results["cursor.key.auth"]
    assert auth.status is Status.FAIL
    assert "Enterprise access required" in auth.summary and "plan" in auth.summary
    assert "https://cursor.com/contact-sales?source=docs-ai-code-tracking" in links(auth)
    # The plan wording follows Cursor's APIs overview: the Admin API is for Enterprise teams.
    assert any("Admin API for Enterprise teams" in d for d in auth.details)
    assert not any("Team/Enterprise" in d for d in auth.details)
    assert "https://cursor.com/docs/api" in links(auth)
    assert auth.diagnosis == "auth.403.plan"
    assert [s.verified.isoformat() for s in auth.sources] == ["2026-12-04"]


def test_403_code_error_shape_is_a_scope_problem(key):
    with mocked() as mock:
        mock_all(mock, members=httpx.Response(403, json={"code": "error", "message": "Not authorized"}))
        results = run(config(key))
    auth = results["cursor.key.auth"]
    assert auth.status is Status.FAIL
    assert "Not authorized" in auth.summary and "admin-scoped" in auth.summary
    assert "https://cursor.com/dashboard/api" in links(auth)
    assert auth.inference is not None
    assert any("Enterprise teams" in a.cause for a in auth.inference.alternatives)


def test_429_waits_for_retry_after_then_passes(key):
    with mocked() as mock:
        routes = mock_all(mock)
        routes["members"].side_effect = [
            httpx.Response(429, headers={"Retry-After": "0"}, json={"code": "error", "message": "Rate limit exceeded"}),
            httpx.Response(200, json=MEMBERS),
        ]
        results = run(config(key))
    assert results["cursor.key.auth"].status is Status.PASS
    assert routes["members"].call_count == 2


def test_429_longer_than_the_check_allows_is_an_error_naming_the_rate_limit(key):
    with mocked() as mock:
        mock_all(mock, members=httpx.Response(
            429, headers={"Retry-After": "60"}, json={"code": "error", "message": "Rate limit exceeded"}))
        results = run(config(key, timeout=5))
    auth = results["cursor.key.auth"]
    assert auth.status is Status.ERROR
    assert "rate-limiting" in auth.summary


def test_member_answer_without_a_member_list_is_an_unexpected_answer_with_a_base_url_hint(key):
    with mocked() as mock:
        mock_all(mock, members=httpx.Response(200, json={"ok": True}))
        results = run(config(key))
    auth = results["cursor.key.auth"]
    assert auth.status is Status.ERROR and auth.unexpected
    assert auth.summary.startswith("Unexpected answer from Cursor: its API may have changed")
    assert any("base URL" in d for d in auth.details)
    assert links(auth) == ["https://cursor.com/docs/account/teams/admin-api"]


@pytest.mark.parametrize("check_id", ["cursor.key.auth", "cursor.usage.daily", "cursor.analytics.access"])
def test_an_undocumented_status_is_an_unexpected_answer(key, check_id):
    teapot = httpx.Response(418, json={"message": "I'm a teapot"})
    answers = {"cursor.key.auth": {"members": teapot}, "cursor.usage.daily": {"usage": teapot},
               "cursor.analytics.access": {"dau": teapot}}[check_id]
    with mocked() as mock:
        mock_all(mock, **answers)
        results = run(config(key))
    result = results[check_id]
    assert result.status is Status.ERROR and result.unexpected and "HTTP 418" in result.summary
    assert result.evidence["status"] == 418
    assert all(url.startswith("https://cursor.com/docs/") for url in links(result))


def test_usage_answer_without_a_data_list_is_an_unexpected_answer(key):
    with mocked() as mock:
        mock_all(mock, usage=httpx.Response(200, json={"usage": []}))
        results = run(config(key))
    usage = results["cursor.usage.daily"]
    assert usage.status is Status.ERROR and usage.unexpected and "`data` list" in usage.summary


# --------------------------------------------------------------------------- daily usage


def test_no_usage_rows_is_a_warning_not_a_credential_failure(key):
    with mocked() as mock:
        mock_all(mock, usage=httpx.Response(200, json=usage_body([])))
        results = run(config(key))
    usage = results["cursor.usage.daily"]
    assert usage.status is Status.WARN
    assert "no active users" in usage.summary and "not a credential problem" in usage.summary
    assert any("3 member" in d for d in usage.details)
    assert any("once an hour" in d for d in usage.details)
    assert "https://cursor.com/docs/account/teams/admin-api" in links(usage)


def test_only_inactive_rows_count_as_no_active_users(key):
    rows = [usage_row(1, "alex@company.com", "2026-03-17", active=False)]
    with mocked() as mock:
        mock_all(mock, usage=httpx.Response(200, json=usage_body(rows)))
        results = run(config(key))
    assert results["cursor.usage.daily"].status is Status.WARN


def test_active_users_are_counted_once_across_days(key):
    rows = [usage_row(1, "alex@company.com", "2026-03-16"), usage_row(1, "alex@company.com", "2026-03-17"),
            usage_row(2, "sam@company.com", "2026-03-17")]
    with mocked() as mock:
        mock_all(mock, usage=httpx.Response(200, json=usage_body(rows)))
        results = run(config(key))
    usage = results["cursor.usage.daily"]
    assert usage.status is Status.PASS
    assert "2 active users" in usage.summary and "of 3 team members" in usage.summary


def test_usage_refused_after_members_worked_names_the_scope(key):
    with mocked() as mock:
        mock_all(mock, usage=httpx.Response(403, json={"code": "error", "message": "Not authorized"}))
        results = run(config(key))
    usage = results["cursor.usage.daily"]
    assert usage.status is Status.FAIL
    assert "refused the usage data" in usage.summary and "admin scope" in usage.summary
    assert "https://cursor.com/dashboard/api" in links(usage)


def test_usage_400_shows_cursors_message(key):
    with mocked() as mock:
        mock_all(mock, usage=httpx.Response(400, json={"error": "Bad Request", "message": "Date range cannot exceed 30 days"}))
        results = run(config(key))
    usage = results["cursor.usage.daily"]
    assert usage.status is Status.FAIL
    assert "Date range cannot exceed 30 days" in usage.summary


# --------------------------------------------------------------------------- analytics


def test_analytics_refused_is_a_plan_warning_separate_from_a_broken_key(key):
    with mocked() as mock:
        mock_all(mock, dau=httpx.Response(403, json=ENTERPRISE_403), commits=httpx.Response(401, json=ENTERPRISE_401))
        results = run(config(key))
    analytics = results["cursor.analytics.access"]
    assert analytics.status is Status.WARN
    assert "most likely its plan isn't Enterprise" in analytics.summary
    assert "not a broken key" in analytics.summary
    assert links(analytics)[0] == "https://cursor.com/contact-sales?source=docs-ai-code-tracking"
    # "Not on this plan" is inferred from a 401/403: labelled, with the scope as the alternative.
    assert analytics.diagnosis == "analytics.not_on_plan" and analytics.inference is not None
    scope = [a for a in analytics.inference.alternatives if "admin:*" in a.cause]
    assert scope and scope[0].links[0].url == "https://cursor.com/dashboard/api"
    assert any("Enterprise access required" in d for d in analytics.details)
    assert results["cursor.key.auth"].status is Status.PASS


def test_analytics_ok_but_ai_code_tracking_refused_is_a_partial_warning(key):
    with mocked() as mock:
        mock_all(mock, commits=httpx.Response(401, json=ENTERPRISE_401))
        results = run(config(key))
    analytics = results["cursor.analytics.access"]
    assert analytics.status is Status.WARN
    assert "AI Code Tracking API" in analytics.summary
    assert "https://cursor.com/docs/account/teams/ai-code-tracking-api" in links(analytics)


def test_analytics_unexpected_status_fails(key):
    with mocked() as mock:
        mock_all(mock, dau=httpx.Response(400, json={"error": "Bad Request", "message": "bad"}),
                 commits=httpx.Response(400, json={"error": "Bad Request", "message": "bad"}))
        results = run(config(key))
    assert results["cursor.analytics.access"].status is Status.FAIL


def test_every_problem_has_a_cursor_link(key):
    with mocked() as mock:
        mock_all(mock, usage=httpx.Response(200, json=usage_body([])), dau=httpx.Response(403, json=ENTERPRISE_403),
                 commits=httpx.Response(403, json=ENTERPRISE_403))
        results = run(config(key))
    for result in results.values():
        if result.status.is_problem:
            assert result.remediation and all(link.url.startswith("https://cursor.com/") for link in result.remediation)


# --------------------------------------------------------------------------- labelled inferences


def test_401_invalid_key_is_an_inference_listing_user_key_org_key_and_bearer(key):
    with mocked() as mock:
        mock_all(mock, members=httpx.Response(401, json={"error": "Unauthorized", "message": "Invalid API key"}))
        results = run(config(key))
    auth = results["cursor.key.auth"]
    assert auth.diagnosis == "auth.401" and auth.inference is not None
    assert auth.inference.likely == "it is wrong or revoked"
    by_cause = {a.cause: [link.url for link in a.links] for a in auth.inference.alternatives}
    assert by_cause["A personal (user) API key instead of a team admin key."] == ["https://cursor.com/dashboard/api"]
    assert "https://cursor.com/docs/account/organizations/organization-admin-api" in sum(by_cause.values(), [])
    assert "https://cursor.com/docs/api#basic-authentication" in sum(by_cause.values(), [])


def test_404_on_the_member_list_is_an_inference_about_the_base_url(key):
    with mocked() as mock:
        mock_all(mock, members=httpx.Response(404, json={"error": "Not Found", "message": "Resource not found"}))
        results = run(config(key))
    auth = results["cursor.key.auth"]
    assert auth.status is Status.FAIL and auth.diagnosis == "auth.404"
    assert auth.inference is not None and "base URL is wrong" in auth.inference.likely
    assert links(auth) == ["https://cursor.com/docs/account/teams/admin-api"]


def test_no_active_users_is_an_inference_with_late_data_as_the_alternative(key):
    with mocked() as mock:
        mock_all(mock, usage=httpx.Response(200, json=usage_body([])))
        results = run(config(key))
    usage = results["cursor.usage.daily"]
    assert usage.status is Status.WARN and usage.diagnosis == "usage.none"
    assert usage.inference is not None and "nobody used Cursor" in usage.inference.likely
    assert any("poll at most once an hour" in a.cause for a in usage.inference.alternatives)
    assert links(usage)[0] == "https://cursor.com/docs/account/teams/admin-api"


def test_a_refusal_in_words_cursor_doesnt_document_is_not_read_as_a_plan_verdict(key):
    """'Upgrade your plan' is not a documented Cursor text: the verdict stays an inference
    naming the key's scope first and the plan as the alternative."""
    with mocked() as mock:
        mock_all(mock, members=httpx.Response(403, json={"error": "Forbidden", "message": "Please upgrade your plan"}))
        results = run(config(key))
    auth = results["cursor.key.auth"]
    assert auth.diagnosis == "auth.403" and auth.inference is not None
    assert any("Enterprise teams" in a.cause for a in auth.inference.alternatives)
