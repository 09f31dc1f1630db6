"""The OpenAI Codex Analytics API subset, answered like api.chatgpt.com (prefix /codex).

Documented (developers.openai.com/codex/enterprise/admin-setup, 2026-12-04): `GET
/v1/analytics/codex/workspaces/{workspace_id}/usage` (also /code_reviews and
/code_review_responses), `Authorization: Bearer KEY`, optional `start_time`/`end_time`,
`next_page` for further pages. The page shape `{object, data, has_more, next_page}` and the
row fields (`start_time`/`end_time` as Unix seconds, `totals{threads,turns,credits}`,
`clients`) follow a public transcription of OpenAI's schema, not OpenAI's own page.

UNDOCUMENTED choices (OpenAI publishes no error statuses or bodies for this API): errors
use OpenAI's usual `{"error": {"message", "type", "code"}}` envelope; a wrong key is 401
"Incorrect API key provided"; a key without the scope is 401 with the "Missing scopes:"
wording OpenAI uses on its other APIs; a workspace the key's organization doesn't own is
404 "Workspace not found" (deliberately not naming the cause, so the provider has to
infer it); a non-Enterprise workspace is 403 naming ChatGPT Enterprise.
"""

from __future__ import annotations

import hashlib
import re
import time
from typing import Any

from aiusage_doctor.sim.server import WRONG_METHOD, Route, SimRequest, SimResponse, match_route

STATES = ("healthy", "key_refused", "scope_missing", "org_mismatch", "not_enterprise", "no_data")
WORKSPACE = "4b9e1c2a-7d3f-4e8a-9c1b-2f6d8e0a5c31"
SCOPE = "codex.enterprise.analytics.read"
USERS = 6


def credentials(seed: int = 7) -> dict[str, str]:
    """The demo key (an OpenAI-looking sk-proj- value, never a real key) and workspace id."""
    body = hashlib.sha256(f"codex-demo-{seed}".encode()).hexdigest()
    return {"api_key": f"sk-proj-demo{body[:44]}", "workspace_id": WORKSPACE}


def _error(status: int, message: str, kind: str, code: str | None) -> SimResponse:
    return SimResponse.json(status, {"error": {"message": message, "type": kind, "param": None, "code": code}})


class Api:
    def __init__(self, state: str = "healthy", seed: int = 7) -> None:
        self.state = state
        self.creds = credentials(seed)
        self._routes: list[Route] = [
            ("GET", re.compile(r"/v1/analytics/codex/workspaces/(?P<ws>[^/]+)/(?P<what>usage|code_reviews|"
                               r"code_review_responses)"), self.report),
        ]

    def handle(self, req: SimRequest, path: str) -> SimResponse:
        auth = req.headers.get("authorization", "")
        scheme, _, key = auth.partition(" ")
        if scheme.lower() != "bearer" or key.strip() != self.creds["api_key"] or self.state == "key_refused":
            return _error(401, "Incorrect API key provided. You can find your API key at "
                               "https://platform.openai.com/account/api-keys.", "invalid_request_error",
                          "invalid_api_key")
        found = match_route(self._routes, req.method, path.rstrip("/"))
        if found is None or found is WRONG_METHOD:
            return _error(404, "Not found", "invalid_request_error", None)
        handler, params = found
        resp = handler(req, **params)
        resp.headers.append(("x-request-id", "req_" + hashlib.sha1(str(time.time_ns()).encode()).hexdigest()[:20]))
        return resp

    def report(self, req: SimRequest, ws: str, what: str) -> SimResponse:
        if self.state == "scope_missing":
            return _error(401, "You have insufficient permissions for this operation. "
                               f"Missing scopes: {SCOPE}.", "invalid_request_error", None)
        if ws != self.creds["workspace_id"] or self.state == "org_mismatch":
            return _error(404, "Workspace not found", "invalid_request_error", "not_found")
        if self.state == "not_enterprise":
            return _error(403, "Codex analytics are only available for ChatGPT Enterprise workspaces.",
                          "invalid_request_error", "forbidden")
        rows: list[dict[str, Any]] = [] if self.state == "no_data" else self._rows()
        return SimResponse.json(200, {"object": "list", "data": rows, "has_more": False, "next_page": None})

    @staticmethod
    def _rows() -> list[dict[str, Any]]:
        day = int(time.time()) // 86_400 * 86_400 - 86_400
        return [{
            "object": "codex.usage", "start_time": day, "end_time": day + 86_400,
            "user_id": f"user-demo{k:02d}", "totals": {"threads": 3 + k, "turns": 12 + 2 * k, "credits": 40 + 7 * k},
            "clients": [{"client_id": "CODEX_CLI", "threads": 3 + k, "turns": 12 + 2 * k, "credits": 40 + 7 * k}],
        } for k in range(USERS)]


def _scenario(state: str, title: str, description: str, expected: dict[str, str], link: dict[str, str]) -> dict[str, Any]:
    """One demo scenario as data (sim/scenarios/ turns it into a ScenarioInfo)."""
    return dict(name=f"codex-{state.replace('_', '-')}", title=title, description=description,
                expected=expected, key_links=link, world={"vendor_states": (("codex", state),)})


SCENARIOS: tuple[dict[str, Any], ...] = (
    _scenario("key_refused", "Codex: key refused",
              "OpenAI answers 401 to the Codex Analytics key (wrong, revoked or not a Platform key).",
              {"codex.analytics.access": "fail"}, {"codex.analytics.access": "platform.openai.com"}),
    _scenario("scope_missing", "Codex: key lacks the analytics scope",
              f"The key is valid but OpenAI support hasn't scoped it to {SCOPE}.",
              {"codex.analytics.access": "fail"}, {"codex.analytics.access": "admin-setup#analytics-api-setup-steps"}),
    _scenario("org_mismatch", "Codex: key from another organization",
              "The key's Platform organization doesn't own the workspace; OpenAI answers 404.",
              {"codex.analytics.access": "fail"}, {"codex.analytics.access": "docs/enterprise/analytics-api"}),
    _scenario("not_enterprise", "Codex: not an Enterprise workspace",
              "The workspace isn't ChatGPT Enterprise with Codex, so there is no Codex analytics.",
              {"codex.analytics.access": "fail"}, {"codex.analytics.access": "codex/enterprise/admin-setup"}),
    _scenario("no_data", "Codex: no usage yet",
              "Access works, but the workspace has no Codex usage yet: nobody used Codex, or data hasn't arrived.",
              {"codex.usage.data": "warn"}, {"codex.usage.data": "codex/enterprise/governance"}),
)
