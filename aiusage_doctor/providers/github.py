"""GitHub Copilot: can an analytics product read this enterprise's or organization's usage data?

Reads like a table: first every GitHub endpoint and every remediation link, then the
catalog (one entry per check id, in report order), one function per check, and small
helpers for GitHub's headers (`X-OAuth-Scopes`, `X-GitHub-SSO`, `Link` pagination).

What the checks follow (see the project's GitHub reference notes):

* The legacy Copilot metrics API (`…/copilot/metrics` without `/reports/`) was closed
  down on 2026-04-02 and answers 404. The live API is the usage-metrics *report* API
  (`…/copilot/metrics/reports/…`), which returns short-lived download links to files on
  a different host (copilot-reports.github.com, formerly *.b01.azurefd.net).
* A 403 has several causes, told apart in this order: rate limit (the HTTP adapter waits
  or raises), SAML SSO (`X-GitHub-SSO`), a fine-grained token where one isn't accepted,
  a missing classic scope, the caller's role, and only then the "Copilot usage metrics"
  policy. The policy is never blamed while a scope or the role is wrong.
* Per-organization checks depend only on the token sign-in and that org's SSO check, so
  an enterprise admin with 200 orgs gets all of them concurrently (the adapter caps
  requests per host and answers identical GETs once per run).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from aiusage_doctor.core.checks import (
    Catalog,
    CheckContext,
    CheckFn,
    CheckSpec,
    Outcome,
    PlannedCheck,
    ProviderDef,
)
from aiusage_doctor.core.config import DEFAULT_GITHUB_API, RunConfig
from aiusage_doctor.core.http import (
    FailureKind,
    HttpClient,
    HttpFailure,
    Response,
    host_of,
    network_help,
    time_left,
)
from aiusage_doctor.core.inputs import (
    InputError,
    api_base,
    github_api_kind,
    graphql_url,
    parse_enterprise,
    parse_org,
    web_base,
)
from aiusage_doctor.core.models import Link
from aiusage_doctor.core.tokens import TokenKind, format_findings, verdict_for
from aiusage_doctor.core.vendors import GHE_COM_DOCS, GITHUB_CLASSIC_TOKEN_DOCS

__all__ = [
    "CATALOG",
    "PROVIDER",
    "DiscoveryError",
    "Paginated",
    "discover_orgs",
    "expand_scopes",
    "paginate",
    "parse_link_header",
    "parse_scopes",
    "parse_sso_header",
    "plan",
]

# =============================================================================== table

API_VERSION = "2022-11-28"
"""Sent as X-GitHub-Api-Version; the report endpoints are identical in 2022-11-28 and 2026-03-10."""
PER_PAGE = 100
EVIDENCE_BODY_BYTES = 1024
"""How much of each page's body is kept for evidence once its items are taken out."""
MAX_PAGES = 2000
REPORT_DELAY_DAYS = 3
"""GitHub publishes a day's report within two to three full UTC days after it closes."""
ENTERPRISE_REPORTS_START = date(2025, 10, 10)
ORG_REPORTS_START = date(2025, 12, 12)
LEGACY_CLOSED = date(2026, 4, 2)
EXPIRY_WARN_DAYS = 7
TEAM_MIN_SEATS = 5
RATE_LOW_SHARE = 0.10
REPORT_HOSTS = ("copilot-reports.github.com", "*.b01.azurefd.net")
TOKEN_DESCRIPTION = "AI%20Usage%20Doctor"

# --- REST paths, relative to the API base (https://api.github.com, https://api.X.ghe.com) ---
USER = "/user"
USER_ORGS = "/user/orgs"
RATE_LIMIT = "/rate_limit"
ORG = "/orgs/{org}"
ORG_MEMBERSHIP = "/user/memberships/orgs/{org}"
ORG_REPORT_28 = "/orgs/{org}/copilot/metrics/reports/organization-28-day/latest"
ORG_REPORT_1 = "/orgs/{org}/copilot/metrics/reports/organization-1-day"  # ?day=YYYY-MM-DD
ORG_LEGACY_METRICS = "/orgs/{org}/copilot/metrics"  # closed down 2026-04-02: 404
ORG_SEATS = "/orgs/{org}/copilot/billing/seats"
ORG_TEAMS = "/orgs/{org}/teams"
TEAM_MEMBERS = "/orgs/{org}/teams/{team}/members"
ENT_REPORT_28 = "/enterprises/{enterprise}/copilot/metrics/reports/enterprise-28-day/latest"
ENT_REPORT_1 = "/enterprises/{enterprise}/copilot/metrics/reports/enterprise-1-day"  # ?day=
ENT_LEGACY_METRICS = "/enterprises/{enterprise}/copilot/metrics"  # closed down 2026-04-02: 404
ENT_SEATS = "/enterprises/{enterprise}/copilot/billing/seats"  # GHEC only; total_seats counts people once
ENTERPRISE_QUERY = "query($slug: String!) { enterprise(slug: $slug) { slug name viewerIsAdmin } }"

# --- classic token scopes -------------------------------------------------------------
SCOPES_ENTERPRISE_REPORTS = ("manage_billing:copilot", "read:enterprise")  # any of
SCOPES_ORG_REPORTS = ("read:org",)
SCOPES_ORG_SEATS = ("read:org", "manage_billing:copilot")  # any of
SCOPES_LIST_ORGS = ("read:org", "user")  # any of
IMPLIED_SCOPES: dict[str, tuple[str, ...]] = {
    "admin:org": ("write:org", "read:org"),
    "write:org": ("read:org",),
    "admin:enterprise": ("manage_runners:enterprise", "manage_billing:enterprise", "read:enterprise"),
    "copilot": ("manage_billing:copilot",),
}

# --- GitHub's own documentation ----------------------------------------------------------
_D = "https://docs.github.com/en"
_DC = "https://docs.github.com/en/enterprise-cloud@latest"
DOC_TOKEN_FORMATS = Link(
    text="GitHub's token formats",
    url=f"{_D}/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats",
)
DOC_CLASSIC_TOKEN = Link(
    text="Create a personal access token (classic)",
    url=GITHUB_CLASSIC_TOKEN_DOCS,
)
DOC_SCOPES = Link(text="Scopes of classic tokens", url=f"{_D}/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps")
DOC_FG_PERMISSIONS = Link(
    text="Permissions fine-grained tokens need per endpoint",
    url=f"{_D}/rest/authentication/permissions-required-for-fine-grained-personal-access-tokens",
)
DOC_USAGE_API = Link(text="REST API for Copilot usage metrics", url=f"{_DC}/rest/copilot/copilot-usage-metrics")
DOC_DATA_FRESHNESS = Link(
    text="When Copilot usage data becomes available",
    url=f"{_D}/copilot/concepts/copilot-usage-metrics/copilot-metrics",
)
DOC_LEGACY_CLOSED = Link(
    text="Closing down notice of the legacy Copilot metrics API",
    url="https://github.blog/changelog/2026-01-29-closing-down-notice-of-legacy-copilot-metrics-apis",
)
DOC_ENTERPRISE_POLICY = Link(
    text="Enable the 'Copilot usage metrics' enterprise policy",
    url=f"{_DC}/copilot/how-tos/administer-copilot/manage-for-enterprise/manage-enterprise-policies#defining-policies-for-your-enterprise",
)
DOC_POLICIES = Link(text="How Copilot policies apply to organizations", url=f"{_D}/copilot/concepts/policies")
DOC_ENTERPRISE_ROLE = Link(
    text="The 'View Enterprise Copilot Metrics' role",
    url="https://github.blog/changelog/2025-11-17-fine-grain-permissions-for-copilot-usage-metrics-now-available",
)
DOC_ORG_METRICS_ROLE = Link(
    text="Who can read organization Copilot metrics",
    url="https://github.blog/changelog/2025-12-16-track-organization-copilot-usage",
)
DOC_ORG_ROLES = Link(
    text="Roles in an organization",
    url=f"{_D}/organizations/managing-peoples-access-to-your-organization-with-roles/roles-in-an-organization",
)
DOC_SSO = Link(
    text="Authorize a token for SAML single sign-on",
    url=f"{_DC}/authentication/authenticating-with-saml-single-sign-on/authorizing-a-personal-access-token-for-use-with-saml-single-sign-on",
)
DOC_SEATS_API = Link(text="REST API for Copilot seats", url=f"{_D}/rest/copilot/copilot-user-management")
DOC_ENTERPRISE_SEATS_API = Link(
    text="List Copilot seats for an enterprise",
    url=f"{_DC}/rest/copilot/copilot-user-management#list-all-copilot-seat-assignments-for-an-enterprise",
)
DOC_COPILOT_ACCESS = Link(
    text="Give organization members Copilot seats",
    url=f"{_D}/copilot/managing-github-copilot-in-your-organization/managing-access-for-copilot-in-your-organization",
)
DOC_TEAM_METRICS = Link(
    text="Team-level metrics leave out teams with fewer than 5 Copilot users",
    url=f"{_D}/copilot/reference/copilot-usage-metrics/team-level-metrics",
)
DOC_RATE_LIMITS = Link(text="GitHub REST API rate limits", url=f"{_D}/rest/using-the-rest-api/rate-limits-for-the-rest-api")
DOC_TROUBLESHOOTING = Link(
    text="Troubleshooting the REST API", url=f"{_D}/rest/using-the-rest-api/troubleshooting-the-rest-api"
)
DOC_DATA_RESIDENCY = Link(
    text="GitHub Enterprise Cloud with data residency (GHE.com)",
    url=GHE_COM_DOCS,
)
DOC_ALLOWLIST = Link(text="Copilot allowlist reference", url=f"{_D}/copilot/reference/copilot-allowlist-reference")


# --- pages on the user's own GitHub (github.com, SUBDOMAIN.ghe.com or the GHES host) ---
def link_new_token(web: str, scopes: Sequence[str]) -> Link:
    """The classic-token form with the needed scopes already ticked."""
    return Link(
        text=f"Create a classic token with {', '.join(scopes)} (form pre-filled)",
        url=f"{web}/settings/tokens/new?scopes={','.join(scopes)}&description={TOKEN_DESCRIPTION}",
    )


def link_tokens(web: str) -> Link:
    return Link(text="Your personal access tokens", url=f"{web}/settings/tokens")


def link_your_orgs(web: str) -> Link:
    return Link(text="Organizations you belong to", url=f"{web}/settings/organizations")


def link_org_policies(web: str, org: str) -> Link:
    return Link(
        text=f"{org}: Settings → Copilot → Policies → 'Copilot usage metrics' → Enabled",
        url=f"{web}/organizations/{org}/settings/copilot/policies",
    )


def link_org_people(web: str, org: str) -> Link:
    return Link(text=f"People and roles in {org}", url=f"{web}/orgs/{org}/people")


def link_enterprise_home(web: str, slug: str) -> Link:
    return Link(text=f"Enterprise {slug} on GitHub (people and billing)", url=f"{web}/enterprises/{slug}")


def link_enterprise(web: str, slug: str) -> Link:
    return Link(
        text=f"Enterprise {slug}: AI Controls → Copilot → Metrics → 'Enabled everywhere'",
        url=f"{web}/enterprises/{slug}",
    )


# ============================================================================= catalog

_LEGACY_HELP = (
    "Old integrations that call GET /orgs/{org}/copilot/metrics or "
    "/enterprises/{enterprise}/copilot/metrics get 404 for everyone since GitHub closed that "
    "API down on 2026-04-02: that 404 is not a permissions problem, the analytics product has "
    "to move to the report endpoints (…/copilot/metrics/reports/…)."
)

