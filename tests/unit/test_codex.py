"""Codex (Enterprise) Analytics checks: key and workspace offline, then one GET per run.

Bodies: the 200 page follows the published schema transcription (data/has_more/next_page);
OpenAI documents no error bodies for this API, so errors use its usual
`{"error": {"message": …}}` envelope and the tests assert what the verdict may and may not
claim from them (an inference names its alternatives).
"""

from __future__ import annotations

import asyncio

import httpx
import pytest
import respx
from pydantic import SecretStr

from aiusage_doctor.core.config import ProviderSettings, RunConfig
from aiusage_doctor.core.models import Status
from aiusage_doctor.core.runner import Runner
from aiusage_doctor.core.tokens import TokenKind, make_fake_secret
from aiusage_doctor.providers import codex

WS = "ws-1234"
URL = f"https://api.chatgpt.com/v1/analytics/codex/workspaces/{WS}/usage"
KEY = "sk-proj-" + "A1b2C3d4" * 6
ROW = {"object": "codex.usage", "start_time": 1764806400, "end_time": 1764892800, "user_id": "user-1",
       "totals": {"threads": 3, "turns": 12, "credits": 40}, "clients": []}


def config(key: str | None = KEY, workspace: str | None = WS) -> RunConfig:
    secrets = {"api_key": SecretStr(key)} if key is not None else {}
    values = {"workspace_id": workspace} if workspace is not None else {}
    return RunConfig(providers=["codex"], more={"codex": ProviderSettings(secrets=secrets, values=values)})


def run(cfg: RunConfig) -> dict:
    results = asyncio.run(Runner(cfg, providers=[codex.PROVIDER]).run())
    return {r.id: r for r in results}


def error(status: int, message: str) -> httpx.Response:
    return httpx.Response(status, json={"error": {"message": message, "type": "invalid_request_error",
                                                  "param": None, "code": None}})


def mocked() -> respx.MockRouter:
    return respx.mock(assert_all_mocked=True, assert_all_called=False)


def urls(result) -> str:
    return " ".join(link.url for link in result.remediation)


def test_no_key_is_one_skip_naming_the_env_var_and_sends_nothing():
    with mocked() as mock:
        results = run(config(key=None))
        assert not mock.calls
    assert list(results) == ["codex.key.format"]
    assert results["codex.key.format"].status is Status.SKIP
    assert "AIUSAGE_CODEX_API_KEY" in results["codex.key.format"].summary


def test_healthy_key_reads_usage_with_bearer_and_no_parameters():
    with mocked() as mock:
        route = mock.get(URL).mock(return_value=httpx.Response(
            200, json={"object": "list", "data": [ROW, ROW], "has_more": True, "next_page": "p2"}))
        results = run(config())
        request = route.calls.last.request
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.url.query == b""
    assert {k: r.status for k, r in results.items()} == {
        "codex.key.format": Status.PASS, "codex.workspace.id": Status.PASS,
        "codex.analytics.access": Status.PASS, "codex.usage.data": Status.PASS}
    assert "2 row(s)" in results["codex.usage.data"].summary and "more pages" in results["codex.usage.data"].summary
    assert results["codex.analytics.access"].sources


@pytest.mark.parametrize("value", ["not-a-prefixed-key-1234567890", "abc123XYZ" * 4])
def test_undocumented_key_formats_are_not_refused_offline(value):
    with mocked() as mock:
        mock.get(URL).mock(return_value=httpx.Response(200, json={"data": [ROW], "has_more": False}))
        results = run(config(key=value))
    assert results["codex.key.format"].status is Status.WARN
    assert "sent anyway" in results["codex.key.format"].summary
    assert results["codex.analytics.access"].status is Status.PASS


def test_another_products_token_is_refused_offline_and_not_sent():
    with mocked() as mock:
        results = run(config(key=make_fake_secret(TokenKind.GITHUB_CLASSIC)))
        assert not mock.calls
    assert results["codex.key.format"].status is Status.FAIL
    assert "GitHub" in results["codex.key.format"].summary
    assert results["codex.analytics.access"].status is Status.SKIP


@pytest.mark.parametrize("workspace, words", [("", "No Codex workspace ID"), ("ws 1", "a space"),
                                               ("../admin", "'/'")])
def test_workspace_id_problems_are_found_offline(workspace, words):
    with mocked() as mock:
        results = run(config(workspace=workspace))
        assert not mock.calls
    assert results["codex.workspace.id"].status is Status.FAIL
    assert words in results["codex.workspace.id"].summary
    assert "chatgpt.com/admin" in urls(results["codex.workspace.id"])


def test_missing_scope_says_ask_openai_support():
    with mocked() as mock:
        mock.get(URL).mock(return_value=error(401, "You have insufficient permissions for this operation. "
                                                   "Missing scopes: codex.enterprise.analytics.read."))
        result = run(config())["codex.analytics.access"]
    assert result.status is Status.FAIL
    assert "codex.enterprise.analytics.read" in result.summary and "support" in result.summary
    assert "admin-setup#analytics-api-setup-steps" in urls(result)


def test_plain_401_is_a_refused_key_stated_as_an_inference():
    with mocked() as mock:
        mock.get(URL).mock(return_value=error(401, "Incorrect API key provided"))
        result = run(config())["codex.analytics.access"]
    assert result.status is Status.FAIL
    assert "refused the key" in result.summary and "Incorrect API key provided" in result.summary
    assert result.inference is not None and len(result.inference.alternatives) >= 2


def test_404_is_workspace_or_organization_mismatch_with_alternatives():
    with mocked() as mock:
        mock.get(URL).mock(return_value=error(404, "Workspace not found"))
        result = run(config())["codex.analytics.access"]
    assert result.status is Status.FAIL
    assert "different Platform organization" in result.inference.likely
    causes = " ".join(a.cause for a in result.inference.alternatives)
    assert "workspace ID" in causes and "support" in causes


def test_organization_wording_is_reported_as_the_mismatch():
    with mocked() as mock:
        mock.get(URL).mock(return_value=error(403, "API key organization does not match the workspace organization"))
        result = run(config())["codex.analytics.access"]
    assert result.status is Status.FAIL and "organization doesn't match" in result.summary
    assert "docs/enterprise/analytics-api" in urls(result)


def test_enterprise_wording_is_reported_as_not_an_enterprise_workspace():
    with mocked() as mock:
        mock.get(URL).mock(return_value=error(403, "Codex analytics require a ChatGPT Enterprise workspace"))
        result = run(config())["codex.analytics.access"]
    assert result.status is Status.FAIL and "Enterprise" in result.summary


def test_empty_page_is_no_data_yet_not_a_credential_problem():
    with mocked() as mock:
        mock.get(URL).mock(return_value=httpx.Response(200, json={"data": [], "has_more": False}))
        result = run(config())["codex.usage.data"]
    assert result.status is Status.WARN and "not a credential problem" in result.summary


def test_answer_without_data_list_is_unexpected_not_a_pass():
    with mocked() as mock:
        mock.get(URL).mock(return_value=httpx.Response(200, json={"items": []}))
        result = run(config())["codex.analytics.access"]
    assert result.status is Status.ERROR and "may have changed" in result.summary
