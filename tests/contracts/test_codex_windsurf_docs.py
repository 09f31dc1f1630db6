"""Contract tests: the requests we send and the answers we accept match the vendors' own
documented examples (copied below from the pages named in docs/vendors/*.md, 2026-12-04),
and the simulator answers in those same shapes.

If a vendor changes an example, these tests are where it shows up first.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import httpx
import respx
from pydantic import SecretStr

from aiusage_doctor.core.config import ProviderSettings, RunConfig
from aiusage_doctor.core.models import Status
from aiusage_doctor.core.runner import Runner
from aiusage_doctor.providers import codex, windsurf
from aiusage_doctor.sim import codex as sim_codex
from aiusage_doctor.sim import windsurf as sim_windsurf
from aiusage_doctor.sim.server import SimRequest

# developers.openai.com/codex/enterprise/admin-setup, "Analytics API setup steps":
#   curl -H "Authorization: Bearer YOUR_PLATFORM_API_KEY" \
#     "https://api.chatgpt.com/v1/analytics/codex/workspaces/WORKSPACE_ID/usage"
CODEX_EXAMPLE_URL = "https://api.chatgpt.com/v1/analytics/codex/workspaces/WORKSPACE_ID/usage"

# docs.windsurf.com/windsurf/accounts/api-reference/user-page-analytics, "Example Request" / "Example Response"
WINDSURF_USERS_REQUEST_FIELDS = {"service_key", "group_name", "start_timestamp", "end_timestamp"}
WINDSURF_USERS_EXAMPLE = {
    "userTableStats": [
        {"name": "Alice", "email": "alice@windsurf.com", "lastUpdateTime": "2024-10-10T22:56:10.771591Z",
         "apiKey": "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa", "activeDays": 178},
        {"name": "Bob", "email": "bob@windsurf.com", "lastUpdateTime": "2024-10-10T18:11:23.980237Z",
         "apiKey": "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb", "activeDays": 462},
        {"name": "Charlie", "email": "charlie@windsurf.com", "lastUpdateTime": "2024-10-10T16:43:46.117870Z",
         "apiKey": "cccccccc-cccc-cccc-cccc-cccccccccccc", "activeDays": 237},
    ]
}
# .../cascade-analytics: request fields and the response skeleton
WINDSURF_CASCADE_REQUEST_FIELDS = {"service_key", "group_name", "start_timestamp", "end_timestamp",
                                   "emails", "ide_types", "query_requests"}
WINDSURF_CASCADE_EXAMPLE = {"queryResults": [{"cascadeLines": {"cascadeLines": [
    {"day": "<string>", "linesSuggested": "<string>", "linesAccepted": "<string>"}]}}]}
# .../custom-analytics: request fields; User Data field api_key allows UNSPECIFIED, COUNT
WINDSURF_CUSTOM_REQUEST_FIELDS = {"service_key", "group_name", "query_requests"}
WINDSURF_QUERY_FIELDS = {"data_source", "selections", "filters", "aggregations"}
WINDSURF_DATA_SOURCES = {"QUERY_DATA_SOURCE_USER_DATA", "QUERY_DATA_SOURCE_CHAT_DATA",
                         "QUERY_DATA_SOURCE_COMMAND_DATA", "QUERY_DATA_SOURCE_PCW_DATA"}
RFC3339_Z = "%Y-%m-%dT%H:%M:%SZ"


def _run(provider, cfg):
    return {r.id: r for r in asyncio.run(Runner(cfg, providers=[provider]).run())}


def test_codex_request_is_the_documented_curl():
    cfg = RunConfig(providers=["codex"], more={"codex": ProviderSettings(
        secrets={"api_key": SecretStr("sk-proj-" + "x" * 48)}, values={"workspace_id": "WORKSPACE_ID"})})
    with respx.mock(assert_all_mocked=True) as mock:
        route = mock.get(CODEX_EXAMPLE_URL).mock(return_value=httpx.Response(200, json={"data": []}))
        _run(codex.PROVIDER, cfg)
        request = route.calls.last.request
    assert str(request.url) == CODEX_EXAMPLE_URL
    assert request.method == "GET" and request.headers["authorization"] == "Bearer sk-proj-" + "x" * 48


def test_windsurf_requests_use_only_documented_fields_and_values():
    sent = windsurf.bodies("KEY", datetime(2026, 12, 4, 12, tzinfo=UTC))
    assert set(sent["users"]) <= WINDSURF_USERS_REQUEST_FIELDS
    assert set(sent["cascade"]) <= WINDSURF_CASCADE_REQUEST_FIELDS
    assert set(sent["analytics"]) <= WINDSURF_CUSTOM_REQUEST_FIELDS
    for name in ("users", "cascade"):
        for field in ("start_timestamp", "end_timestamp"):
            datetime.strptime(sent[name][field], RFC3339_Z)
    assert sent["cascade"]["query_requests"] == [{"cascade_lines": {}}]
    (query,) = sent["analytics"]["query_requests"]
    assert set(query) <= WINDSURF_QUERY_FIELDS and query["data_source"] in WINDSURF_DATA_SOURCES
    assert query["selections"] == [{"field": "api_key", "aggregation_function": "QUERY_AGGREGATION_COUNT"}]
    assert all(s["service_key"] == "KEY" for s in sent.values())


def test_windsurf_documented_examples_read_as_healthy():
    cfg = RunConfig(providers=["windsurf"], more={"windsurf": ProviderSettings(
        secrets={"service_key": SecretStr("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")})})
    api = windsurf.DEFAULT_API
    with respx.mock(assert_all_mocked=True) as mock:
        mock.post(f"{api}/UserPageAnalytics").mock(return_value=httpx.Response(200, json=WINDSURF_USERS_EXAMPLE))
        mock.post(f"{api}/CascadeAnalytics").mock(return_value=httpx.Response(200, json=WINDSURF_CASCADE_EXAMPLE))
        mock.post(f"{api}/Analytics").mock(return_value=httpx.Response(
            200, json={"queryResults": [{"responseItems": [{"item": {}}]}]}))
        results = _run(windsurf.PROVIDER, cfg)
    assert {r.status for r in results.values()} == {Status.PASS}
    assert "3 of 3 user(s)" in results["windsurf.data.recent"].summary


def _shape(value):
    """Keys and value types, recursively (lists by their first element)."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