CATALOG = Catalog(
    "github",
    [
        CheckSpec(
            "github.token.format",
            "GitHub token format",
            "Offline: the token's prefix, length and checksum (classic ghp_ tokens carry a CRC32 "
            "checksum). Nothing is sent anywhere until this passes.",
            "The pasted text isn't a usable GitHub personal access token: another kind of token "
            "(OAuth gho_, GitHub App ghs_/ghu_, a Cursor or Anthropic key), or a classic token "
            "whose checksum doesn't match because a character was mistyped or cut off.",
            (DOC_TOKEN_FORMATS, DOC_CLASSIC_TOKEN),
            per="token",
        ),
        CheckSpec(
            "github.token.auth",
            "GitHub token sign-in",
            "GET /user: who the token belongs to, its scopes (X-OAuth-Scopes) and expiry "
            "(GitHub-Authentication-Token-Expiration).",
            "401 Bad credentials means the token was revoked, has expired, or belongs to another "
            "GitHub (github.com vs a GHE.com subdomain). A warning means it expires within 7 days, "
            "or the API URL is a GitHub Enterprise Server, which has no Copilot metrics.",
            (DOC_CLASSIC_TOKEN, DOC_TROUBLESHOOTING),
            per="token",
        ),
        CheckSpec(
            "github.token.scopes",
            "Token scopes",
            "The scopes GitHub reports for the token (X-OAuth-Scopes), compared with what each "
            "enterprise and organization needs.",
            "Enterprise reports need manage_billing:copilot or read:enterprise; organization "
            "reports need read:org (seats: read:org or manage_billing:copilot). Fine-grained tokens "
            "can't read enterprise-level reports at all.",
            (DOC_SCOPES, DOC_USAGE_API),
            per="token",
        ),
        CheckSpec(
            "github.orgs.discover",
            "Organizations this token can see",
            "GET /user/orgs (all pages), when no enterprise or organization was entered.",
            "The token sees no organization: it lacks read:org, it is a fine-grained token (these "
            "list no organizations), or it isn't authorized for the organizations' SAML SSO.",
            (DOC_SCOPES, DOC_SSO),
            per="token",
        ),
        CheckSpec(
            "github.enterprise.access",
            "Enterprise access",
            "GraphQL enterprise(slug:) { viewerIsAdmin }: the slug exists, is visible, and whether "
            "you are an enterprise owner.",
            "Not found means a wrong slug (it is the ENTERPRISE in github.com/enterprises/ENTERPRISE), "
            "no access, or a GitHub Enterprise Server URL: Copilot metrics live on the linked cloud "
            "enterprise on github.com or GHE.com.",
            (DOC_USAGE_API, DOC_DATA_RESIDENCY),
            per="enterprise",
        ),
        CheckSpec(
            "github.enterprise.usage_metrics",
            "Enterprise Copilot usage reports",
            "GET /enterprises/{enterprise}/copilot/metrics/reports/enterprise-28-day/latest and "
            "enterprise-1-day?day=(today − 3 days).",
            "403 with the right scopes and role means the enterprise's 'Copilot usage metrics' "
            "policy isn't 'Enabled everywhere' (AI Controls → Copilot → Metrics); fine-grained "
            "tokens are refused here. " + _LEGACY_HELP,
            (DOC_ENTERPRISE_POLICY, DOC_USAGE_API, DOC_LEGACY_CLOSED),
            per="enterprise",
        ),
        CheckSpec(
            "github.enterprise.seats",
            "Enterprise Copilot seats",
            "GET /enterprises/{enterprise}/copilot/billing/seats?per_page=1 (only its total_seats: "
            "each person once, across the enterprise's organizations and enterprise teams).",
            "An enterprise with no Copilot seats assigned anywhere has no Copilot usage to report. "
            "Seats are visible to enterprise owners and billing managers with a classic token "
            "(manage_billing:copilot or read:enterprise); fine-grained tokens are refused.",
            (DOC_ENTERPRISE_SEATS_API, DOC_COPILOT_ACCESS),
            per="enterprise",
        ),
        CheckSpec(
            "github.org.sso",
            "Single sign-on (SAML) authorization",
            "GET /orgs/{org} and the org's latest report: a 403 with X-GitHub-SSO: required; url=….",
            "The organization uses SAML single sign-on and the classic token isn't authorized for "
            "it. The authorization link GitHub sends is valid for one hour.",
            (DOC_SSO,),
            per="org",
        ),
        CheckSpec(
            "github.org.membership",
            "Your role in the organization",
            "GET /user/memberships/orgs/{org}: owner, billing manager or member; active or pending.",
            "Organization reports need an owner, or a custom role with 'View Organization Copilot "
            "Metrics'; seats need an owner.",
            (DOC_ORG_ROLES, DOC_ORG_METRICS_ROLE),
            per="org",
        ),
        CheckSpec(
            "github.org.usage_metrics",
            "Organization Copilot usage reports",
            "GET /orgs/{org}/copilot/metrics/reports/organization-28-day/latest and "
            "organization-1-day?day=(today − 3 days).",
            "403 with the right scope and role means the 'Copilot usage metrics' policy is off "
            "(Settings → Copilot → Policies). 204 means that day's report isn't generated yet "
            "(2–3 days delay; organization reports start 2025-12-12). " + _LEGACY_HELP,
            (DOC_POLICIES, DOC_USAGE_API, DOC_LEGACY_CLOSED),
            per="org",
        ),
        CheckSpec(
            "github.org.seats",
            "Copilot seats",
            "GET /orgs/{org}/copilot/billing/seats (all pages).",
            "No seats assigned, or no Copilot Business/Enterprise plan on the organization: then "
            "GitHub has no usage to report for it.",
            (DOC_COPILOT_ACCESS, DOC_SEATS_API),
            per="org",
        ),
        CheckSpec(
            "github.teams.eligibility",
            "Teams in team-level reports",
            "GET /orgs/{org}/teams and each team's members (all pages), compared with seat holders.",
            "Teams with fewer than 5 members who hold a Copilot seat are left out of team-level "
            "reports, so their numbers only show in the organization total.",
            (DOC_TEAM_METRICS,),
            per="org",
        ),
        CheckSpec(
            "github.reports.download",
            "Report download host reachable",
            "The first bytes of one report file from its signed download link (no GitHub token is "
            "sent), to prove the report host is reachable.",
            "A firewall, proxy or DNS filter that only allows api.github.com blocks the second step "
            "every analytics product needs: allow copilot-reports.github.com and *.b01.azurefd.net "
            "(GHE.com: copilot-reports.SUBDOMAIN.ghe.com).",
            (DOC_USAGE_API, DOC_ALLOWLIST),
            per="report host",
        ),
        CheckSpec(
            "github.api.rate_limit",
            "API rate limit",
            "GET /rate_limit: requests left in the hour for this token (resources.core).",
            "Less than 10% left: other tools using the same token (or the analytics product itself) "
            "use up the shared quota, and reads fail until the reset time.",
            (DOC_RATE_LIMITS,),
            per="token",
        ),
    ],
)

ID_FORMAT = "github.token.format"
ID_AUTH = "github.token.auth"
ID_SCOPES = "github.token.scopes"
ID_DISCOVER = "github.orgs.discover"
ID_ENT_ACCESS = "github.enterprise.access"
ID_ENT_USAGE = "github.enterprise.usage_metrics"
ID_ENT_SEATS = "github.enterprise.seats"
ID_ORG_SSO = "github.org.sso"
ID_ORG_MEMBERSHIP = "github.org.membership"
ID_ORG_USAGE = "github.org.usage_metrics"
ID_ORG_SEATS = "github.org.seats"
ID_TEAMS = "github.teams.eligibility"
ID_DOWNLOAD = "github.reports.download"
ID_RATE = "github.api.rate_limit"

# --- ctx.facts keys this provider sets (and reads in later checks) ---
F_LOGIN = "github.login"
F_TOKEN_KIND = "github.token_kind"
F_SCOPES = "github.scopes"  # list[str], or None when GitHub sends no X-OAuth-Scopes (fine-grained)
F_ENT_ADMIN = "github.enterprise_admin"  # {slug: bool}
F_LINKS = "github.report_links"  # {"org:acme": [link, …]} (28-day first)
F_SEATS = "github.seats"  # {org: {"total": int, "logins": [str], "by_team": {team slug: seats}}}

AUTH_NEED = ((ID_AUTH, "token"),)


def _now() -> datetime:
    """Now, in UTC. Tests replace this to pin 'today'."""
    return datetime.now(UTC)


# ========================================================================= header helpers


def parse_scopes(value: str | None) -> list[str] | None:
    """`X-OAuth-Scopes: repo, read:org` -> ["repo", "read:org"]; None when the header is absent."""
    if value is None:
        return None
    return [s.strip() for s in value.split(",") if s.strip()]


def expand_scopes(scopes: Sequence[str] | None) -> set[str]:
    """The scopes a token effectively has, including implied ones (admin:org ⊃ write:org ⊃ read:org)."""
    have: set[str] = set()
    todo = list(scopes or ())
    while todo:
        scope = todo.pop()
        if scope not in have:
            have.add(scope)
            todo.extend(IMPLIED_SCOPES.get(scope, ()))
    return have


def has_any(scopes: Sequence[str] | None, needed: Sequence[str]) -> bool:
    have = expand_scopes(scopes)
    return any(s in have for s in needed)


@dataclass(frozen=True)
class SsoHeader:
    """A parsed `X-GitHub-SSO` header."""

    kind: str  # "required" | "partial-results" | other
    url: str | None = None
    organizations: tuple[str, ...] = ()


def parse_sso_header(value: str | None) -> SsoHeader | None:
    """`required; url=https://…` or `partial-results; organizations=1,2`."""
    if not value:
        return None
    head, _, rest = value.partition(";")
    url: str | None = None
    orgs: tuple[str, ...] = ()
    for part in rest.split(";"):
        key, _, val = part.strip().partition("=")
        if key.strip().lower() == "url" and val.strip().startswith(("https://", "http://")):
            url = val.strip()
        elif key.strip().lower() == "organizations":
            orgs = tuple(o.strip() for o in val.split(",") if o.strip())
    return SsoHeader(head.strip().lower(), url, orgs)


_LINK_RE = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]+)*)")


def parse_link_header(value: str | None) -> dict[str, str]:
    """`<…?page=2>; rel="next", <…?page=5>; rel="last"` -> {"next": …, "last": …}."""
    links: dict[str, str] = {}
    for match in _LINK_RE.finditer(value or ""):
        url, params = match.group(1).strip(), match.group(2)
        for param in params.split(";"):
            key, _, val = param.strip().partition("=")
            if key.strip().lower() == "rel":
                for rel in val.strip().strip('"').split():
                    links.setdefault(rel.lower(), url)
    return links


_EXPIRY_FORMATS = ("%Y-%m-%d %H:%M:%S UTC", "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S %Z", "%Y-%m-%d")


def parse_expiry(value: str | None) -> datetime | None:
    """`GitHub-Authentication-Token-Expiration: 2021-10-07 19:07:53 UTC` as an aware datetime."""
    if not value:
        return None
    text = value.strip()
    for fmt in _EXPIRY_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _message(resp: Response) -> str:
    """GitHub's `message` (or the start of a non-JSON body), for quoting verbatim."""
    body = resp.json_or_none()
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return body["message"].strip()
    if isinstance(body, dict) and isinstance(body.get("errors"), list):
        return "; ".join(_gql_messages(body))
    if resp.body and not resp.is_html:
        return resp.text.strip()[:200]
    return ""


_SHOWN_HEADERS = (
    "x-github-sso",
    "x-oauth-scopes",
    "x-accepted-oauth-scopes",
    "x-accepted-github-permissions",
    "github-authentication-token-expiration",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "link",
    "x-github-request-id",
)
_CANONICAL = {
    "x-github-sso": "X-GitHub-SSO",
    "x-oauth-scopes": "X-OAuth-Scopes",
    "x-accepted-oauth-scopes": "X-Accepted-OAuth-Scopes",
    "x-accepted-github-permissions": "X-Accepted-GitHub-Permissions",
    "github-authentication-token-expiration": "GitHub-Authentication-Token-Expiration",
    "x-ratelimit-remaining": "X-RateLimit-Remaining",
    "x-ratelimit-reset": "X-RateLimit-Reset",
    "x-github-request-id": "X-GitHub-Request-Id",
}


def _http_line(resp: Response, *headers: str, message: bool = True) -> str:
    """One line of HTTP evidence: request, status, chosen headers, GitHub's message.
    Only used for API answers (their query strings are page numbers and days, never secrets)."""
    parts = [f"{resp.method} {resp.path} → HTTP {resp.status}"]
    for name in headers:
        if name in resp.headers:
            parts.append(f"{_CANONICAL.get(name, name)}: {resp.headers[name]}")
    if message and resp.status >= 300:
        msg = _message(resp)
        if msg:
            parts.append(f'GitHub said: "{msg}"')
    return "; ".join(parts)


def _evidence(*responses: Response | None, body: bool = True) -> dict[str, Any]:
    """Redaction-safe evidence for one or more answers (report bodies are left out: they
    carry signed download links)."""
    items = [
        r.evidence(*_SHOWN_HEADERS, body_chars=300 if body and r.status >= 300 else 0)
        for r in responses
        if r is not None
    ]
    return {"http": items}


# ============================================================================ site & auth


@dataclass(frozen=True)
class _Site:
    api: str
    web: str
    kind: str  # dotcom | ghe_com | ghes | other
    graphql: str


def _site(config: RunConfig) -> _Site:
    return _site_of(config.github.api_url or DEFAULT_GITHUB_API)


@cache
def _site_of(raw: str) -> _Site:
    """The addresses for a base URL, worked out once per URL (every request asks)."""
    kind = github_api_kind(raw)
    api = api_base(raw)
    # A simulator or test proxy: links people click still go to github.com.
    web = web_base(api) if kind != "other" else "https://github.com"
    return _Site(api=api, web=web, kind=kind, graphql=graphql_url(api))


def _raw_token(config: RunConfig) -> str:
    token = config.github.token
    return token.get_secret_value() if token is not None else ""


