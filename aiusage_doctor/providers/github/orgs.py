"""Organizations: discovery (`GET /user/orgs`) when none was entered, SAML SSO per
organization, and the caller's role in it.
"""

from __future__ import annotations

import re
from typing import Any

from aiusage_doctor.core.checks import CheckContext, Outcome
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.http import HttpClient
from aiusage_doctor.core.inputs import ORG_MAX_LEN
from aiusage_doctor.core.models import Link
from aiusage_doctor.core.tokens import TokenKind, verdict_for
from aiusage_doctor.providers.github.catalog import F_LOGIN
from aiusage_doctor.providers.github.common import (
    SsoHeader,
    _evidence,
    _get,
    _headers,
    _http_line,
    _input_error_outcome,
    _is_app,
    _is_fine_grained,
    _is_installation,
    _message,
    _needed_scopes,
    _raw_token,
    _scopes,
    _site,
    has_any,
    parse_sso_header,
)
from aiusage_doctor.providers.github.denials import (
    _ROLE_WORDS,
    _org_denial,
    _org_role,
    _rejected_outcome,
    _sso_outcome,
    _sso_required,
)
from aiusage_doctor.providers.github.links import (
    MAX_ORGS,
    PER_PAGE,
    DOC_APP_PERMISSIONS,
    DOC_FG_PERMISSIONS,
    DOC_ORG_METRICS_ROLE,
    DOC_ORG_ROLES,
    DOC_SCOPES,
    DOC_SSO,
    DOC_TROUBLESHOOTING,
    ORG,
    ORG_REPORT_28,
    SCOPES_ORG_REPORTS,
    USER_ORGS,
    link_new_token,
    link_org_people,
    link_tokens,
    link_your_orgs,
)
from aiusage_doctor.providers.github.paginate import Paginated, paginate
from aiusage_doctor.providers.github.watch import _ReportWatch, _watch


# ---------------------------------------------------------------------------- discovery


class DiscoveryError(RuntimeError):
    """Discovery could not list organizations; the message is one plain sentence."""


async def _list_orgs(http: HttpClient, config: RunConfig) -> Paginated:
    """At most MAX_ORGS organizations' logins (nothing else of each is kept)."""
    return await paginate(http, _site(config).api + USER_ORGS, _headers(config),
                          max_pages=max(1, MAX_ORGS // PER_PAGE), pick=_login_of)


def _login_of(item: Any) -> Any:
    login = item.get("login") if isinstance(item, dict) else None
    return login if isinstance(login, str) else None


_ORG_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,%d}[A-Za-z0-9])?" % (ORG_MAX_LEN - 2))
"""GitHub's organization names: letters, digits and inner hyphens, at most 39 characters."""


def _org_logins(result: Paginated) -> tuple[list[str], int]:
    """The valid, distinct organization names (lower-case, at most MAX_ORGS), and how many
    names GitHub sent that aren't valid organization names (skipped, never requested)."""
    logins: list[str] = []
    seen: set[str] = set()
    invalid = 0
    for login in result.items:
        if not isinstance(login, str) or not _ORG_NAME.fullmatch(login):
            invalid += 1
            continue
        low = login.lower()
        if low not in seen and len(logins) < MAX_ORGS:
            seen.add(low)
            logins.append(low)
    return logins, invalid


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
    orgs, _ = _org_logins(result)
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
            if resp.status == 403 and _is_app(ctx):
                return Outcome.fail(
                    "GitHub Apps can't list your organizations (GET /user/orgs isn't available to App "
                    "tokens): enter the organization names the App is installed on.",
                    details=[_http_line(resp, "x-accepted-github-permissions")],
                    remediation=[link_your_orgs(site.web), DOC_APP_PERMISSIONS],
                    evidence=ev,
                )
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
        orgs, invalid = _org_logins(result)
        partial = _partial_sso(result)
        details: list[str] = []
        if invalid:
            details.append(f"{invalid} name(s) GitHub sent aren't valid organization names (letters, digits "
                           f"and hyphens, at most {ORG_MAX_LEN} characters) and were skipped.")
        if partial is not None:
            details.append(
                "GitHub left out organizations that use SAML single sign-on this token isn't "
                f"authorized for (X-GitHub-SSO: partial-results; organization ids "
                f"{', '.join(partial.organizations) or 'not given'}). Authorize the token for them "
                "(Settings → Developer settings → Personal access tokens → Configure SSO) and run again."
            )
        capped = bool(result.truncated) and len(orgs) >= MAX_ORGS
        if capped:
            details.append(
                f"This token sees more than {MAX_ORGS} organizations, the most one run checks: only the "
                f"first {MAX_ORGS} GitHub listed are checked. Enter the names of the others to check them."
            )
        elif result.truncated:
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
        from aiusage_doctor.providers.github.plan import _org_checks, seat_keys  # plan imports this module

        all_seats = seat_keys(orgs)
        ctx.schedule([c for i, org in enumerate(orgs) for c in _org_checks(org, i, watch, None, all_seats)])
        shown = ", ".join(orgs[:5]) + (f" and {len(orgs) - 5} more" if len(orgs) > 5 else "")
        noun = "organization" if len(orgs) == 1 else "organizations"
        summary = f"Found {len(orgs)} {noun} this token can see: {shown}."
        details.insert(0, f"All: {', '.join(orgs[:200])}" + (f" and {len(orgs) - 200} more." if len(orgs) > 200 else "."))
        details.append(f"Read {len(result.pages)} page(s) of GET /user/orgs.")
        if capped:
            return Outcome.warn(
                f"This token sees more than {MAX_ORGS} organizations; the first {MAX_ORGS} are checked "
                f"({shown}). Enter the names of others to check them.",
                details=details, remediation=[link_your_orgs(site.web)], evidence=ev,
            )
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
    if _is_installation(ctx):
        return Outcome.skip(
            f"An installation token acts as the GitHub App, not as a person: no role in {org} applies; "
            "the App's permissions decide what it can read (checked by the report and seat checks).",
            remediation=[DOC_APP_PERMISSIONS],
        )
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


