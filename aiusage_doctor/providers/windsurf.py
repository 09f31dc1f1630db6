"""Windsurf Analytics API: is the service key valid, is the team on Enterprise, does the
key carry the permission each endpoint needs, is there data yet?

What Windsurf publishes (docs.windsurf.com/windsurf/accounts/api-reference, re-read
2026-12-04; details and gaps in docs/vendors/windsurf.md):

* Base `https://server.codeium.com/api/v1/`; every call is a POST with `service_key` in
  the JSON body. Enterprise plans only. Data is refreshed every 3 hours. Rate-limited
  requests get 429 Too Many Requests.
* Permissions: `/Analytics` needs Analytics Read; `/UserPageAnalytics` and
  `/CascadeAnalytics` need Teams Read-Only; `/UsageConfig` is Billing Write (a WRITE:
  never called here); `/GetUsageConfig` is Billing Read (not needed for analytics, not called).
* Errors: a body with an `error` string; listed causes are "Invalid service key or
  insufficient permissions", "Invalid timestamp format", "Group not found", "Rate limit
  exceeded". The HTTP statuses of errors other than 429 are not documented, and neither
  is the answer for a team without the Enterprise plan, nor the service key's format.

So one message covers both a bad key and a missing permission: the key is judged bad only
when every endpoint refuses it, and a permission missing only when another endpoint
accepted the same key. Three read-only POSTs are sent, concurrently.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiusage_doctor.core.checks import (
    Alternative, Catalog, CheckContext, CheckSpec, Diagnosis, Outcome, PlannedCheck, ProviderDef, Source,
)
from aiusage_doctor.core.descriptor import CredentialField, PageSpec, ProviderDescriptor, undocumented_secret_rule
from aiusage_doctor.core.http import FailureKind, HttpFailure, Response
from aiusage_doctor.core.models import Link, Status

ID = "windsurf"
DEFAULT_API = "https://server.codeium.com/api/v1"
CHECKED = date(2026, 12, 4)
WINDOW_DAYS = 30
DOCS = "https://docs.windsurf.com/windsurf/accounts/api-reference"

# Each endpoint: (path, permission it needs). Nothing else in this module spells a path.
ENDPOINTS: dict[str, tuple[str, str]] = {
    "analytics": ("/Analytics", "Analytics Read"),
    "users": ("/UserPageAnalytics", "Teams Read-Only"),
    "cascade": ("/CascadeAnalytics", "Teams Read-Only"),
}

LINKS: dict[str, Link] = {
    "keys": Link(text="Windsurf team settings → Service Keys (role with Analytics Read and Teams Read-Only)",
                 url="https://windsurf.com/team/team_settings"),
    "intro": Link(text="Windsurf Analytics API: service keys, Enterprise plans only, refreshed every 3 hours",
                  url=f"{DOCS}/introduction"),
    "permissions": Link(text="Windsurf API: permission needed by each endpoint",
                        url=f"{DOCS}/api-introduction"),
    "analytics": Link(text="Windsurf Custom Analytics (/Analytics): needs Analytics Read",
                      url=f"{DOCS}/custom-analytics"),
    "users": Link(text="Windsurf User Page Analytics: needs Teams Read-Only", url=f"{DOCS}/user-page-analytics"),
    "cascade": Link(text="Windsurf Cascade Analytics: needs Teams Read-Only", url=f"{DOCS}/cascade-analytics"),
    "plans": Link(text="Windsurf plans (the Analytics API is Enterprise only)", url="https://windsurf.com/pricing"),
}

SRC_INTRO = Source("Windsurf docs, Analytics API introduction: base URL, service_key in the body, Enterprise "
                   "plans only, data refreshed every 3 hours, 429 when rate-limited", f"{DOCS}/introduction", CHECKED)
SRC_PERMS = Source("Windsurf docs, API introduction: required permission per endpoint (Analytics Read; "
                   "Teams Read-Only; Billing Write for /UsageConfig)", f"{DOCS}/api-introduction", CHECKED)
SRC_USERS = Source("Windsurf docs, Get User Page Analytics: request, userTableStats response, error causes",
                   f"{DOCS}/user-page-analytics", CHECKED)
SRC_CASCADE = Source("Windsurf docs, Get Cascade Analytics: query_requests with cascade_lines",
                     f"{DOCS}/cascade-analytics", CHECKED)
SRC_CUSTOM = Source("Windsurf docs, Custom Analytics Query: data_source, selections (api_key COUNT)",
                    f"{DOCS}/custom-analytics", CHECKED)

_NO_PERMS = Alternative("The key's role has neither Analytics Read nor Teams Read-Only", (LINKS["keys"],))
_NOT_ENT = Alternative("The team isn't on an Enterprise plan (Windsurf doesn't document how it refuses then)",
                       (LINKS["plans"],))
_ALL = "POST /Analytics, /UserPageAnalytics, /CascadeAnalytics"

D: dict[str, Diagnosis] = {d.key: d for d in (
    Diagnosis("key.empty", "offline", "no key", "Not configured: no Windsurf service key was given "
              "(set AIUSAGE_WINDSURF_SERVICE_KEY, or enter it in the app)", Status.SKIP, (LINKS["keys"],), (SRC_INTRO,)),
    Diagnosis("key.foreign", "offline", "another product's token", "Another product's token: said which, and not sent to Windsurf.",
              Status.FAIL, (LINKS["keys"],), (SRC_INTRO,)),
    Diagnosis("key.unusable", "offline", "space or non-ASCII character inside",
              "The key can't be sent as it is: paste it again.",
              Status.FAIL, (LINKS["keys"],), (SRC_INTRO,)),
    Diagnosis("key.entered", "offline", "usable value, format not published",
              "Service key entered; its format isn't documented, so it is checked online.",
              Status.PASS, (), (SRC_INTRO,)),
    Diagnosis("key.cleaned", "offline", "paste needed cleaning",
              "Service key entered; characters around it were removed (remove them wherever else it is pasted).",
              Status.WARN, (LINKS["keys"],), (SRC_INTRO,)),
    Diagnosis("auth.ok", _ALL, "at least one endpoint answers with data",
              "Windsurf accepted the service key ({accepted}).", Status.PASS, (), (SRC_INTRO,)),
    Diagnosis("auth.bad_key", _ALL, "every endpoint refuses, no plan wording",
              "Windsurf refused the service key on every endpoint (“{message}”): most likely the key is wrong, "
              "deleted or cut short while copying.", Status.FAIL,
              (LINKS["keys"], LINKS["permissions"]), (SRC_USERS, SRC_PERMS),
              because="all three endpoints refuse it with the message Windsurf documents for a bad key or "
                      "missing permissions",
              alternatives=(_NO_PERMS, _NOT_ENT)),
    Diagnosis("auth.plan", _ALL, "refusal naming Enterprise or the plan",
              "Windsurf says this team's plan has no Analytics API (“{message}”): it is for Enterprise plans only.",
              Status.FAIL, (LINKS["plans"], LINKS["intro"]), (SRC_INTRO,)),
    Diagnosis("rate", "any", "429 Too Many Requests",
              "Windsurf is rate-limiting these requests (HTTP 429), so {what} could not be checked; try again "
              "in a few minutes.", Status.ERROR, (LINKS["intro"],), (SRC_INTRO,)),
    Diagnosis("perm.analytics.ok", "POST /Analytics", "answer with queryResults",
              "The key has Analytics Read: /Analytics answered.", Status.PASS, (), (SRC_PERMS, SRC_CUSTOM)),
    Diagnosis("perm.analytics.missing", "POST /Analytics", "refused while another endpoint accepted the key",
              "The key lacks the Analytics Read permission: /Analytics refused it (“{message}”) although "
              "{accepted} accepted the same key.", Status.FAIL,
              (LINKS["keys"], LINKS["analytics"]), (SRC_PERMS, SRC_CUSTOM)),
    Diagnosis("perm.teams.ok", "POST /UserPageAnalytics, /CascadeAnalytics", "both answer",
              "The key has Teams Read-Only: /UserPageAnalytics and /CascadeAnalytics answered.",
              Status.PASS, (), (SRC_PERMS, SRC_USERS, SRC_CASCADE)),
    Diagnosis("perm.teams.missing", "POST /UserPageAnalytics, /CascadeAnalytics",
              "refused while another endpoint accepted the key",
              "The key lacks the Teams Read-Only permission: {refused} refused it (“{message}”) although "
              "{accepted} accepted the same key.", Status.FAIL,
              (LINKS["keys"], LINKS["users"], LINKS["cascade"]), (SRC_PERMS, SRC_USERS)),
    Diagnosis("data.ok", "POST /UserPageAnalytics", "users with activity",
              "Windsurf has usage data: {active} of {users} user(s) active in the last {days} days "
              "(latest activity {latest}).", Status.PASS, (), (SRC_USERS,)),
    Diagnosis("data.none", "POST /UserPageAnalytics", "no user with activity",
              "The key works, but Windsurf has no activity for the last {days} days yet — this is not a "
              "credential problem (Windsurf refreshes API data every 3 hours): most likely nobody on the team "
              "has used Windsurf in that window.", Status.WARN,
              (LINKS["intro"], LINKS["users"]), (SRC_INTRO, SRC_USERS),
              because="access was granted and no user has active days in the window",
              alternatives=(Alternative("The team only just started: data is refreshed every 3 hours",
                                        (LINKS["intro"],)),)),
)}

# ------------------------------------------------------------------------------ catalog

CATALOG = Catalog(ID, [
    CheckSpec(id="windsurf.key.format", title="Windsurf service key",
              probes="Offline: the key is present and could travel in a JSON body; nothing is sent. "
                     "Windsurf doesn't publish a key format, so none is enforced.",
              explains="The value is empty, another product's token, or has a space or look-alike character inside.",
              remediation=(LINKS["keys"],), per="key", sources=(SRC_INTRO,),
              diagnoses=tuple(D[k] for k in ("key.empty", "key.foreign", "key.unusable", "key.entered", "key.cleaned"))),
    CheckSpec(id="windsurf.key.auth", title="Windsurf service key accepted",
              probes=f"{_ALL} (read-only queries, service_key in the body), side by side.",
              explains="Windsurf refuses a wrong key, a key without any analytics permission, and (Enterprise "
                       "only) teams on other plans.",
              remediation=(LINKS["keys"], LINKS["plans"]), per="key", sources=(SRC_INTRO, SRC_USERS),
              diagnoses=(D["auth.ok"], D["auth.bad_key"], D["auth.plan"], D["rate"])),
    CheckSpec(id="windsurf.permission.analytics", title="Windsurf Analytics Read permission (/Analytics)",
              probes="The /Analytics answer: a one-selection USER_DATA query (api_key, COUNT).",
              explains="Custom Analytics needs the Analytics Read permission on the service key's role.",
              remediation=(LINKS["keys"], LINKS["analytics"]), per="key", sources=(SRC_PERMS, SRC_CUSTOM),
              diagnoses=(D["perm.analytics.ok"], D["perm.analytics.missing"], D["rate"])),
    CheckSpec(id="windsurf.permission.teams", title="Windsurf Teams Read-Only permission (user and Cascade analytics)",
              probes="The /UserPageAnalytics and /CascadeAnalytics (cascade_lines) answers.",
              explains="User page and Cascade analytics need the Teams Read-Only permission.",
              remediation=(LINKS["keys"], LINKS["users"], LINKS["cascade"]), per="key", sources=(SRC_PERMS,),
              diagnoses=(D["perm.teams.ok"], D["perm.teams.missing"], D["rate"])),
    CheckSpec(id="windsurf.data.recent", title="Windsurf usage data present",
              probes=f"The /UserPageAnalytics answer for the last {WINDOW_DAYS} days: users with active days.",
              explains="Access works but there is no activity yet; API data is refreshed every 3 hours.",
              remediation=(LINKS["intro"],), per="team", sources=(SRC_INTRO, SRC_USERS),
              diagnoses=(D["data.ok"], D["data.none"])),
])
FORMAT, AUTH, PERM_ANALYTICS, PERM_TEAMS, DATA = (spec.id for spec in CATALOG)

KEY_RULE = undocumented_secret_rule("Windsurf service key", where=" by Windsurf")

# ------------------------------------------------------------------------------ probing


def _now() -> datetime:
    return datetime.now(UTC)


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def bodies(key: str, now: datetime) -> dict[str, dict[str, Any]]:
    """The three documented request bodies (read-only queries)."""
    window = {"start_timestamp": _rfc3339(now - timedelta(days=WINDOW_DAYS)), "end_timestamp": _rfc3339(now)}
    return {
        "analytics": {"service_key": key, "query_requests": [{
            "data_source": "QUERY_DATA_SOURCE_USER_DATA",
            "selections": [{"field": "api_key", "aggregation_function": "QUERY_AGGREGATION_COUNT"}],
        }]},
        "users": {"service_key": key, **window},
        "cascade": {"service_key": key, **window, "query_requests": [{"cascade_lines": {}}]},
    }


def _message(resp: Response) -> str:
    body = resp.json_or_none()
    if isinstance(body, dict):
        for name in ("error", "message"):
            value = body.get(name)
            if isinstance(value, str) and value.strip():
                return value.strip()[:300]
    text = resp.text.strip()
    return text[:200] if text and not resp.is_html else "no message"


def classify(resp: Response | HttpFailure) -> tuple[str, str]:
    """('ok' | 'rate' | 'refused' | 'odd', message) for one endpoint's answer."""
    if isinstance(resp, HttpFailure):
        return ("rate" if resp.kind is FailureKind.RATE_LIMITED or resp.status == 429 else "odd"), str(resp)
    if resp.status == 429:
        return "rate", _message(resp)
    body = resp.json_or_none()
    error = body.get("error") if isinstance(body, dict) else None
    if resp.ok and isinstance(body, dict) and not (isinstance(error, str) and error.strip()):
        return "ok", ""
    message = _message(resp)
    low = message.lower()
    if resp.status in (401, 403) or any(w in low for w in ("service key", "permission", "unauthori",
                                                            "forbidden", "enterprise", "plan")):
        return "refused", message
    return "odd", f"HTTP {resp.status}: {message}"