def is_configured(config: RunConfig) -> bool:
    return bool(_raw_token(config).strip())


def _headers(config: RunConfig) -> dict[str, str]:
    """The same headers for every API call of a run, so identical GETs are answered once."""
    token = verdict_for(_raw_token(config), "github").info.value
    return {
        "Authorization": f"Bearer {token}",
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": API_VERSION,
    }


async def _get(ctx: CheckContext, path: str, params: dict[str, Any] | None = None) -> Response:
    return await ctx.http.get(_site(ctx.config).api + path, headers=_headers(ctx.config), params=params)


def _token_kind(ctx: CheckContext) -> TokenKind:
    kind = ctx.facts.get(F_TOKEN_KIND)
    if kind is None:
        kind = verdict_for(_raw_token(ctx.config), "github").info.kind.value
    return TokenKind(kind)


def _is_fine_grained(ctx: CheckContext) -> bool:
    return _token_kind(ctx) is TokenKind.GITHUB_FINE_GRAINED


def _scopes(ctx: CheckContext) -> list[str] | None:
    return ctx.facts.get(F_SCOPES)


def _needed_scopes(config: RunConfig) -> list[str]:
    """What to tick on the pre-filled token form for this run."""
    scopes = ["read:org", "manage_billing:copilot"]
    if config.github.enterprises:
        scopes.append("read:enterprise")
    return scopes


def _report_day(start: date) -> date | None:
    """The most recent day whose 1-day report should exist; None before reports start."""
    day = _now().astimezone(UTC).date() - timedelta(days=REPORT_DELAY_DAYS)
    return day if day >= start else None


def _expected_report_host(site: _Site) -> str:
    if site.kind == "ghe_com":
        sub = host_of(site.web).removesuffix(".ghe.com")
        return f"copilot-reports.{sub}.ghe.com"
    return REPORT_HOSTS[0]


def _ghes_outcome(site: _Site, what: str) -> Outcome:
    return Outcome.fail(
        f"{host_of(site.web)} is a GitHub Enterprise Server; it has no Copilot {what}. Copilot "
        "metrics live on the enterprise's linked cloud account: set the API URL to "
        "https://api.github.com (or https://api.SUBDOMAIN.ghe.com) and use that account's names.",
        details=[
            f"API URL: {site.api} (GitHub Enterprise Server, recognised by /api/v3).",
            "Copilot licenses and usage metrics exist only on GitHub.com and GHE.com; an Enterprise "
            "Server enterprise connects to a cloud enterprise for Copilot.",
        ],
        remediation=[DOC_USAGE_API, DOC_DATA_RESIDENCY],
        evidence={"api_url": site.api, "api_kind": site.kind},
    )


def _input_error_outcome(error: str, what: str, web: str) -> Outcome:
    return Outcome.fail(
        error,
        details=[f"Nothing was sent to GitHub for this {what}; correct the name and run again."],
        remediation=[link_your_orgs(web), DOC_USAGE_API],
    )


# ================================================================================ pagination


@dataclass
class Paginated:
    """Every item of a paginated list, the pages it came from, and why it stopped early."""

    items: list[Any] = field(default_factory=list)
    pages: list[Response] = field(default_factory=list)
    """Each page's answer, for evidence: headers intact, body cut to its start (the items
    are in `items`), so a 100-org run doesn't hold every page it read."""
    error: Response | None = None
    """The first answer that wasn't a 2xx (pagination stopped there)."""
    truncated: str | None = None
    first_fields: dict[str, Any] = field(default_factory=dict)
    """The first page's other top-level fields (e.g. `total_seats`) when the list is under `key`."""

    @property
    def ok(self) -> bool:
        return self.error is None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _with_per_page(url: str, per_page: int) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if not any(k == "per_page" for k, _ in query):
        query.append(("per_page", str(per_page)))
    return urlunsplit(parts._replace(query=urlencode(query, safe=":,")))


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc.lower()


async def paginate(
    http: HttpClient,
    url: str,
    headers: dict[str, str],
    key: str | None = None,
    *,
    per_page: int = PER_PAGE,
    max_pages: int = MAX_PAGES,
    pick: Callable[[Any], Any] | None = None,
) -> Paginated:
    """Follow GitHub's `Link: <…>; rel="next"` headers and collect every item.

    The first page always asks for `per_page` (100) so every caller requests the same URL
    and the adapter answers repeats from its memo. `key` picks the list out of an object
    body (e.g. "seats"); without it the body must be a list. `pick` keeps only what the
    caller needs of each item. A next link on another host is not followed (the token
    would go there).
    """
    result = Paginated()
    current: str | None = _with_per_page(url, per_page)
    origin = _origin(current)
    seen: set[str] = set()
    while current:
        if current in seen:
            result.truncated = "GitHub's next-page link pointed back to a page already read"
            break
        if len(result.pages) >= max_pages:
            result.truncated = f"stopped after {max_pages} pages"
            break
        seen.add(current)
        resp = await http.get(current, headers=headers)
        if resp.status == 204:
            result.pages.append(resp)
            break
        if not resp.ok:
            result.error = resp
            break
        body = resp.json()
        chunk = body.get(key) if key and isinstance(body, dict) else body
        if not isinstance(chunk, list):
            raise HttpFailure(
                FailureKind.INVALID_JSON,
                f"{resp.host} answered {urlsplit(resp.url).path} with data of an unexpected shape "
                f"(expected a list{' under ' + repr(key) if key else ''}).",
                host=resp.host,
                status=resp.status,
            )
        if not result.pages and key and isinstance(body, dict):
            result.first_fields = {k: v for k, v in body.items() if k != key}
        result.items.extend(map(pick, chunk) if pick else chunk)
        result.pages.append(replace(resp, body=resp.body[:EVIDENCE_BODY_BYTES], _json=None, _json_parsed=False))
        nxt = parse_link_header(resp.headers.get("link")).get("next")
        # Drop this page before waiting for the next one: with hundreds of orgs paginating
        # at once, pages held across that wait add up to tens of megabytes.
        del resp, body, chunk
        if nxt and _origin(nxt) != origin:
            result.truncated = f"the next page is on another host ({host_of(nxt)}); not followed"
            break
        current = nxt
    return result


# ==================================================================== report-link watch


class _ReportWatch:
    """Which usage-metrics checks are still to finish in this run.

    A usage check that finds a report schedules the download probe for that report's host.
    When every usage check is done (or was blocked) and none found a link, a download
    check is still added, as a skip that says why, so the report always shows the row.
    """

    DISCOVERY = "discovery"

    def __init__(self, targets: Sequence[str], discovering: bool) -> None:
        self.pending: set[str] = set(targets)
        if discovering:
            self.pending.add(self.DISCOVERY)
        self.hosts: dict[str, str] = {}
        self.closed = False

    def expect(self, targets: Sequence[str]) -> None:
        if not self.closed:
            self.pending |= set(targets)

    def found(self, ctx: CheckContext, usage_id: str, links: Sequence[str]) -> None:
        new: list[PlannedCheck] = []
        for link in links:
            host = host_of(link)
            if not host or host in self.hosts:
                continue
            self.hosts[host] = link
            new.append(
                PlannedCheck(
                    CATALOG[ID_DOWNLOAD],
                    check_reports_download,
                    target=f"host:{host}",
                    needs=((usage_id, ctx.target),),
                    params={"link": link, "source": ctx.target},
                    order_hint=len(self.hosts),
                )
            )
        if new:
            ctx.schedule(new)

    def settle(self, ctx: CheckContext, *targets: str, everything: bool = False) -> None:
        if self.closed:
            return
        if everything:
            self.pending.clear()
        else:
            self.pending.difference_update(targets)
        if self.pending:
            return
        self.closed = True
        if not self.hosts:
            host = _expected_report_host(_site(ctx.config))
            ctx.schedule(
                [PlannedCheck(CATALOG[ID_DOWNLOAD], _no_report_link, target=f"host:{host}", needs=AUTH_NEED)]
            )




def _watch(ctx: CheckContext) -> _ReportWatch | None:
    return ctx.params.get("watch")


def _gate(fn: CheckFn, *, everything: bool = False) -> CheckFn:
    """A prerequisite of usage checks: when it doesn't pass, those checks will be skipped,
    so tell the watch not to wait for them."""

    async def run(ctx: CheckContext) -> Outcome:
        ok = False
        try:
            outcome = await fn(ctx)
            ok = outcome.status.is_passing
            return outcome
        finally:
            watch = _watch(ctx)
            if watch is not None and not ok:
                watch.settle(ctx, ctx.target, everything=everything)

    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run


def _usage(usage_id: str, fn: CheckFn) -> CheckFn:
    """A usage-metrics check: schedule the download probe for the links it found."""

    async def run(ctx: CheckContext) -> Outcome:
        watch = _watch(ctx)
        try:
            outcome = await fn(ctx)
            links = ctx.facts.get(F_LINKS, {}).get(ctx.target, [])
            if watch is not None and links and outcome.status.is_passing:
                watch.found(ctx, usage_id, links)
            return outcome
        finally:
            if watch is not None:
                watch.settle(ctx, ctx.target)

    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run


# ================================================================================ checks
# ------------------------------------------------------------------------ token checks


async def _not_configured(ctx: CheckContext) -> Outcome:
    return Outcome.skip(
        "Not configured: no GitHub token was given (set AIUSAGE_GITHUB_TOKEN, or enter it in the app)"
    )


async def check_token_format(ctx: CheckContext) -> Outcome:
    """Offline: is this a GitHub personal access token at all, and intact?"""
    verdict = verdict_for(_raw_token(ctx.config), "github")
    info = verdict.info
    site = _site(ctx.config)
    details, evidence = format_findings(verdict)
    fix = [link_new_token(site.web, _needed_scopes(ctx.config)), DOC_TOKEN_FORMATS]

    if verdict.level in ("error", "empty"):
        details.append("The token is not sent to GitHub or anywhere else until this is fixed.")
        return Outcome.fail(verdict.message, details=details, remediation=fix, evidence=evidence)
    if info.kind is TokenKind.GITHUB_FINE_GRAINED and ctx.config.github.enterprises:
        return Outcome.warn(
            "This is a fine-grained token: it works for organization reports, but GitHub refuses "
            "fine-grained tokens for enterprise-level reports (use a classic token for those).",
            details=details,
            remediation=fix,
            evidence=evidence,
        )
    if info.cleaned:
        return Outcome.warn(
            "The token is fine once the extra characters around it are removed ("
            + "; ".join(n.lower() for n in info.cleaned)
            + "). Give the analytics product the token without them.",
            details=details,
            remediation=[DOC_TOKEN_FORMATS],
            evidence=evidence,
        )
    if verdict.level == "warn" and info.kind is not TokenKind.GITHUB_FINE_GRAINED:
        return Outcome.warn(verdict.message, details=details, remediation=fix, evidence=evidence)
    if info.kind is TokenKind.GITHUB_FINE_GRAINED:
        return Outcome.passed(
            "GitHub fine-grained personal access token — format OK.", details=details, evidence=evidence
        )
    return Outcome.passed(verdict.message, details=details, evidence=evidence)


