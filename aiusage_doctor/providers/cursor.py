"""Cursor: is the key a team admin key, does the Admin API return usage, is the
Enterprise-only Analytics / AI Code Tracking API available?

Facts from Cursor's docs (cursor.com/docs/api, /docs/account/teams/*):

* Base https://api.cursor.com; Basic auth with the key as user name and an EMPTY
  password (`-u KEY:`). Bearer is only for the Cloud Agents API.
* Keys: `key_` + 64 hex (older) or `crsr_` + 64 (newer). User (CLI) keys also start
  with `crsr_`, so only the API can tell a team admin key from a personal one.
* Plan gating is documented inconsistently (Admin API "Enterprise teams" on one page,
  "Team and Enterprise" on another); the checks report what the API answers.
* Error bodies come in two shapes: `{"error": "...", "message": "..."}` and
  `{"code": "error", "message": "..."}`; the message is shown verbatim.
* 20 requests/min per endpoint; 429 carries `Retry-After` (the HTTP adapter waits).

Only read-only endpoints are called. `POST /teams/daily-usage-data` is a query.
"""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, datetime, timedelta
from typing import Any

from aiusage_doctor.core.checks import Catalog, CheckContext, CheckSpec, Outcome, PlannedCheck, ProviderDef
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.http import Response
from aiusage_doctor.core.models import Link
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

ENTERPRISE_MARKERS = ("enterprise", "not available on your plan", "upgrade")


def _now() -> datetime:
    return datetime.now(UTC)


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
        return Outcome.fail(
            summary,
            details=details + [
                "Cursor team admin keys start with key_ (older) or crsr_ (newer). A team admin "
                "creates one in the Cursor dashboard → API Keys; it is shown only once.",
            ],
            remediation=[REF["keys"], REF["auth"]],
            evidence=evidence,
        )
    if info.cleaned:
        return Outcome.warn(
            f"{verdict.message} — but the pasted value had extra characters around it "
            f"({'; '.join(info.cleaned).lower()}). They were removed here; remove them wherever "
            "else you paste this key too, or it will be rejected there.",
            details=details,
            remediation=[REF["keys"]],
            evidence=evidence,
        )
    if verdict.level == "warn":
        return Outcome.warn(verdict.message, details=details, remediation=[REF["keys"]], evidence=evidence)
    if info.kind is TokenKind.CURSOR_CRSR:
        details.append(
            "Personal (user) Cursor keys for the CLI also start with crsr_; the next check "
            "asks Cursor whether this one is a team admin key."
        )
    return Outcome.passed(verdict.message, details=details, evidence=evidence)


