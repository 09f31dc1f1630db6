"""Daily usage: `POST /teams/daily-usage-data` for the last days (a read-only query)."""

from __future__ import annotations

from datetime import datetime, timedelta

from aiusage_doctor.core.checks import CheckContext, Outcome
from aiusage_doctor.providers.cursor import common
from aiusage_doctor.providers.cursor.common import (
    _auth_header,
    _clean_key,
    _error_message,
    _evidence,
    _http_line,
    _is_plan_refusal,
    _unexpected,
    _url,
)
from aiusage_doctor.providers.cursor.rows import USAGE_ROWS
from aiusage_doctor.providers.cursor.sources import DOCUMENTED_STATUSES, MAX_RANGE_DAYS, REF, USAGE_DAYS


def _usage_window(now: datetime) -> tuple[int, int]:
    end = int(now.timestamp() * 1000)
    start = int((now - timedelta(days=USAGE_DAYS)).timestamp() * 1000)
    return start, end


async def check_daily_usage(ctx: CheckContext) -> Outcome:
    start, end = _usage_window(common._now())
    resp = await ctx.http.post(
        _url(ctx, "api.daily_usage"),
        headers=_auth_header(_clean_key(ctx)),
        json={"startDate": start, "endDate": end},
        idempotent=True,
    )
    evidence = _evidence(resp)
    evidence["window"] = {"startDate": start, "endDate": end}
    if not resp.ok and resp.status not in DOCUMENTED_STATUSES:
        return _unexpected(f"HTTP {resp.status} to the usage query", resp, USAGE_ROWS)
    if not resp.ok:
        message = _error_message(resp)
        if resp.status in (401, 403):
            plan = _is_plan_refusal(message)
            return (USAGE_ROWS["usage.refused.plan" if plan else "usage.refused"]).outcome(
                f"Cursor accepted the key for the member list but refused the usage data (HTTP "
                f"{resp.status} \u201c{message}\u201d): "
                + ("this team's plan doesn't include usage data through the API."
                   if plan else "the key probably lacks the admin scope (a read-only key?)."),
                details=[_http_line(resp),
                         "Create a team API key with the admin scope in the Cursor dashboard → API Keys."],
                evidence=evidence,
            )
        return USAGE_ROWS["usage.error"].outcome(
            f"Cursor answered HTTP {resp.status} to the usage query: \u201c{message}\u201d.",
            details=[_http_line(resp),
                     f"Asked for the last {USAGE_DAYS} days (Cursor allows at most {MAX_RANGE_DAYS})."],
            evidence=evidence,
        )

    body = resp.json()
    rows = body.get("data") if isinstance(body, dict) else None
    if not isinstance(rows, list):
        return _unexpected("the usage answer has no `data` list", resp, USAGE_ROWS,
                           [f"{resp.method} {resp.path} answered HTTP {resp.status}: {resp.text.strip()[:200]}"])
    rows = [r for r in rows if isinstance(r, dict)]
    active_rows = [r for r in rows if r.get("isActive", True)]
    users = {str(r.get("email") or r.get("userId")) for r in active_rows
             if r.get("email") or r.get("userId") is not None}
    days = sorted({str(r.get("day")) for r in active_rows if r.get("day")})
    members = ctx.facts.get("cursor.members")
    if users:
        return USAGE_ROWS["usage.active"].outcome(
            f"Cursor returned usage for {len(users)} active user{'s' if len(users) != 1 else ''} "
            f"in the last {USAGE_DAYS} days"
            + (f" (of {members} team members)." if isinstance(members, int) else "."),
            details=[f"{len(active_rows)} user-day rows; days with activity: "
                     f"{', '.join(days) if days else 'not stated'}."],
            evidence=evidence,
        )
    team = f"The team has {members} member(s), but " if isinstance(members, int) else ""
    return USAGE_ROWS["usage.none"].outcome(
        f"The key works, but Cursor reported no active users in the last {USAGE_DAYS} days — "
        "this is not a credential problem: most likely nobody used Cursor signed in to this team "
        "in that window.",
        details=[
            f"{team}POST {REF['api.daily_usage'].url} returned "
            f"{'no rows' if not rows else 'only inactive rows'} for the window.",
            "Usually nobody used Cursor while signed in to this team's account in that window: "
            "members may use personal accounts or haven't signed in to the team in Cursor.",
            "Usage can also take a while to show up; Cursor asks integrations to poll at most "
            "once an hour. Try again later if the team only just started.",
        ],
        evidence=evidence,
    )
