"""Cursor: is the key a team admin key, does the Admin API return usage, is the
Enterprise-only Analytics / AI Code Tracking API available?

Facts from Cursor's docs (cursor.com/docs/api, /docs/account/teams/*):

* Base https://api.cursor.com; Basic auth with the key as user name and an EMPTY
  password (`-u KEY:`). Bearer is only for the Cloud Agents API.
* Keys: `key_` + 64 hex (older) or `crsr_` + 64 (newer). User (CLI) keys also start
  with `crsr_`, so only the API can tell a team admin key from a personal one.
* Plan gating: the APIs overview (cursor.com/docs/api, checked 2026-12-04) lists the Admin,
  Analytics and AI Code Tracking APIs for "Enterprise teams"; an older dashboard page said
  "Team and Enterprise". The checks report what the API answers.
* Error bodies come in two shapes: `{"error": "...", "message": "..."}` and
  `{"code": "error", "message": "..."}`; the message is shown verbatim.
* 20 requests/min per endpoint; 429 carries `Retry-After` (the HTTP adapter waits).

Only read-only endpoints are called. `POST /teams/daily-usage-data` is a query.
"""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiusage_doctor.core.checks import (
    Alternative,
    Catalog,
    CheckContext,
    CheckSpec,
    Diagnosis,
    Outcome,
    PlannedCheck,
    ProviderDef,
    Source,
)
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.http import Response
from aiusage_doctor.core.models import Link, Status
from aiusage_doctor.core.tokens import TokenKind, format_findings, verdict_for, with_article
from aiusage_doctor.core.vendors import CURSOR_ADMIN_API_DOCS, CURSOR_KEYS_URL

# ------------------------------------------------------------------------------- table
# Every endpoint this module calls (path relative to the configured Cursor API base URL)
# and every Cursor page it links to. Nothing else in this module spells a URL.

REF: dict[str, Link] = {
    # Endpoints (all read-only)
    "api.members": Link(text="Admin API: GET /teams/members", url="/teams/members"),
    "api.daily_usage": Link(text="Admin API: POST /teams/daily-usage-data", url="/teams/daily-usage-data"),
    "api.analytics_dau": Link(text="Analytics API: GET /analytics/team/dau", url="/analytics/team/dau"),
    "api.ai_code_commits": Link(
        text="AI Code Tracking API: GET /analytics/ai-code/commits", url="/analytics/ai-code/commits"
    ),
    # Vendor pages
    "keys": Link(
        text="Create a team admin API key (Cursor dashboard → API Keys)",
        url=CURSOR_KEYS_URL,
    ),
    "auth": Link(
        text="Cursor API authentication (Basic auth: key as user name, empty password)",
        url="https://cursor.com/docs/api#basic-authentication",
    ),
    "admin_api": Link(text="Cursor Admin API", url=CURSOR_ADMIN_API_DOCS),
    "api_overview": Link(
        text="Cursor APIs overview: the Admin, Analytics and AI Code Tracking APIs are for Enterprise teams",
        url="https://cursor.com/docs/api",
    ),
    "analytics_api": Link(
        text="Cursor Analytics API (Enterprise)",
        url="https://cursor.com/docs/account/teams/analytics-api",
    ),
    "ai_code_api": Link(
        text="Cursor AI Code Tracking API (Enterprise)",
        url="https://cursor.com/docs/account/teams/ai-code-tracking-api",
    ),
    "org_api": Link(
        text="Cursor Organization API keys (a different key type)",
        url="https://cursor.com/docs/account/organizations/organization-admin-api",
    ),
    "plans": Link(
        text="Cursor Enterprise plan (contact sales)",
        url="https://cursor.com/contact-sales?source=docs-ai-code-tracking",
    ),
}

USAGE_DAYS = 7
"""The usage window asked for."""
MAX_RANGE_DAYS = 30
"""Cursor's documented maximum range for /teams/daily-usage-data (2025 docs said 90)."""
assert USAGE_DAYS <= MAX_RANGE_DAYS

