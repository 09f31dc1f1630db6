"""Enterprise checks: the GraphQL lookup (`viewerIsAdmin`), the enterprise usage reports
and the enterprise's Copilot seat count.
"""

from __future__ import annotations

from aiusage_doctor.core.checks import CheckContext, Outcome
from aiusage_doctor.providers.github import rows_enterprise as E
from aiusage_doctor.providers.github import rows_token as T
from aiusage_doctor.providers.github import sources as S
from aiusage_doctor.providers.github.catalog import F_ENT_ADMIN, F_LOGIN
from aiusage_doctor.providers.github.common import (
    _evidence,
    _get,
    _ghes_outcome,
    _gql_messages,
    _headers,
    _http_line,
    _input_error_outcome,
    _SHOWN_HEADERS,
    _is_app,
    _is_fine_grained,
    _is_installation,
    _message,
    _needed_scopes,
    _report_day,
    _site,
)
from aiusage_doctor.providers.github.denials import (
    _enterprise_denial,
    _enterprise_role,
    _rejected_outcome,
    _sso_outcome,
    _sso_required,
)
from aiusage_doctor.providers.github.links import (
    DOC_APP_PERMISSIONS,
    DOC_COPILOT_ACCESS,
    DOC_DATA_FRESHNESS,
    DOC_DATA_RESIDENCY,
    DOC_ENTERPRISE_POLICY,
    DOC_ENTERPRISE_SEATS_API,
    DOC_LEGACY_CLOSED,
    DOC_SCOPES,
    DOC_SSO,
    DOC_TROUBLESHOOTING,
    DOC_USAGE_API,
    ENTERPRISE_QUERY,
    ENTERPRISE_REPORTS_START,
    ENT_LEGACY_METRICS,
    ENT_REPORT_1,
    ENT_REPORT_28,
    ENT_SEATS,
    link_enterprise,
    link_enterprise_home,
    link_new_token,
    link_tokens,
)
from aiusage_doctor.providers.github.reports import (
    _fetch_reports,
    _legacy_line,
    _one_day_line,
    _report_pass,
    _report_shape_drift,
    _undocumented_status,
)


# ------------------------------------------------------------------------- enterprise


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
                evidence=ev, cause=T.FINE_GRAINED_AT_ENTERPRISE,
            )
        fmt = {"slug": slug, "name": name, "login": login}
        if _is_installation(ctx):
            return Outcome.passed(
                f"Enterprise {slug} ({name}) is visible to the GitHub App; an installation token has no "
                "person's role, so the report check tells whether the App may read its reports.",
                details=details, evidence=ev)
        if admin is True:
            return E.ACCESS_OWNER.outcome(details=details, evidence=ev, **fmt)
        # viewerIsAdmin is true for owners only; billing managers may read the reports too.
        # The enterprise seat list (owners and billing managers, whatever the policy) tells.
        seats = await _enterprise_role(ctx, slug)
        ev["http"].append(seats.evidence(*_SHOWN_HEADERS, body_chars=0))
        details += ["GraphQL enterprise.viewerIsAdmin is false (true for enterprise owners only).",
                    _http_line(seats, message=False)]
        if seats.ok:
            return E.ACCESS_BILLING.outcome(details=details, evidence=ev, **fmt)
        return E.ACCESS_NOT_OWNER.outcome(details=details, remediation=[page], evidence=ev, **fmt)
    if _is_app(ctx):
        return Outcome.warn(
            f"Couldn't look enterprise {slug} up with this GitHub App token; the report check below "
            "tells whether the App may read its reports ('Enterprise Copilot metrics' permission).",
            details=details, remediation=[DOC_APP_PERMISSIONS, DOC_USAGE_API], evidence=ev,
        )
    if _is_fine_grained(ctx):
        return Outcome.warn(
            f"Couldn't look enterprise {slug} up with a fine-grained token; GitHub refuses these "
            "tokens for enterprise-level Copilot reports anyway.",
            details=details, remediation=[link_new_token(site.web, _needed_scopes(ctx.config)), DOC_USAGE_API],
            evidence=ev, cause=T.FINE_GRAINED_AT_ENTERPRISE,
        )
    if "INSUFFICIENT_SCOPES" in types or "FORBIDDEN" in types:
        return Outcome.warn(
            f"Couldn't confirm enterprise {slug} or your role in it: GitHub's enterprise lookup needs "
            "the read:enterprise scope (the reports themselves also accept manage_billing:copilot).",
            details=details,
            remediation=[link_new_token(site.web, _needed_scopes(ctx.config)), DOC_SCOPES],
            evidence=ev, cause=T.SCOPES_MISSING,
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
        return _report_shape_drift(r28, S.API_ENT_REPORT_28) or _report_pass(
            ctx, label, r28, r1, day, ENTERPRISE_REPORTS_START, "Enterprise", [DOC_DATA_FRESHNESS, DOC_USAGE_API])
    if (drift := _undocumented_status(r28, S.API_ENT_REPORT_28)) is not None:
        return drift
    if r28.status == 401:
        return _rejected_outcome(r28, site)
    if r28.status == 403:
        return await _enterprise_denial(ctx, slug, r28)
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
        return await _enterprise_denial(ctx, slug, resp, "Copilot seats", policy=False)
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
    if resp.ok and not isinstance(total, int):
        return Outcome.unexpected_answer(
            "GitHub", "the enterprise seat list has no `total_seats` number", evidence=_evidence(resp),
            details=[_http_line(resp)], remediation=[DOC_ENTERPRISE_SEATS_API], sources=[S.API_ENT_SEATS])
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


