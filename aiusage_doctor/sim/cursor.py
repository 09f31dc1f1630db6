"""The Cursor Admin, Analytics and AI Code Tracking API subset, answered like api.cursor.com.

Documented behaviour (cursor-anthropic.md §A): Basic authentication with the key as user
name and an empty password (`Bearer` is only for the Cloud Agents API, so it gets 401
here); `401 {"error":"Unauthorized","message":"Invalid API key"}`; Analytics endpoints
are Enterprise-only (`403 {"error":"Forbidden","message":"Enterprise access required"}`);
AI Code Tracking answers non-Enterprise teams with 401 "You must be a member of an
enterprise team to access this resource" (observed in a public connector); 429 carries
`Retry-After` and `{"code":"error","message":"Rate limit exceeded"}`; date ranges are
limited to 30 days. Response shapes follow the 2026 docs examples.

UNDOCUMENTED choices: the 400 text for a too-long date range, the answer to an unknown
path (the documented generic 404 body), and, by default, that Admin API `/teams/*`
endpoints work on the Team plan (the docs disagree: `cursor_admin_api_plan="enterprise"`
follows the APIs overview's "Enterprise teams" and refuses them with the documented 403
'Enterprise access required'). The `drifted` usage shape (`usage` instead of `data`) is
made up to exercise drift detection.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiusage_doctor.sim.server import WRONG_METHOD, Route, SimRequest, SimResponse, match_route
from aiusage_doctor.sim.world import Universe

MAX_RANGE_MS = 30 * 24 * 3600 * 1000
ENTERPRISE_ONLY_TEAM_PATHS = ("/teams/audit-logs", "/teams/groups")


def _err(status: int, error: str, message: str) -> SimResponse:
    return SimResponse.json(status, {"error": error, "message": message})


def unauthorized() -> SimResponse:
    return _err(401, "Unauthorized", "Invalid API key")


class CursorApi:
    def __init__(self, uni: Universe) -> None:
        self.uni = uni
        self.world = uni.world
        self._routes: list[Route] = [
            ("GET", re.compile(r"/teams/members"), self.members),
            ("POST", re.compile(r"/teams/daily-usage-data"), self.daily_usage),
            ("POST", re.compile(r"/teams/spend"), self.spend),
            ("POST", re.compile(r"/teams/filtered-usage-events"), self.usage_events),
            ("GET", re.compile(r"/teams/audit-logs"), self.audit_logs),
            ("GET", re.compile(r"/analytics/team/(?P<metric>[a-z-]+)"), self.team_metric),
            ("GET", re.compile(r"/analytics/by-user/(?P<metric>[a-z-]+)"), self.by_user_metric),
            ("GET", re.compile(r"/analytics/ai-code/(?P<what>commits|changes)(?P<csv>\.csv)?"), self.ai_code),
        ]

    def handle(self, req: SimRequest, path: str) -> SimResponse:
        key = self._key(req)
        if key is None or key != self.uni.cursor_key or not self.world.cursor_key_valid:
            return unauthorized()
        found = match_route(self._routes, req.method, path.rstrip("/"))
        if found is None or found is WRONG_METHOD:
            return _err(404, "Not Found", "Resource not found")
        handler, params = found
        if path.startswith("/teams/") and self.world.cursor_admin_api_plan == "enterprise" and not self._enterprise:
            return _err(403, "Forbidden", "Enterprise access required")
        resp = handler(req, **params)
        resp.headers.append(("x-request-id", hashlib.sha1(f"{time.time_ns()}".encode()).hexdigest()[:16]))
        return resp

    @staticmethod
    def _key(req: SimRequest) -> str | None:
        auth = req.headers.get("authorization", "")
        scheme, _, value = auth.partition(" ")
        if scheme.lower() != "basic":
            return None  # Bearer is accepted only by the Cloud Agents API
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode()
        except ValueError:
            return None
        user, sep, _password = decoded.partition(":")
        return user if sep else None

    @property
    def _enterprise(self) -> bool:
        return self.world.cursor_plan == "enterprise"

    def _window(self, req: SimRequest) -> tuple[int, int, dict[str, Any]] | SimResponse:
        """The query's date range (epoch ms) and its decoded body, or Cursor's 400 answer."""
        body = req.json() or {}
        now_ms = int(time.time() * 1000)
        start = body.get("startDate", now_ms - 7 * 86_400_000)
        end = body.get("endDate", now_ms)
        if not isinstance(start, int) or not isinstance(end, int):
            return _err(400, "Bad Request", "startDate and endDate must be epoch milliseconds")
        if end < start:
            return _err(400, "Bad Request", "endDate must be after startDate")
        if end - start > MAX_RANGE_MS:
            return _err(400, "Bad Request", "Date range cannot exceed 30 days")
        return start, end, body

    # ------------------------------------------------------------------ admin API

    def members(self, req: SimRequest) -> SimResponse:
        return SimResponse.json(200, {"teamMembers": self.uni.cursor_members})

    def daily_usage(self, req: SimRequest) -> SimResponse:
        window = self._window(req)
        if isinstance(window, SimResponse):
            return window
        start, end, body = window
        page, size = int(body.get("page", 1) or 1), int(body.get("pageSize", 1000) or 1000)
        members = self.uni.cursor_members
        rows = []
        day = datetime.fromtimestamp(start / 1000, UTC).date()
        last = datetime.fromtimestamp(end / 1000, UTC).date()
        chosen = members[(page - 1) * size: page * size]
        while day <= last and len(rows) < 5000:
            for k, m in enumerate(chosen):
                rows.append(self._usage_row(k, str(m["email"]), day))
            day += timedelta(days=1)
        total_pages = max(1, -(-len(members) // size))
        return SimResponse.json(200, {
            ("usage" if self.world.cursor_usage_shape == "drifted" else "data"): rows,
            "period": {"startDate": start, "endDate": end},
            "pagination": {"page": page, "pageSize": size, "totalUsers": len(members), "totalPages": total_pages,
                           "hasNextPage": page < total_pages, "hasPreviousPage": page > 1},
        })

    @staticmethod
    def _usage_row(k: int, email: str, day: date) -> dict[str, Any]:
        ms = int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)
        return {
            "userId": 12_000 + k, "day": day.isoformat(), "date": ms, "isActive": day.weekday() < 5,
            "totalLinesAdded": 400 + k, "totalLinesDeleted": 120, "acceptedLinesAdded": 310, "acceptedLinesDeleted": 90,
            "totalApplies": 40, "totalAccepts": 33, "totalRejects": 7, "totalTabsShown": 210, "totalTabsAccepted": 160,
            "composerRequests": 12, "chatRequests": 30, "agentRequests": 8, "cmdkUsages": 14,
            "subscriptionIncludedReqs": 50, "apiKeyReqs": 0, "usageBasedReqs": 2, "bugbotUsages": 1,
            "mostUsedModel": "claude-4.5-sonnet", "applyMostUsedExtension": ".ts", "tabMostUsedExtension": ".py",
            "clientVersion": "2.1.3", "email": email,
        }

    def spend(self, req: SimRequest) -> SimResponse:
        members = self.uni.cursor_members
        now = datetime.now(UTC)
        cycle = datetime(now.year, now.month, 1, tzinfo=UTC)
        return SimResponse.json(200, {
            "teamMemberSpend": [
                {"userId": m["id"], "spendCents": 1250.5 + k, "overallSpendCents": 1250.5 + k, "fastPremiumRequests": 300,
                 "name": m["name"], "email": m["email"], "role": m["role"], "hardLimitOverrideDollars": 0,
                 "monthlyLimitDollars": 200, "effectivePerUserLimitDollars": 200}
                for k, m in enumerate(members)
            ],
            "subscriptionCycleStart": int(cycle.timestamp() * 1000),
            "totalMembers": len(members),
            "totalPages": 1,
        })

    def usage_events(self, req: SimRequest) -> SimResponse:
        window = self._window(req)
        if isinstance(window, SimResponse):
            return window
        start, end, body = window
        page, size = int(body.get("page", 1) or 1), min(1000, int(body.get("pageSize", 100) or 100))
        members = self.uni.cursor_members
        total = len(members) * 3
        events = []
        for i in range((page - 1) * size, min(total, page * size)):
            m = members[i % len(members)]
            events.append({
                "timestamp": str(end - i * 60_000), "userEmail": m["email"], "conversationId": f"conv-{i:05d}",
                "model": "claude-4.5-sonnet", "kind": "Included in Business", "maxMode": False, "requestsCosts": 1,
                "isTokenBasedCall": True, "isChargeable": False, "isHeadless": False,
                "tokenUsage": {"inputTokens": 1200, "outputTokens": 400, "cacheWriteTokens": 0, "cacheReadTokens": 800,
                               "totalCents": 1.2},
                "chargedCents": 0, "cursorTokenFee": 0,
            })
        pages = max(1, -(-total // size))
        return SimResponse.json(200, {
            "totalUsageEventsCount": total,
            "pagination": {"numPages": pages, "currentPage": page, "pageSize": size,
                           "hasNextPage": page < pages, "hasPreviousPage": page > 1},
            "usageEvents": events,
            "period": {"startDate": start, "endDate": end},
        })

    def audit_logs(self, req: SimRequest) -> SimResponse:
        if not self._enterprise:
            return _err(403, "Forbidden", "Enterprise access required")
        return SimResponse.json(200, {"events": [], "pagination": {"page": 1, "pageSize": 100, "totalCount": 0}})

    # ------------------------------------------------------------------ analytics

    def _dates(self, req: SimRequest) -> tuple[date, date]:
        today = datetime.now(UTC).date()

        def parse(raw: str | None, default: date) -> date:
            if not raw or raw in ("now", "today"):
                return default if raw is None else today
            if raw == "yesterday":
                return today - timedelta(days=1)
            if raw.endswith("d") and raw[:-1].isdigit():
                return today - timedelta(days=int(raw[:-1]))
            try:
                return date.fromisoformat(raw[:10])
            except ValueError:
                return default

        return parse(req.q("startDate"), today - timedelta(days=7)), parse(req.q("endDate"), today)

    def team_metric(self, req: SimRequest, metric: str) -> SimResponse:
        if not self._enterprise:
            return _err(403, "Forbidden", "Enterprise access required")
        start, end = self._dates(req)
        if (end - start).days > 30:
            return _err(400, "Bad Request", "Date range cannot exceed 30 days")
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        n = len(self.uni.cursor_members)
        if metric == "dau":
            data: list[dict[str, Any]] = [{"date": d.isoformat(), "dau": max(1, n - 2), "cli_dau": 1,
                                           "cloud_agent_dau": 2, "bugbot_dau": 1} for d in days]
        else:
            data = [{"date": d.isoformat(), "value": n} for d in days]
        return SimResponse.json(200, {"data": data, "params": {"metric": metric, "teamId": self.uni.cursor_team_id,
                                                               "startDate": start.isoformat(), "endDate": end.isoformat()}},
                                [("Cache-Control", "public, max-age=900"), ("ETag", f'W/"{metric}-{start}-{end}"')])

    def by_user_metric(self, req: SimRequest, metric: str) -> SimResponse:
        if not self._enterprise:
            return _err(403, "Forbidden", "Enterprise access required")
        start, end = self._dates(req)
        data = {str(m["email"]): [{"date": end.isoformat(), "value": 3}] for m in self.uni.cursor_members}
        return SimResponse.json(200, {"data": data, "params": {"metric": metric, "teamId": self.uni.cursor_team_id,
                                                               "startDate": start.isoformat(), "endDate": end.isoformat(),
                                                               "userMappings": []},
                                      "pagination": {"page": 1, "pageSize": 100, "totalUsers": len(data),
                                                     "totalPages": 1, "hasNextPage": False, "hasPreviousPage": False}})

    def ai_code(self, req: SimRequest, what: str, csv: str | None) -> SimResponse:
        if not self._enterprise:
            return _err(401, "Unauthorized", "You must be a member of an enterprise team to access this resource")
        if csv:
            return SimResponse.text(200, "commitHash,userEmail,repoName,totalLinesAdded\n", "text/csv")
        items = [{"commitHash": hashlib.sha1(f"c{k}".encode()).hexdigest(), "userId": f"user_{k}",
                  "userEmail": m["email"], "repoName": "acme/api", "branchName": "main", "isPrimaryBranch": True,
                  "commitSource": "ide", "totalLinesAdded": 40, "totalLinesDeleted": 5, "tabLinesAdded": 12,
                  "tabLinesDeleted": 0, "composerLinesAdded": 20, "composerLinesDeleted": 2, "nonAiLinesAdded": 8,
                  "nonAiLinesDeleted": 3, "message": "Update handler", "commitTs": "2026-01-05T10:00:00Z",
                  "createdAt": "2026-01-05T10:01:00Z"}
                 for k, m in enumerate(self.uni.cursor_members[:5])]
        return SimResponse.json(200, {"items": items, "totalCount": len(items), "page": 1, "pageSize": 100})


# ------------------------------------------------- the simulator's per-provider interface


def demo_inputs(uni: Universe) -> dict[str, str]:
    """The demo credentials of this scenario's world, by input field (core.labels)."""
    return {"api_key": uni.cursor_key}


def vendor(app: Any) -> Callable[[SimRequest, str], SimResponse]:
    """This vendor's request handler on the simulator (sim.app.SimApp loops over every
    provider's module for it)."""
    return CursorApi(app.uni).handle


def server_error(status: int) -> SimResponse:
    """A 5xx fault in Cursor's shape."""
    return SimResponse.json(status, {"error": "Internal Server Error", "message": "An unexpected error occurred"})


def rate_limited(status: int | None, until: float, retry: int) -> SimResponse:
    """Documented: Retry-After: 60; the simulator shortens the window (UNDOCUMENTED value)."""
    return SimResponse(status or 429, [("Content-Type", "application/json"), ("Retry-After", str(retry))],
                       json.dumps({"code": "error", "message": "Rate limit exceeded"}).encode())