async def _probe_all(ctx: CheckContext) -> dict[str, Response | HttpFailure]:
    key = DESCRIPTOR.check_field("service_key", DESCRIPTOR.raw(ctx.config, "service_key")).value
    base = DESCRIPTOR.api_url(ctx.config)

    async def one(name: str, body: dict[str, Any]) -> Response | HttpFailure:
        try:
            return await ctx.http.post(base + ENDPOINTS[name][0], json=body, idempotent=True)
        except HttpFailure as failure:
            if failure.kind is FailureKind.RATE_LIMITED:
                return failure
            raise

    names = list(ENDPOINTS)
    answers = await asyncio.gather(*(one(n, b) for n, b in bodies(key, _now()).items()))
    return dict(zip(names, answers, strict=True))


def _line(name: str, resp: Response | HttpFailure) -> str:
    kind, message = classify(resp)
    path = ENDPOINTS[name][0]
    if isinstance(resp, HttpFailure):
        return f"POST {path}: {message}"
    return f"POST {path} → HTTP {resp.status}" + ("." if kind == "ok" else f" “{message}”.")


# ------------------------------------------------------------------------------- checks


async def check_key_format(ctx: CheckContext) -> Outcome:
    from aiusage_doctor.core.tokens import mask

    verdict = KEY_RULE(DESCRIPTOR.raw(ctx.config, "service_key"))
    key = {"empty": "key.empty", "warn": "key.cleaned", "ok": "key.entered"}.get(verdict.level, "key.unusable")
    if verdict.level == "error" and verdict.message.startswith("This looks like"):
        key = "key.foreign"
    summary = f"{verdict.message} It was not sent to Windsurf." if key == "key.foreign" else verdict.message
    return D[key].outcome(summary if key != "key.empty" else None,
                          evidence={"masked": mask(verdict.value), "length": len(verdict.value)})


