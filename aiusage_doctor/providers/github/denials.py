"""The 403 ladder: why GitHub refused an organization or enterprise endpoint, told apart
in a fixed order (SSO, IP allow list, fine-grained permission, classic scope, role) so the
metrics policy is only blamed when everything before it is shown to be right.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from aiusage_doctor.core.checks import CheckContext, Outcome
from aiusage_doctor.core.http import Response
from aiusage_doctor.core.models import Link
from aiusage_doctor.core.tokens import TokenKind
from aiusage_doctor.providers.github import rows_enterprise as E
from aiusage_doctor.providers.github import rows_orgs as O
from aiusage_doctor.providers.github import rows_token as T
from aiusage_doctor.providers.github.catalog import F_ENT_ADMIN, F_LOGIN
from aiusage_doctor.providers.github.common import (
    _SHOWN_HEADERS,
    _Site,
    _evidence,
    _get,
    _http_line,
    _is_app,
    _is_fine_grained,
    _is_installation,
    _token_kind,
    _message,
    _needed_scopes,
    _scopes,
    _site,
    has_any,
    parse_sso_header,
)
from aiusage_doctor.providers.github.links import (
    ENT_SEATS,
    DOC_CLASSIC_TOKEN,
    DOC_ENTERPRISE_SEATS_API,
    DOC_FG_PERMISSIONS,
    DOC_ORG_METRICS_ROLE,
    DOC_ORG_ROLES,
    DOC_SCOPES,
    DOC_SEATS_API,
    DOC_SSO,
    DOC_TROUBLESHOOTING,
    DOC_USAGE_API,
    ORG_MEMBERSHIP,
    SCOPES_ENTERPRISE_REPORTS,
    link_enterprise,
    link_enterprise_home,
    link_new_token,
    link_org_people,
    link_org_policies,
    link_tokens,
)


# ---------------------------------------------------------------------- SSO and denials


def _on_site(url: str, site: _Site) -> bool:
    """Whether `url` opens on the GitHub web host the checks link to (github.com, the
    GHE.com subdomain or the GHES host): only there is a server-chosen link offered."""
    try:
        link, web = urlsplit(url), urlsplit(site.web)
        return (link.scheme, link.hostname, link.port) == (web.scheme, web.hostname, web.port)
    except ValueError:
        return False


def _netloc(url: str) -> str:
    try:
        return urlsplit(url).netloc or url
    except ValueError:
        return url


def _sso_outcome(label: str, resp: Response, site: _Site) -> Outcome:
    sso = parse_sso_header(resp.headers.get("x-github-sso"))
    links: list[Link] = []
    offsite: list[str] = []
    if sso is not None and sso.url and _on_site(sso.url, site):
        links.append(Link(text=f"Authorize this token for {label} (link valid for one hour)", url=sso.url))
        step = "Open the authorization link (valid for one hour) and click Authorize."
    else:
        step = ("Authorize it under Settings → Developer settings → Personal access tokens → "
                "Configure SSO.")
        if sso is not None and sso.url:  # a proxy or a server that isn't GitHub chose it
            offsite.append(f"The answer's authorization link points to {_netloc(sso.url)}, "
                           f"not to {_netloc(site.web)}, so it is not offered as a link.")
    links += [DOC_SSO, link_tokens(site.web)]
    return Outcome.fail(
        f"{label} uses SAML single sign-on and this token isn't authorized for it. {step}",
        details=[
            _http_line(resp, "x-github-sso"),
            *offsite,
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
        evidence=ev, cause=T.SCOPES_MISSING,
    )


def _app_permission(ctx: CheckContext, owner: str, what: str, resp: Response, details: list[str],
                    ev: dict[str, Any], permission: str) -> Outcome | None:
    """A GitHub App token (ghu_/ghs_) refused with "Resource not accessible by integration" or
    with the permission GitHub wanted named in X-Accepted-GitHub-Permissions: the App lacks
    that permission (or wasn't installed on `owner`). None for any other token or answer."""
    if not _is_app(ctx):
        return None
    accepted = resp.headers.get("x-accepted-github-permissions")
    if not accepted and "not accessible by integration" not in _message(resp).lower():
        return None
    asked = f" (GitHub asks for: {accepted})" if accepted else ""
    return T.APP_PERMISSION.outcome(
        details=details + [f"GitHub's documented App permission: {permission}."], evidence=ev,
        permission=permission, owner=owner, what=what, asked=asked,
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
    if (app := _app_permission(ctx, org, what, resp, details, ev, fg_permission)) is not None:
        return app, "", ev
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
    if _is_installation(ctx):
        return None, ("the GitHub App has the permission GitHub asks for (no 'not accessible by integration' "
                      "refusal), and an installation token acts as the App, so no person's role applies"), ev
    role, role_resp = await _org_role(ctx, org)
    ev["http"].append(role_resp.evidence(*_SHOWN_HEADERS, body_chars=0))
    login = ctx.facts.get(F_LOGIN, "this account")
    if role is not None and role != "admin" and reports and role in ("member", "billing_manager"):
        return O.REPORTS_ROLE.outcome(
            details=details + [f"Role from GET /user/memberships/orgs/{org}: {role}."],
            remediation=[link_org_people(site.web, org)], evidence=ev,
            org=org, login=login, role_words=_ROLE_WORDS[role],
        ), "", ev
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
    if role == "admin":
        return None, f"{login} is an owner of {org} and the token has the needed scope", ev
    ev["role_status"] = f"HTTP {role_resp.status}"
    return None, "", ev


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
    login = ctx.facts.get(F_LOGIN, "this account")
    role_status = ev.pop("role_status", None)
    if policy and not fine:
        return O.REPORTS_UNTOLD.outcome(
            details=details, remediation=[link_org_people(site.web, org), link_org_policies(site.web, org)],
            evidence=ev, org=org, login=login, role_status=role_status or "unknown")
    if policy:
        return O.REPORTS_POLICY.outcome(
            details=details + [
                "An organization policy left 'Unconfigured' counts as disabled; an enterprise "
                "policy, when set, overrides the organization's.",
            ],
            remediation=[link_org_policies(site.web, org)], evidence=ev, org=org, why=fine)
    if not fine:
        fine = f"The role of {login} in {org} couldn't be read ({role_status}); the token has the needed scope"
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


async def _enterprise_role(ctx: CheckContext, slug: str) -> Response:
    """The enterprise seat list (first item only): readable by owners and billing managers
    whatever the metrics policy, so it shows whether the caller's role is enough for the
    reports. Same request as the seats check (answered once per run)."""
    return await _get(ctx, ENT_SEATS.format(enterprise=slug), params={"per_page": 1})


async def _enterprise_denial(ctx: CheckContext, slug: str, resp: Response, what: str = "Copilot reports",
                             policy: bool = True) -> Outcome:
    """Why GitHub refused an enterprise endpoint: SSO, fine-grained token, scope, role, and
    (for the usage reports, `policy`) the metrics policy — told apart from the role by the
    enterprise seat list, which owners and billing managers can read whatever the policy."""
    site = _site(ctx.config)
    label = f"Enterprise {slug}"
    if _sso_required(resp):
        return _sso_outcome(label, resp, site)
    msg = _message(resp)
    details = [_denial_line(resp)]
    ev = _evidence(resp)
    form = link_new_token(site.web, _needed_scopes(ctx.config))
    if _token_kind(ctx) is TokenKind.GITHUB_FINE_GRAINED or "personal access token" in msg.lower():
        return Outcome.fail(
            f"Fine-grained personal access tokens can't read enterprise-level {what}. Use a "
            "classic token with manage_billing:copilot or read:enterprise (or a GitHub App with "
            "'Enterprise Copilot metrics' read access).",
            details=details,
            remediation=[form, DOC_USAGE_API, DOC_CLASSIC_TOKEN],
            evidence=ev, cause=T.FINE_GRAINED_AT_ENTERPRISE,
        )
    if (app := _app_permission(ctx, f"enterprise {slug}", what, resp, details, ev,
                               '"Enterprise Copilot metrics" enterprise permission (read)')) is not None:
        return app
    if (missing := _missing_scope(ctx, f"enterprise {slug}", what, SCOPES_ENTERPRISE_REPORTS, details, ev)):
        return missing
    admin = ctx.facts.get(F_ENT_ADMIN, {}).get(slug)
    login = ctx.facts.get(F_LOGIN, "this account")
    if not policy:
        # The seat list itself was refused with the right scope: the role is the cause.
        msg_part = f': "{msg}"' if msg else ""
        return Outcome.fail(
            f"GitHub refused enterprise {slug}'s {what} (HTTP {resp.status}){msg_part}. Only enterprise "
            "owners and billing managers can see them"
            + (f", and {login} isn't an owner (GraphQL viewerIsAdmin is false)." if admin is False else "."),
            details=details,
            remediation=[link_enterprise_home(site.web, slug), DOC_ENTERPRISE_SEATS_API],
            evidence=ev,
        )
    fmt = {"slug": slug, "login": login}
    if admin is True:
        return E.REPORTS_POLICY_OWNER.outcome(
            details=details + ["GraphQL enterprise.viewerIsAdmin is true for this account."],
            remediation=[link_enterprise(site.web, slug)], evidence=ev, **fmt)
    seats = await _enterprise_role(ctx, slug)
    ev["http"].append(seats.evidence(*_SHOWN_HEADERS, body_chars=0))
    role_line = (f"{E.SEATS_1.removeprefix('GET ').format(enterprise=slug)} → HTTP {seats.status} "
                 "(readable by enterprise owners and billing managers, whatever the metrics policy).")
    admin_line = ("GraphQL enterprise.viewerIsAdmin is false for this account (true for owners only)."
                  if admin is False else "GraphQL didn't say whether this account is an enterprise owner.")
    details += [admin_line, role_line]
    if seats.ok:
        return E.REPORTS_POLICY_ROLE_PROVEN.outcome(
            details=details, remediation=[link_enterprise(site.web, slug)], evidence=ev, **fmt)
    if seats.status == 403 and not _sso_required(seats):
        return E.REPORTS_ROLE.outcome(
            details=details, remediation=[link_enterprise_home(site.web, slug)], evidence=ev, **fmt)
    return E.REPORTS_UNTOLD.outcome(
        details=details, remediation=[link_enterprise_home(site.web, slug), link_enterprise(site.web, slug)],
        evidence=ev, seats_status=f"HTTP {seats.status}", **fmt)
