"""The Console's Claude Code report: every page of the last days, and when it is empty, the
organization's member and API-key counts that tell an unused organization from one whose
developers sign in with Claude.ai subscriptions."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from aiusage_doctor.core.checks import CheckContext, Outcome
from aiusage_doctor.core.http import HttpFailure, Response
from aiusage_doctor.core.labels import plural
from aiusage_doctor.providers.anthropic import common
from aiusage_doctor.providers.anthropic.common import (
    _api_error,
    _error_words,
    _evidence,
    _headers,
    _http_line,
    _unexpected,
    _url,
)
from aiusage_doctor.providers.anthropic.rows import REPORT_ROWS
from aiusage_doctor.providers.anthropic_refs import (
    ANTHROPIC_DOCUMENTED_STATUSES,
    COUNT_LIMIT,
    MAX_PAGES_PER_DAY,
    PAGE_LIMIT,
    REF,
    REPORT_DAYS,
    count_text,
)


@dataclass
class _Day:
    day: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    failure: Response | None = None
    pages: int = 0
    drift: tuple[str, Response] | None = None
    """What was off in an answer that matched no documented shape, and the answer."""


async def _report_day(ctx: CheckContext, day: str) -> _Day:
    result = _Day(day)
    page: str | None = None
    while result.pages < MAX_PAGES_PER_DAY:
        params: dict[str, Any] = {"starting_at": day, "limit": PAGE_LIMIT}
        if page:
            params["page"] = page
        resp = await ctx.http.get(_url(ctx, "api.claude_code"), headers=_headers(ctx), params=params)
        result.pages += 1
        if not resp.ok:
            result.failure = resp
            return result
        body = resp.json()
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, list):
            result.drift = ("200 without a `data` list", resp)
            return result
        rows = [r for r in data if isinstance(r, dict)]
        if any(not isinstance(r.get("actor"), dict) for r in rows):
            result.drift = ("report rows without the documented `actor`", resp)
            return result
        result.rows += rows
        page = body.get("next_page")
        if not (isinstance(body, dict) and body.get("has_more") and page):
            break
    return result


def _actor(row: dict[str, Any]) -> tuple[str, str] | None:
    actor = row.get("actor")
    if not isinstance(actor, dict):
        return None
    if actor.get("type") == "api_actor":
        return ("api", str(actor.get("api_key_name") or "?"))
    return ("user", str(actor.get("email_address") or actor.get("email") or "?"))


async def _optional_get(ctx: CheckContext, name: str, params: dict[str, Any]) -> Response | None:
    """A supporting lookup: its failure must not hide the main finding."""
    try:
        resp = await ctx.http.get(_url(ctx, name), headers=_headers(ctx), params=params)
    except HttpFailure:
        return None
    return resp if resp.ok else None


async def _org_counts(ctx: CheckContext) -> dict[str, Any]:
    users_resp, keys_resp = await asyncio.gather(
        _optional_get(ctx, "api.users", {"limit": COUNT_LIMIT}),
        _optional_get(ctx, "api.api_keys", {"limit": COUNT_LIMIT, "status": "active"}),
    )
    counts: dict[str, Any] = {"users": None, "users_more": False, "roles": {}, "api_keys": None,
                              "api_keys_more": False}
    for resp, key in ((users_resp, "users"), (keys_resp, "api_keys")):
        body = resp.json_or_none() if resp is not None else None
        if isinstance(body, dict) and isinstance(body.get("data"), list):
            rows = [r for r in body["data"] if isinstance(r, dict)]
            counts[key] = len(rows)
            counts[f"{key}_more"] = bool(body.get("has_more"))
            if key == "users":
                counts["roles"] = dict(Counter(str(r.get("role") or "unknown") for r in rows))
    return counts


async def check_claude_code_report(ctx: CheckContext) -> Outcome:
    today = common._now().date()
    days = [(today - timedelta(days=i)).isoformat() for i in range(REPORT_DAYS)]
    results = await asyncio.gather(*(_report_day(ctx, d) for d in days))
    drifted = next((r for r in results if r.drift is not None), None)
    if drifted is not None and drifted.drift is not None:
        what, resp = drifted.drift
        ctx.facts["anthropic.report"] = {"failed": True, "status": resp.status, "error_type": "unexpected"}
        return _unexpected(f"{what} for {drifted.day}", resp, REPORT_ROWS,
                           [f"{resp.method} {resp.path} answered HTTP {resp.status}: {resp.text.strip()[:200]}"])
    failed = next((r for r in results if r.failure is not None), None)
    if failed is not None:
        resp = failed.failure
        assert resp is not None
        evidence = _evidence(resp)
        etype, message = _api_error(resp)
        ctx.facts["anthropic.report"] = {"failed": True, "status": resp.status, "error_type": etype}
        if resp.status not in ANTHROPIC_DOCUMENTED_STATUSES:
            return _unexpected(f"HTTP {resp.status} to the Claude Code report", resp, REPORT_ROWS)
        if resp.status in (401, 403):
            row = REPORT_ROWS["report.refused"]
            summary = (f"Anthropic refused the Claude Code report for {failed.day}: {_error_words(resp)}. "
                       "The key was accepted for the organization but may not read this report.")
        elif resp.status == 404:
            row = REPORT_ROWS["report.404"]
            summary = ("The Claude Code report is not available at this API address (HTTP 404): most "
                       "likely the base URL is wrong.")
        else:
            row = REPORT_ROWS["report.error"]
            summary = (f"Anthropic refused the Claude Code report request for {failed.day}: {_error_words(resp)}."
                       if resp.status == 400 else
                       f"Anthropic answered HTTP {resp.status} to the Claude Code report: {_error_words(resp)}.")
        return row.outcome(summary, details=[_http_line(resp)], evidence=evidence)

    rows = [row for r in results for row in r.rows]
    actors = {a for a in map(_actor, rows) if a is not None}
    users = sorted(a for a in actors if a[0] == "user")
    keys = sorted(a for a in actors if a[0] == "api")
    customer_types = dict(Counter(str(r.get("customer_type") or "unknown") for r in rows))
    terminals = dict(Counter(str(r.get("terminal_type") or "unknown") for r in rows))
    active_days = [r.day for r in results if r.rows]
    pages = sum(r.pages for r in results)
    facts: dict[str, Any] = {
        "failed": False,
        "days": REPORT_DAYS,
        "rows": len(rows),
        "user_actors": len(users),
        "api_actors": len(keys),
        "customer_types": customer_types,
        "active_days": len(active_days),
        "empty": not rows,
    }
    evidence = {"request": f"GET {REF['api.claude_code'].url}", "days": days, "pages": pages,
                "rows": len(rows)}
    if rows:
        ctx.facts["anthropic.report"] = facts
        return REPORT_ROWS["report.usage"].outcome(
            f"The Claude Code report has usage from {plural(len(users), 'person')}"
            .replace("persons", "people")
            + f" and {plural(len(keys), 'API key')} on {len(active_days)} of the last {REPORT_DAYS} days.",
            details=[
                f"Days with data: {', '.join(sorted(active_days))}.",
                "customer_type: " + ", ".join(f"{k} ×{v}" for k, v in sorted(customer_types.items())) + ".",
                "terminal_type: " + ", ".join(f"{k} ×{v}" for k, v in sorted(terminals.items())) + ".",
            ],
            evidence=evidence,
        )

    counts = await _org_counts(ctx)
    facts["org"] = counts
    ctx.facts["anthropic.report"] = facts
    members = count_text(counts["users"], counts["users_more"], "member")
    api_keys = count_text(counts["api_keys"], counts["api_keys_more"], "active API key")
    cc_role = counts["roles"].get("claude_code_user", 0)
    org_line = f"The organization has {members} ({cc_role} with the Claude Code role) and {api_keys}."
    return REPORT_ROWS["report.empty"].outcome(
        f"The Claude Code report is empty for every one of the last {REPORT_DAYS} days, although "
        "the key works: most likely developers sign in to Claude Code with Claude.ai subscriptions, "
        f"whose usage the Console never sees. {org_line}",
        details=[
            f"GET {REF['api.claude_code'].url} answered {{\"data\": [], \"has_more\": false}} for "
            f"{days[-1]} … {days[0]}.",
            "Most likely: developers sign in to Claude Code with a Claude.ai subscription (Pro, Max, "
            "Team or Enterprise) instead of a Console account or Console API key. That usage never "
            "appears in this report (known issue anthropics/claude-code#27780).",
            "Claude Code used through Amazon Bedrock, Google Vertex AI or Microsoft Foundry is not "
            "in this report either.",
            "Otherwise nobody used Claude Code through this Console organization in those days "
            "(usage shows up about an hour after it happens), or the key belongs to a different "
            "organization than the one developers sign in to.",
            "The 'Where Claude Code usage flows' check combines this with other evidence.",
        ],
        evidence=evidence | {"org": counts},
    )