async def check_token_auth(ctx: CheckContext) -> Outcome:
    """GET /user: does GitHub accept the token, whose is it, when does it expire?"""
    site = _site(ctx.config)
    resp = await _get(ctx, USER)
    ev = _evidence(resp)
    ev.update(api_url=site.api, api_kind=site.kind)
    info = verdict_for(_raw_token(ctx.config), "github").info
    fix_token = [link_tokens(site.web), link_new_token(site.web, _needed_scopes(ctx.config))]

    if resp.status == 401:
        other_host = (
            "If your company's GitHub is on GHE.com (an address ending in .ghe.com), set the API "
            "URL to https://api.SUBDOMAIN.ghe.com; a github.com token doesn't work there, and the "
            "other way round."
        )
        return Outcome.fail(
            f"GitHub rejected this token (401 Bad credentials): it was revoked or has expired, or "
            f"it belongs to a different GitHub than {host_of(site.api)}.",
            details=[_http_line(resp), other_host],
            remediation=fix_token + [DOC_TROUBLESHOOTING],
            evidence=ev,
        )
    if resp.status == 404:
        return Outcome.fail(
            f"{site.api} doesn't answer like GitHub's API (GET /user → 404). Check the API URL: "
            "https://api.github.com, https://api.SUBDOMAIN.ghe.com, or https://HOST/api/v3.",
            details=[_http_line(resp)],
            remediation=[DOC_DATA_RESIDENCY, DOC_TROUBLESHOOTING],
            evidence=ev,
        )
    if not resp.ok:
        msg = _message(resp)
        return Outcome.fail(
            f"GitHub refused to say who this token belongs to (HTTP {resp.status})"
            + (f": \"{msg}\"." if msg else "."),
            details=[
                _http_line(resp),
                "After several requests with bad credentials GitHub briefly refuses every sign-in "
                "from this address with 403; wait a few minutes and try again.",
            ],
            remediation=fix_token + [DOC_TROUBLESHOOTING],
            evidence=ev,
        )
    body = resp.json()
    login = body.get("login") if isinstance(body, dict) else None
    if not isinstance(login, str) or not login:
        return Outcome.fail(
            f"{host_of(site.api)} answered GET /user without a user name; it may not be a GitHub API.",
            details=[_http_line(resp)],
            remediation=[DOC_TROUBLESHOOTING],
            evidence=ev,
        )

    scopes = parse_scopes(resp.headers.get("x-oauth-scopes"))
    expires = parse_expiry(resp.headers.get("github-authentication-token-expiration"))
    ctx.facts[F_LOGIN] = login
    ctx.facts[F_TOKEN_KIND] = info.kind.value
    ctx.facts[F_SCOPES] = scopes

    details = [
        f"Signed in as {login} on {host_of(site.api)}.",
        f"Token: {info.label}.",
        "Scopes: " + (", ".join(scopes) if scopes else "none")
        if scopes is not None
        else "Scopes: GitHub lists none for this kind of token (fine-grained tokens have permissions instead).",
        f"Expires: {expires:%Y-%m-%d %H:%M} UTC." if expires else "Expires: never (no expiry date set).",
    ]
    if expires is not None:
        left = expires - _now()
        if left.total_seconds() <= 0:
            return Outcome.fail(
                f"This token expired on {expires:%Y-%m-%d}; create a new one.",
                details=details, remediation=fix_token, evidence=ev,
            )
        if left <= timedelta(days=EXPIRY_WARN_DAYS):
            days = max(0, left.days)
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            return Outcome.warn(
                f"The token works (signed in as {login}) but expires on {expires:%Y-%m-%d} ({when}); "
                "the analytics product will stop receiving data then.",
                details=details + ["Regenerate it (or create a new one) before that date and update the analytics product."],
                remediation=fix_token,
                evidence=ev,
            )
    if site.kind == "ghes":
        return Outcome.warn(
            f"The token works on {host_of(site.web)} (signed in as {login}), but that is a GitHub "
            "Enterprise Server, which has no Copilot usage metrics: they live on the linked cloud "
            "enterprise on github.com or GHE.com.",
            details=details + [
                "Use a token from GitHub.com (or your GHE.com subdomain) and the API URL "
                "https://api.github.com (or https://api.SUBDOMAIN.ghe.com).",
            ],
            remediation=[DOC_USAGE_API, DOC_DATA_RESIDENCY],
            evidence=ev,
        )
    if site.kind == "other":
        details.append(f"API URL {site.api} is not api.github.com or a GHE.com address (test or simulator?).")
    return Outcome.passed(f"The token is valid: signed in as {login}.", details=details, evidence=ev)


async def check_token_scopes(ctx: CheckContext) -> Outcome:
    """Compare the token's scopes with what each enterprise and organization needs."""
    site = _site(ctx.config)
    enterprises: list[str] = ctx.params.get("enterprises", [])
    orgs: list[str] = ctx.params.get("orgs", [])
    discovering: bool = ctx.params.get("discover", False)
    scopes = _scopes(ctx)
    form = link_new_token(site.web, _needed_scopes(ctx.config))
    ev = {"scopes": scopes, "token_kind": _token_kind(ctx).value}

    if _is_fine_grained(ctx) or scopes is None:
        fg_details = [
            "GitHub doesn't list a fine-grained token's permissions up front; the organization "
            "checks below name any permission GitHub says is missing (X-Accepted-GitHub-Permissions).",
            "Organization reports need the organization permission 'Copilot metrics' (read); seats "
            "need 'GitHub Copilot Business' (read) or 'Administration' (read).",
        ]
        if discovering:
            fg_details.append(
                "Fine-grained tokens list no organizations (GET /user/orgs answers an empty list): "
                "enter the organization names."
            )
        if enterprises:
            return Outcome.fail(
                "Enterprise-level Copilot reports can't be read with a fine-grained token: GitHub "
                "only accepts a classic token (manage_billing:copilot or read:enterprise) or a "
                "GitHub App with 'Enterprise Copilot metrics' (read).",
                details=[f"Enterprises entered: {', '.join(enterprises)}."] + fg_details,
                remediation=[form, DOC_USAGE_API, DOC_FG_PERMISSIONS],
                evidence=ev,
            )
        return Outcome.passed(
            "Fine-grained token: its permissions are checked per organization below.",
            details=fg_details,
            evidence=ev,
        )

    rows: list[str] = []
    missing: list[tuple[str, str]] = []  # (scope wording, what for)

    def need(any_of: Sequence[str], what: str) -> None:
        ok = has_any(scopes, any_of)
        wording = " or ".join(any_of)
        rows.append(f"{what}: needs {wording} — {'OK' if ok else 'MISSING'}")
        if not ok:
            missing.append((wording, what))

    for slug in enterprises:
        need(SCOPES_ENTERPRISE_REPORTS, f"Enterprise {slug} reports")
    if orgs or discovering:
        label = ", ".join(orgs) if orgs else "discovered organizations"
        need(SCOPES_ORG_REPORTS, f"Organization reports ({label})")
        need(SCOPES_ORG_SEATS, f"Organization seats ({label})")
    if discovering:
        need(SCOPES_LIST_ORGS, "Listing your organizations")
    implied = sorted(expand_scopes(scopes) - set(scopes))
    details = [f"Token scopes: {', '.join(scopes) if scopes else 'none'}."]
    if implied:
        details.append(f"Implied by those: {', '.join(implied)}.")
    details += rows
    if missing:
        first, what = missing[0]
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        return Outcome.fail(
            f"The token is missing the {first} scope needed for {what.lower()}{more}. Create a token "
            "with the pre-filled form (or edit this one's scopes).",
            details=details + [
                "Editing a classic token's scopes keeps its value but may need SSO authorization again.",
            ],
            remediation=[form, link_tokens(site.web), DOC_SCOPES],
            evidence=ev,
        )
    return Outcome.passed("The token has every scope the checked enterprises and organizations need.",
                          details=details, evidence=ev)


async def check_rate_limit(ctx: CheckContext) -> Outcome:
    """GET /rate_limit: how much of the hourly quota is left."""
    site = _site(ctx.config)
    resp = await _get(ctx, RATE_LIMIT)
    ev = _evidence(resp)
    if resp.status == 404 and site.kind == "ghes":
        return Outcome.passed("Rate limiting is turned off on this GitHub Enterprise Server.", evidence=ev)
    if not resp.ok:
        return Outcome.warn(
            f"GitHub didn't report the rate limit (HTTP {resp.status}); the other checks are unaffected.",
            details=[_http_line(resp)],
            remediation=[DOC_RATE_LIMITS],
            evidence=ev,
        )
    body = resp.json() if resp.body else {}
    core = {}
    if isinstance(body, dict):
        core = (body.get("resources") or {}).get("core") or body.get("rate") or {}
    try:
        limit, remaining, reset = int(core["limit"]), int(core["remaining"]), int(core["reset"])
    except (KeyError, TypeError, ValueError):
        return Outcome.warn(
            "GitHub's rate-limit answer had no 'core' numbers; the other checks are unaffected.",
            details=[_http_line(resp)],
            remediation=[DOC_RATE_LIMITS],
            evidence=ev,
        )
    at = datetime.fromtimestamp(reset, UTC)
    details = [f"Core API: {remaining:,} of {limit:,} requests left; the quota resets at {at:%H:%M} UTC."]
    graphql = (body.get("resources") or {}).get("graphql") if isinstance(body, dict) else None
    if isinstance(graphql, dict) and "remaining" in graphql:
        details.append(f"GraphQL: {graphql.get('remaining')} of {graphql.get('limit')} points left.")
    if limit > 0 and remaining < limit * RATE_LOW_SHARE:
        return Outcome.warn(
            f"Only {remaining:,} of {limit:,} GitHub API requests are left this hour (resets at "
            f"{at:%H:%M} UTC): another tool using the same account is using up the quota, and the "
            "analytics product's reads will fail when it runs out.",
            details=details + [
                "The quota is per user: every token of this account (scripts, CI, other "
                "integrations) shares it. Spread heavy jobs out or use a GitHub App for them.",
            ],
            remediation=[DOC_RATE_LIMITS],
            evidence=ev,
        )
    return Outcome.passed(f"{remaining:,} of {limit:,} API requests left this hour.", details=details, evidence=ev)


# ---------------------------------------------------------------------------- discovery


class DiscoveryError(RuntimeError):
    """Discovery could not list organizations; the message is one plain sentence."""


async def _list_orgs(http: HttpClient, config: RunConfig) -> Paginated:
    return await paginate(http, _site(config).api + USER_ORGS, _headers(config))


def _org_logins(result: Paginated) -> list[str]:
    logins: list[str] = []
    for item in result.items:
        login = item.get("login") if isinstance(item, dict) else None
        if isinstance(login, str) and login and login.lower() not in logins:
            logins.append(login.lower())
    return logins


def _partial_sso(result: Paginated) -> SsoHeader | None:
    for page in result.pages:
        sso = parse_sso_header(page.headers.get("x-github-sso"))
        if sso is not None and sso.kind == "partial-results":
            return sso
    return None


async def discover_orgs(http: HttpClient, config: RunConfig) -> list[str]:
    """The organizations the configured token can see (lower-case), for the app's Discover button.

    Raises `DiscoveryError` with a plain sentence when GitHub refuses, and `HttpFailure`
    for network problems.
    """
    verdict = verdict_for(_raw_token(config), "github")
    if verdict.level in ("empty", "error"):
        raise DiscoveryError(verdict.message)
    result = await _list_orgs(http, config)
    if result.error is not None:
        status = result.error.status
        if status == 401:
            raise DiscoveryError("GitHub rejected the token (401 Bad credentials): it was revoked or has expired.")
        if status == 403:
            raise DiscoveryError(
                "GitHub refused to list your organizations (403): the token needs the read:org scope."
            )
        raise DiscoveryError(f"GitHub refused to list your organizations (HTTP {status}).")
    orgs = _org_logins(result)
    if not orgs and verdict.info.kind is TokenKind.GITHUB_FINE_GRAINED:
        raise DiscoveryError(
            "Fine-grained tokens can't list your organizations (GitHub answers an empty list): "
            "type the organization names instead."
        )
    return orgs


async def check_orgs_discover(ctx: CheckContext) -> Outcome:
    """No org or enterprise entered: find the orgs the token can see and check each one."""
    site = _site(ctx.config)
    watch = _watch(ctx)
    try:
        result = await _list_orgs(ctx.http, ctx.config)
        ev = _evidence(*result.pages[:3], result.error)
        ev["pages"] = len(result.pages)
        if result.error is not None:
            resp = result.error
            if resp.status == 403:
                return Outcome.fail(
                    "GitHub refused to list your organizations: the token needs the read:org scope "
                    "(or enter the organization names yourself).",
                    details=[_http_line(resp, "x-oauth-scopes", "x-accepted-oauth-scopes")],
                    remediation=[link_new_token(site.web, _needed_scopes(ctx.config)), DOC_SCOPES],
                    evidence=ev,
                )
            return Outcome.fail(
                f"GitHub didn't list your organizations (HTTP {resp.status}).",
                details=[_http_line(resp)],
                remediation=[DOC_TROUBLESHOOTING],
                evidence=ev,
            )
        orgs = _org_logins(result)
        partial = _partial_sso(result)
        details: list[str] = []
        if partial is not None:
            details.append(
                "GitHub left out organizations that use SAML single sign-on this token isn't "
                f"authorized for (X-GitHub-SSO: partial-results; organization ids "
                f"{', '.join(partial.organizations) or 'not given'}). Authorize the token for them "
                "(Settings → Developer settings → Personal access tokens → Configure SSO) and run again."
            )
        if result.truncated:
            details.append(f"The list may be incomplete: {result.truncated}.")
        if not orgs:
            if _is_fine_grained(ctx):
                return Outcome.fail(
                    "Fine-grained tokens can't list your organizations (GitHub answers an empty "
                    "list), so there is nothing to check: enter the organization names.",
                    details=details + [_http_line(result.pages[0])] if result.pages else details,
                    remediation=[link_your_orgs(site.web), DOC_FG_PERMISSIONS],
                    evidence=ev,
                )
            return Outcome.fail(
                "This token can't see any organization, so there is no Copilot data to check. "
                "Enter the organization names, or use a token of an organization owner with read:org.",
                details=details,
                remediation=[DOC_SSO, link_your_orgs(site.web), DOC_SCOPES]
                if partial
                else [link_your_orgs(site.web), DOC_SCOPES],
                evidence=ev,
            )
        if watch is not None:
            watch.expect([f"org:{o}" for o in orgs])
        ctx.schedule([c for i, org in enumerate(orgs) for c in _org_checks(org, i, watch)])
        shown = ", ".join(orgs[:5]) + (f" and {len(orgs) - 5} more" if len(orgs) > 5 else "")
        noun = "organization" if len(orgs) == 1 else "organizations"
        summary = f"Found {len(orgs)} {noun} this token can see: {shown}."
        details.insert(0, f"All: {', '.join(orgs)}.")
        details.append(f"Read {len(result.pages)} page(s) of GET /user/orgs.")
        if partial is not None:
            return Outcome.warn(
                summary[:-1] + "; more are hidden until the token is authorized for their SAML single sign-on.",
                details=details,
                remediation=[DOC_SSO, link_tokens(site.web)],
                evidence=ev,
            )
        return Outcome.passed(summary, details=details, evidence=ev)
    finally:
        if watch is not None:
            watch.settle(ctx, _ReportWatch.DISCOVERY)


