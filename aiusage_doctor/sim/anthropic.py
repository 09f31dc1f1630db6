"""The Anthropic Admin API subset (Claude Console), answered like api.anthropic.com.

Documented behaviour (cursor-anthropic.md §B): `x-api-key` plus a required
`anthropic-version` header; the error envelope
`{"type":"error","error":{"type":…,"message":…},"request_id":…}` with a `request-id`
header; `401 authentication_error "invalid x-api-key"` for an unknown key;
`/v1/organizations/me`, `/users` (`has_more`/`first_id`/`last_id`, `after_id` paging),
`/usage_report/claude_code` (one UTC day per call, `limit` ≤ 1000, `next_page` cursor,
rows with `actor`, `customer_type`, `core_metrics`, `tool_actions`, `model_breakdown`).
For organisations whose developers sign in to Claude Code with a Claude.ai subscription
the Claude Code report is empty: `{"data":[],"has_more":false,"next_page":null}`
(anthropics/claude-code#27780, #20819). An Admin key cannot call the Claude Enterprise
Analytics API, which answers 404 "missing, invalid, or does not have the read:analytics
scope".

The Admin API also accepts personal and service-account keys not scoped to a workspace
(documented; their prefix is not): the simulator's `undocumented` key is accepted like
the Admin key. OAuth tokens come as `Authorization: Bearer`.

UNDOCUMENTED choices: an ordinary API key (`sk-ant-api03-`) or a Claude Code login token
(no `org:admin` scope) on `/v1/organizations/*` gets `403 permission_error` (integrators
map 403 to "not an admin key"; the real status is not documented); a Claude Enterprise
Analytics key there gets `401 authentication_error`. The `drifted` report shape (rows
with `user` instead of `actor`) is made up to exercise drift detection.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiusage_doctor.sim.server import WRONG_METHOD, Route, SimRequest, SimResponse, match_route
from aiusage_doctor.sim.world import Universe

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _request_id() -> str:
    return "req_011C" + secrets.token_urlsafe(18).replace("-", "x").replace("_", "y")[:20]


def error(status: int, kind: str, message: str) -> SimResponse:
    rid = _request_id()
    return SimResponse.json(status, {"type": "error", "error": {"type": kind, "message": message}, "request_id": rid},
                            [("request-id", rid)])


class AnthropicApi:
    def __init__(self, uni: Universe) -> None:
        self.uni = uni
        self.world = uni.world
        self._routes: list[Route] = [
            ("GET", re.compile(r"/v1/organizations/me"), self.me),
            ("GET", re.compile(r"/v1/organizations/users"), self.users),
            ("GET", re.compile(r"/v1/organizations/usage_report/claude_code"), self.claude_code),
            ("GET", re.compile(r"/v1/organizations/usage_report/messages"), self.messages_usage),
            ("GET", re.compile(r"/v1/organizations/cost_report"), self.cost_report),
            ("GET", re.compile(r"/v1/organizations/workspaces"), self.workspaces),
            ("GET", re.compile(r"/v1/organizations/api_keys"), self.api_keys),
        ]

    def handle(self, req: SimRequest, path: str) -> SimResponse:
        path = path.rstrip("/")
        key = req.headers.get("x-api-key")
        scheme, _, bearer = (req.headers.get("authorization") or "").partition(" ")
        if not key and scheme.lower() == "bearer" and bearer.startswith("sk-ant-oat01-"):
            key = bearer.strip()  # OAuth tokens are bearer tokens
        if not key:
            if req.headers.get("authorization"):
                return error(401, "authentication_error", "invalid x-api-key")
            return error(401, "authentication_error", "x-api-key header is required")
        if not req.headers.get("anthropic-version"):
            return error(400, "invalid_request_error", "anthropic-version: header is required")
        if key != self.uni.anthropic_key:
            return error(401, "authentication_error", "invalid x-api-key")
        kind = self.world.anthropic_key
        if path.startswith("/v1/organizations/analytics/"):
            # Enterprise Analytics API: Admin keys are not interchangeable with Analytics keys.
            if kind != "enterprise_analytics":
                return error(404, "not_found_error",
                             "The API key is missing, invalid, or does not have the read:analytics scope.")
            return self.enterprise_analytics(req, path)
        if kind == "enterprise_analytics":
            return error(401, "authentication_error", "invalid x-api-key")
        if kind == "api":
            return error(403, "permission_error",
                         "This API key does not have permission to use the Admin API. Use an Admin API key.")
        if kind == "oauth":
            return error(403, "permission_error", "OAuth token does not have the org:admin scope.")
        found = match_route(self._routes, req.method, path)
        if found is WRONG_METHOD:
            return error(405, "invalid_request_error", f"Method {req.method} not allowed")
        if found is None:
            return error(404, "not_found_error", "The requested resource could not be found.")
        handler, _params = found
        resp = handler(req)
        rid = _request_id()
        resp.headers += [("request-id", rid), ("anthropic-organization-id", self.uni.anthropic_org_id)]
        return resp

    # ------------------------------------------------------ Enterprise Analytics API

    def enterprise_analytics(self, req: SimRequest, path: str) -> SimResponse:
        """`/v1/organizations/analytics/users?date=` and `/summaries` (cursor-anthropic.md §B6):
        daily snapshots from 2026-01-01, a date must be before today (400 otherwise)."""
        rid = [("request-id", _request_id())]
        if path == "/v1/organizations/analytics/users":
            raw = req.q("date")
            try:
                day = date.fromisoformat(raw or "")
            except ValueError:
                return error(400, "invalid_request_error", "date: Input should be a valid date (YYYY-MM-DD)")
            if day < date(2026, 1, 1) or day >= datetime.now(UTC).date():
                return error(400, "invalid_request_error",
                             "date: must be on or after 2026-01-01 and before today")
            limit = self._limit(req, 20, 1000)
            if isinstance(limit, SimResponse):
                return limit
            rows = [self._enterprise_row(u) for u in self.uni.anthropic_users]
            page, next_page = _offset_page(req, rows, limit)
            return SimResponse.json(200, {"data": page, "next_page": next_page}, rid)
        if path == "/v1/organizations/analytics/summaries":
            n = len(self.uni.anthropic_users)
            return SimResponse.json(200, {"data": [{
                "starting_date": req.q("starting_date"), "ending_date": req.q("ending_date"),
                "daily_active_users": n - 2, "weekly_active_users": n - 1, "monthly_active_users": n,
                "assigned_seat_count": n, "pending_invite_count": 0,
            }]}, rid)
        return error(404, "not_found_error", "The requested resource could not be found.")

    @staticmethod
    def _enterprise_row(user: dict[str, Any]) -> dict[str, Any]:
        """One user's day, with every field the SDK's AnalyticsUserActivity requires
        (tests/contracts/test_anthropic_sdk_contract.py)."""
        def counts(accepted: int, rejected: int) -> dict[str, int]:
            return {"accepted_count": accepted, "rejected_count": rejected}

        office = {"connectors_used_count": 0, "message_count": 0, "skills_used_count": 0}
        return {
            "user": {"id": user["id"], "email_address": user["email"], "type": "user"},
            "chat_metrics": {"distinct_conversation_count": 6, "message_count": 40, "connectors_used_count": 1,
                             "distinct_artifacts_created_count": 0, "distinct_projects_created_count": 0,
                             "shared_conversations_viewed_count": 0, "thinking_message_count": 5},
            "claude_code_metrics": {
                "core_metrics": {"commit_count": 3, "pull_request_count": 1, "distinct_session_count": 4,
                                 "artifacts_created_count": 0,
                                 "lines_of_code": {"added_count": 820, "removed_count": 140}},
                "tool_actions": {"edit_tool": counts(30, 3), "multi_edit_tool": counts(6, 1),
                                 "write_tool": counts(5, 0), "notebook_edit_tool": counts(0, 0)},
            },
            "cowork_metrics": {"action_count": 0, "artifacts_created_count": 0, "connectors_used_count": 0,
                               "dispatch_turn_count": 0, "message_count": 0, "skills_used_count": 0},
            "design_metrics": {"distinct_projects_created_count": 0, "message_count": 0},
            "office_metrics": {product: dict(office) for product in ("excel", "outlook", "powerpoint", "word")},
            "science_metrics": {"delegation_count": 0, "message_count": 0, "remote_compute_job_count": 0,
                                "skills_used_count": 0},
            "web_search_count": 2,
        }

    # ------------------------------------------------------------------ routes

    def me(self, req: SimRequest) -> SimResponse:
        return SimResponse.json(200, {"id": self.uni.anthropic_org_id, "type": "organization", "name": "Acme Corp"})

    def _limit(self, req: SimRequest, default: int, maximum: int) -> int | SimResponse:
        raw = req.q("limit")
        if raw is None:
            return default
        if not raw.isdigit() or not 1 <= int(raw) <= maximum:
            return error(400, "invalid_request_error", f"limit: Input should be between 1 and {maximum}")
        return int(raw)

    def users(self, req: SimRequest) -> SimResponse:
        limit = self._limit(req, 20, 1000)
        if isinstance(limit, SimResponse):
            return limit
        users = self.uni.anthropic_users
        after = req.q("after_id")
        start = 0
        if after:
            ids = [u["id"] for u in users]
            start = ids.index(after) + 1 if after in ids else len(users)
        page = users[start:start + limit]
        return SimResponse.json(200, {
            "data": page, "has_more": start + limit < len(users),
            "first_id": page[0]["id"] if page else None, "last_id": page[-1]["id"] if page else None,
        })

    def claude_code(self, req: SimRequest) -> SimResponse:
        day_raw = req.q("starting_at")
        if not day_raw:
            return error(400, "invalid_request_error", "starting_at: Field required")
        if not _DAY.match(day_raw):
            return error(400, "invalid_request_error", "starting_at: String should match pattern '^\\d{4}-\\d{2}-\\d{2}$'")
        try:
            day = date.fromisoformat(day_raw)
        except ValueError:
            return error(400, "invalid_request_error", "starting_at: Input should be a valid date")
        limit = self._limit(req, 20, 1000)
        if isinstance(limit, SimResponse):
            return limit
        rows: list[dict[str, Any]] = []
        if self.world.anthropic_usage == "api" and day < datetime.now(UTC).date():
            rows = [self._usage_row(u, day) for u in self.uni.anthropic_users if u["role"] != "admin"]
        if self.world.anthropic_report_shape == "drifted":
            rows = [{("user" if k == "actor" else k): v for k, v in row.items()} for row in rows]
        page, next_page = _offset_page(req, rows, limit)
        return SimResponse.json(200, {"data": page, "has_more": next_page is not None, "next_page": next_page})

    def _usage_row(self, user: dict[str, Any], day: date) -> dict[str, Any]:
        return {
            "date": f"{day.isoformat()}T00:00:00Z",
            "actor": {"type": "user_actor", "email_address": user["email"]},
            "organization_id": self.uni.anthropic_org_id,
            "customer_type": "api",
            "terminal_type": "vscode",
            "core_metrics": {"num_sessions": 4, "lines_of_code": {"added": 820, "removed": 140},
                             "commits_by_claude_code": 3, "pull_requests_by_claude_code": 1},
            "tool_actions": {"edit_tool": {"accepted": 30, "rejected": 3}, "multi_edit_tool": {"accepted": 6, "rejected": 1},
                             "write_tool": {"accepted": 5, "rejected": 0}, "notebook_edit_tool": {"accepted": 0, "rejected": 0}},
            "model_breakdown": [{"model": "claude-sonnet-4-5", "tokens": {"input": 90_000, "output": 22_000,
                                                                          "cache_read": 40_000, "cache_creation": 6_000},
                                 "estimated_cost": {"currency": "USD", "amount": 61}}],
        }

    def messages_usage(self, req: SimRequest) -> SimResponse:
        if not req.q("starting_at"):
            return error(400, "invalid_request_error", "starting_at: Field required")
        today = datetime.now(UTC).date()
        data = [{"starting_at": f"{today - timedelta(days=i + 1)}T00:00:00Z", "ending_at": f"{today - timedelta(days=i)}T00:00:00Z",
                 "results": [{"uncached_input_tokens": 120_000, "cache_creation": {"ephemeral_1h_input_tokens": 0,
                                                                                    "ephemeral_5m_input_tokens": 4_000},
                              "cache_read_input_tokens": 50_000, "output_tokens": 30_000,
                              "server_tool_use": {"web_search_requests": 0}}]} for i in range(7)]
        return SimResponse.json(200, {"data": data, "has_more": False, "next_page": None})

    def cost_report(self, req: SimRequest) -> SimResponse:
        if not req.q("starting_at"):
            return error(400, "invalid_request_error", "starting_at: Field required")
        today = datetime.now(UTC).date()
        data = [{"starting_at": f"{today - timedelta(days=i + 1)}T00:00:00Z", "ending_at": f"{today - timedelta(days=i)}T00:00:00Z",
                 "results": [{"currency": "USD", "amount": "4128.000000", "workspace_id": None, "description": None}]}
                for i in range(7)]
        return SimResponse.json(200, {"data": data, "has_more": False, "next_page": None})

    def workspaces(self, req: SimRequest) -> SimResponse:
        ws = [{"id": "wrkspc_01Acme0000000000000000", "type": "workspace", "name": "Default",
               "created_at": "2025-06-01T00:00:00Z", "archived_at": None, "display_color": "#6C5BB9"}]
        return SimResponse.json(200, {"data": ws, "has_more": False, "first_id": ws[0]["id"], "last_id": ws[0]["id"]})

    def api_keys(self, req: SimRequest) -> SimResponse:
        keys = [{"id": "apikey_01Acme000000000000000", "type": "api_key", "name": "ci-claude-code",
                 "workspace_id": "wrkspc_01Acme0000000000000000", "created_at": "2025-06-02T00:00:00Z",
                 "scope": {"type": "workspace", "workspace_id": "wrkspc_01Acme0000000000000000"},
                 "created_by": {"id": self.uni.anthropic_users[0]["id"], "type": "user"},
                 "partial_key_hint": "sk-ant-api03-R2D...igAA", "status": "active"}]
        return SimResponse.json(200, {"data": keys, "has_more": False, "first_id": keys[0]["id"], "last_id": keys[0]["id"]})


def _offset_page(req: SimRequest, rows: list[dict[str, Any]], limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """One page of `rows` from the opaque `page` cursor (an offset here) and the next cursor,
    None on the last page."""
    raw = req.q("page") or "0"
    start = int(raw) if raw.isdigit() else 0
    more = start + limit < len(rows)
    return rows[start:start + limit], str(start + limit) if more else None


# ------------------------------------------------- the simulator's per-provider interface


def demo_inputs(uni: Universe) -> dict[str, str]:
    """The demo credentials of this scenario's world, by input field (core.labels). The
    local Claude Code login check stays off: this computer is not part of the simulation."""
    return {"admin_key": uni.anthropic_key}


def vendor(app: Any) -> Callable[[SimRequest, str], SimResponse]:
    """This vendor's request handler on the simulator (sim.app.SimApp loops over every
    provider's module for it)."""
    return AnthropicApi(app.uni).handle


def server_error(status: int) -> SimResponse:
    """A 5xx fault in Anthropic's error envelope."""
    kind = {500: "api_error", 504: "timeout_error", 529: "overloaded_error"}.get(status, "api_error")
    return error(status, kind, "Internal server error" if status == 500 else "Overloaded")


def rate_limited(status: int | None, until: float, retry: int) -> SimResponse:
    resp = error(status or 429, "rate_limit_error",
                 "This request would exceed the rate limit for your organization. Please retry later.")
    resp.headers.append(("retry-after", str(retry)))
    return resp
