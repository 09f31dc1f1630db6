"""The Copilot report-download host: signed, short-lived NDJSON files on a separate port.

GitHub's report endpoints answer with `download_links` on another host (historically
`copilot-reports-*.b01.azurefd.net`, from 2026-05 `copilot-reports.github.com`); the
files are newline-delimited JSON (github-copilot.md §1.3). The simulator serves them on
its own port so "the API works but the download host is blocked" can be reproduced, and
it checks the link's signature and expiry the way a signed URL is checked.

It also records whether a client sent credentials here: the GitHub token must never
travel to the download host (`credential_leaks`).

UNDOCUMENTED: the download host's error answers (403 for a bad or expired signature, 404
for an unknown file) and the exact file layout: 1-day entity files are one JSON object,
28-day entity files one object with `day_totals[]`, user files one row per user (per
week for 28-day files, to keep large tenants small).
"""

from __future__ import annotations

import json
import re
import time
from datetime import date, timedelta
from typing import Any

from aiusage_doctor.sim.server import SimRequest, SimResponse
from aiusage_doctor.sim.world import Org, Universe

_PATH = re.compile(
    r"/(?P<scope>orgs|enterprises)/(?P<entity>[^/]+)/(?P<report>[a-z0-9-]+)/(?P<period>[0-9_-]+)/part-(?P<part>\d+)\.ndjson"
)

_AZURE_AUTH_FAILED = (
    '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>'
    "Server failed to authenticate the request. Make sure the value of Authorization header is "
    "formed correctly including the signature.</Message></Error>"
)


class ReportHost:
    def __init__(self, uni: Universe) -> None:
        self.uni = uni
        self.credential_leaks = 0

    def handle(self, req: SimRequest) -> SimResponse:
        if any(h in req.headers for h in ("authorization", "x-api-key")):
            self.credential_leaks += 1
        if req.method not in ("GET", "HEAD"):
            return SimResponse.text(405, "Method Not Allowed")
        m = _PATH.fullmatch(req.path)
        if m is None:
            return SimResponse.text(404, "The specified blob does not exist.", "application/xml")
        expires = req.q("se")
        if not self.uni.verify(req.path, expires, req.q("sig")):
            return SimResponse.text(403, _AZURE_AUTH_FAILED, "application/xml")
        assert expires is not None
        if int(expires) < time.time():
            return SimResponse.text(403, _AZURE_AUTH_FAILED.replace("formed correctly including the signature",
                                                                    "valid: the signed URL has expired"),
                                    "application/xml")
        rows = self._rows(m["scope"], m["entity"], m["report"], m["period"], int(m["part"]))
        if rows is None:
            return SimResponse.text(404, "The specified blob does not exist.", "application/xml")
        body = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in rows).encode()
        return SimResponse(200, [("Content-Type", "application/x-ndjson"),
                                 ("x-ms-blob-type", "BlockBlob")], body)

    # ------------------------------------------------------------------ contents

    def _orgs(self, scope: str, entity: str) -> list[Org]:
        if scope == "orgs":
            org = self.uni.org(entity)
            return [org] if org else []
        return self.uni.enterprise_orgs(entity)

    def _rows(self, scope: str, entity: str, report: str, period: str, part: int) -> list[dict[str, Any]] | None:
        orgs = self._orgs(scope, entity)
        if not orgs:
            return None
        id_key = "organization_id" if scope == "orgs" else "enterprise_id"
        entity_id = orgs[0].id if scope == "orgs" else 900
        if "_" in period:
            start_s, end_s = period.split("_", 1)
            start, end = date.fromisoformat(start_s), date.fromisoformat(end_s)
        else:
            start = end = date.fromisoformat(period)
        users = [(o, u) for o in orgs for u in o.members]
        parts = 2 if report.startswith("users") else 1
        if report in ("organization-1-day", "enterprise-1-day"):
            return [{"day": end.isoformat(), id_key: entity_id, **self._totals(len(users), end)}]
        if report in ("organization-28-day", "enterprise-28-day"):
            days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
            return [{id_key: entity_id, "report_start_day": start.isoformat(), "report_end_day": end.isoformat(),
                     "day_totals": [{"day": d.isoformat(), **self._totals(len(users), d)} for d in days]}]
        if report in ("users-1-day", "users-28-day"):
            mine = [u for i, u in enumerate(users) if i % parts == part - 1]
            days = [end] if start == end else [end - timedelta(days=7 * w) for w in range(4)]
            return [self._user_row(o, login, d, id_key, entity_id) for o, login in mine for d in days]
        if report == "user-teams-1-day":
            rows = []
            for org in orgs:
                for team in org.teams:
                    if len(team.members) < 5:
                        continue  # documented: teams with fewer than 5 seated users are excluded
                    for login in team.members:
                        rows.append({"user_id": self.uni.user_id(login), "user_login": login, "day": end.isoformat(),
                                     id_key: entity_id, "team_id": team.id, "slug": team.slug})
            return rows
        if report == "repos-1-day":
            return [{"day": end.isoformat(), id_key: entity_id, "repository": f"{org.login}/service-{k}",
                     "pull_requests": {"total_created": 3 + k, "total_reviewed": 2, "total_merged": 2,
                                       "total_created_by_copilot": 1, "total_reviewed_by_copilot": 1}}
                    for org in orgs for k in range(2)]
        return None

    @staticmethod
    def _totals(users: int, day: date) -> dict[str, Any]:
        weekday = day.weekday() < 5
        dau = max(1, int(users * (0.7 if weekday else 0.15)))
        return {
            "daily_active_users": dau, "weekly_active_users": max(dau, int(users * 0.85)),
            "monthly_active_users": users, "monthly_active_chat_users": int(users * 0.6),
            "monthly_active_agent_users": int(users * 0.3), "daily_active_cli_users": int(dau * 0.1),
            "user_initiated_interaction_count": dau * 14, "code_generation_activity_count": dau * 40,
            "code_acceptance_activity_count": dau * 12, "loc_suggested_to_add_sum": dau * 310,
            "loc_suggested_to_delete_sum": dau * 40, "loc_added_sum": dau * 120, "loc_deleted_sum": dau * 22,
            "totals_by_ide": [{"ide": "vscode", "user_initiated_interaction_count": dau * 10}],
            "totals_by_feature": [{"feature": "code_completion", "code_generation_activity_count": dau * 30}],
        }

    def _user_row(self, org: Org, login: str, day: date, id_key: str, entity_id: int) -> dict[str, Any]:
        row: dict[str, Any] = {
            "user_id": self.uni.user_id(login), "user_login": login, "day": day.isoformat(), id_key: entity_id,
            "user_initiated_interaction_count": 11, "code_generation_activity_count": 37,
            "code_acceptance_activity_count": 9, "loc_added_sum": 95, "loc_deleted_sum": 14,
            "used_agent": True, "used_chat": True, "used_cli": False,
            "totals_by_ide": [{"ide": "vscode", "last_known_ide_version": {"ide_version": "1.107.1"},
                               "last_known_plugin_version": {"plugin": "copilot-chat", "plugin_version": "0.35.3"}}],
        }
        if id_key == "enterprise_id":
            row["organization_id"] = org.id
        return row