ENTERPRISE_MARKERS = ("enterprise",)
"""Words that make a refusal a plan refusal. Only Cursor's documented texts count ("Enterprise
access required", "You must be a member of an enterprise team"); any other refusal gets the
labelled inference that names both the key's scope and the plan."""


def _now() -> datetime:
    return datetime.now(UTC)


VERIFIED = date(2026, 12, 4)
"""The day the Cursor pages below were last checked."""

SRC: dict[str, Source] = {
    "api": Source("Cursor docs: APIs overview (Admin API availability 'Enterprise teams', Basic auth, "
                  "error bodies, rate limits)", "https://cursor.com/docs/api", VERIFIED),
    "admin_api": Source("Cursor docs: Admin API (/teams/members, /teams/daily-usage-data shapes)",
                        CURSOR_ADMIN_API_DOCS, VERIFIED),
    "analytics_api": Source("Cursor docs: Analytics API ('Only for enterprise teams', admin:* scope)",
                            "https://cursor.com/docs/account/teams/analytics-api", VERIFIED),
    "ai_code_api": Source("Cursor docs: AI Code Tracking API (Enterprise, alpha)",
                          "https://cursor.com/docs/account/teams/ai-code-tracking-api", VERIFIED),
    "org_api": Source("Cursor docs: Organization Admin API (organization keys, 401 bodies)",
                      "https://cursor.com/docs/account/organizations/organization-admin-api", VERIFIED),
}

DOCUMENTED_STATUSES = frozenset({400, 401, 403, 404, 429, 500})
"""The statuses Cursor's 'Common Error Responses' document; any other is an unexpected answer."""

_P_FORMAT = "Offline: the key's shape"
_P_MEMBERS = "GET /teams/members (Basic auth, key as user name, empty password)"
_P_USAGE = f"POST /teams/daily-usage-data (last {USAGE_DAYS} days, epoch ms)"
_P_ANALYTICS = "GET /analytics/team/dau and GET /analytics/ai-code/commits"
_ALT_USER_KEY = Alternative("A personal (user) API key instead of a team admin key.", (REF["keys"],))
_ALT_ORG_KEY = Alternative("An Organization API key, which only works on /organizations endpoints.",
                           (REF["org_api"],))
_ALT_BEARER = Alternative("The product sends the key as Bearer instead of Basic auth.", (REF["auth"],))

FORMAT_ROWS = {r.key: r for r in (
    Diagnosis("format.ok", _P_FORMAT, "key_ + 64 hex, or crsr_ + 64", "Cursor API key — format OK.",
              Status.PASS, sources=(SRC["api"],)),
    Diagnosis("format.cleaned", _P_FORMAT, "key with spaces, quotes or a label around it",
              "Format OK, but the pasted value had extra characters around it.", Status.WARN,
              (REF["keys"],), (SRC["api"],)),
    Diagnosis("format.soft", _P_FORMAT, "crsr_ key of an unusual length",
              "Cursor API key of an unusual length: part of it may be missing.", Status.WARN,
              (REF["keys"],), (SRC["api"],)),
    Diagnosis("format.other_product", _P_FORMAT, "another product's secret",
              "This belongs to a different product, so it was not sent to Cursor.", Status.FAIL,
              (REF["keys"], REF["auth"]), (SRC["api"],)),
    Diagnosis("format.malformed", _P_FORMAT, "empty, cut short or not key_/crsr_",
              "Not a usable Cursor API key.", Status.FAIL, (REF["keys"], REF["auth"]), (SRC["api"],)),
)}

