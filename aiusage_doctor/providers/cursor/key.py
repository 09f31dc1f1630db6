"""Key checks: the offline key-format check, and whether Cursor accepts the key as a team
admin key (`GET /teams/members`)."""

from __future__ import annotations

from aiusage_doctor.core.checks import CheckContext, Outcome
from aiusage_doctor.core.tokens import TokenKind, format_findings, verdict_for, with_article
from aiusage_doctor.providers.cursor.common import (
    _auth_header,
    _clean_key,
    _error_message,
    _evidence,
    _http_line,
    _is_plan_refusal,
    _members,
    _raw_key,
    _unexpected,
    _url,
)
from aiusage_doctor.providers.cursor.rows import AUTH_ROWS, FORMAT_ROWS
from aiusage_doctor.providers.cursor.sources import DOCUMENTED_STATUSES, REF


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
        row = FORMAT_ROWS["format.other_product" if info.provider and info.provider != "cursor" else "format.malformed"]
        return row.outcome(
            summary,
            details=details + [
                "Cursor team admin keys start with key_ (older) or crsr_ (newer). A team admin "
                "creates one in the Cursor dashboard → API Keys; it is shown only once.",
            ],
            evidence=evidence,
        )
    if info.cleaned:
        return FORMAT_ROWS["format.cleaned"].outcome(
            f"{verdict.message} — but the pasted value had extra characters around it "
            f"({'; '.join(info.cleaned).lower()}). They were removed here; remove them wherever "
            "else you paste this key too, or it will be rejected there.",
            details=details,
            evidence=evidence,
        )
    if verdict.level == "warn":
        return FORMAT_ROWS["format.soft"].outcome(verdict.message, details=details, evidence=evidence)
    if info.kind is TokenKind.CURSOR_CRSR:
        details.append(
            "Personal (user) Cursor keys for the CLI also start with crsr_; the next check "
            "asks Cursor whether this one is a team admin key."
        )
    return FORMAT_ROWS["format.ok"].outcome(verdict.message, details=details, evidence=evidence)


async def check_key_auth(ctx: CheckContext) -> Outcome:
    resp = await ctx.http.get(_url(ctx, "api.members"), headers=_auth_header(_clean_key(ctx)))
    evidence = _evidence(resp)
    if resp.ok:
        members = _members(resp.json())
        if members is None:
            return _unexpected(
                f"GET {REF['api.members'].url} answered 200 without a team member list", resp, AUTH_ROWS,
                [f"{resp.method} {resp.path} answered HTTP {resp.status}: {resp.text.strip()[:200]}",
                 f"Otherwise the base URL ({ctx.config.cursor.api_url}) points at something that "
                 "isn't Cursor's API; the standard one is https://api.cursor.com."])
        active = [m for m in members if not m.get("isRemoved")]
        roles: dict[str, int] = {}
        for m in active:
            role = str(m.get("role") or "unknown")
            roles[role] = roles.get(role, 0) + 1
        ctx.facts["cursor.members"] = len(active)
        role_text = ", ".join(f"{n} {r}" for r, n in sorted(roles.items()))
        return AUTH_ROWS["auth.ok"].outcome(
            f"Cursor accepted the key as a team admin key; the team has {len(active)} "
            f"member{'s' if len(active) != 1 else ''}.",
            details=[f"Roles: {role_text}." if role_text else "No members listed.",
                     f"{len(members) - len(active)} removed member(s) not counted."],
            evidence=evidence,
        )
    if resp.status not in DOCUMENTED_STATUSES:
        return _unexpected(f"HTTP {resp.status} to the key check", resp, AUTH_ROWS)

    message = _error_message(resp)
    low = message.lower()
    if resp.status == 401:
        if "organization" in low:
            row, cause = AUTH_ROWS["auth.401.org_key"], (
                "it looks like an Organization API key, which only works on /organizations "
                "endpoints; team usage needs a Team API key")
        elif "scope" in low:
            row, cause = AUTH_ROWS["auth.401.scope"], "the key lacks the admin scope that the Admin API needs"
        else:
            row, cause = AUTH_ROWS["auth.401"], (
                "most likely it is wrong or revoked; otherwise it is a personal (user) API key or an "
                "organization key rather than a team admin API key")
        return row.outcome(
            f"Cursor rejected the key (HTTP 401 \u201c{message}\u201d): {cause}.",
            details=[
                _http_line(resp),
                "Only team admins can create a team admin key: Cursor dashboard → API Keys "
                "(team keys, admin scope). Copy it when shown; it is not shown again.",
                "The Admin API uses Basic auth with the key as user name and an empty password "
                "(curl -u KEY:). A product sending it as 'Bearer' is rejected the same way.",
            ],
            evidence=evidence,
        )
    if resp.status == 403:
        if _is_plan_refusal(message):
            return AUTH_ROWS["auth.403.plan"].outcome(
                f"Cursor refused the Admin API for this team (HTTP 403 \u201c{message}\u201d): the "
                "key is valid, but this team's plan doesn't include the Admin API.",
                details=[_http_line(resp),
                         "Cursor's APIs overview lists the Admin API for Enterprise teams; ask Cursor "
                         "to enable it for your team."],
                evidence=evidence,
            )
        return AUTH_ROWS["auth.403"].outcome(
            f"Cursor refused the key (HTTP 403 \u201c{message}\u201d): most likely it is not an "
            "admin-scoped team key.",
            details=[_http_line(resp),
                     "Create a team API key with the admin scope (Cursor dashboard → API Keys)."],
            evidence=evidence,
        )
    if resp.status == 404:
        return AUTH_ROWS["auth.404"].outcome(
            f"Cursor's API answered 404 for {REF['api.members'].url}: the Cursor API base URL "
            f"({ctx.config.cursor.api_url}) is probably wrong.",
            details=[_http_line(resp), "The standard base URL is https://api.cursor.com."],
            evidence=evidence,
        )
    return AUTH_ROWS["auth.error"].outcome(
        f"Cursor answered HTTP {resp.status} to the key check: \u201c{message}\u201d.",
        details=[_http_line(resp)],
        evidence=evidence,
    )