# ---------------------------------------------------------------------- SSO and denials


def _sso_outcome(label: str, resp: Response, site: _Site) -> Outcome:
    sso = parse_sso_header(resp.headers.get("x-github-sso"))
    links: list[Link] = []
    if sso is not None and sso.url:
        links.append(Link(text=f"Authorize this token for {label} (link valid for one hour)", url=sso.url))
    links += [DOC_SSO, link_tokens(site.web)]
    return Outcome.fail(
        f"{label} uses SAML single sign-on and this token isn't authorized for it. Open the "
        "authorization link (valid for one hour) and click Authorize.",
        details=[
            _http_line(resp, "x-github-sso"),
            "GitHub's authorization link expires one hour after it was issued; if it has, run the "
            "check again for a fresh one, or open Settings → Developer settings → Personal access "
            "tokens → Configure SSO → Authorize.",
            "Fine-grained tokens are authorized when they are created; classic tokens need this "
            "step once per organization that uses SAML.",
        ],
        remediation=links,
        evidence=_evidence(resp),
    )


def _sso_required(resp: Response) -> bool:
    sso = parse_sso_header(resp.headers.get("x-github-sso"))
    return resp.status in (401, 403, 404) and sso is not None and sso.kind == "required"


async def _org_role(ctx: CheckContext, org: str) -> tuple[str | None, Response]:
    """The user's role in an org (None when unknown). Shares its GET with the membership check."""
    resp = await _get(ctx, ORG_MEMBERSHIP.format(org=org))
    role: str | None = None
    if resp.ok:
        body = resp.json_or_none()
        if isinstance(body, dict) and body.get("state", "active") == "active":
            role = body.get("role") if isinstance(body.get("role"), str) else None
        elif isinstance(body, dict):
            role = "pending"
    elif resp.status == 404:
        role = "none"
    return role, resp


_ROLE_WORDS = {
    "admin": "an owner",
    "member": "a member (not an owner)",
    "billing_manager": "a billing manager (not an owner)",
    "pending": "invited but hasn't accepted yet",
    "none": "not a member",
}


def _denial_line(resp: Response) -> str:
    """The refused request, with the headers that name the scope or permission GitHub wanted."""
    return _http_line(resp, "x-oauth-scopes", "x-accepted-oauth-scopes", "x-accepted-github-permissions")


def _missing_scope(ctx: CheckContext, owner: str, what: str, needed: Sequence[str], details: list[str],
                   ev: dict[str, Any]) -> Outcome | None:
    """A classic token with none of `needed`: that is the cause, fixed with the pre-filled
    token form. None when the token has one (or sends no scopes: fine-grained)."""
    scopes = _scopes(ctx)
    if scopes is None or has_any(scopes, needed):
        return None
    site = _site(ctx.config)
    return Outcome.fail(
        f"The token is missing the {' or '.join(needed)} scope that {owner}'s {what} need.",
        details=details + [f"Token scopes: {', '.join(scopes) or 'none'}."],
        remediation=[link_new_token(site.web, _needed_scopes(ctx.config)), link_tokens(site.web), DOC_SCOPES],
        evidence=ev,
    )


async def _org_block(
    ctx: CheckContext,
    org: str,
    resp: Response,
    what: str,
    *,
    scopes_needed: Sequence[str],
    fg_permission: str,
    reports: bool,
) -> tuple[Outcome | None, str, dict[str, Any]]:
    """The first of SSO, IP allow list, fine-grained permission, scope and role that explains a
    refusal, as an Outcome; else None, a sentence saying scope and role look right, and evidence."""
    site = _site(ctx.config)
    ev = _evidence(resp)
    if _sso_required(resp):
        return _sso_outcome(f"Organization {org}", resp, site), "", ev
    msg = _message(resp)
    details = [_denial_line(resp)]
    if "ip allow list" in msg.lower():
        return Outcome.fail(
            f"{org} only accepts requests from allowed IP addresses, and this computer's address "
            "(or the analytics product's) isn't on its IP allow list.",
            details=details,
            remediation=[Link(text=f"{org}: Settings → Authentication security → IP allow list",
                              url=f"{site.web}/organizations/{org}/settings/security"), DOC_TROUBLESHOOTING],
            evidence=ev,
        ), "", ev
    accepted = resp.headers.get("x-accepted-github-permissions")
    if _is_fine_grained(ctx) and (accepted or "personal access token" in msg.lower()):
        perm = accepted or fg_permission
        return Outcome.fail(
            f"This fine-grained token lacks the permission GitHub needs for {org}'s {what} ({perm}). "
            "Edit the token, give it that organization permission (read), and make sure its "
            f"resource owner is {org}.",
            details=details + [f"GitHub's documented permission: {fg_permission}."],
            remediation=[Link(text="Edit your fine-grained tokens", url=f"{site.web}/settings/personal-access-tokens"),
                         DOC_FG_PERMISSIONS],
            evidence=ev,
        ), "", ev
    if (missing := _missing_scope(ctx, org, what, scopes_needed, details, ev)) is not None:
        return missing, "", ev
    role, role_resp = await _org_role(ctx, org)
    ev["http"].append(role_resp.evidence(*_SHOWN_HEADERS, body_chars=0))
    login = ctx.facts.get(F_LOGIN, "this account")
    if role is not None and role != "admin":
        return Outcome.fail(
            f"{login} is {_ROLE_WORDS.get(role, role)} of {org}; GitHub only shows its {what} to "
            "organization owners"
            + (" and people with a custom role that has 'View Organization Copilot Metrics'." if reports else "."),
            details=details + [
                f"Role from GET /user/memberships/orgs/{org}: {role}.",
                "Ask an owner of the organization to make this account an owner"
                + (", or to give it a custom organization role with the Copilot metrics permission" if reports else "")
                + " — or use a token of an owner.",
            ],
            remediation=[link_org_people(site.web, org), DOC_ORG_METRICS_ROLE, DOC_ORG_ROLES],
            evidence=ev,
        ), "", ev
    fine = (
        f"{login} is an owner of {org} and the token has the needed scope"
        if role == "admin"
        else f"The role of {login} in {org} couldn't be read (HTTP {role_resp.status}); the token has the needed scope"
    )
    return None, fine, ev


async def _org_denial(
    ctx: CheckContext,
    org: str,
    resp: Response,
    what: str,
    *,
    scopes_needed: Sequence[str],
    fg_permission: str,
    policy: bool,
) -> Outcome:
    """Why GitHub refused an organization endpoint: SSO, fine-grained permission, scope, role —
    and, for reports, only when all of those look right, the 'Copilot usage metrics' policy."""
    site = _site(ctx.config)
    if resp.status == 401:
        return _rejected_outcome(resp, site)
    blocked, fine, ev = await _org_block(ctx, org, resp, what, scopes_needed=scopes_needed,
                                         fg_permission=fg_permission, reports=policy)
    if blocked is not None:
        return blocked
    details = [_denial_line(resp)]
    if policy:
        return Outcome.fail(
            f"The 'Copilot usage metrics' policy is turned off for {org}: turn it on in the "
            "organization's Copilot policies (or, if the organization belongs to an enterprise, "
            "in the enterprise's AI Controls → Copilot → Metrics).",
            details=details + [
                fine + ", so the remaining cause is the policy.",
                "An organization policy left 'Unconfigured' counts as disabled; an enterprise "
                "policy, when set, overrides the organization's.",
            ],
            remediation=[link_org_policies(site.web, org), DOC_POLICIES, DOC_ENTERPRISE_POLICY],
            evidence=ev,
        )
    msg = _message(resp)
    return Outcome.fail(
        f"GitHub refused to show {org}'s {what} (HTTP {resp.status})" + (f": \"{msg}\"" if msg else "") + ".",
        details=details + [fine + "."],
        remediation=[DOC_SEATS_API, DOC_TROUBLESHOOTING],
        evidence=ev,
    )


def _rejected_outcome(resp: Response, site: _Site) -> Outcome:
    return Outcome.fail(
        "GitHub rejected the token (401 Bad credentials): it was revoked or expired during the run.",
        details=[_http_line(resp)],
        remediation=[link_tokens(site.web), DOC_TROUBLESHOOTING],
        evidence=_evidence(resp),
    )


def _enterprise_denial(ctx: CheckContext, slug: str, resp: Response, what: str = "Copilot reports",
                       policy: bool = True) -> Outcome:
    """Why GitHub refused an enterprise endpoint: SSO, fine-grained token, scope, role, and
    (for the usage reports, `policy`) the metrics policy."""
    site = _site(ctx.config)
    label = f"Enterprise {slug}"
    if _sso_required(resp):
        return _sso_outcome(label, resp, site)
    msg = _message(resp)
    details = [_denial_line(resp)]
    ev = _evidence(resp)
    form = link_new_token(site.web, _needed_scopes(ctx.config))
    if _is_fine_grained(ctx) or "personal access token" in msg.lower():
        return Outcome.fail(
            f"Fine-grained personal access tokens can't read enterprise-level {what}. Use a "
            "classic token with manage_billing:copilot or read:enterprise (or a GitHub App with "
            "'Enterprise Copilot metrics' read access).",
            details=details,
            remediation=[form, DOC_USAGE_API, DOC_CLASSIC_TOKEN],
            evidence=ev,
        )
    if (missing := _missing_scope(ctx, f"enterprise {slug}", what, SCOPES_ENTERPRISE_REPORTS, details, ev)):
        return missing
    admin = ctx.facts.get(F_ENT_ADMIN, {}).get(slug)
    login = ctx.facts.get(F_LOGIN, "this account")
    if admin is False:
        return Outcome.fail(
            f"{login} isn't an owner of enterprise {slug}; its {what} are shown only to "
            "enterprise owners, billing managers"
            + (" and people with the 'View Enterprise Copilot Metrics' role." if policy else "."),
            details=details + ["GraphQL enterprise.viewerIsAdmin is false for this account."],
            remediation=[(link_enterprise if policy else link_enterprise_home)(site.web, slug),
                         DOC_ENTERPRISE_ROLE if policy else DOC_ENTERPRISE_SEATS_API],
            evidence=ev,
        )
    if not policy:
        msg_part = f': "{msg}"' if msg else ""
        return Outcome.fail(
            f"GitHub refused enterprise {slug}'s {what} (HTTP {resp.status}){msg_part}. Only enterprise "
            "owners and billing managers can see them.",
            details=details,
            remediation=[link_enterprise_home(site.web, slug), DOC_ENTERPRISE_SEATS_API],
            evidence=ev,
        )
    return Outcome.fail(
        f"The 'Copilot usage metrics' policy of enterprise {slug} isn't 'Enabled everywhere': an "
        "enterprise owner must set it under AI Controls → Copilot → Metrics.",
        details=details + [
            (f"{login} is an enterprise owner" if admin else f"{login}'s enterprise role couldn't be confirmed")
            + " and the token has the needed scope, so the remaining cause is the policy.",
        ],
        remediation=[link_enterprise(site.web, slug), DOC_ENTERPRISE_POLICY, DOC_USAGE_API],
        evidence=ev,
    )


# ------------------------------------------------------------------------- enterprise


def _gql_messages(body: dict[str, Any]) -> list[str]:
    out = []
    for err in body.get("errors") or []:
        if isinstance(err, dict) and isinstance(err.get("message"), str):
            out.append(err["message"])
    return out