AUTH_ROWS = {r.key: r for r in (
    Diagnosis("auth.ok", _P_MEMBERS, "200 {teamMembers: [...]} (or the 2025 bare list)",
              "Cursor accepted the key as a team admin key.", Status.PASS, sources=(SRC["admin_api"],)),
    Diagnosis("auth.401.org_key", _P_MEMBERS, "401 whose message names an organization key",
              "Cursor rejected the key: it is an Organization API key; team usage needs a Team API key.",
              Status.FAIL, (REF["keys"], REF["auth"], REF["org_api"]), (SRC["org_api"], SRC["api"])),
    Diagnosis("auth.401.scope", _P_MEMBERS, "401 whose message names a missing scope",
              "Cursor rejected the key: it lacks the admin scope the Admin API needs.", Status.FAIL,
              (REF["keys"], REF["auth"]), (SRC["api"],)),
    Diagnosis("auth.401", _P_MEMBERS, "401 'Invalid API key'",
              "Cursor rejected the key: most likely it is wrong or revoked.", Status.FAIL,
              (REF["keys"], REF["auth"]), (SRC["api"],),
              because="Cursor answers 401 'Invalid API key' for keys it doesn't accept on this API",
              alternatives=(_ALT_USER_KEY, _ALT_ORG_KEY, _ALT_BEARER)),
    Diagnosis("auth.403.plan", _P_MEMBERS, "403 whose message names Enterprise or the plan",
              "The key is valid, but the team's plan doesn't include the Admin API (Cursor lists it for "
              "Enterprise teams).", Status.FAIL, (REF["admin_api"], REF["api_overview"], REF["plans"]),
              (SRC["api"],)),
    Diagnosis("auth.403", _P_MEMBERS, "403 with another message",
              "Cursor refused the key: most likely it is not an admin-scoped team key.", Status.FAIL,
              (REF["keys"], REF["admin_api"]), (SRC["api"],),
              because="Cursor documents 403 for keys whose scope doesn't match the endpoint",
              alternatives=(Alternative("The team's plan doesn't include the Admin API (Enterprise teams).",
                                        (REF["api_overview"], REF["plans"])),)),
    Diagnosis("auth.404", _P_MEMBERS, "404",
              "Cursor's API answered 404 for a documented path: most likely the base URL is wrong.",
              Status.FAIL, (REF["admin_api"],), (SRC["api"],),
              because="/teams/members is a documented path, so a 404 points at the address"),
    Diagnosis("auth.error", _P_MEMBERS, "400, 429 after retries, or 500",
              "Cursor answered the key check with an error.", Status.FAIL, (REF["auth"], REF["admin_api"]),
              (SRC["api"],)),
    Diagnosis("unexpected", _P_MEMBERS, "an undocumented status, or 200 without a member list",
              "Unexpected answer from Cursor: its API may have changed.", Status.ERROR, (REF["admin_api"],),
              (SRC["admin_api"], SRC["api"])),
)}

USAGE_ROWS = {r.key: r for r in (
    Diagnosis("usage.active", _P_USAGE, "200 with active user-day rows",
              "Cursor returned usage for active users.", Status.PASS, sources=(SRC["admin_api"],)),
    Diagnosis("usage.none", _P_USAGE, "200 with no rows or only inactive rows",
              "The key works, but no active users: most likely nobody used Cursor signed in to this "
              "team in the window.", Status.WARN, (REF["admin_api"], REF["keys"]), (SRC["admin_api"],),
              because="without page/pageSize Cursor returns only active users, and the key works",
              alternatives=(Alternative("Usage hasn't arrived yet (Cursor asks integrations to poll at "
                                        "most once an hour).", (REF["admin_api"],)),)),
    Diagnosis("usage.refused.plan", _P_USAGE, "401/403 naming Enterprise or the plan",
              "The team's plan doesn't include usage data through the API.", Status.FAIL,
              (REF["keys"], REF["admin_api"], REF["plans"]), (SRC["api"],)),
    Diagnosis("usage.refused", _P_USAGE, "401/403 after /teams/members worked",
              "Cursor refused the usage data: most likely the key lacks the admin scope.", Status.FAIL,
              (REF["keys"], REF["admin_api"]), (SRC["api"], SRC["admin_api"]),
              because="the same key read the member list, and the Admin API needs admin:*",
              alternatives=(Alternative("The team's plan doesn't include usage data through the API.",
                                        (REF["api_overview"], REF["plans"])),)),
    Diagnosis("usage.error", _P_USAGE, "400, 404, 429 after retries, or 500",
              "Cursor answered the usage query with an error.", Status.FAIL, (REF["admin_api"],),
              (SRC["admin_api"],)),
    Diagnosis("unexpected", _P_USAGE, "an undocumented status, or 200 without a `data` list",
              "Unexpected answer from Cursor: its API may have changed.", Status.ERROR, (REF["admin_api"],),
              (SRC["admin_api"],)),
)}