def _sim_post(api, path: str, body: dict):
    req = SimRequest("POST", path, {"content-type": "application/json"}, json.dumps(body).encode(), "api")
    return api.handle(req, path)


def test_windsurf_simulator_answers_in_the_documented_shapes():
    api = sim_windsurf.Api()
    key = sim_windsurf.credentials()["service_key"]
    users = json.loads(_sim_post(api, "/UserPageAnalytics", {"service_key": key}).body)
    assert _shape(users) == _shape(WINDSURF_USERS_EXAMPLE)
    cascade = json.loads(_sim_post(api, "/CascadeAnalytics", {"service_key": key,
                                                              "query_requests": [{"cascade_lines": {}}]}).body)
    assert _shape(cascade) == _shape(WINDSURF_CASCADE_EXAMPLE)
    refused = _sim_post(api, "/Analytics", {"service_key": "wrong"})
    assert json.loads(refused.body) == {"error": "Invalid service key or insufficient permissions"}


def test_codex_simulator_answers_the_documented_route_with_bearer_only():
    api = sim_codex.Api()
    creds = sim_codex.credentials()
    path = f"/v1/analytics/codex/workspaces/{creds['workspace_id']}/usage"
    ok = api.handle(SimRequest("GET", path, {"authorization": f"Bearer {creds['api_key']}"}, b"", "api"), path)
    body = json.loads(ok.body)
    assert ok.status == 200 and isinstance(body["data"], list) and body["has_more"] is False
    basic = api.handle(SimRequest("GET", path, {"authorization": f"Basic {creds['api_key']}"}, b"", "api"), path)
    assert basic.status == 401