async def check_auth(ctx: CheckContext) -> Outcome:
    answers = await _probe_all(ctx)
    ctx.facts["windsurf.answers"] = answers
    kinds = {n: classify(r) for n, r in answers.items()}
    details = [_line(n, r) for n, r in answers.items()]
    evidence = {n: (r.evidence() if isinstance(r, HttpFailure) else r.evidence("content-type", "retry-after"))
                for n, r in answers.items()}
    accepted = [ENDPOINTS[n][0] for n, (k, _) in kinds.items() if k == "ok"]
    if accepted:
        return D["auth.ok"].outcome(details=details, evidence=evidence, accepted=", ".join(accepted))
    refused = [m for k, m in kinds.values() if k == "refused"]
    plan = next((m for m in refused if any(w in m.lower() for w in ("enterprise", "plan"))), None)
    if plan is not None:
        return D["auth.plan"].outcome(details=details, evidence=evidence, message=plan)
    if any(k == "rate" for k, _ in kinds.values()):
        return D["rate"].outcome(details=details, evidence=evidence, what="the service key")
    if refused and len(refused) == len(kinds):
        return D["auth.bad_key"].outcome(details=details, evidence=evidence, message=refused[0])
    return Outcome.unexpected_answer("Windsurf", "the Analytics API answers match no documented shape",
                                     evidence=evidence, details=details, sources=(SRC_USERS,))


