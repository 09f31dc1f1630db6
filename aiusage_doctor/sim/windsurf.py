"""The Windsurf Analytics API subset, answered like server.codeium.com/api/v1 (prefix /windsurf).

Documented (docs.windsurf.com accounts/api-reference, 2026-12-04): POST only, `service_key`
in the JSON body; `/Analytics` needs Analytics Read, `/UserPageAnalytics` and
`/CascadeAnalytics` need Teams Read-Only; `/UsageConfig` is a write (answered 405 here so
a test notices if anything ever sends it); 429 when rate-limited; responses
`{"userTableStats": [...]}`, `{"queryResults": [...]}`; errors carry an `error` string,
e.g. "Invalid service key or insufficient permissions".

UNDOCUMENTED choices: the status of a refusal (403 here, the same for a wrong key and a
missing permission, as the documented message suggests), the wording for a team without
the Enterprise plan (403 naming Enterprise), no Retry-After on 429, and the service key's
shape (a UUID-like value here).
"""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from aiusage_doctor.sim.server import SimRequest, SimResponse

STATES = ("healthy", "bad_key", "not_enterprise", "no_analytics_read", "no_teams_read", "no_data", "rate_limited")
REFUSED = "Invalid service key or insufficient permissions"
PERMISSION = {"/Analytics": "analytics", "/UserPageAnalytics": "teams", "/CascadeAnalytics": "teams"}
USERS = ("alice", "bob", "charlie", "dana", "eli")


def credentials(seed: int = 7) -> dict[str, str]:
    h = hashlib.sha256(f"windsurf-demo-{seed}".encode()).hexdigest()
    return {"service_key": f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"}


def _err(status: int, message: str) -> SimResponse:
    return SimResponse.json(status, {"error": message})


class Api:
    def __init__(self, state: str = "healthy", seed: int = 7) -> None:
        self.state = state
        self.creds = credentials(seed)
        self.writes = 0
        """Requests to /UsageConfig (a write): must stay 0."""

    def handle(self, req: SimRequest, path: str) -> SimResponse:
        path = path.rstrip("/")
        if path == "/UsageConfig":
            self.writes += 1
            return _err(405, "This simulator refuses writes")
        if req.method != "POST":
            return _err(404, "Not found")
        if self.state == "rate_limited":
            return _err(429, "Rate limit exceeded")
        body = req.json() if req.body else None
        key = body.get("service_key") if isinstance(body, dict) else None
        if key != self.creds["service_key"] or self.state == "bad_key":
            return _err(403, REFUSED)
        if self.state == "not_enterprise":
            return _err(403, "The Analytics API is only available on Enterprise plans")
        needs = PERMISSION.get(path)
        if needs is None:
            return _err(404, "Not found")
        if (needs, self.state) in (("analytics", "no_analytics_read"), ("teams", "no_teams_read")):
            return _err(403, REFUSED)
        return SimResponse.json(200, getattr(self, needs if needs == "analytics" else path[1:].lower())(body))

    def analytics(self, body: dict[str, Any]) -> dict[str, Any]:
        count = 0 if self.state == "no_data" else len(USERS)
        return {"queryResults": [{"responseItems": [{"item": {"count_api_key": str(count)}}] if count else []}]}

    def userpageanalytics(self, body: dict[str, Any]) -> dict[str, Any]:
        now = datetime.now(UTC)
        rows = []
        for k, name in enumerate(USERS):
            active = 0 if self.state == "no_data" else 3 + 4 * k
            seen = now - timedelta(hours=5 + k) if active else now - timedelta(days=400)
            rows.append({"name": name.title(), "email": f"{name}@windsurf.com",
                         "lastUpdateTime": seen.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                         "apiKey": hashlib.sha256(name.encode()).hexdigest()[:36], "activeDays": active})
        return {"userTableStats": rows}

    def cascadeanalytics(self, body: dict[str, Any]) -> dict[str, Any]:
        day = datetime.fromtimestamp(int(time.time()) // 86_400 * 86_400, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        lines = [] if self.state == "no_data" else [{"day": day, "linesSuggested": "120", "linesAccepted": "87"}]
        return {"queryResults": [{"cascadeLines": {"cascadeLines": lines}}]}


def _scenario(state: str, title: str, description: str, expected: dict[str, str], link: dict[str, str]) -> dict[str, Any]:
    """One demo scenario as data (sim/scenarios/ turns it into a ScenarioInfo)."""
    return dict(name=f"windsurf-{state.replace('_', '-')}", title=title, description=description,
                expected=expected, key_links=link, world={"vendor_states": (("windsurf", state),)})


SCENARIOS: tuple[dict[str, Any], ...] = (
    _scenario("bad_key", "Windsurf: bad service key", "Every Analytics API endpoint refuses the service key: wrong, deleted, or cut short while copying.",
              {"windsurf.key.auth": "fail"}, {"windsurf.key.auth": "team_settings"}),
    _scenario("not_enterprise", "Windsurf: not on Enterprise", "The team isn't on an Enterprise plan, so Windsurf refuses its Analytics API with a plan message.",
              {"windsurf.key.auth": "fail"}, {"windsurf.key.auth": "windsurf.com/pricing"}),
    _scenario("no_analytics_read", "Windsurf: key lacks Analytics Read",
              "The key reads user and Cascade analytics, but /Analytics refuses it: its role lacks Analytics Read.",
              {"windsurf.permission.analytics": "fail"}, {"windsurf.permission.analytics": "custom-analytics"}),
    _scenario("no_teams_read", "Windsurf: key lacks Teams Read-Only",
              "/Analytics works, but user and Cascade analytics refuse the key: its role lacks Teams Read-Only.",
              {"windsurf.permission.teams": "fail"}, {"windsurf.permission.teams": "user-page-analytics"}),
    _scenario("no_data", "Windsurf: no data yet", "Access works but no user has activity in the last 30 days yet (Windsurf refreshes every 3 hours).",
              {"windsurf.data.recent": "warn"}, {"windsurf.data.recent": "api-reference/introduction"}),
    _scenario("rate_limited", "Windsurf: rate limited", "Every request gets 429 Too Many Requests, so nothing can be judged until the limit resets.",
              {"windsurf.key.auth": "error"}, {"windsurf.key.auth": "api-reference/introduction"}),
)
