"""Every vendor page the Claude Code login check links to, and the sources behind its
verdicts with the day they were last checked."""

from __future__ import annotations

from datetime import date

from aiusage_doctor.core.checks import Source
from aiusage_doctor.core.models import Link


# ----------------------------------------------------------------------------- links
# Every vendor page this module links to.

LINKS: dict[str, Link] = {
    "authentication": Link(
        text="Claude Code authentication: login methods and their precedence",
        url="https://code.claude.com/docs/en/authentication",
    ),
    "settings": Link(
        text="Claude Code settings: managed settings and forceLoginMethod",
        url="https://code.claude.com/docs/en/settings",
    ),
    "analytics": Link(
        text="Claude Code analytics dashboards (Claude.ai Team/Enterprise and Console)",
        url="https://code.claude.com/docs/en/analytics",
    ),
    "monitoring": Link(
        text="Monitor Claude Code with OpenTelemetry (works with every login method)",
        url="https://code.claude.com/docs/en/monitoring-usage",
    ),
    "setup": Link(
        text="Install Claude Code",
        url="https://code.claude.com/docs/en/setup",
    ),
    "enterprise_analytics": Link(
        text="Claude Enterprise Analytics API: get started",
        url="https://support.claude.com/en/articles/13694757-get-started-with-the-claude-enterprise-analytics-api",
    ),
}

VERIFIED = date(2026, 12, 4)
"""The day the Claude Code pages below were last checked."""

SOURCES: dict[str, Source] = {
    "authentication": Source("Claude Code docs: authentication (login methods, credential precedence)",
                             LINKS["authentication"].url, VERIFIED),
    "settings": Source("Claude Code docs: settings (managed settings locations, forceLoginMethod)",
                       LINKS["settings"].url, VERIFIED),
    "monitoring": Source("Claude Code docs: OpenTelemetry monitoring", LINKS["monitoring"].url, VERIFIED),
    "config_fields": Source(
        "anthropics/claude-code#58625: ~/.claude.json oauthAccount.organizationType and billingType "
        "(observed fields; Anthropic doesn't document them)",
        "https://github.com/anthropics/claude-code/issues/58625", VERIFIED),
}
