"""Key checks: the offline key-type check, and the Admin API's answer to the key
(`GET /v1/organizations/me`)."""

from __future__ import annotations

from aiusage_doctor.core.checks import CheckContext, Outcome
from aiusage_doctor.core.tokens import TokenKind, format_findings, verdict_for, with_article
from aiusage_doctor.providers.anthropic.common import (
    _error_words,
    _evidence,
    _headers,
    _http_line,
    _unexpected,
    _url,
)
from aiusage_doctor.providers.anthropic.rows import AUTH_ROWS, FORMAT_ROWS
from aiusage_doctor.providers.anthropic_refs import ANTHROPIC_DOCUMENTED_STATUSES, REF, key_kind, raw_key


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
