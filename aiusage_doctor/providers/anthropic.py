"""Claude Code (Anthropic): the right key, the Console's Claude Code report, Claude
Enterprise analytics, and the verdict on where this organization's usage flows.

The diagnosis that matters most: the Console's Claude Code report only contains usage
of developers who sign in to Claude Code with a Console account or a Console API key.
Developers signed in with a Claude.ai subscription (Pro, Max, Team, Enterprise) never
show up there (the API answers `{"data": [], "has_more": false}` for every day; see
anthropics/claude-code#27780). Claude Enterprise organizations read that usage with
the Enterprise Analytics API (an `sk-ant-api01-` key with `read:analytics`, which
answers 404, not 403, when the scope is missing); Claude Team has no API at all.

Keys are routed by prefix before anything is sent: an Enterprise Analytics key
(`sk-ant-api01-`) goes only to `/v1/organizations/analytics/*`; an ordinary workspace key
(`sk-ant-api03-`, documented as refused by the Admin API) and other products' secrets go
nowhere. Everything else that starts with `sk-ant-` goes to the Admin API: the Admin key
(`sk-ant-admin01-`), OAuth tokens (`sk-ant-oat01-`; one with the `org:admin` scope is
accepted) and keys whose prefix Anthropic doesn't document (personal or service-account
keys not scoped to a workspace are accepted). Their answer decides the verdict.

Each check's diagnosis rows (probe → answer → verdict → link → source → verified on) sit
next to the check; an answer that matches no documented shape is an "unexpected answer".

The provider owns every `anthropic.*` and `claude.*` check; `claude.local.login` is
declared in `claude_local` and planned here when `config.anthropic.claude_local` is on.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
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
)
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.http import HttpFailure, Response
from aiusage_doctor.core.labels import plural
from aiusage_doctor.core.models import Link, Status
from aiusage_doctor.core.tokens import TokenKind, format_findings, verdict_for, with_article
from aiusage_doctor.providers import claude_local, claude_source
from aiusage_doctor.providers.anthropic_refs import (
    ANTHROPIC_DOCUMENTED_STATUSES,
    ANTHROPIC_VERSION,
    ALT_OTHER_ORG,
    AUTH,
    COUNT_LIMIT,
    ENTERPRISE,
    ENTERPRISE_DATA_START,
    ENTERPRISE_LAG,
    FORMAT,
    KEY_TARGET,
    LOCAL,
    MACHINE_TARGET,
    MAX_PAGES_PER_DAY,
    ORG_TARGET,
    PAGE_LIMIT,
    REF,
    REPORT,
    REPORT_DAYS,
    SOURCE,
    SRC,
    count_text,
    key_kind,
    raw_key,
)
from aiusage_doctor.providers.claude_source import check_usage_source


def _now() -> datetime:
    return datetime.now(UTC)


# ----------------------------------------------------------------------- diagnosis table
# probe → answer → verdict → links → sources (verified on VERIFIED). Rows with `because`
# are inferences: they say so and list the other causes that fit the same answer.

_P_FORMAT = "Offline: the key's prefix and shape"
_P_ME = "GET /v1/organizations/me"
_P_REPORT = "GET /v1/organizations/usage_report/claude_code?starting_at=<day> (last 7 days)"
_P_ENT = "GET /v1/organizations/analytics/users?date=<4-5 days ago>"
_ALT_INDIVIDUAL = Alternative(
    "The Console account is an individual account: the Admin API is unavailable until an "
    "organization is set up (Console → Settings → Organization).", (REF["admin_api"],))

FORMAT_ROWS = {r.key: r for r in (
    Diagnosis("format.admin", _P_FORMAT, "sk-ant-admin01- key, well formed",
              "Anthropic Admin API key — format OK.", Status.PASS, sources=(SRC["admin_keys"],)),
    Diagnosis("format.admin.cleaned", _P_FORMAT, "Admin key with spaces, quotes or a label around it",
              "Admin key — format OK, but the pasted value had extra characters around it.",
              Status.WARN, (REF["admin_keys"],), (SRC["admin_keys"],)),
    Diagnosis("format.workspace_key", _P_FORMAT, "sk-ant-api03- (ordinary Claude API key)",
              "An ordinary, workspace-scoped Claude API key: the Admin API refuses workspace keys, "
              "so it was not sent.", Status.FAIL, (REF["admin_keys"], REF["admin_keys_docs"]),
              (SRC["admin_keys"], SRC["cc_api"])),
    Diagnosis("format.enterprise_key", _P_FORMAT, "sk-ant-api01- (Claude Enterprise Analytics key)",
              "A Claude Enterprise Analytics API key: only the Enterprise Analytics checks use it.",
              Status.PASS, sources=(SRC["admin_keys"], SRC["analytics"])),
    Diagnosis("format.oauth", _P_FORMAT, "sk-ant-oat01- / sk-ant-ort01- (OAuth token)",
              "An Anthropic OAuth token: sent, because the Admin API accepts one with the org:admin "
              "scope; Claude Code login tokens (user:inference) are refused.",
              Status.WARN, (REF["oauth_admin"], REF["cc_authentication"]), (SRC["cc_api"],)),
    Diagnosis("format.undocumented", _P_FORMAT, "sk-ant-<prefix not documented by Anthropic>",
              "An Anthropic key of a type whose prefix isn't documented: sent, because the Admin API "
              "also accepts personal and service-account keys not scoped to a workspace.",
              Status.WARN, (REF["oauth_admin"],), (SRC["cc_api"],)),
    Diagnosis("format.other_product", _P_FORMAT, "another product's secret (ghp_, key_, crsr_, …)",
              "This belongs to a different product, so it was not sent to Anthropic.", Status.FAIL,
              (REF["admin_keys"], REF["admin_keys_docs"]), (SRC["admin_keys"],)),
    Diagnosis("format.malformed", _P_FORMAT, "empty, cut short, stray characters, or not sk-ant-",
              "Not a usable Anthropic key.", Status.FAIL, (REF["admin_keys"], REF["admin_keys_docs"]),
              (SRC["admin_keys"],)),
)}

AUTH_ROWS = {r.key: r for r in (
    Diagnosis("auth.ok", _P_ME, "200 {id, type: organization, name}",
              "Anthropic accepted the key for the organization.", Status.PASS,
              sources=(SRC["admin_api"],)),
    Diagnosis("auth.ok.users", f"{_P_ME}, then GET /v1/organizations/users?limit=1",
              "404 on /me, 200 on /users", "Anthropic accepted the key (no organization name at this "
              "address).", Status.PASS, sources=(SRC["admin_api"],)),
    Diagnosis("auth.401", _P_ME, "401 authentication_error (Admin key)",
              "Anthropic rejected the key: it is wrong, revoked or expired.", Status.FAIL,
              (REF["admin_keys"], REF["admin_keys_docs"], REF["errors"]), (SRC["errors"], SRC["admin_keys"])),
    Diagnosis("auth.401.oauth", _P_ME, "401 or 403 to an sk-ant-oat01- OAuth token",
              "Most likely a Claude Code login token (scope user:inference), which can't read "
              "organization data.", Status.FAIL, (REF["admin_keys"], REF["cc_authentication"]),
              (SRC["cc_api"], SRC["errors"]),
              because="Anthropic refused the token, and Claude Code's /login and setup-token tokens "
                      "carry this prefix without the org:admin scope",
              alternatives=(
                  Alternative("An OAuth token without the org:admin scope (the Admin API needs it).",
                              (REF["oauth_admin"],)),
                  Alternative("The token expired or was revoked.", (REF["errors"],)),
              )),
    Diagnosis("auth.401.undocumented", _P_ME, "401 or 403 to a key of an undocumented type",
              "Anthropic refused this key for the Admin API: most likely it is scoped to a workspace "
              "(workspace keys don't work there).", Status.FAIL,
              (REF["admin_keys"], REF["oauth_admin"], REF["errors"]), (SRC["cc_api"], SRC["errors"]),
              because="Anthropic refused a key whose type isn't documented, and workspace-scoped keys "
                      "are the documented kind the Admin API refuses",
              alternatives=(
                  Alternative("The key is wrong, revoked or expired.", (REF["errors"],)),
                  _ALT_INDIVIDUAL,
              )),
    Diagnosis("auth.403", _P_ME, "403 permission_error (Admin key)",
              "Anthropic refused organization access: most likely the key is real but has no "
              "organization admin access.", Status.FAIL,
              (REF["admin_keys"], REF["admin_keys_docs"], REF["errors"]), (SRC["errors"], SRC["admin_api"]),
              because="Anthropic answers 403 permission_error, which its errors page documents as a key "
                      "without permission for the resource",
              alternatives=(_ALT_INDIVIDUAL,)),
    Diagnosis("auth.error", _P_ME, "another documented error status (400, 404, 429, 5xx, …)",
              "Anthropic answered the key check with an error.", Status.FAIL,
              (REF["errors"], REF["admin_keys_docs"]), (SRC["errors"],)),
    Diagnosis("unexpected", _P_ME, "an undocumented status, or 200 without the organization's id",
              "Unexpected answer from Anthropic: its API may have changed.", Status.ERROR,
              (REF["errors"],), (SRC["errors"], SRC["admin_api"])),
)}

REPORT_ROWS = {r.key: r for r in (
    Diagnosis("report.usage", _P_REPORT, "200, rows on at least one day",
              "The Claude Code report has usage.", Status.PASS, sources=(SRC["cc_api"],)),
    Diagnosis("report.empty", _P_REPORT, "200 {data: [], has_more: false} on every day, key accepted",
              "The Claude Code report is empty: most likely developers sign in to Claude Code with "
              "Claude.ai subscriptions, whose usage the Console never sees.", Status.WARN,
              (REF["which_analytics"], REF["known_issue"], REF["cc_authentication"], REF["claude_code_api"]),
              (SRC["cc_api"], SRC["known_issue"], SRC["analytics"]),
              because="the key works and every day is empty; subscription logins are missing from this "
                      "report (known issue anthropics/claude-code#27780)",
              alternatives=(
                  Alternative("Nobody used Claude Code through this Console organization in those days "
                              "(usage shows about an hour later).", (REF["console_dashboard"],)),
                  Alternative("Claude Code runs through Amazon Bedrock, Google Vertex AI or Microsoft "
                              "Foundry, which no Anthropic API reports.", (REF["cc_monitoring"],)),
                  ALT_OTHER_ORG,
              )),
    Diagnosis("report.refused", _P_REPORT, "401 / 403 after the key was accepted",
              "Anthropic refused the Claude Code report for this key.", Status.FAIL,
              (REF["claude_code_api"], REF["admin_keys_docs"], REF["errors"]), (SRC["errors"], SRC["cc_api"])),
    Diagnosis("report.404", _P_REPORT, "404 not_found_error",
              "The Claude Code report is not available at this address: most likely the API base URL "
              "is wrong.", Status.FAIL, (REF["claude_code_api"], REF["errors"]), (SRC["cc_api"],),
              because="the same base URL answered the key check, but not this documented path",
              alternatives=(
                  Alternative("The organization is on Claude Platform on AWS, where this report isn't "
                              "offered.", (REF["claude_code_api"],)),
              )),
    Diagnosis("report.error", _P_REPORT, "another documented error status (400, 429, 5xx, …)",
              "Anthropic answered the Claude Code report with an error.", Status.FAIL,
              (REF["claude_code_api"], REF["errors"]), (SRC["errors"],)),
    Diagnosis("unexpected", _P_REPORT, "an undocumented status, or 200 without a `data` list / rows "
              "without `actor`", "Unexpected answer from Anthropic: its API may have changed.",
              Status.ERROR, (REF["claude_code_api"],), (SRC["cc_api"], SRC["errors"])),
)}

ENTERPRISE_ROWS = {r.key: r for r in (
    Diagnosis("enterprise.not_yet", "offline: today's date", "the newest readable day is before 2026-01-01",
              "The Enterprise Analytics API has no data yet.", Status.WARN, (REF["enterprise_reference"],),
              (SRC["enterprise_ref"],)),
    Diagnosis("enterprise.claude_code", _P_ENT, "200, some users with Claude Code activity",
              "The Enterprise Analytics API works and reports Claude Code use.", Status.PASS,
              sources=(SRC["enterprise_ref"],)),
    Diagnosis("enterprise.no_claude_code", _P_ENT, "200, no user with Claude Code activity",
              "The Enterprise Analytics API works, but reports no Claude Code use that day.", Status.WARN,
              (REF["enterprise_reference"], REF["which_analytics"]), (SRC["enterprise_ref"], SRC["analytics"])),
    Diagnosis("enterprise.404", _P_ENT, "404",
              "The key is missing, invalid, or lacks the read:analytics scope (this API's documented "
              "meaning of 404).", Status.FAIL,
              (REF["enterprise_keys"], REF["enterprise_reference"], REF["enterprise_start"]),
              (SRC["enterprise_ref"], SRC["admin_keys"])),
    Diagnosis("enterprise.401", _P_ENT, "401",
              "The Enterprise Analytics API rejected the key as missing or invalid.", Status.FAIL,
              (REF["enterprise_keys"], REF["enterprise_reference"]), (SRC["enterprise_ref"],)),
    Diagnosis("enterprise.403", _P_ENT, "403 permission_error",
              "The Enterprise Analytics API refused the key: most likely it lacks the read:analytics "
              "scope.", Status.FAIL, (REF["enterprise_keys"], REF["enterprise_reference"]),
              (SRC["enterprise_ref"], SRC["admin_keys"]),
              because="Anthropic documents 403 with the scopes a key has and needs as a scope refusal",
              alternatives=(
                  Alternative("API access is switched off for the organization (all requests are "
                              "denied).", (REF["enterprise_start"],)),
              )),
    Diagnosis("enterprise.error", _P_ENT, "another documented error status (400, 410, 429, 5xx)",
              "The Enterprise Analytics API answered with an error.", Status.FAIL,
              (REF["enterprise_reference"],), (SRC["enterprise_ref"],)),
    Diagnosis("unexpected", _P_ENT, "an undocumented status, or 200 without a `data` list",
              "Unexpected answer from Anthropic: its API may have changed.", Status.ERROR,
              (REF["enterprise_reference"],), (SRC["enterprise_ref"],)),
)}


def _unexpected(what: str, resp: Response, rows: dict[str, Diagnosis], details: list[str] | None = None,
                ) -> Outcome:
    row = rows["unexpected"]
    return Outcome.unexpected_answer(
        "Anthropic", what, evidence=_evidence(resp) | {"status": resp.status},
        details=details or [_http_line(resp)], remediation=row.links, sources=row.sources,
    )


# ------------------------------------------------------------------------------ catalog


CATALOG = Catalog(
    "anthropic",
    [
        CheckSpec(
            id=FORMAT,
            title="Anthropic key type",
            probes="Offline: the key's prefix and shape (sk-ant-admin01-, -api03-, -api01-, -oat01-); nothing is sent.",
            explains=(
                "The Admin API reads a Console organization's usage with an Admin API key "
                "(sk-ant-admin01-), an org:admin OAuth token, or a personal or service-account key "
                "not scoped to a workspace; a Claude Enterprise Analytics key (sk-ant-api01-) reads "
                "Claude Enterprise usage. Only what is documented as wrong is refused offline: an "
                "ordinary workspace key (sk-ant-api03-) or another product's secret."
            ),
            remediation=(REF["admin_keys"], REF["admin_keys_docs"]),
            per="key",
            sources=(SRC["admin_keys"], SRC["cc_api"]),
            diagnoses=tuple(FORMAT_ROWS.values()),
        ),
        CheckSpec(
            id=AUTH,
            title="Anthropic Admin key accepted",
            probes=("GET /v1/organizations/me with x-api-key (an OAuth token as Authorization: Bearer) "
                    "and anthropic-version: 2023-06-01."),
            explains=(
                "Anthropic rejected the key: it is wrong, revoked or expired, it is scoped to a "
                "workspace, or the organization is an individual account without the Admin API."
            ),
            remediation=(REF["admin_keys"], REF["admin_keys_docs"], REF["errors"]),
            per="key",
            sources=(SRC["admin_api"], SRC["errors"]),
            diagnoses=tuple(AUTH_ROWS.values()),
        ),
        CheckSpec(
            id=REPORT,
            title="Claude Code usage report (Console)",
            probes=(
                f"GET /v1/organizations/usage_report/claude_code for each of the last {REPORT_DAYS} days "
                "(all pages); when empty, also counts members and active API keys."
            ),
            explains=(
                "An empty report for every day usually means developers sign in to Claude Code with "
                "Claude.ai subscriptions, whose usage the Console never sees."
            ),
            remediation=(REF["claude_code_api"], REF["which_analytics"], REF["known_issue"]),
            per="org",
            sources=(SRC["cc_api"],),
            diagnoses=tuple(REPORT_ROWS.values()),
        ),
        CheckSpec(
            id=ENTERPRISE,
            title="Claude Enterprise Analytics API",
            probes="GET /v1/organizations/analytics/users?date=<4-5 days ago> with the Enterprise Analytics key.",
            explains=(
                "The Enterprise Analytics API answers 404 when the key is missing, invalid or lacks "
                "the read:analytics scope; it has no data before 2026-01-01 and lags about 3 days."
            ),
            remediation=(REF["enterprise_start"], REF["enterprise_reference"], REF["enterprise_keys"]),
            per="org",
            sources=(SRC["enterprise_ref"], SRC["analytics"]),
            diagnoses=tuple(ENTERPRISE_ROWS.values()),
        ),
        claude_local.SPEC,
        claude_source.SPEC,
    ],
)


# ------------------------------------------------------------------------------ helpers


def _headers(ctx: CheckContext) -> dict[str, str]:
    """Keys go in `x-api-key`; an OAuth token is a bearer token (as Anthropic's SDKs send it)."""
    info = verdict_for(raw_key(ctx.config), "anthropic").info
    if info.kind is TokenKind.ANTHROPIC_OAUTH:
        return {"authorization": f"Bearer {info.value}", "anthropic-version": ANTHROPIC_VERSION}
    return {"x-api-key": info.value, "anthropic-version": ANTHROPIC_VERSION}


def _url(ctx: CheckContext, name: str) -> str:
    return ctx.config.anthropic.api_url.rstrip("/") + REF[name].url


def _api_error(resp: Response) -> tuple[str, str]:
    """(error type, message) from Anthropic's envelope {"type":"error","error":{type,message}}."""
    body = resp.json_or_none()
    if isinstance(body, dict):
        err = body.get("error")
        if isinstance(err, dict):
            return str(err.get("type") or "error"), str(err.get("message") or "").strip()[:300]
        if isinstance(err, str):
            return "error", (str(body.get("message") or err)).strip()[:300]
    return "error", resp.text.strip()[:200]


_PLAIN_ERRORS = {
    "authentication_error": "the key was not accepted",
    "permission_error": "the key is not allowed to do this",
    "not_found_error": "the address or resource was not found",
    "invalid_request_error": "the request was refused as invalid",
    "billing_error": "there is a billing problem on the account",
    "rate_limit_error": "too many requests",
}


def _error_words(resp: Response) -> str:
    etype, message = _api_error(resp)
    plain = _PLAIN_ERRORS.get(etype, f"HTTP {resp.status}")
    return f"{plain} ({etype}: \u201c{message or 'no message'}\u201d)"


def _evidence(resp: Response) -> dict[str, Any]:
    return resp.evidence("request-id", "retry-after", "content-type")


def _http_line(resp: Response) -> str:
    etype, message = _api_error(resp)
    return f"{resp.method} {resp.path} answered HTTP {resp.status} {etype}: \u201c{message}\u201d."


# ------------------------------------------------------------------------------ key format


async def check_key_format(ctx: CheckContext) -> Outcome:
    verdict = verdict_for(raw_key(ctx.config), "anthropic")
    info = verdict.info
    details, evidence = format_findings(verdict)
    usable = info.well_formed and verdict.level in ("ok", "warn")

    if info.kind is TokenKind.ANTHROPIC_API and info.well_formed:
        return FORMAT_ROWS["format.workspace_key"].outcome(
            "This is an ordinary Claude API key (sk-ant-api03-), which is scoped to a workspace, not "
            "an Admin API key: the Admin API refuses workspace keys, so it was not sent. An "
            "organization admin creates an Admin key (sk-ant-admin01-) in the Claude Console → "
            "Settings → Admin keys.",
            details=details, evidence=evidence)
    if info.kind is TokenKind.ANTHROPIC_ENTERPRISE_ANALYTICS and usable:
        return FORMAT_ROWS["format.enterprise_key"].outcome(
            "This is a Claude Enterprise Analytics API key (sk-ant-api01-): the Claude Enterprise "
            "Analytics checks are used; the Console Admin API checks don't apply to it.",
            details=details + ["Admin keys and Analytics keys are not interchangeable; each is "
                               "only sent to its own API."],
            evidence=evidence,
        )
    if info.kind is TokenKind.ANTHROPIC_OAUTH and usable:
        return FORMAT_ROWS["format.oauth"].outcome(
            "This is an Anthropic OAuth token (sk-ant-oat01-): it is sent to the Admin API, which "
            "accepts an OAuth token with the org:admin scope. A Claude Code login token (Claude.ai "
            "subscription) doesn't carry that scope and will be refused.",
            details=details, evidence=evidence)
    if info.kind is TokenKind.ANTHROPIC_OTHER and usable:
        return FORMAT_ROWS["format.undocumented"].outcome(
            "This Anthropic key's prefix isn't one Anthropic documents: it is sent to the Admin API, "
            "which also accepts personal and service-account keys that aren't scoped to a "
            "workspace, and Anthropic's answer decides.",
            details=details, evidence=evidence)
    if info.kind is TokenKind.ANTHROPIC_ADMIN and usable:
        if info.cleaned:
            return FORMAT_ROWS["format.admin.cleaned"].outcome(
                "Anthropic Admin API key — format OK, but the pasted value had extra characters "
                f"around it ({'; '.join(info.cleaned).lower()}). They were removed here; remove them "
                "wherever else you paste this key too.",
                details=details,
                evidence=evidence,
            )
        row = FORMAT_ROWS["format.admin"]
        if verdict.level == "warn":
            return Outcome.warn(verdict.message, details=details, remediation=[REF["admin_keys"]],
                                evidence=evidence, sources=list(row.sources), diagnosis=row.key)
        return row.outcome(verdict.message, details=details, evidence=evidence)
    if info.provider and info.provider != "anthropic":
        return FORMAT_ROWS["format.other_product"].outcome(
            f"This is {with_article(info.label)}, not an Anthropic key: it belongs to a "
            "different product, so it was not sent to Anthropic.",
            details=details + ["Admin API keys start with sk-ant-admin01- and are created by an "
                               "organization admin in the Claude Console → Settings → Admin keys."],
            evidence=evidence)
    return FORMAT_ROWS["format.malformed"].outcome(
        f"This isn't a usable Anthropic Admin API key: {verdict.message}",
        details=details + ["Admin API keys start with sk-ant-admin01- and are created by an "
                           "organization admin in the Claude Console → Settings → Admin keys."],
        evidence=evidence,
    )


# ------------------------------------------------------------------------------ key auth


async def check_key_auth(ctx: CheckContext) -> Outcome:
    headers = _headers(ctx)
    kind = key_kind(ctx.config)
    resp = await ctx.http.get(_url(ctx, "api.me"), headers=headers)
    evidence = _evidence(resp)
    if resp.ok:
        body = resp.json()
        if not (isinstance(body, dict) and body.get("id")):
            return _unexpected("GET /v1/organizations/me answered 200 without the organization's id",
                               resp, AUTH_ROWS)
        name = body.get("name")
        ctx.facts["anthropic.org_name"] = name
        return AUTH_ROWS["auth.ok"].outcome(
            f"Anthropic accepted the {_kind_noun(kind)} for the organization \u201c{name}\u201d."
            if name else f"Anthropic accepted the {_kind_noun(kind)}.",
            details=[f"Organization id: {body['id']}."],
            evidence=evidence,
        )
    if resp.status == 404:
        # An API version without /me: any cheap Admin API list proves the key.
        resp = await ctx.http.get(_url(ctx, "api.users"), headers=headers, params={"limit": 1})
        evidence = _evidence(resp)
        if resp.ok:
            return AUTH_ROWS["auth.ok.users"].outcome(
                f"Anthropic accepted the {_kind_noun(kind)} (the organization's name is not available "
                "at this API address).",
                evidence=evidence,
            )
    if resp.status not in ANTHROPIC_DOCUMENTED_STATUSES:
        return _unexpected(f"HTTP {resp.status} to the key check", resp, AUTH_ROWS)
    if resp.status in (401, 403) and kind is TokenKind.ANTHROPIC_OAUTH:
        return AUTH_ROWS["auth.401.oauth"].outcome(
            f"Anthropic refused the OAuth token: {_error_words(resp)}. Most likely it is a Claude Code "
            "login token (scope user:inference), which can't read organization data; an OAuth token "
            "needs the org:admin scope.",
            details=[_http_line(resp)], evidence=evidence)
    if resp.status in (401, 403) and kind is TokenKind.ANTHROPIC_OTHER:
        return AUTH_ROWS["auth.401.undocumented"].outcome(
            f"Anthropic refused this key for the Admin API: {_error_words(resp)}. Most likely it is "
            "scoped to a workspace, and workspace keys don't work there.",
            details=[_http_line(resp),
                     "The Admin API accepts an Admin API key (sk-ant-admin01-), an OAuth token with "
                     "the org:admin scope, or a personal or service-account key that isn't scoped to "
                     "a workspace."],
            evidence=evidence)
    if resp.status == 401:
        return AUTH_ROWS["auth.401"].outcome(
            f"Anthropic rejected the key: {_error_words(resp)}. The key is wrong, revoked or "
            "expired, or it was typed into the wrong organization.",
            details=[_http_line(resp),
                     "Create a new Admin key (sk-ant-admin01-) in the Claude Console → Settings → "
                     "Admin keys; only organization admins can."],
            evidence=evidence,
        )
    if resp.status == 403:
        return AUTH_ROWS["auth.403"].outcome(
            f"Anthropic refused organization access: {_error_words(resp)}. Most likely the key is "
            "real but has no organization admin access; only an Admin API key made by an admin can "
            "read usage.",
            details=[_http_line(resp),
                     "Otherwise the account is an individual one: the Admin API works only once the "
                     "Console organization is set up (Console → Settings → Organization)."],
            evidence=evidence,
        )
    return AUTH_ROWS["auth.error"].outcome(
        f"Anthropic answered HTTP {resp.status} to the key check: {_error_words(resp)}.",
        details=[_http_line(resp), f"API base URL: {ctx.config.anthropic.api_url}"],
        evidence=evidence,
    )


def _kind_noun(kind: TokenKind | None) -> str:
    return {TokenKind.ANTHROPIC_OAUTH: "OAuth token",
            TokenKind.ANTHROPIC_OTHER: "key"}.get(kind, "Admin key")  # type: ignore[arg-type]


# ------------------------------------------------------------------------ Claude Code report


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
    today = _now().date()
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


# ------------------------------------------------------------------- Enterprise Analytics


async def check_enterprise_analytics(ctx: CheckContext) -> Outcome:
    now = _now()
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


# ------------------------------------------------------------------------------ planning


def is_configured(config: RunConfig) -> bool:
    return bool(raw_key(config).strip()) or config.anthropic.claude_local


def _not_applicable(summary: str, *links: Link):
    async def fn(ctx: CheckContext) -> Outcome:
        return Outcome.skip(summary, remediation=list(links))

    return fn


_not_configured = _not_applicable(
    "Not configured: no Anthropic Admin API key was given (set AIUSAGE_ANTHROPIC_ADMIN_KEY, or "
    "enter it in the app)",
    REF["admin_keys"],
)


def plan(config: RunConfig) -> list[PlannedCheck]:
    raw = raw_key(config)
    local_on = config.anthropic.claude_local
    planned: list[PlannedCheck] = []
    waits: list[tuple[str, str]] = []
    fmt = (FORMAT, KEY_TARGET)

    if not raw.strip():
        planned.append(PlannedCheck(CATALOG[FORMAT], _not_configured, target=KEY_TARGET))
    else:
        kind = key_kind(config)
        planned.append(PlannedCheck(CATALOG[FORMAT], check_key_format, target=KEY_TARGET))
        if kind is TokenKind.ANTHROPIC_ENTERPRISE_ANALYTICS:
            why = ("Not applicable: a Claude Enterprise Analytics key (sk-ant-api01-) can't call the "
                   "Console Admin API, so it isn't sent there; the Enterprise Analytics check is used.")
            planned += [
                PlannedCheck(CATALOG[AUTH], _not_applicable(why, REF["which_analytics"]), target=KEY_TARGET),
                PlannedCheck(CATALOG[REPORT], _not_applicable(why, REF["which_analytics"]), target=ORG_TARGET),
                PlannedCheck(CATALOG[ENTERPRISE], check_enterprise_analytics, target=ORG_TARGET, needs=(fmt,)),
            ]
            waits.append((ENTERPRISE, ORG_TARGET))
        else:
            auth = (AUTH, KEY_TARGET)
            planned += [
                PlannedCheck(CATALOG[AUTH], check_key_auth, target=KEY_TARGET, needs=(fmt,)),
                PlannedCheck(CATALOG[REPORT], check_claude_code_report, target=ORG_TARGET, needs=(auth,)),
                PlannedCheck(
                    CATALOG[ENTERPRISE],
                    _not_applicable(
                        "Not applicable: this check runs with a Claude Enterprise Analytics key "
                        "(sk-ant-api01-, made in claude.ai). Only needed if your organization is on "
                        "Claude Enterprise.",
                        REF["which_analytics"], REF["enterprise_start"],
                    ),
                    target=ORG_TARGET,
                ),
            ]
            waits.append((REPORT, ORG_TARGET))
    if local_on:
        planned.append(PlannedCheck(claude_local.SPEC, claude_local.check_local_login, target=MACHINE_TARGET))
        waits.append((LOCAL, MACHINE_TARGET))
    if raw.strip() or local_on:
        planned.append(PlannedCheck(CATALOG[SOURCE], check_usage_source, target=ORG_TARGET,
                                    after=tuple(waits), params={"wait_for": waits}))
    return planned


PROVIDER = ProviderDef(
    name="anthropic", title="Claude Code", catalog=CATALOG, planner=plan, configured=is_configured
)
