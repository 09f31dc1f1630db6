"""What the Anthropic provider and its usage-source verdict rest on: every endpoint they
call, every vendor page they link to, the sources behind their diagnoses (with the day
they were checked), and the check ids they share.

Kept apart from the checks so the usage-source decision (claude_source.py) and the
Anthropic checks (the anthropic package) read the same table without importing each other.
"""

from __future__ import annotations

from datetime import date, timedelta

from aiusage_doctor.core.checks import Alternative, Source
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.models import Link
from aiusage_doctor.core.tokens import TokenKind, classify
from aiusage_doctor.core.vendors import ANTHROPIC_ADMIN_KEYS_DOCS, ANTHROPIC_ADMIN_KEYS_URL
from aiusage_doctor.providers import claude_local

# ------------------------------------------------------------------------------- table
# Every endpoint this module calls (path relative to the configured Anthropic API base
# URL) and every vendor page it links to. Nothing else in this module spells a URL.

REF: dict[str, Link] = {
    # Admin API (Console; Admin key), all read-only
    "api.me": Link(text="Admin API: GET /v1/organizations/me", url="/v1/organizations/me"),
    "api.users": Link(text="Admin API: GET /v1/organizations/users", url="/v1/organizations/users"),
    "api.api_keys": Link(text="Admin API: GET /v1/organizations/api_keys", url="/v1/organizations/api_keys"),
    "api.claude_code": Link(
        text="Claude Code Analytics API: GET /v1/organizations/usage_report/claude_code",
        url="/v1/organizations/usage_report/claude_code",
    ),
    # Claude Enterprise Analytics API (claude.ai; Analytics key)
    "api.enterprise_users": Link(
        text="Enterprise Analytics API: GET /v1/organizations/analytics/users",
        url="/v1/organizations/analytics/users",
    ),
    # Vendor pages
    "admin_keys": Link(
        text="Create an Admin API key (Claude Console → Settings → Admin keys)",
        url=ANTHROPIC_ADMIN_KEYS_URL,
    ),
    "admin_keys_docs": Link(
        text="Admin API keys: which key you need and who can create it",
        url=ANTHROPIC_ADMIN_KEYS_DOCS,
    ),
    "errors": Link(text="Anthropic API errors", url="https://platform.claude.com/docs/en/api/errors"),
    "claude_code_api": Link(
        text="Claude Code Analytics API (Console organizations)",
        url="https://platform.claude.com/docs/en/manage-claude/claude-code-analytics-api",
    ),
    "which_analytics": Link(
        text="Which analytics API your organization needs (Console vs Claude Enterprise)",
        url="https://platform.claude.com/docs/en/manage-claude/analytics-api",
    ),
    "console_dashboard": Link(
        text="Claude Code usage in the Console", url="https://platform.claude.com/claude-code"
    ),
    "enterprise_start": Link(
        text="Get started with the Claude Enterprise Analytics API",
        url="https://support.claude.com/en/articles/13694757-get-started-with-the-claude-enterprise-analytics-api",
    ),
    "enterprise_reference": Link(
        text="Claude Enterprise Analytics API reference (errors, data availability)",
        url="https://support.claude.com/en/articles/13703965-claude-enterprise-analytics-api-reference-guide",
    ),
    "enterprise_keys": Link(
        text="Create an Analytics API key: claude.ai → Organization settings → API (primary owner)",
        url=ANTHROPIC_ADMIN_KEYS_DOCS,
    ),
    "oauth_admin": Link(
        text="Admin API: which credentials it accepts (Admin key, org:admin OAuth token, "
             "personal or service-account key)",
        url="https://platform.claude.com/docs/en/manage-claude/claude-code-analytics-api",
    ),
    "admin_api": Link(
        text="Admin API overview (not available to individual accounts)",
        url="https://platform.claude.com/docs/en/manage-claude/admin-api",
    ),
    "cc_authentication": Link(
        text="Claude Code authentication: Console vs Claude.ai login",
        url="https://code.claude.com/docs/en/authentication",
    ),
    "cc_settings": Link(
        text="Claude Code managed settings: forceLoginMethod",
        url="https://code.claude.com/docs/en/settings",
    ),
    "cc_analytics": Link(
        text="Claude Code analytics dashboard for Claude Team/Enterprise (claude.ai)",
        url="https://code.claude.com/docs/en/analytics",
    ),
    "cc_monitoring": Link(
        text="Claude Code OpenTelemetry monitoring (every plan and login)",
        url="https://code.claude.com/docs/en/monitoring-usage",
    ),
    "known_issue": Link(
        text="Known issue: subscription logins are missing from the Claude Code report",
        url="https://github.com/anthropics/claude-code/issues/27780",
    ),
}