ANALYTICS_ROWS = {r.key: r for r in (
    Diagnosis("analytics.ok", _P_ANALYTICS, "200 and 200", "Both Enterprise APIs are available.",
              Status.PASS, sources=(SRC["analytics_api"], SRC["ai_code_api"])),
    Diagnosis("analytics.no_ai_code", _P_ANALYTICS, "200 and 401/403",
              "The Analytics API is available; AI Code Tracking (Enterprise, alpha) was refused.",
              Status.WARN, (REF["ai_code_api"], REF["plans"]), (SRC["ai_code_api"],)),
    Diagnosis("analytics.no_analytics", _P_ANALYTICS, "401/403 and 200",
              "AI Code Tracking is available; the Analytics API was refused.", Status.WARN,
              (REF["analytics_api"], REF["plans"]), (SRC["analytics_api"],)),
    Diagnosis("analytics.not_on_plan", _P_ANALYTICS, "401/403 on both, after the Admin API accepted the key",
              "Not available to this team: most likely its plan isn't Enterprise.", Status.WARN,
              (REF["plans"], REF["analytics_api"], REF["ai_code_api"]), (SRC["analytics_api"], SRC["ai_code_api"]),
              because="Cursor documents both APIs for Enterprise teams only and answers others with 401/403, "
                      "and the Admin API accepted this key",
              alternatives=(Alternative("The key lacks the admin:* scope these APIs need (a read-only key).",
                                        (REF["keys"], REF["analytics_api"])),)),
    Diagnosis("analytics.error", _P_ANALYTICS, "documented error statuses other than 401/403",
              "Neither access nor a plan refusal.", Status.FAIL, (REF["analytics_api"], REF["ai_code_api"]),
              (SRC["analytics_api"],)),
    Diagnosis("unexpected", _P_ANALYTICS, "an undocumented status",
              "Unexpected answer from Cursor: its API may have changed.", Status.ERROR,
              (REF["analytics_api"], REF["ai_code_api"]), (SRC["analytics_api"], SRC["ai_code_api"])),
)}


def _unexpected(what: str, resp: Response, rows: dict[str, Diagnosis], details: list[str] | None = None,
                ) -> Outcome:
    row = rows["unexpected"]
    return Outcome.unexpected_answer(
        "Cursor", what, evidence=_evidence(resp) | {"status": resp.status},
        details=details or [_http_line(resp)], remediation=row.links, sources=row.sources,
    )


# ------------------------------------------------------------------------------ catalog