def _permission(ctx: CheckContext, names: tuple[str, ...], ok: str, missing: str, what: str) -> Outcome:
    answers: dict[str, Response | HttpFailure] = ctx.facts.get("windsurf.answers") or {}
    kinds = {n: classify(answers[n]) for n in names if n in answers}
    details = [_line(n, answers[n]) for n in kinds]
    if any(k == "rate" for k, _ in kinds.values()):
        return D["rate"].outcome(details=details, what=what)
    refused = [(n, m) for n, (k, m) in kinds.items() if k != "ok"]
    if not refused and len(kinds) == len(names):
        return D[ok].outcome(details=details)
    accepted = [ENDPOINTS[n][0] for n, (k, _) in classify_all(answers).items() if k == "ok" and n not in names]
    return D[missing].outcome(details=details, message=refused[0][1] if refused else "no answer",
                              refused=" and ".join(ENDPOINTS[n][0] for n, _ in refused) or "the endpoint",
                              accepted=", ".join(accepted) or "another endpoint")


def classify_all(answers: dict[str, Response | HttpFailure]) -> dict[str, tuple[str, str]]:
    return {n: classify(r) for n, r in answers.items()}


async def check_analytics_permission(ctx: CheckContext) -> Outcome:
    return _permission(ctx, ("analytics",), "perm.analytics.ok", "perm.analytics.missing", "Analytics Read")