async def check_key_auth(ctx: CheckContext) -> Outcome:
    resp = await ctx.http.get(_url(ctx, "api.members"), headers=_auth_header(_clean_key(ctx)))
    evidence = _evidence(resp)
    if resp.ok:
        members = _members(resp.json())
        if members is None:
            return Outcome.fail(
                f"Cursor answered GET {REF['api.members'].url} with an unexpected shape "
                "(no team member list): the base URL may point at something that isn't Cursor's API.",
                details=[f"Base URL: {ctx.config.cursor.api_url}"],
                remediation=[REF["admin_api"]],
                evidence=evidence,
            )
        active = [m for m in members if not m.get("isRemoved")]
        roles: dict[str, int] = {}
        for m in active:
            role = str(m.get("role") or "unknown")
            roles[role] = roles.get(role, 0) + 1
        ctx.facts["cursor.members"] = len(active)
        role_text = ", ".join(f"{n} {r}" for r, n in sorted(roles.items()))
        return Outcome.passed(
            f"Cursor accepted the key as a team admin key; the team has {len(active)} "
            f"member{'s' if len(active) != 1 else ''}.",
            details=[f"Roles: {role_text}." if role_text else "No members listed.",
                     f"{len(members) - len(active)} removed member(s) not counted."],
            evidence=evidence,
        )

    message = _error_message(resp)
    low = message.lower()
    if resp.status == 401:
        if "organization" in low:
            cause = ("it looks like an Organization API key, which only works on /organizations "
                     "endpoints; team usage needs a Team API key")
        elif "scope" in low:
            cause = "the key lacks the admin scope that the Admin API needs"
        else:
            cause = ("it is wrong or revoked, or it is a personal (user) API key rather than a "
                     "team admin API key")
        return Outcome.fail(
            f"Cursor rejected the key (HTTP 401 \u201c{message}\u201d): {cause}.",
            details=[
                _http_line(resp),
                "Only team admins can create a team admin key: Cursor dashboard → API Keys "
                "(team keys, admin scope). Copy it when shown; it is not shown again.",
                "The Admin API uses Basic auth with the key as user name and an empty password "
                "(curl -u KEY:). A product sending it as 'Bearer' is rejected the same way.",
            ],
            remediation=[REF["keys"], REF["auth"]] + ([REF["org_api"]] if "organization" in low else []),
            evidence=evidence,
        )
    if resp.status == 403:
        if _is_plan_refusal(message):
            return Outcome.fail(
                f"Cursor refused the Admin API for this team (HTTP 403 \u201c{message}\u201d): the "
                "key is valid, but this team's plan doesn't include the Admin API.",
                details=[_http_line(resp),
                         "Cursor documents the Admin API as a Team/Enterprise feature; ask Cursor "
                         "to enable it for your team."],
                remediation=[REF["admin_api"], REF["plans"]],
                evidence=evidence,
            )
        return Outcome.fail(
            f"Cursor refused the key (HTTP 403 \u201c{message}\u201d): it is not allowed to read the "
            "team, usually because it is not an admin-scoped team key.",
            details=[_http_line(resp),
                     "Create a team API key with the admin scope (Cursor dashboard → API Keys)."],
            remediation=[REF["keys"], REF["admin_api"]],
            evidence=evidence,
        )
    if resp.status == 404:
        return Outcome.fail(
            f"Cursor's API answered 404 for {REF['api.members'].url}: the Cursor API base URL "
            f"({ctx.config.cursor.api_url}) is probably wrong.",
            details=[_http_line(resp), "The standard base URL is https://api.cursor.com."],
            remediation=[REF["admin_api"]],
            evidence=evidence,
        )
    return Outcome.fail(
        f"Cursor answered HTTP {resp.status} to the key check: \u201c{message}\u201d.",
        details=[_http_line(resp)],
        remediation=[REF["auth"], REF["admin_api"]],
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
    if not resp.ok:
        message = _error_message(resp)
        if resp.status in (401, 403):
            plan = _is_plan_refusal(message)
            return Outcome.fail(
                f"Cursor accepted the key for the member list but refused the usage data (HTTP "
                f"{resp.status} \u201c{message}\u201d): "
                + ("this team's plan doesn't include usage data through the API."
                   if plan else "the key probably lacks the admin scope (a read-only key?)."),
                details=[_http_line(resp),
                         "Create a team API key with the admin scope in the Cursor dashboard → API Keys."],
                remediation=[REF["keys"], REF["admin_api"]] + ([REF["plans"]] if plan else []),
                evidence=evidence,
            )
        return Outcome.fail(
            f"Cursor answered HTTP {resp.status} to the usage query: \u201c{message}\u201d.",
            details=[_http_line(resp),
                     f"Asked for the last {USAGE_DAYS} days (Cursor allows at most {MAX_RANGE_DAYS})."],
            remediation=[REF["admin_api"]],
            evidence=evidence,
        )

    body = resp.json()
    rows = body.get("data") if isinstance(body, dict) else None
    if not isinstance(rows, list):
        return Outcome.fail(
            "Cursor's usage answer had no 'data' list: the base URL may point at something "
            "that isn't Cursor's API.",
            details=[f"{resp.method} {resp.path} answered HTTP {resp.status}."],
            remediation=[REF["admin_api"]],
            evidence=evidence,
        )
    rows = [r for r in rows if isinstance(r, dict)]
    active_rows = [r for r in rows if r.get("isActive", True)]
    users = {str(r.get("email") or r.get("userId")) for r in active_rows
             if r.get("email") or r.get("userId") is not None}
    days = sorted({str(r.get("day")) for r in active_rows if r.get("day")})
    members = ctx.facts.get("cursor.members")
    if users:
        return Outcome.passed(
            f"Cursor returned usage for {len(users)} active user{'s' if len(users) != 1 else ''} "
            f"in the last {USAGE_DAYS} days"
            + (f" (of {members} team members)." if isinstance(members, int) else "."),
            details=[f"{len(active_rows)} user-day rows; days with activity: "
                     f"{', '.join(days) if days else 'not stated'}."],
            evidence=evidence,
        )
    team = f"The team has {members} member(s), but " if isinstance(members, int) else ""
    return Outcome.warn(
        f"The key works, but Cursor reported no active users in the last {USAGE_DAYS} days — "
        "this is not a credential problem.",
        details=[
            f"{team}POST {REF['api.daily_usage'].url} returned "
            f"{'no rows' if not rows else 'only inactive rows'} for the window.",
            "Usually nobody used Cursor while signed in to this team's account in that window: "
            "members may use personal accounts or haven't signed in to the team in Cursor.",
            "Usage can also take a while to show up; Cursor asks integrations to poll at most "
            "once an hour. Try again later if the team only just started.",
        ],
        remediation=[REF["admin_api"], REF["keys"]],
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

    if dau.ok and commits.ok:
        body = dau.json()
        data = body.get("data") if isinstance(body, dict) else None
        peak = max((int(d.get("dau") or 0) for d in data if isinstance(d, dict)), default=0) if isinstance(data, list) else 0
        return Outcome.passed(
            "The Enterprise Analytics and AI Code Tracking APIs are available to this key"
            + (f" (peak {peak} daily active users in the last 7 days)." if peak else "."),
            details=details,
            evidence=evidence,
        )
    if dau.ok:
        return Outcome.warn(
            "The Analytics API is available, but the AI Code Tracking API (Enterprise, alpha) "
            f"was refused for this team (HTTP {commits.status}).",
            details=details + ["AI Code Tracking is an Enterprise feature in alpha; ask Cursor "
                               "to enable it if your analytics product needs commit-level data."],
            remediation=[REF["ai_code_api"], REF["plans"]],
            evidence=evidence,
        )
    if commits.ok:
        return Outcome.warn(
            "The AI Code Tracking API is available, but the Analytics API was refused for this "
            f"team (HTTP {dau.status}).",
            details=details,
            remediation=[REF["analytics_api"], REF["plans"]],
            evidence=evidence,
        )
    if dau.status in refused or commits.status in refused:
        return Outcome.warn(
            "Cursor's Analytics and AI Code Tracking APIs are not available on this plan "
            "(Enterprise only). This is not a broken key: the Admin API accepted it.",
            details=details + [
                "Cursor answers these endpoints with 401/403 for teams without the Enterprise "
                "plan. Usage data from the Admin API is unaffected.",
            ],
            remediation=[REF["plans"], REF["analytics_api"], REF["ai_code_api"]],
            evidence=evidence,
        )
    return Outcome.fail(
        f"Cursor's Analytics API answered HTTP {dau.status} and the AI Code Tracking API HTTP "
        f"{commits.status}, which is neither access nor a plan refusal.",
        details=details,
        remediation=[REF["analytics_api"], REF["ai_code_api"]],
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