CATALOG = Catalog(
    "cursor",
    [
        CheckSpec(
            id="cursor.key.format",
            title="Cursor API key format",
            probes="Offline: the key's shape (key_ + 64 hex, or crsr_…); nothing is sent.",
            explains=(
                "The value isn't a Cursor API key: a GitHub or Anthropic secret, a key cut short "
                "while copying, or stray spaces or quotes around it."
            ),
            remediation=(REF["keys"], REF["auth"]),
            per="key",
            sources=(SRC["api"],),
            diagnoses=tuple(FORMAT_ROWS.values()),
        ),
        CheckSpec(
            id="cursor.key.auth",
            title="Cursor key accepted as a team admin key",
            probes="GET /teams/members with Basic auth (key as user name, empty password).",
            explains=(
                "Cursor rejected the key: it is wrong or revoked, or it is a personal (user) key "
                "or an organization key rather than a team admin API key."
            ),
            remediation=(REF["keys"], REF["auth"], REF["admin_api"]),
            per="key",
            sources=(SRC["api"], SRC["admin_api"]),
            diagnoses=tuple(AUTH_ROWS.values()),
        ),
        CheckSpec(
            id="cursor.usage.daily",
            title="Cursor daily usage data",
            probes=f"POST /teams/daily-usage-data for the last {USAGE_DAYS} days (epoch ms, read-only query).",
            explains=(
                "The key works but no usage rows came back: nobody on the team used Cursor signed "
                "in to the team account in that window, or the data hasn't arrived yet."
            ),
            remediation=(REF["admin_api"], REF["keys"]),
            per="team",
            sources=(SRC["admin_api"],),
            diagnoses=tuple(USAGE_ROWS.values()),
        ),
        CheckSpec(
            id="cursor.analytics.access",
            title="Cursor Analytics / AI Code Tracking API (Enterprise)",
            probes=(
                "GET /analytics/team/dau?startDate=7d&endDate=today and "
                "GET /analytics/ai-code/commits?startDate=7d&endDate=now&page=1&pageSize=1."
            ),
            explains=(
                "These APIs are only available on Cursor's Enterprise plan; on other plans Cursor "
                "refuses them even with a valid admin key."
            ),
            remediation=(REF["analytics_api"], REF["ai_code_api"], REF["plans"]),
            per="team",
            sources=(SRC["analytics_api"], SRC["ai_code_api"]),
            diagnoses=tuple(ANALYTICS_ROWS.values()),
        ),
    ],
)

FORMAT, AUTH, USAGE, ANALYTICS = (spec.id for spec in CATALOG)
KEY_TARGET = "key"
TEAM_TARGET = "team"


# ------------------------------------------------------------------------------ helpers


def _raw_key(config: RunConfig) -> str:
    return config.cursor.api_key.get_secret_value() if config.cursor.api_key else ""


def _clean_key(ctx: CheckContext) -> str:
    return verdict_for(_raw_key(ctx.config), "cursor").info.value


def _url(ctx: CheckContext, name: str) -> str:
    return ctx.config.cursor.api_url.rstrip("/") + REF[name].url


def _auth_header(key: str) -> dict[str, str]:
    """Basic auth with the key as user name and an EMPTY password (`curl -u KEY:`)."""
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode("ascii")}


def _error_message(resp: Response) -> str:
    """Cursor's message from either documented error shape, or a short body excerpt."""
    body = resp.json_or_none()
    if isinstance(body, dict):
        for key in ("message", "error", "detail"):
            value = body.get(key)
            if isinstance(value, str) and value.strip() and value.strip().lower() != "error":
                return value.strip()[:300]
            if isinstance(value, dict) and isinstance(value.get("message"), str):
                return value["message"].strip()[:300]
    text = resp.text.strip()
    return text[:200] if text else "no message"


def _evidence(resp: Response) -> dict[str, Any]:
    return resp.evidence("retry-after", "x-request-id", "content-type")


def _http_line(resp: Response) -> str:
    return f"{resp.method} {resp.path} answered HTTP {resp.status}: \u201c{_error_message(resp)}\u201d."


def _members(body: Any) -> list[dict[str, Any]] | None:
    """Team members from either documented shape: a bare list (2025) or {teamMembers: [...]}."""
    if isinstance(body, list):
        rows = body
    elif isinstance(body, dict) and isinstance(body.get("teamMembers"), list):
        rows = body["teamMembers"]
    else:
        return None
    return [r for r in rows if isinstance(r, dict)]