async def check_enterprise_access(ctx: CheckContext) -> Outcome:
    """GraphQL enterprise(slug:) { viewerIsAdmin }: does the enterprise exist, are you an owner?"""
    site = _site(ctx.config)
    if ctx.params.get("error"):
        return _input_error_outcome(ctx.params["error"], "enterprise", site.web)
    slug = ctx.params["enterprise"]
    if site.kind == "ghes":
        return _ghes_outcome(site, "usage metrics for enterprises")
    resp = await ctx.http.post(
        site.graphql,
        headers=_headers(ctx.config),
        json={"query": ENTERPRISE_QUERY, "variables": {"slug": slug}},
        idempotent=True,
    )
    ev = _evidence(resp)
    details = [_http_line(resp, "x-oauth-scopes", "x-github-sso")]
    page = link_enterprise(site.web, slug)
    if resp.status == 401:
        return _rejected_outcome(resp, site)
    if _sso_required(resp):
        return _sso_outcome(f"Enterprise {slug}", resp, site)
    if not resp.ok:
        return Outcome.warn(
            f"Couldn't look enterprise {slug} up (GraphQL answered HTTP {resp.status}); the report "
            "check below will still try.",
            details=details, remediation=[page, DOC_USAGE_API], evidence=ev,
        )
    body = resp.json()
    body = body if isinstance(body, dict) else {}
    ent = (body.get("data") or {}).get("enterprise")
    errors = body.get("errors") or []
    types = {str(e.get("type", "")).upper() for e in errors if isinstance(e, dict)}
    saml = any(isinstance(e, dict) and (e.get("extensions") or {}).get("saml_failure") for e in errors)
    messages = _gql_messages(body)
    details += [f'GitHub said: "{m}"' for m in messages[:3]]
    if saml:
        return Outcome.fail(
            f"Enterprise {slug} uses SAML single sign-on and this token isn't authorized for it: "
            "authorize it for an organization of the enterprise.",
            details=details + ["Settings → Developer settings → Personal access tokens → Configure SSO → Authorize."],
            remediation=[link_tokens(site.web), DOC_SSO],
            evidence=ev,
        )
    if isinstance(ent, dict):
        admin = ent.get("viewerIsAdmin")
        name = ent.get("name") or slug
        if isinstance(admin, bool):
            ctx.facts.setdefault(F_ENT_ADMIN, {})[slug] = admin
        login = ctx.facts.get(F_LOGIN, "This account")
        if _is_fine_grained(ctx):
            return Outcome.warn(
                f"Enterprise {slug} ({name}) is visible, but this is a fine-grained token, which GitHub "
                "refuses for enterprise-level Copilot reports.",
                details=details, remediation=[link_new_token(site.web, _needed_scopes(ctx.config)), DOC_USAGE_API],
                evidence=ev,
            )
        if admin is True:
            return Outcome.passed(f"Enterprise {slug} ({name}) found; {login} is an enterprise owner.",
                                  details=details, evidence=ev)
        return Outcome.warn(
            f"Enterprise {slug} ({name}) is visible, but {login} isn't an enterprise owner: its reports "
            "also need a billing manager or the 'View Enterprise Copilot Metrics' role.",
            details=details + ["GraphQL enterprise.viewerIsAdmin is false; billing managers and custom roles can't be seen here."],
            remediation=[page, DOC_ENTERPRISE_ROLE],
            evidence=ev,
        )
    if _is_fine_grained(ctx):
        return Outcome.warn(
            f"Couldn't look enterprise {slug} up with a fine-grained token; GitHub refuses these "
            "tokens for enterprise-level Copilot reports anyway.",
            details=details, remediation=[link_new_token(site.web, _needed_scopes(ctx.config)), DOC_USAGE_API],
            evidence=ev,
        )
    if "INSUFFICIENT_SCOPES" in types or "FORBIDDEN" in types:
        return Outcome.warn(
            f"Couldn't confirm enterprise {slug} or your role in it: GitHub's enterprise lookup needs "
            "the read:enterprise scope (the reports themselves also accept manage_billing:copilot).",
            details=details,
            remediation=[link_new_token(site.web, _needed_scopes(ctx.config)), DOC_SCOPES],
            evidence=ev,
        )
    hint = (
        f"The slug is the part after /enterprises/ in the enterprise's address ({site.web}/enterprises/SLUG); "
        "it is not the display name."
    )
    extra = [hint]
    if site.kind == "dotcom":
        extra.append(
            "If your enterprise is on GHE.com (an address ending in .ghe.com), set the API URL to "
            "https://api.SUBDOMAIN.ghe.com."
        )
    return Outcome.fail(
        f"GitHub can't find enterprise '{slug}', or this account can't see it: check the slug and "
        "that the token belongs to a member of the enterprise.",
        details=details + extra,
        remediation=[page, DOC_USAGE_API, DOC_DATA_RESIDENCY],
        evidence=ev,
    )


# --------------------------------------------------------------------------- reports


def _report_links(resp: Response) -> list[str]:
    body = resp.json_or_none()
    links = body.get("download_links") if isinstance(body, dict) else None
    return [u for u in links if isinstance(u, str) and u.startswith(("https://", "http://"))] if isinstance(links, list) else []


def _one_day_line(resp: Response | None, day: date | None, start: date, level: str) -> tuple[str, bool]:
    """(detail line, problem?) about the 1-day report."""
    first = f"{level.lower()} reports start {start.isoformat()}"
    if day is None:
        return (f"No 1-day report probed: {first}, and GitHub needs {REPORT_DELAY_DAYS} days to "
                f"publish one (the first should appear around {(start + timedelta(days=REPORT_DELAY_DAYS)).isoformat()}).", True)
    assert resp is not None
    if resp.status == 200:
        n = len(_report_links(resp))
        return (f"The 1-day report for {day.isoformat()} is available ({n} file{'s' if n != 1 else ''}).", False)
    if resp.status in (204, 404):
        return (
            f"The 1-day report for {day.isoformat()} isn't generated yet (HTTP {resp.status}). GitHub "
            f"publishes each day within 2–3 full UTC days after it ends ({first}); a day without any "
            "Copilot activity may have no report at all.",
            True,
        )
    return (f"The 1-day report for {day.isoformat()} answered HTTP {resp.status}"
            + (f": \"{_message(resp)}\"" if _message(resp) else "") + ".", True)


async def _legacy_line(ctx: CheckContext, path: str) -> tuple[str, Response]:
    resp = await _get(ctx, path)
    if resp.status == 404:
        line = (
            f"The legacy endpoint GET {path} also answers 404: it was retired on "
            f"{LEGACY_CLOSED.isoformat()}, as expected. An integration still calling it must move to "
            "the report endpoints."
        )
    elif resp.status == 422:
        line = f"The legacy endpoint GET {path} answers 422 (\"{_message(resp)}\"): the metrics policy is disabled."
    else:
        line = f"The legacy endpoint GET {path} answers HTTP {resp.status}."
    return line, resp


def _store_links(ctx: CheckContext, *responses: Response | None) -> list[str]:
    links: list[str] = []
    for resp in responses:
        if resp is not None and resp.status == 200:
            links += [u for u in _report_links(resp) if u not in links]
    if links:
        ctx.facts.setdefault(F_LINKS, {})[ctx.target] = links
    return links


async def _fetch_reports(ctx: CheckContext, path28: str, path1: str, day: date | None) -> tuple[Response, Response | None]:
    if day is None:
        r28, r1 = await _get(ctx, path28), None
    else:
        r28, r1 = await asyncio.gather(_get(ctx, path28), _get(ctx, path1, params={"day": day.isoformat()}))
    for resp in (r28, r1):
        if resp is not None and resp.status == 200:
            resp.json()  # a broken answer raises (an error with its cause), not "no files yet"
    return r28, r1


def _report_pass(ctx: CheckContext, label: str, r28: Response, r1: Response | None, day: date | None,
                 start: date, level: str, fix: list[Link]) -> Outcome:
    body = r28.json_or_none()
    body = body if isinstance(body, dict) else {}
    period = f"{body.get('report_start_day', '?')} to {body.get('report_end_day', '?')}"
    links = _store_links(ctx, r28, r1)
    line, problem = _one_day_line(r1, day, start, level)
    ev = _evidence(r28, r1, body=False)
    hosts = sorted({host_of(u) for u in links})
    details = [_http_line(r28), line]
    if hosts:
        details.append(f"Report files are served from {', '.join(hosts)} (checked separately).")
    if not _report_links(r28):
        return Outcome.warn(
            f"{label}'s latest 28-day report ({period}) lists no files to download yet.",
            details=details, remediation=[DOC_DATA_FRESHNESS, DOC_USAGE_API], evidence=ev,
        )
    summary = f"{label}'s Copilot usage reports are available: the latest 28-day report covers {period}."
    if problem:
        late = r1 is None or r1.status in (204, 404)
        return Outcome.warn(
            f"{label}'s 28-day report ({period}) is available, but the most recent 1-day report "
            + ("isn't published yet." if late else f"couldn't be read (HTTP {r1.status if r1 else '?'})."),
            details=details, remediation=fix, evidence=ev,
        )
    return Outcome.passed(summary, details=details, evidence=ev)


async def check_enterprise_usage(ctx: CheckContext) -> Outcome:
    """The enterprise's latest 28-day report and a recent 1-day report. (Runs only once
    `github.enterprise.access` passed, which is where a GHES address is answered.)"""
    site = _site(ctx.config)
    slug = ctx.params["enterprise"]
    day = _report_day(ENTERPRISE_REPORTS_START)
    r28, r1 = await _fetch_reports(
        ctx, ENT_REPORT_28.format(enterprise=slug), ENT_REPORT_1.format(enterprise=slug), day
    )
    label = f"Enterprise {slug}"
    if r28.status == 200:
        return _report_pass(ctx, label, r28, r1, day, ENTERPRISE_REPORTS_START, "Enterprise",
                            [DOC_DATA_FRESHNESS, DOC_USAGE_API])
    if r28.status == 401:
        return _rejected_outcome(r28, site)
    if r28.status == 403:
        return _enterprise_denial(ctx, slug, r28)
    if r28.status == 404:
        if _sso_required(r28):
            return _sso_outcome(label, r28, site)
        legacy, legacy_resp = await _legacy_line(ctx, ENT_LEGACY_METRICS.format(enterprise=slug))
        return Outcome.fail(
            f"GitHub has no Copilot usage report for enterprise {slug} (HTTP 404), although the "
            "enterprise is visible.",
            details=[
                _http_line(r28),
                legacy,
                "Possible causes: the enterprise has no Copilot Business/Enterprise seats, the "
                "'Copilot usage metrics' policy was never enabled, or the account can't see the "
                "reports (GitHub answers 404 instead of 403 for what you can't see).",
            ],
            remediation=[link_enterprise(site.web, slug), DOC_ENTERPRISE_POLICY, DOC_LEGACY_CLOSED],
            evidence=_evidence(r28, legacy_resp),
        )
    if r28.status == 204:
        return Outcome.warn(
            f"Enterprise {slug}'s 28-day report isn't generated yet (HTTP 204).",
            details=[_http_line(r28), _one_day_line(r1, day, ENTERPRISE_REPORTS_START, "Enterprise")[0]],
            remediation=[DOC_DATA_FRESHNESS], evidence=_evidence(r28, r1),
        )
    msg = _message(r28)
    return Outcome.fail(
        f"GitHub answered HTTP {r28.status} for enterprise {slug}'s usage report" + (f": \"{msg}\"." if msg else "."),
        details=[_http_line(r28)], remediation=[DOC_USAGE_API, DOC_TROUBLESHOOTING], evidence=_evidence(r28),
    )


async def check_enterprise_seats(ctx: CheckContext) -> Outcome:
    """How many people hold a Copilot seat in the enterprise: none means no usage to report.
    (Runs only once `github.enterprise.access` passed, which answers a GHES address.)"""
    site = _site(ctx.config)
    slug = ctx.params["enterprise"]
    resp = await _get(ctx, ENT_SEATS.format(enterprise=slug), params={"per_page": 1})
    label = f"Enterprise {slug}"
    if resp.status == 401:
        return _rejected_outcome(resp, site)
    if resp.status == 403:
        return _enterprise_denial(ctx, slug, resp, "Copilot seats", policy=False)
    if resp.status == 404:
        if _sso_required(resp):
            return _sso_outcome(label, resp, site)
        return Outcome.warn(
            f"GitHub lists no Copilot seats for enterprise {slug} (HTTP 404): it has no Copilot "
            "Business or Enterprise subscription billed to the enterprise, or this account can't see it.",
            details=[_http_line(resp)],
            remediation=[link_enterprise_home(site.web, slug), DOC_ENTERPRISE_SEATS_API, DOC_COPILOT_ACCESS],
            evidence=_evidence(resp),
        )
    body = resp.json_or_none() if resp.ok else None
    total = body.get("total_seats") if isinstance(body, dict) else None
    if not isinstance(total, int):
        msg = _message(resp)
        return Outcome.fail(
            f"GitHub answered HTTP {resp.status} for enterprise {slug}'s Copilot seats"
            + (f': "{msg}".' if msg else " without a seat count."),
            details=[_http_line(resp)], remediation=[DOC_ENTERPRISE_SEATS_API, DOC_TROUBLESHOOTING],
            evidence=_evidence(resp),
        )
    details = [_http_line(resp, message=False),
               "total_seats counts each person once, however many organizations or enterprise teams "
               "give them Copilot."]
    if total == 0:
        return Outcome.warn(
            f"No Copilot seats are assigned anywhere in enterprise {slug}, so GitHub has no Copilot "
            "usage to report for it.",
            details=details + ["Assign seats in the enterprise's organizations (Settings → Copilot → "
                               "Access) or to enterprise teams."],
            remediation=[DOC_COPILOT_ACCESS, link_enterprise_home(site.web, slug)],
            evidence=_evidence(resp, body=False),
        )
    return Outcome.passed(
        f"{label} has {total} Copilot seat holder{'s' if total != 1 else ''}.",
        details=details, evidence=_evidence(resp, body=False),
    )


