"""Token checks: offline format, sign-in (`GET /user`), scopes against what each target
needs, and the hourly rate limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from aiusage_doctor.core.checks import CheckContext, Outcome
from aiusage_doctor.core.http import host_of
from aiusage_doctor.core.tokens import TokenKind, format_findings, verdict_for
from aiusage_doctor.providers.github import common
from aiusage_doctor.providers.github import rows_token as T
from aiusage_doctor.providers.github.catalog import F_LOGIN, F_SCOPES, F_TOKEN_KIND
from aiusage_doctor.providers.github.common import (
    _evidence,
    _get,
    _http_line,
    _is_app,
    _is_fine_grained,
    _message,
    _needed_scopes,
    _raw_token,
    _scopes,
    _site,
    _token_kind,
    expand_scopes,
    has_any,
    parse_expiry,
    parse_scopes,
)
from aiusage_doctor.providers.github.links import (
    DOC_APP_PERMISSIONS,
    DOC_DATA_RESIDENCY,
    DOC_FG_PERMISSIONS,
    DOC_RATE_LIMITS,
    DOC_SCOPES,
    DOC_TOKEN_FORMATS,
    DOC_TROUBLESHOOTING,
    DOC_USAGE_API,
    EXPIRY_WARN_DAYS,
    RATE_LIMIT,
    RATE_LOW_SHARE,
    SCOPES_ENTERPRISE_REPORTS,
    SCOPES_LIST_ORGS,
    SCOPES_ORG_REPORTS,
    SCOPES_ORG_SEATS,
    USER,
    link_new_token,
    link_tokens,
)


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
            cause=T.FINE_GRAINED_AT_ENTERPRISE,
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
    if resp.status == 403 and info.kind is TokenKind.GITHUB_APP_INSTALLATION:
        # An installation token acts as the App, not a person: GitHub refuses GET /user with 403
        # ("Resource not accessible by integration"); a bad token would get 401.
        ctx.facts[F_LOGIN] = "the GitHub App"
        ctx.facts[F_TOKEN_KIND] = info.kind.value
        ctx.facts[F_SCOPES] = None
        return T.INSTALLATION_SIGN_IN.outcome(
            details=[_http_line(resp), f"Token: {info.label}.",
                     "Installation tokens expire one hour after they are issued."],
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
        left = expires - common._now()
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

    if _is_app(ctx):
        return Outcome.passed(
            "GitHub App token: it has no scopes; GitHub checks the App's permissions per organization and "
            "enterprise below (X-Accepted-GitHub-Permissions names any that is missing).",
            details=[
                "Organization reports need the App permission 'Organization Copilot metrics' (read); "
                "enterprise reports 'Enterprise Copilot metrics' (read); organization seats 'GitHub Copilot "
                "Business' (read) or 'Administration' (read).",
                "The App must be installed on each organization (or the enterprise) it reads.",
            ] + (["GitHub Apps can't list your organizations (GET /user/orgs): enter the organization names."]
                 if discovering else []),
            remediation=[DOC_APP_PERMISSIONS],
            evidence=ev,
        )
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
                evidence=ev, cause=T.FINE_GRAINED_AT_ENTERPRISE,
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
            evidence=ev, cause=T.SCOPES_MISSING,
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
    body = body if isinstance(body, dict) else {}
    resources = body["resources"] if isinstance(body.get("resources"), dict) else {}
    core = resources.get("core") or body.get("rate") or {}
    try:
        limit, remaining, reset = int(core["limit"]), int(core["remaining"]), int(core["reset"])
        at = datetime.fromtimestamp(reset, UTC)  # a reset no date can hold is no answer either
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        return Outcome.warn(
            "GitHub's rate-limit answer had no usable 'core' numbers; the other checks are unaffected.",
            details=[_http_line(resp)],
            remediation=[DOC_RATE_LIMITS],
            evidence=ev,
        )
    details = [f"Core API: {remaining:,} of {limit:,} requests left; the quota resets at {at:%H:%M} UTC."]
    graphql = resources.get("graphql")
    if isinstance(graphql, dict) and "remaining" in graphql:
        details.append(f"GraphQL: {graphql.get('remaining')} of {graphql.get('limit')} points left.")
    if limit > 0 and remaining < limit * RATE_LOW_SHARE:
        return Outcome.warn(
            f"Only {remaining:,} of {limit:,} GitHub API requests are left this hour (resets at "
            f"{at:%H:%M} UTC): something using this account's quota (another tool, a script, or the "
            "analytics product itself) is close to using it up, and reads will fail when it runs out.",
            details=details + [
                "The quota is per user: every token of this account (scripts, CI, other "
                "integrations) shares it. Spread heavy jobs out or use a GitHub App for them.",
            ],
            remediation=[DOC_RATE_LIMITS],
            evidence=ev,
        )
    return Outcome.passed(f"{remaining:,} of {limit:,} API requests left this hour.", details=details, evidence=ev)


