"""What every GitHub check shares: the clock, GitHub's headers (`X-OAuth-Scopes`,
`X-GitHub-SSO`, `Link`, token expiry), one-line HTTP evidence, the site (API, web and
GraphQL addresses of the configured base URL) and the token's headers and kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from aiusage_doctor.core.checks import CheckContext, Outcome
from aiusage_doctor.core.config import DEFAULT_GITHUB_API, RunConfig
from aiusage_doctor.core.http import Response, host_of
from aiusage_doctor.core.inputs import api_base, github_api_kind, graphql_url, web_base
from aiusage_doctor.core.tokens import TokenKind, verdict_for
from aiusage_doctor.providers.github.catalog import F_SCOPES, F_TOKEN_KIND
from aiusage_doctor.providers.github.links import (
    API_VERSION,
    DOC_DATA_RESIDENCY,
    DOC_USAGE_API,
    IMPLIED_SCOPES,
    REPORT_DELAY_DAYS,
    REPORT_HOSTS,
    link_your_orgs,
)


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


APP_KINDS = (TokenKind.GITHUB_APP_USER, TokenKind.GITHUB_APP_INSTALLATION)


def _is_app(ctx: CheckContext) -> bool:
    """A GitHub App token (ghu_ user-to-server, ghs_ installation): judged by the App's
    permissions (X-Accepted-GitHub-Permissions), not by scopes."""
    return _token_kind(ctx) in APP_KINDS


def _is_installation(ctx: CheckContext) -> bool:
    """A ghs_ token acts as the App itself: no person, so no role applies."""
    return _token_kind(ctx) is TokenKind.GITHUB_APP_INSTALLATION


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


def _gql_messages(body: dict[str, Any]) -> list[str]:
    out = []
    for err in body.get("errors") or []:
        if isinstance(err, dict) and isinstance(err.get("message"), str):
            out.append(err["message"])
    return out