# -------------------------------------------------------------------------------- orgs


async def check_org_sso(ctx: CheckContext) -> Outcome:
    """Is the token authorized for the org's SAML single sign-on (and does the org exist)?"""
    site = _site(ctx.config)
    if ctx.params.get("error"):
        return _input_error_outcome(ctx.params["error"], "organization", site.web)
    org = ctx.params["org"]
    label = f"Organization {org}"
    resp = await _get(ctx, ORG.format(org=org))
    if _sso_required(resp):
        return _sso_outcome(label, resp, site)
    if resp.status == 401:
        return _rejected_outcome(resp, site)
    if resp.status == 404:
        return Outcome.fail(
            f"GitHub can't find an organization called '{org}', or this token can't see it.",
            details=[
                _http_line(resp),
                "Check the spelling (it is the NAME in github.com/orgs/NAME). If the organization uses "
                "SAML single sign-on, an unauthorized token may also get 404: authorize it under "
                "Settings → Developer settings → Personal access tokens → Configure SSO.",
            ],
            remediation=[link_your_orgs(site.web), DOC_SSO],
            evidence=_evidence(resp),
        )
    if not resp.ok:
        return await _org_denial(ctx, org, resp, "settings", scopes_needed=SCOPES_ORG_REPORTS,
                                 fg_permission='"Metadata" organization permission (read)', policy=False)
    if site.kind == "ghes":
        return Outcome.passed(f"{label} is visible; no single sign-on block.", details=[_http_line(resp)],
                              evidence=_evidence(resp))
    report = await _get(ctx, ORG_REPORT_28.format(org=org))
    if _sso_required(report):
        return _sso_outcome(label, report, site)
    details = [_http_line(resp, "x-github-sso"), _http_line(report, "x-github-sso", message=False)]
    if any((h := parse_sso_header(r.headers.get("x-github-sso"))) and h.kind == "partial-results" for r in (resp, report)):
        details.append(
            "GitHub marked an answer 'X-GitHub-SSO: partial-results': it left out data from other "
            "organizations that use SAML single sign-on this token isn't authorized for. That doesn't "
            f"block {org}, but authorize the token for those organizations too if they matter."
        )
    return Outcome.passed(
        f"No single sign-on block for {org}: the token is authorized (or {org} doesn't use SAML SSO).",
        details=details,
        evidence=_evidence(resp, report, body=False),
    )


async def check_org_membership(ctx: CheckContext) -> Outcome:
    """The user's role in the org: owners can read reports and seats."""
    site = _site(ctx.config)
    org = ctx.params["org"]
    role, resp = await _org_role(ctx, org)
    if _sso_required(resp):
        return _sso_outcome(f"Organization {org}", resp, site)
    login = ctx.facts.get(F_LOGIN, "This account")
    ev = _evidence(resp)
    details = [_http_line(resp, "x-oauth-scopes", "x-accepted-oauth-scopes")]
    people = link_org_people(site.web, org)
    if role == "admin":
        return Outcome.passed(f"{login} is an owner of {org}: it can read the Copilot reports and seats.",
                              details=details, evidence=ev)
    if role == "pending":
        return Outcome.fail(
            f"{login} was invited to {org} but hasn't accepted the invitation, so it can't read anything there yet.",
            details=details,
            remediation=[Link(text=f"Accept the invitation to {org}", url=f"{site.web}/orgs/{org}/invitation"),
                         link_your_orgs(site.web)],
            evidence=ev,
        )
    if role == "none":
        return Outcome.fail(
            f"{login} isn't a member of {org}; only owners of {org} (or a custom role with "
            "'View Organization Copilot Metrics') can read its Copilot reports.",
            details=details + ["Use a token of an owner of the organization, or ask an owner to add this account."],
            remediation=[people, DOC_ORG_ROLES],
            evidence=ev,
        )
    if role in ("member", "billing_manager"):
        return Outcome.warn(
            f"{login} is {_ROLE_WORDS[role]} of {org}: Copilot reports need an owner or a custom role "
            "with 'View Organization Copilot Metrics', and seats need an owner.",
            details=details + [
                "Custom roles can't be read with this token: if the report check for this "
                "organization passes, this account has such a role.",
            ],
            remediation=[people, DOC_ORG_METRICS_ROLE, DOC_ORG_ROLES],
            evidence=ev,
        )
    if resp.status == 403:
        missing = _scopes(ctx) is not None and not has_any(_scopes(ctx), SCOPES_ORG_REPORTS)
        return Outcome.fail(
            f"GitHub refused to show {login}'s role in {org}"
            + (": the token is missing the read:org scope." if missing else f" (HTTP 403: \"{_message(resp)}\")."),
            details=details,
            remediation=[link_new_token(site.web, _needed_scopes(ctx.config)), DOC_SCOPES],
            evidence=ev,
        )
    return Outcome.warn(
        f"Couldn't read {login}'s role in {org} (HTTP {resp.status}).",
        details=details, remediation=[people, DOC_ORG_ROLES], evidence=ev,
    )


async def check_org_usage(ctx: CheckContext) -> Outcome:
    """The org's latest 28-day report and the 1-day report of today − 3 days."""
    site = _site(ctx.config)
    org = ctx.params["org"]
    if site.kind == "ghes":
        return _ghes_outcome(site, "usage reports")
    day = _report_day(ORG_REPORTS_START)
    r28, r1 = await _fetch_reports(ctx, ORG_REPORT_28.format(org=org), ORG_REPORT_1.format(org=org), day)
    label = f"Organization {org}"
    fix = [DOC_DATA_FRESHNESS, DOC_USAGE_API]
    if r28.status == 200:
        return _report_pass(ctx, label, r28, r1, day, ORG_REPORTS_START, "Organization", fix)
    if r28.status == 204:
        return Outcome.warn(
            f"{org}'s 28-day report isn't generated yet (HTTP 204): GitHub needs 2–3 days after "
            f"Copilot usage starts (organization reports start {ORG_REPORTS_START.isoformat()}).",
            details=[_http_line(r28), _one_day_line(r1, day, ORG_REPORTS_START, "Organization")[0]],
            remediation=fix, evidence=_evidence(r28, r1),
        )
    if r28.status in (401, 403):
        return await _org_denial(ctx, org, r28, "Copilot usage reports", scopes_needed=SCOPES_ORG_REPORTS,
                                 fg_permission='"Organization Copilot metrics" (read)', policy=True)
    if r28.status == 404:
        if _sso_required(r28):
            return _sso_outcome(label, r28, site)
        legacy, legacy_resp = await _legacy_line(ctx, ORG_LEGACY_METRICS.format(org=org))
        # GitHub may hide a forbidden report behind 404: name a wrong scope or role first.
        blocked, _, _ = await _org_block(ctx, org, r28, "Copilot usage reports", scopes_needed=SCOPES_ORG_REPORTS,
                                         fg_permission='"Organization Copilot metrics" (read)', reports=True)
        if blocked is not None:
            blocked.details.append(legacy)
            return blocked
        return Outcome.fail(
            f"GitHub has no Copilot usage report for {org} (HTTP 404), although the organization is visible.",
            details=[
                _http_line(r28),
                legacy,
                "Possible causes: Copilot usage metrics aren't available for this organization (no "
                "Copilot Business/Enterprise seats, or the 'Copilot usage metrics' policy was never "
                "enabled), or the organization started using Copilot less than 3 days ago.",
            ],
            remediation=[link_org_policies(site.web, org), DOC_USAGE_API, DOC_LEGACY_CLOSED],
            evidence=_evidence(r28, legacy_resp),
        )
    msg = _message(r28)
    return Outcome.fail(
        f"GitHub answered HTTP {r28.status} for {org}'s usage report" + (f": \"{msg}\"." if msg else "."),
        details=[_http_line(r28)], remediation=[DOC_USAGE_API, DOC_TROUBLESHOOTING], evidence=_evidence(r28),
    )


@dataclass(frozen=True, slots=True)
class SeatSummary:
    """What the seat checks use of one seat (GitHub's seat objects carry much more)."""

    login: str | None
    team: str | None
    cancelling: bool
    last_activity_at: str | None
    plan_type: str | None


def _seat_summary(seat: Any) -> SeatSummary:
    if not isinstance(seat, dict):
        return SeatSummary(None, None, False, None, None)
    assignee = seat.get("assignee")
    login = assignee.get("login") if isinstance(assignee, dict) else None
    team = seat.get("assigning_team")
    slug = team.get("slug") if isinstance(team, dict) else None
    activity = seat.get("last_activity_at")
    plan = seat.get("plan_type")
    return SeatSummary(
        login=login.lower() if isinstance(login, str) and login else None,
        team=slug if isinstance(slug, str) else None,
        cancelling=bool(seat.get("pending_cancellation_date")),
        last_activity_at=activity if isinstance(activity, str) else None,
        plan_type=plan if isinstance(plan, str) and plan else None,
    )


async def check_org_seats(ctx: CheckContext) -> Outcome:
    """Copilot seats in the org: no seats (or no plan) means no usage data."""
    site = _site(ctx.config)
    org = ctx.params["org"]
    if site.kind == "ghes":
        return _ghes_outcome(site, "seats")
    result = await paginate(ctx.http, site.api + ORG_SEATS.format(org=org), _headers(ctx.config), key="seats",
                            pick=_seat_summary)
    ev = _evidence(*result.pages[:2], result.error, body=False)
    ev["pages"] = len(result.pages)
    if result.error is not None:
        resp = result.error
        if resp.status in (401, 403):
            return await _org_denial(ctx, org, resp, "Copilot seats", scopes_needed=SCOPES_ORG_SEATS,
                                     fg_permission='"GitHub Copilot Business" (read) or "Administration" (read)',
                                     policy=False)
        if resp.status == 404:
            return Outcome.warn(
                f"GitHub has no Copilot Business or Enterprise subscription for {org} (HTTP 404), so "
                "it has no Copilot usage to report — unless Copilot is billed to the enterprise that "
                "owns the organization.",
                details=[_http_line(resp)],
                remediation=[DOC_COPILOT_ACCESS, DOC_SEATS_API],
                evidence=_evidence(resp),
            )
        msg = _message(resp)
        return Outcome.fail(
            f"GitHub couldn't list {org}'s Copilot seats (HTTP {resp.status})" + (f": \"{msg}\"." if msg else "."),
            details=[_http_line(resp)],
            remediation=[DOC_COPILOT_ACCESS, DOC_SEATS_API],
            evidence=_evidence(resp),
        )
    total = result.first_fields.get("total_seats")
    logins = sorted({seat.login for seat in result.items if seat.login})
    total = total if isinstance(total, int) else len(result.items)
    # Seats assigned through a team (and not being cancelled) prove team membership.
    by_team: dict[str, int] = {}
    for seat in result.items:
        if seat.team and not seat.cancelling:
            by_team[seat.team] = by_team.get(seat.team, 0) + 1
    ctx.facts.setdefault(F_SEATS, {})[org] = {"total": total, "logins": logins, "by_team": by_team}
    details = [f"Read {len(result.pages)} page(s) of GET {ORG_SEATS.format(org=org)}: {len(result.items)} seat(s)."]
    if result.truncated:
        details.append(f"The list may be incomplete: {result.truncated}.")
    if total == 0:
        return Outcome.warn(
            f"No Copilot seats are assigned in {org}, so GitHub has no Copilot usage to report for it.",
            details=details + ["Assign seats to people or teams (Settings → Copilot → Access), or check the organizations that do have seats."],
            remediation=[DOC_COPILOT_ACCESS],
            evidence=ev,
        )
    cutoff = _now() - timedelta(days=28)
    idle = 0
    for seat in result.items:
        when = parse_expiry(seat.last_activity_at)
        if when is None or when < cutoff:
            idle += 1
    plans = sorted({seat.plan_type for seat in result.items if seat.plan_type})
    if idle:
        details.append(
            f"{idle} of {len(result.items)} seat holders show no Copilot activity in the last 28 days "
            "(activity only shows when IDE telemetry is on)."
        )
    plan = f" ({', '.join(plans)})" if plans else ""
    return Outcome.passed(f"{org} has {total} Copilot seat{'s' if total != 1 else ''}{plan}.", details=details, evidence=ev)