VERIFIED = date(2026, 12, 4)
"""The day the Anthropic and Claude Code pages below were last checked."""


def _src(title: str, url: str) -> Source:
    return Source(title, url, VERIFIED)


SRC: dict[str, Source] = {
    "admin_keys": _src("Anthropic docs: Admin API keys (key types, prefixes, where each is created)",
                       ANTHROPIC_ADMIN_KEYS_DOCS),
    "cc_api": _src("Anthropic docs: Claude Code Analytics API (accepted credentials; workspace keys "
                   "don't work; report shape)", REF["claude_code_api"].url),
    "admin_api": _src("Anthropic docs: Admin API (unavailable for individual accounts)", REF["admin_api"].url),
    "analytics": _src("Anthropic docs: Analytics APIs (Console vs Claude Enterprise; keys not "
                      "interchangeable)", REF["which_analytics"].url),
    "errors": _src("Anthropic docs: API errors (status codes and error types)", REF["errors"].url),
    "enterprise_ref": _src("Claude Help Center: Enterprise Analytics API reference guide (404 = missing "
                           "read:analytics; data from 2026-01-01)", REF["enterprise_reference"].url),
    "known_issue": _src("anthropics/claude-code#27780: subscription logins missing from the Claude Code "
                        "report (also #20819, #9700)", REF["known_issue"].url),
    "cc_auth": _src("Claude Code docs: authentication (login methods and precedence)", REF["cc_authentication"].url),
    "cc_settings": _src("Claude Code docs: settings (managed settings, forceLoginMethod)", REF["cc_settings"].url),
    "cc_analytics": _src("Claude Code docs: analytics dashboards (Team/Enterprise)", REF["cc_analytics"].url),
    "cc_monitoring": _src("Claude Code docs: OpenTelemetry monitoring", REF["cc_monitoring"].url),
}

ANTHROPIC_DOCUMENTED_STATUSES = frozenset({400, 401, 402, 403, 404, 409, 413, 429, 500, 504, 529})
"""Every status Anthropic's errors page documents; any other is an unexpected answer."""

ANTHROPIC_VERSION = "2023-06-01"
REPORT_DAYS = 7
"""Days of the Claude Code report to read (one request per day; today included)."""
PAGE_LIMIT = 1000
"""The report's maximum page size."""
MAX_PAGES_PER_DAY = 20
COUNT_LIMIT = 100
"""Page size for counting members and API keys (more shows as 'N+')."""
ENTERPRISE_DATA_START = date(2026, 1, 1)
"""The Enterprise Analytics API has no data before this day."""
ENTERPRISE_LAG = timedelta(days=4, hours=11)
"""Day N-1 is aggregated at 10:00 UTC on day N and queryable three days later."""


# ------------------------------------------------------------------------------ check ids

FORMAT = "anthropic.key.format"
AUTH = "anthropic.key.auth"
REPORT = "anthropic.claude_code.report"
ENTERPRISE = "anthropic.enterprise_analytics"
LOCAL = claude_local.SPEC.id
SOURCE = "claude.usage_source"
KEY_TARGET, ORG_TARGET, MACHINE_TARGET = "key", "org", "machine"


def raw_key(config: RunConfig) -> str:
    return config.anthropic.admin_key.get_secret_value() if config.anthropic.admin_key else ""


def key_kind(config: RunConfig) -> TokenKind | None:
    raw = raw_key(config)
    return classify(raw).kind if raw.strip() else None


def count_text(n: int | None, more: bool, word: str) -> str:
    if n is None:
        return f"unknown number of {word}s"
    return f"{n}{'+' if more else ''} {word}{'' if n == 1 and not more else 's'}"


ALT_OTHER_ORG = Alternative(
    "The key belongs to a different Console organization than the one developers sign in to.",
    (REF["admin_keys_docs"],))
"""Shared by the report's and the usage-source verdict's alternatives."""
