"""The Enterprise-only Analytics and AI Code Tracking APIs: one cheap read of each."""

from __future__ import annotations

import asyncio

from aiusage_doctor.core.checks import CheckContext, Outcome
from aiusage_doctor.providers.cursor.common import (
    _auth_header,
    _clean_key,
    _error_message,
    _evidence,
    _unexpected,
    _url,
)
from aiusage_doctor.providers.cursor.rows import ANALYTICS_ROWS
from aiusage_doctor.providers.cursor.sources import DOCUMENTED_STATUSES


async def check_analytics_access(ctx: CheckContext) -> Outcome:
    headers = _auth_header(_clean_key(ctx))
    dau, commits = await asyncio.gather(
        ctx.http.get(_url(ctx, "api.analytics_dau"), headers=headers,
                     params={"startDate": "7d", "endDate": "today"}),
        ctx.http.get(_url(ctx, "api.ai_code_commits"), headers=headers,
                     params={"startDate": "7d", "endDate": "now", "page": 1, "pageSize": 1}),
    )
    evidence = {"analytics": _evidence(dau), "ai_code_tracking": _evidence(commits)}
    refused = (401, 403)
    details = [
        f"Analytics API: {dau.method} {dau.path} → HTTP {dau.status}"
        + ("" if dau.ok else f" \u201c{_error_message(dau)}\u201d") + ".",
        f"AI Code Tracking API: {commits.method} {commits.path} → HTTP {commits.status}"
        + ("" if commits.ok else f" \u201c{_error_message(commits)}\u201d") + ".",
    ]

    odd = next((r for r in (dau, commits) if not r.ok and r.status not in DOCUMENTED_STATUSES | {304}), None)
    if odd is not None:
        return _unexpected(f"HTTP {odd.status} from {odd.path}", odd, ANALYTICS_ROWS, details)
    if dau.ok and commits.ok:
        body = dau.json()
        data = body.get("data") if isinstance(body, dict) else None
        peak = max((int(d.get("dau") or 0) for d in data if isinstance(d, dict)), default=0) if isinstance(data, list) else 0
        return ANALYTICS_ROWS["analytics.ok"].outcome(
            "The Enterprise Analytics and AI Code Tracking APIs are available to this key"
            + (f" (peak {peak} daily active users in the last 7 days)." if peak else "."),
            details=details,
            evidence=evidence,
        )
    if dau.ok:
        return ANALYTICS_ROWS["analytics.no_ai_code"].outcome(
            "The Analytics API is available, but the AI Code Tracking API (Enterprise, alpha) "
            f"was refused for this team (HTTP {commits.status}).",
            details=details + ["AI Code Tracking is an Enterprise feature in alpha; ask Cursor "
                               "to enable it if your analytics product needs commit-level data."],
            evidence=evidence,
        )
    if commits.ok:
        return ANALYTICS_ROWS["analytics.no_analytics"].outcome(
            "The AI Code Tracking API is available, but the Analytics API was refused for this "
            f"team (HTTP {dau.status}).",
            details=details,
            evidence=evidence,
        )
    if dau.status in refused or commits.status in refused:
        return ANALYTICS_ROWS["analytics.not_on_plan"].outcome(
            "Cursor's Analytics and AI Code Tracking APIs are not available to this team: most "
            "likely its plan isn't Enterprise (Cursor offers them to Enterprise teams only). This is "
            "not a broken key: the Admin API accepted it.",
            details=details + [
                "Cursor answers these endpoints with 401/403 for teams without the Enterprise "
                "plan. Usage data from the Admin API is unaffected.",
            ],
            evidence=evidence,
        )
    return ANALYTICS_ROWS["analytics.error"].outcome(
        f"Cursor's Analytics API answered HTTP {dau.status} and the AI Code Tracking API HTTP "
        f"{commits.status}, which is neither access nor a plan refusal.",
        details=details,
        evidence=evidence,
    )