async def check_teams(ctx: CheckContext) -> Outcome:
    """Teams with fewer than 5 seat holders are left out of team-level reports."""
    site = _site(ctx.config)
    org = ctx.params["org"]
    seats = ctx.facts.get(F_SEATS, {}).get(org)
    if seats is None:
        return Outcome.skip(f"The seat list of {org} isn't available, so team sizes can't be compared with it.")
    holders = set(seats["logins"])
    if not holders:
        return Outcome.skip(f"{org} has no Copilot seats, so no team can appear in team-level reports.")
    headers = _headers(ctx.config)
    teams = await paginate(ctx.http, site.api + ORG_TEAMS.format(org=org), headers)
    if teams.error is not None:
        resp = teams.error
        if resp.status in (401, 403):
            return await _org_denial(ctx, org, resp, "teams", scopes_needed=SCOPES_ORG_REPORTS,
                                     fg_permission='"Members" organization permission (read)', policy=False)
        return Outcome.fail(
            f"GitHub didn't list {org}'s teams (HTTP {resp.status}).",
            details=[_http_line(resp)], remediation=[DOC_TEAM_METRICS, DOC_TROUBLESHOOTING], evidence=_evidence(resp),
        )
    slugs = [
        t["slug"] for t in teams.items
        if isinstance(t, dict) and isinstance(t.get("slug"), str) and t.get("type", "organization") != "enterprise"
    ]
    if not slugs:
        return Outcome.passed(f"{org} has no teams; team-level reports don't apply.",
                              details=[f"Read {len(teams.pages)} page(s) of GET {ORG_TEAMS.format(org=org)}."])

    async def members(slug: str) -> Paginated:
        return await paginate(ctx.http, site.api + TEAM_MEMBERS.format(org=org, team=slug), headers)

    # A team that was itself assigned at least 5 seats qualifies without listing its members.
    by_team: dict[str, int] = seats.get("by_team", {})
    proven = {slug: by_team[slug] for slug in slugs if by_team.get(slug, 0) >= TEAM_MIN_SEATS}
    tasks = {slug: asyncio.ensure_future(members(slug)) for slug in slugs if slug not in proven}
    budget = time_left()
    done: set[asyncio.Future[Paginated]] = set()
    pending: set[asyncio.Future[Paginated]] = set()
    if tasks:
        done, pending = await asyncio.wait(tasks.values(), timeout=None if budget is None else max(0.5, budget - 2.0))
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)

    seated: dict[str, int] = dict(proven)
    sizes: dict[str, int] = {}
    unreadable: list[str] = []
    failure: BaseException | None = None
    for slug, task in tasks.items():
        if task not in done:
            continue
        if task.exception() is not None:
            failure = failure or task.exception()
            unreadable.append(slug)
            continue
        result = task.result()
        if result.error is not None:
            unreadable.append(slug)
            continue
        logins = {m["login"].lower() for m in result.items if isinstance(m, dict) and isinstance(m.get("login"), str)}
        sizes[slug] = len(logins)
        seated[slug] = len(logins & holders)
    if not seated and failure is not None:
        raise failure
    small = sorted((s for s in seated if seated[s] < TEAM_MIN_SEATS), key=lambda s: (-seated[s], s))
    some = [s for s in small if seated[s] > 0]
    none = [s for s in small if seated[s] == 0]
    details = [
        f"Compared {len(seated)} of {len(slugs)} teams with {len(holders)} seat holders "
        f"(GET {ORG_TEAMS.format(org=org)}: {len(teams.pages)} page(s), then the members of "
        f"{len(tasks)} team(s)).",
    ]
    if proven:
        details.append(
            f"{len(proven)} team(s) were assigned at least {TEAM_MIN_SEATS} seats themselves, so their "
            "members didn't need listing."
        )
    if some:
        listed = ", ".join(f"{s} ({seated[s]} of {sizes[s]})" for s in some[:40])
        details.append(f"Teams with 1–4 Copilot users (left out): {listed}" + (f" and {len(some) - 40} more" if len(some) > 40 else "") + ".")
    if none:
        details.append(f"Teams without any Copilot user: {', '.join(none[:40])}" + (f" and {len(none) - 40} more" if len(none) > 40 else "") + ".")
    if unreadable:
        details.append(f"Members of {len(unreadable)} team(s) couldn't be read: {', '.join(unreadable[:20])}.")
    ev = {"teams": len(slugs), "compared": len(seated), "below_minimum": small[:200], "seat_holders": len(holders)}
    remediation = [DOC_TEAM_METRICS]
    if pending:
        details.append(f"{len(pending)} team(s) weren't read before the check's time limit.")
        remediation.append(network_help("timeout", "Allow more time (--timeout, or Advanced settings)"))
        return Outcome.warn(
            f"Compared {len(seated)} of {len(slugs)} teams in {org} before the time limit; "
            f"{len(small)} of those have fewer than {TEAM_MIN_SEATS} Copilot users and are left out of team-level reports.",
            details=details, remediation=remediation, evidence=ev,
        )
    if small:
        noun = "team has" if len(small) == 1 else "teams have"
        return Outcome.warn(
            f"{len(small)} {noun} fewer than {TEAM_MIN_SEATS} members with a Copilot seat in {org}, so "
            "GitHub leaves them out of team-level reports (their usage still counts in the organization total).",
            details=details, remediation=remediation, evidence=ev,
        )
    return Outcome.passed(f"All {len(seated)} teams in {org} have at least {TEAM_MIN_SEATS} Copilot users.",
                          details=details, evidence=ev)


# -------------------------------------------------------------------------- downloads

_BLOCKED_KINDS = {
    FailureKind.DNS, FailureKind.REFUSED, FailureKind.CONNECT, FailureKind.TLS, FailureKind.TIMEOUT,
    FailureKind.PROXY, FailureKind.PROXY_AUTH, FailureKind.RESET, FailureKind.REDIRECT,
    FailureKind.INSECURE_URL, FailureKind.NOT_JSON,
}


def _safe_link(url: str) -> str:
    """A download link without its signature (query string)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


async def check_reports_download(ctx: CheckContext) -> Outcome:
    """Fetch the first bytes of a report file, without the GitHub token, to prove the host is reachable."""
    link = ctx.params["link"]
    host = host_of(link)
    allow = " and ".join(dict.fromkeys([host, *REPORT_HOSTS]))
    shown = _safe_link(link)
    ev: dict[str, Any] = {"request": f"GET {shown}", "host": host, "report_of": ctx.params.get("source")}
    fix = [DOC_USAGE_API, DOC_ALLOWLIST]
    try:
        resp = await ctx.http.get(link, expect_json=False, max_body_bytes=4096, body_limit_is_probe=True, memo=False)
    except HttpFailure as failure:
        if failure.kind not in _BLOCKED_KINDS:
            raise
        ev.update(failure.evidence())
        return Outcome.fail(
            f"This computer can't reach the Copilot report download host {host}, so report files "
            f"can't be downloaded: ask the network team to allow {allow} (without it every analytics "
            "product sees no data).",
            details=[
                f"GET {shown} (signed link from {ctx.params.get('source')}; no GitHub token sent).",
                f"What happened: {failure.cause}",
                *failure.details,
                "GitHub's API (api.github.com) answered, but report files come from a separate host; "
                "firewalls and proxies that only allow the API host block this second step.",
            ],
            remediation=list(failure.remediation) + fix,
            evidence=ev,
        )
    ev["status"] = resp.status
    if 200 <= resp.status < 300:
        return Outcome.passed(
            f"Report files can be downloaded from {host} (HTTP {resp.status}; only the first "
            f"{len(resp.body)} bytes were read).",
            details=[f"GET {shown} → HTTP {resp.status}; no GitHub token was sent to this host."],
            evidence=ev,
        )
    page = resp.is_html
    cause = (
        "a web page answered instead (a proxy or firewall block page)" if page
        else "the signed link expired or a proxy refused it" if resp.status in (401, 403)
        else "the file wasn't found (the link may have expired)" if resp.status == 404
        else f"it answered HTTP {resp.status}"
    )
    return Outcome.fail(
        f"Downloading a Copilot report file from {host} failed (HTTP {resp.status}): {cause}. "
        f"Make sure {allow} is allowed through the proxy and firewall.",
        details=[f"GET {shown} → HTTP {resp.status}", f"Start of the answer: {resp.text[:160]!r}"],
        remediation=fix,
        evidence=ev,
    )


async def _no_report_link(ctx: CheckContext) -> Outcome:
    return Outcome.skip(
        "No Copilot usage report produced a download link, so the report download host couldn't be "
        "tested; fix the usage-report checks above first."
    )


# =============================================================================== planning


def _org_checks(org: str, i: int, watch: _ReportWatch | None, error: str | None = None) -> list[PlannedCheck]:
    target = f"org:{org}"
    sso = (ID_ORG_SSO, target)
    params: dict[str, Any] = {"org": org, "watch": watch}
    if error:
        params["error"] = error
    need = AUTH_NEED + (sso,)

    def planned(check_id: str, fn: CheckFn, needs: tuple[tuple[str, str], ...]) -> PlannedCheck:
        return PlannedCheck(CATALOG[check_id], fn, target=target, needs=needs, params=params, order_hint=i)

    return [
        planned(ID_ORG_SSO, _gate(check_org_sso), AUTH_NEED),
        planned(ID_ORG_MEMBERSHIP, check_org_membership, need),
        planned(ID_ORG_USAGE, _usage(ID_ORG_USAGE, check_org_usage), need),
        planned(ID_ORG_SEATS, check_org_seats, need),
        planned(ID_TEAMS, check_teams, need + ((ID_ORG_SEATS, target),)),
    ]


def _enterprise_checks(slug: str, i: int, watch: _ReportWatch, error: str | None = None) -> list[PlannedCheck]:
    target = f"enterprise:{slug}"
    params: dict[str, Any] = {"enterprise": slug, "watch": watch}
    if error:
        params["error"] = error
    return [
        PlannedCheck(CATALOG[ID_ENT_ACCESS], _gate(check_enterprise_access), target=target,
                     needs=AUTH_NEED, params=params, order_hint=i),
        PlannedCheck(CATALOG[ID_ENT_USAGE], _usage(ID_ENT_USAGE, check_enterprise_usage), target=target,
                     needs=AUTH_NEED + ((ID_ENT_ACCESS, target),), params=params, order_hint=i),
        PlannedCheck(CATALOG[ID_ENT_SEATS], check_enterprise_seats, target=target,
                     needs=AUTH_NEED + ((ID_ENT_ACCESS, target),), params=params, order_hint=i),
    ]


def _parsed(raw_items: Sequence[str], parse: Callable[[str], str]) -> list[tuple[str, str | None]]:
    """[(name, error)] in config order, duplicates dropped; a bad entry keeps its raw text."""
    out: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for raw in raw_items:
        try:
            name, error = parse(raw), None
        except InputError as exc:
            name, error = (str(raw).strip() or "?"), str(exc)
        if name not in seen:
            seen.add(name)
            out.append((name, error))
    return out


def plan(config: RunConfig) -> list[PlannedCheck]:
    """Every GitHub check for this config; per-org checks of discovered orgs are added at run time."""
    if not is_configured(config):
        return [PlannedCheck(CATALOG[ID_FORMAT], _not_configured, target="token")]
    enterprises = _parsed(config.github.enterprises, parse_enterprise)
    orgs = _parsed(config.github.orgs, parse_org)
    discovering = not enterprises and not orgs
    watch = _ReportWatch(
        [f"enterprise:{e}" for e, _ in enterprises] + [f"org:{o}" for o, _ in orgs], discovering
    )
    token_params = {
        "enterprises": [e for e, err in enterprises if not err],
        "orgs": [o for o, err in orgs if not err],
        "discover": discovering,
        "watch": watch,
    }

    def token_check(check_id: str, fn: CheckFn, needs: tuple[tuple[str, str], ...]) -> PlannedCheck:
        return PlannedCheck(CATALOG[check_id], fn, target="token", needs=needs, params=token_params)

    checks = [
        token_check(ID_FORMAT, _gate(check_token_format, everything=True), ()),
        token_check(ID_AUTH, _gate(check_token_auth, everything=True), ((ID_FORMAT, "token"),)),
        token_check(ID_SCOPES, check_token_scopes, AUTH_NEED),
        token_check(ID_RATE, check_rate_limit, AUTH_NEED),
    ]
    if discovering:
        checks.append(token_check(ID_DISCOVER, check_orgs_discover, AUTH_NEED))
    for i, (slug, error) in enumerate(enterprises):
        checks += _enterprise_checks(slug, i, watch, error)
    for i, (org, error) in enumerate(orgs):
        checks += _org_checks(org, i, watch, error)
    return checks


PROVIDER = ProviderDef(
    name="github",
    title="GitHub Copilot",
    catalog=CATALOG,
    planner=plan,
    configured=is_configured,
)
