"""Claude Enterprise Analytics: one day's users, read with the Enterprise Analytics key."""

from __future__ import annotations

from typing import Any

from aiusage_doctor.core.checks import CheckContext, Outcome
from aiusage_doctor.providers.anthropic import common
from aiusage_doctor.providers.anthropic.common import _error_words, _evidence, _headers, _http_line, _unexpected, _url
from aiusage_doctor.providers.anthropic.rows import ENTERPRISE_ROWS
from aiusage_doctor.providers.anthropic_refs import (
    ANTHROPIC_DOCUMENTED_STATUSES,
    ENTERPRISE_DATA_START,
    ENTERPRISE_LAG,
    PAGE_LIMIT,
)


async def check_enterprise_analytics(ctx: CheckContext) -> Outcome:
    now = common._now()
    day = (now - ENTERPRISE_LAG).date()
    if day < ENTERPRISE_DATA_START:
        return ENTERPRISE_ROWS["enterprise.not_yet"].outcome(
            f"The Enterprise Analytics API has no data yet: it starts on {ENTERPRISE_DATA_START} and "
            "lags about 3 days, so nothing can be read today.",
            details=["Run this check again after the first days of January 2026 have been published."],
        )
    resp = await ctx.http.get(
        _url(ctx, "api.enterprise_users"), headers=_headers(ctx),
        params={"date": day.isoformat(), "limit": PAGE_LIMIT},
    )
    evidence = _evidence(resp)
    if resp.status not in ANTHROPIC_DOCUMENTED_STATUSES | {200, 410} and not resp.ok:
        return _unexpected(f"HTTP {resp.status} from the Enterprise Analytics API", resp, ENTERPRISE_ROWS)
    if resp.status == 404:
        return ENTERPRISE_ROWS["enterprise.404"].outcome(
            "The Enterprise Analytics API answered 404: for this API that means the key is missing, "
            "invalid, or lacks the read:analytics scope (it is not a wrong address).",
            details=[_http_line(resp),
                     "The primary owner creates an Analytics API key with the read:analytics scope in "
                     "claude.ai → Organization settings → API, and API access must be switched on "
                     "there."],
            evidence=evidence,
        )
    if resp.status == 401:
        return ENTERPRISE_ROWS["enterprise.401"].outcome(
            f"The Enterprise Analytics API rejected the key: {_error_words(resp)}. It is missing or "
            "invalid.", details=[_http_line(resp)], evidence=evidence)
    if resp.status == 403:
        return ENTERPRISE_ROWS["enterprise.403"].outcome(
            f"The Enterprise Analytics API refused the key: {_error_words(resp)}. Most likely it lacks "
            "the read:analytics scope.", details=[_http_line(resp)], evidence=evidence)
    if not resp.ok:
        return ENTERPRISE_ROWS["enterprise.error"].outcome(
            f"The Enterprise Analytics API answered HTTP {resp.status} for {day}: {_error_words(resp)}.",
            details=[_http_line(resp),
                     "Dates before 2026-01-01, today and future dates are refused with 400."],
            evidence=evidence,
        )
    body = resp.json()
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list):
        return _unexpected("200 without a `data` list from the Enterprise Analytics API", resp, ENTERPRISE_ROWS,
                           [f"{resp.method} {resp.path} answered HTTP 200: {resp.text.strip()[:200]}"])
    rows = [r for r in data if isinstance(r, dict)]
    more = bool(body.get("next_page"))

    def used_claude_code(row: dict[str, Any]) -> bool:
        core = (row.get("claude_code_metrics") or {}).get("core_metrics") or {}
        lines = core.get("lines_of_code") or {}
        return any(int(v or 0) > 0 for v in (
            core.get("distinct_session_count"), core.get("commit_count"),
            core.get("pull_request_count"), lines.get("added_count"), lines.get("removed_count"),
        ))

    cc_users = sum(1 for r in rows if used_claude_code(r))
    ctx.facts["anthropic.enterprise"] = {"date": day.isoformat(), "users": len(rows), "users_more": more,
                                         "claude_code_users": cc_users}
    users = f"{len(rows)}{'+' if more else ''}"
    if cc_users:
        return ENTERPRISE_ROWS["enterprise.claude_code"].outcome(
            f"The Enterprise Analytics API works: on {day}, {users} people were active and "
            f"{cc_users} of them used Claude Code.",
            details=["Data is a daily snapshot, published about 3 days later."],
            evidence=evidence,
        )
    return ENTERPRISE_ROWS["enterprise.no_claude_code"].outcome(
        f"The Enterprise Analytics API works, but reports no Claude Code use on {day} "
        f"({users} active people in total).",
        details=[
            "Claude Code usage through a Console login or API key, or through Amazon Bedrock, is "
            "not part of this API.",
            "Data is published about 3 days after the day; a missing day usually means a delay on "
            "Anthropic's side.",
        ],
        evidence=evidence,
    )