async def check_teams_permission(ctx: CheckContext) -> Outcome:
    return _permission(ctx, ("users", "cascade"), "perm.teams.ok", "perm.teams.missing", "Teams Read-Only")


async def check_data(ctx: CheckContext) -> Outcome:
    resp = (ctx.facts.get("windsurf.answers") or {}).get("users")
    body = resp.json_or_none() if isinstance(resp, Response) else None
    rows = body.get("userTableStats") if isinstance(body, dict) else None
    if not isinstance(rows, list):
        rows = [] if isinstance(body, dict) else None
    if rows is None:
        return Outcome.unexpected_answer("Windsurf", "the user page answer is not a JSON object",
                                         evidence={"status": getattr(resp, "status", None)}, sources=(SRC_USERS,))
    users = [r for r in rows if isinstance(r, dict)]
    active = [r for r in users if isinstance(r.get("activeDays"), int | float) and r["activeDays"] > 0]
    if not active:
        return D["data.none"].outcome(days=WINDOW_DAYS,
                                      details=[f"{len(users)} user(s) listed, none with active days."])
    latest = max((str(r.get("lastUpdateTime") or "") for r in active), default="") or "not stated"
    return D["data.ok"].outcome(active=len(active), users=len(users), days=WINDOW_DAYS, latest=latest[:19])


# ------------------------------------------------------------------------------ planning


async def _not_configured(ctx: CheckContext) -> Outcome:
    return D["key.empty"].outcome()


def plan(config: Any) -> list[PlannedCheck]:
    if not DESCRIPTOR.raw(config, "service_key").strip():
        return [PlannedCheck(CATALOG[FORMAT], _not_configured, target="key")]
    fmt, auth, teams = (FORMAT, "key"), (AUTH, "key"), (PERM_TEAMS, "key")
    return [
        PlannedCheck(CATALOG[FORMAT], check_key_format, target="key"),
        PlannedCheck(CATALOG[AUTH], check_auth, target="key", needs=(fmt,)),
        PlannedCheck(CATALOG[PERM_ANALYTICS], check_analytics_permission, target="key", needs=(auth,)),
        PlannedCheck(CATALOG[PERM_TEAMS], check_teams_permission, target="key", needs=(auth,)),
        PlannedCheck(CATALOG[DATA], check_data, target="team", needs=(teams,)),
    ]


PROVIDER = ProviderDef(name=ID, title="Windsurf", catalog=CATALOG, planner=plan,
                       configured=lambda config: bool(DESCRIPTOR.raw(config, "service_key").strip()))

DESCRIPTOR = ProviderDescriptor(
    id=ID,
    title="Windsurf",
    plan="Enterprise plans only",
    default_api_url=DEFAULT_API,
    fields=(
        CredentialField("service_key", "Windsurf service key", "AIUSAGE_WINDSURF_SERVICE_KEY", rule=KEY_RULE,
                        hint="Team settings → Service Keys; give its role Analytics Read and Teams Read-Only."),
    ),
    links=LINKS,
    provider=PROVIDER,
    page=PageSpec(
        intro=("Windsurf usage comes from the Windsurf Analytics API (Enterprise plans only). A team admin "
               "creates a service key in the team settings and gives its role Analytics Read (for team "
               "analytics) and Teams Read-Only (for user and Cascade analytics). Data is refreshed every "
               "3 hours."),
        create_link=LINKS["keys"],
    ),
    sim_module="aiusage_doctor.sim.windsurf",
    api_url_flag="--windsurf-api-url",
)
