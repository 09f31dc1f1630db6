"""The check: what was found, in plain words, and its verdict from the diagnosis table."""

from __future__ import annotations

from aiusage_doctor.core.checks import CheckContext, Outcome
from aiusage_doctor.providers.claude_local.detect import (
    CONSOLE,
    GATEWAY,
    NOT_INSTALLED,
    NOT_LOGGED_IN,
    SUBSCRIPTION,
    THIRD_PARTY_KIND,
    LocalLogin,
    detect,
)
from aiusage_doctor.providers.claude_local.rows import _FROM_FILES, ROWS
from aiusage_doctor.providers.claude_local.sources import LINKS


# ------------------------------------------------------------------ the check


def _evidence_lines(found: LocalLogin) -> list[str]:
    lines = [f"Login: {found.label} (from {found.source or 'no evidence'})."]
    if found.cli_found:
        if found.auth_status is not None:
            shown = ", ".join(f"{k}={v}" for k, v in found.auth_status.items())
            lines.append(f"`claude auth status`: {shown}.")
    else:
        lines.append("The `claude` command was not found on PATH.")
    if found.organization_type or found.billing_type:
        lines.append(
            "~/.claude.json account: organization type "
            f"{found.organization_type or 'not set'}, billing {found.billing_type or 'not set'}."
        )
    if found.console_managed_key:
        lines.append("A Console-managed API key from a Console login is stored (value not read).")
    if found.credentials_file:
        lines.append("A stored login file (.credentials.json) exists (not read).")
    if found.env_present:
        lines.append("Set in this environment (values not read): " + ", ".join(found.env_present) + ".")
    if found.settings_env_present:
        lines.append("Set in a settings file's env block: " + ", ".join(found.settings_env_present) + ".")
    if found.api_key_helper:
        lines.append("An apiKeyHelper script is configured.")
    if found.force_login_method:
        lines.append(
            f"forceLoginMethod = \"{found.force_login_method}\" in {found.force_login_source}"
            + (" (also pinned to an organization)" if found.force_login_org else "") + "."
        )
    elif found.managed_settings_file:
        lines.append(f"Managed settings ({found.managed_settings_file}) don't set forceLoginMethod.")
    else:
        lines.append("No managed settings on this computer (no managed-settings.json, MDM profile or "
                     "registry policy).")
    if found.env_present and found.auth_status is None:
        lines.append(
            "Environment variables seen here are this tool's; a developer's shell may set others."
        )
    return lines + found.notes


def _conflict_note(found: LocalLogin) -> str | None:
    forced = (found.force_login_method or "").lower()
    if forced == "console" and found.kind == SUBSCRIPTION:
        return ("Managed settings force Console login, yet this computer is signed in with a "
                "Claude.ai subscription: run `claude /logout` then log in again.")
    if forced == "claudeai" and found.kind == CONSOLE:
        return "Managed settings force Claude.ai login, yet this computer uses a Console key."
    return None


def outcome_for(found: LocalLogin) -> Outcome:
    details = _evidence_lines(found)
    if note := _conflict_note(found):
        details.insert(0, note)
    evidence = {"login": found.kind, "plan": found.plan, "source": found.source}
    kind = found.kind
    from_files = found.source in _FROM_FILES
    if kind == NOT_INSTALLED:
        return ROWS["local.not_installed"].outcome(
            "Claude Code is not installed on this computer (no `claude` command and no "
            "~/.claude.json), so there is no login to inspect.",
            details=details + ["Run this check on a developer's computer where Claude Code is used."],
            evidence=evidence,
        )
    if kind == CONSOLE:
        return (ROWS["local.console.files" if from_files else "local.console"]).outcome(
            f"Claude Code on this computer uses a {found.label}: its usage is billed to the "
            "Console and appears in the Console's Claude Code report.",
            details=details,
            evidence=evidence,
        )
    if kind == SUBSCRIPTION:
        plan = found.plan
        where = {
            "enterprise": "its usage is reported by the Claude Enterprise Analytics API, not the Console's Admin API",
            "team": "Claude Team has no analytics API: only the Claude.ai dashboard or OpenTelemetry show it",
        }.get(plan or "", "its usage does not appear in the Console's Claude Code report")
        remediation = [LINKS["settings"], LINKS["authentication"]]
        if plan == "enterprise":
            remediation.insert(0, LINKS["enterprise_analytics"])
        elif plan == "team":
            remediation[1:1] = [LINKS["analytics"], LINKS["monitoring"]]
        else:
            remediation.append(LINKS["monitoring"])
        return (ROWS["local.subscription.files" if from_files else "local.subscription"]).outcome(
            f"Claude Code on this computer signs in with a {found.label}: {where}.",
            details=details + [
                "To make this usage visible to the Console: log in with \"Anthropic Console "
                "account\" (/login) or a Console API key, and enforce it for everyone with "
                "forceLoginMethod: \"console\" in managed settings.",
            ],
            remediation=remediation,
            evidence=evidence,
        )
    if kind == THIRD_PARTY_KIND:
        return ROWS["local.third_party"].outcome(
            f"Claude Code on this computer runs through {found.label}: that usage is billed by "
            "the cloud provider and is not visible to any Anthropic analytics API.",
            details=details + ["Use OpenTelemetry export (works for every login method) to "
                               "collect this usage."],
            evidence=evidence,
        )
    if kind == GATEWAY:
        return ROWS["local.gateway"].outcome(
            "Claude Code on this computer sends requests through an LLM gateway "
            "(ANTHROPIC_AUTH_TOKEN): whether its usage reaches your Console depends on which "
            "key the gateway uses.",
            details=details,
            evidence=evidence,
        )
    if kind == NOT_LOGGED_IN:
        return ROWS["local.not_logged_in"].outcome(
            "Claude Code is installed on this computer but not logged in, so its login method "
            "can't be told.",
            details=details + ["Run `claude` and use /login, then run this check again."],
            evidence=evidence,
        )
    return ROWS["local.unknown"].outcome(
        f"Could not tell how Claude Code signs in on this computer ({found.label}).",
        details=details,
        evidence=evidence,
    )


async def check_local_login(ctx: CheckContext) -> Outcome:
    found = await detect()
    ctx.facts["claude.local.login"] = found.facts()
    return outcome_for(found)