def _is_plan_refusal(message: str) -> bool:
    low = message.lower()
    return any(marker in low for marker in ENTERPRISE_MARKERS)


# ------------------------------------------------------------------------------- checks


async def check_key_format(ctx: CheckContext) -> Outcome:
    verdict = verdict_for(_raw_key(ctx.config), "cursor")
    info = verdict.info
    details, evidence = format_findings(verdict)

    if verdict.level in ("empty", "error"):
        if info.provider and info.provider != "cursor":
            summary = (
                f"This is {with_article(info.label)}, not a Cursor API key: it belongs to a different "
                "product, so it was not sent to Cursor."
            )
        else:
            summary = f"This doesn't look like a usable Cursor API key: {verdict.message}"
        row = FORMAT_ROWS["format.other_product" if info.provider and info.provider != "cursor" else "format.malformed"]
        return row.outcome(
            summary,
            details=details + [
                "Cursor team admin keys start with key_ (older) or crsr_ (newer). A team admin "
                "creates one in the Cursor dashboard → API Keys; it is shown only once.",
            ],
            evidence=evidence,
        )
    if info.cleaned:
        return FORMAT_ROWS["format.cleaned"].outcome(
            f"{verdict.message} — but the pasted value had extra characters around it "
            f"({'; '.join(info.cleaned).lower()}). They were removed here; remove them wherever "
            "else you paste this key too, or it will be rejected there.",
            details=details,
            evidence=evidence,
        )
    if verdict.level == "warn":
        return FORMAT_ROWS["format.soft"].outcome(verdict.message, details=details, evidence=evidence)
    if info.kind is TokenKind.CURSOR_CRSR:
        details.append(
            "Personal (user) Cursor keys for the CLI also start with crsr_; the next check "
            "asks Cursor whether this one is a team admin key."
        )
    return FORMAT_ROWS["format.ok"].outcome(verdict.message, details=details, evidence=evidence)


