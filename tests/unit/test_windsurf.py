"""Windsurf Analytics checks: three read-only POSTs with service_key in the body, judged together.

Windsurf documents one error text for a wrong key and a missing permission ("Invalid
service key or insufficient permissions") and no status for it, so the tests pin what the
verdicts may conclude: a bad key only when every endpoint refuses, a missing permission
only when another endpoint accepted the same key.
"""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import respx
from pydantic import SecretStr

from aiusage_doctor.core.config import ProviderSettings, RunConfig
from aiusage_doctor.core.models import Status
from aiusage_doctor.core.runner import Runner
from aiusage_doctor.core.tokens import TokenKind, make_fake_secret
from aiusage_doctor.providers import windsurf

API = "https://server.codeium.com/api/v1"
KEY = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
REFUSED = {"error": "Invalid service key or insufficient permissions"}
USERS = {"userTableStats": [
    {"name": "Alice", "email": "alice@windsurf.com", "lastUpdateTime": "2024-10-10T22:56:10.771591Z",
     "apiKey": "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa", "activeDays": 178},
    {"name": "Bob", "email": "bob@windsurf.com", "lastUpdateTime": "2024-10-10T18:11:23.980237Z",
     "apiKey": "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb", "activeDays": 0},
]}
CASCADE = {"queryResults": [{"cascadeLines": {"cascadeLines": [{"day": "2025-05-01T00:00:00Z",
                                                                  "linesSuggested": "10", "linesAccepted": "7"}]}}]}
ANALYTICS = {"queryResults": [{"responseItems": [{"item": {"count_api_key": "2"}}]}]}


def config(key: str | None = KEY) -> RunConfig:
    secrets = {"service_key": SecretStr(key)} if key is not None else {}
    return RunConfig(providers=["windsurf"], more={"windsurf": ProviderSettings(secrets=secrets)})


def run(cfg: RunConfig) -> dict:
    results = asyncio.run(Runner(cfg, providers=[windsurf.PROVIDER]).run())
    return {r.id: r for r in results}


def mock_all(mock, analytics=None, users=None, cascade=None):
    return {
        "analytics": mock.post(f"{API}/Analytics").mock(return_value=analytics or httpx.Response(200, json=ANALYTICS)),
        "users": mock.post(f"{API}/UserPageAnalytics").mock(return_value=users or httpx.Response(200, json=USERS)),
        "cascade": mock.post(f"{API}/CascadeAnalytics").mock(return_value=cascade or httpx.Response(200, json=CASCADE)),
    }


def mocked() -> respx.MockRouter:
    return respx.mock(assert_all_mocked=True, assert_all_called=False)


def urls(result) -> str:
    return " ".join(link.url for link in result.remediation)


def statuses(results) -> dict[str, Status]:
    return {k: r.status for k, r in results.items()}


def test_no_key_is_one_skip_naming_the_env_var():
    with mocked() as mock:
        results = run(config(None))
        assert not mock.calls
    assert statuses(results) == {"windsurf.key.format": Status.SKIP}
    assert "AIUSAGE_WINDSURF_SERVICE_KEY" in results["windsurf.key.format"].summary


def test_healthy_key_passes_and_sends_the_key_only_in_the_body():
    with mocked() as mock:
        routes = mock_all(mock)
        results = run(config())
        sent = {name: route.calls.last.request for name, route in routes.items()}
    assert set(statuses(results).values()) == {Status.PASS}
    for request in sent.values():
        assert request.method == "POST"
        assert json.loads(request.content)["service_key"] == KEY
        assert KEY not in str(request.url) and "authorization" not in request.headers
    assert json.loads(sent["cascade"].content)["query_requests"] == [{"cascade_lines": {}}]
    assert "1 of 2 user(s)" in results["windsurf.data.recent"].summary


def test_usage_config_write_is_never_sent():
    with mocked() as mock:
        mock_all(mock)
        write = mock.post(f"{API}/UsageConfig").mock(return_value=httpx.Response(200, json={}))
        run(config())
    assert not write.called


def test_every_endpoint_refusing_is_a_bad_key_inference_with_alternatives():
    refused = httpx.Response(403, json=REFUSED)
    with mocked() as mock:
        mock_all(mock, analytics=refused, users=refused, cascade=refused)
        results = run(config())
    auth = results["windsurf.key.auth"]
    assert auth.status is Status.FAIL and "refused the service key on every endpoint" in auth.summary
    assert "team_settings" in urls(auth)
    assert results["windsurf.permission.analytics"].status is Status.SKIP


def test_plan_wording_is_reported_as_enterprise_only():
    plan = httpx.Response(403, json={"error": "Analytics API is only available for Enterprise plans"})
    with mocked() as mock:
        mock_all(mock, analytics=plan, users=plan, cascade=plan)
        auth = run(config())["windsurf.key.auth"]
    assert auth.status is Status.FAIL and "Enterprise plans only" in auth.summary
    assert "windsurf.com/pricing" in urls(auth)


def test_missing_analytics_read_is_named_when_teams_endpoints_accept_the_key():
    with mocked() as mock:
        mock_all(mock, analytics=httpx.Response(403, json=REFUSED))
        results = run(config())
    assert results["windsurf.key.auth"].status is Status.PASS
    perm = results["windsurf.permission.analytics"]
    assert perm.status is Status.FAIL and "Analytics Read" in perm.summary
    assert "/UserPageAnalytics" in perm.summary
    assert results["windsurf.permission.teams"].status is Status.PASS


def test_missing_teams_read_only_is_named_and_data_check_is_skipped():
    refused = httpx.Response(403, json=REFUSED)
    with mocked() as mock:
        mock_all(mock, users=refused, cascade=refused)
        results = run(config())
    perm = results["windsurf.permission.teams"]
    assert perm.status is Status.FAIL and "Teams Read-Only" in perm.summary and "/Analytics" in perm.summary
    assert results["windsurf.data.recent"].status is Status.SKIP


def test_no_active_users_is_no_data_yet_with_the_3_hour_refresh():
    idle = {"userTableStats": [dict(USERS["userTableStats"][1])]}
    with mocked() as mock:
        mock_all(mock, users=httpx.Response(200, json=idle))
        result = run(config())["windsurf.data.recent"]
    assert result.status is Status.WARN and "every 3 hours" in result.summary


def test_rate_limit_is_could_not_check_not_a_bad_key():
    limited = httpx.Response(429, json={"error": "Rate limit exceeded"})
    with mocked() as mock:
        mock_all(mock, analytics=limited, users=limited, cascade=limited)
        auth = run(config())["windsurf.key.auth"]
    assert auth.status is Status.ERROR and "rate-limiting" in auth.summary


def test_another_products_token_is_refused_offline():
    with mocked() as mock:
        results = run(config(make_fake_secret(TokenKind.CURSOR_KEY)))
        assert not mock.calls
    assert results["windsurf.key.format"].status is Status.FAIL
    assert "Cursor" in results["windsurf.key.format"].summary


@pytest.mark.parametrize("status", [200, 400])
def test_unknown_error_shapes_are_unexpected_not_a_verdict(status):
    odd = httpx.Response(status, json={"error": "Invalid timestamp format"} if status == 400 else {"x": 1})
    with mocked() as mock:
        mock_all(mock, analytics=odd, users=odd, cascade=odd)
        auth = run(config())["windsurf.key.auth"]
    if status == 200:  # a 200 without an error field counts as an answer
        assert auth.status is Status.PASS
    else:
        assert auth.status is Status.ERROR and "may have changed" in auth.summary