async def check_key_auth(ctx: CheckContext) -> Outcome:
    resp = await ctx.http.get(_url(ctx, "api.members"), headers=_auth_header(_clean_key(ctx)))
    evidence = _evidence(resp)
    if resp.ok:
        members = _members(resp.json())
        if members is None:
            return _unexpected(
                f"GET {REF['api.members'].url} answered 200 without a team member list", resp, AUTH_ROWS,
                [f"{resp.method} {resp.path} answered HTTP {resp.status}: {resp.text.strip()[:200]}",
                 f"Otherwise the base URL ({ctx.config.cursor.api_url}) points at something that "
                 "isn't Cursor's API; the standard one is https://api.cursor.com."])
        active = [m for m in members if not m.get("isRemoved")]
        roles: dict[str, int] = {}
        for m in active:
            role = str(m.get("role") or "unknown")
            roles[role] = roles.get(role, 0) + 1
        ctx.facts["cursor.members"] = len(active)
        role_text = ", ".join(f"{n} {r}" for r, n in sorted(roles.items()))
        return AUTH_ROWS["auth.ok"].outcome(
            f"Cursor accepted the key as a team admin key; the team has {len(active)} "
            f"member{'s' if len(active) != 1 else ''}.",
            details=[f"Roles: {role_text}." if role_text else "No members listed.",
                     f"{len(members) - len(active)} removed member(s) not counted."],
            evidence=evidence,
        )
    if resp.status not in DOCUMENTED_STATUSES:
        return _unexpected(f"HTTP {resp.status} to the key check", resp, AUTH_ROWS)

    message = _error_message(resp)
    low = message.lower()
    if resp.status == 401:
        if "organization" in low:
            row, cause = AUTH_ROWS["auth.401.org_key"], (
                "it looks like an Organization API key, which only works on /organizations "
                "endpoints; team usage needs a Team API key")
        elif "scope" in low:
            row, cause = AUTH_ROWS["auth.401.scope"], "the key lacks the admin scope that the Admin API needs"
        else:
            row, cause = AUTH_ROWS["auth.401"], (
                "most likely it is wrong or revoked; otherwise it is a personal (user) API key or an "
                "organization key rather than a team admin API key")
        return row.outcome(
            f"Cursor rejected the key (HTTP 401 \u201c{message}\u201d): {cause}.",
            details=[
                _http_line(resp),
                "Only team admins can create a team admin key: Cursor dashboard → API Keys "
                "(team keys, admin scope). Copy it when shown; it is not shown again.",
                "The Admin API uses Basic auth with the key as user name and an empty password "
                "(curl -u KEY:). A product sending it as 'Bearer' is rejected the same way.",
            ],
            evidence=evidence,
        )
    if resp.status == 403:
        if _is_plan_refusal(message):
            return AUTH_ROWS["auth.403.plan"].outcome(
                f"Cursor refused the Admin API for this team (HTTP 403 \u201c{message}\u201d): the "
                "key is valid, but this team's plan doesn't include the Admin API.",
                details=[_http_line(resp),
                         "Cursor's APIs overview lists the Admin API for Enterprise teams; ask Cursor "
                         "to enable it for your team."],
                evidence=evidence,
            )
        return AUTH_ROWS["auth.403"].outcome(
            f"Cursor refused the key (HTTP 403 \u201c{message}\u201d): most likely it is not an "
            "admin-scoped team key.",
            details=[_http_line(resp),
                     "Create a team API key with the admin scope (Cursor dashboard → API Keys)."],
            evidence=evidence,
        )
    if resp.status == 404:
        return AUTH_ROWS["auth.404"].outcome(
            f"Cursor's API answered 404 for {REF['api.members'].url}: the Cursor API base URL "
            f"({ctx.config.cursor.api_url}) is probably wrong.",
            details=[_http_line(resp), "The standard base URL is https://api.cursor.com."],
            evidence=evidence,
        )
    return AUTH_ROWS["auth.error"].outcome(
        f"Cursor answered HTTP {resp.status} to the key check: \u201c{message}\u201d.",
        details=[_http_line(resp)],
        evidence=evidence,
    )


def _usage_window(now: datetime) -> tuple[int, int]:
    end = int(now.timestamp() * 1000)
    start = int((now - timedelta(days=USAGE_DAYS)).timestamp() * 1000)
    return start, end


async def check_daily_usage(ctx: CheckContext) -> Outcome:
    start, end = _usage_window(_now())
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


# ------------------------------------------------------------------------------ planning


def is_configured(config: RunConfig) -> bool:
    return bool(_raw_key(config).strip())


async def _not_configured(ctx: CheckContext) -> Outcome:
    return Outcome.skip(
        "Not configured: no Cursor API key was given (set AIUSAGE_CURSOR_API_KEY, or enter it "
        "in the app)",
        remediation=[REF["keys"]],
    )


def plan(config: RunConfig) -> list[PlannedCheck]:
    if not is_configured(config):
        return [PlannedCheck(CATALOG[FORMAT], _not_configured, target=KEY_TARGET)]
    fmt = (FORMAT, KEY_TARGET)
    auth = (AUTH, KEY_TARGET)
    return [
        PlannedCheck(CATALOG[FORMAT], check_key_format, target=KEY_TARGET),
        PlannedCheck(CATALOG[AUTH], check_key_auth, target=KEY_TARGET, needs=(fmt,)),
        PlannedCheck(CATALOG[USAGE], check_daily_usage, target=TEAM_TARGET, needs=(auth,)),
        PlannedCheck(CATALOG[ANALYTICS], check_analytics_access, target=TEAM_TARGET, needs=(auth,)),
    ]


PROVIDER = ProviderDef(name="cursor", title="Cursor", catalog=CATALOG, planner=plan, configured=is_configured)
