"""Every endpoint the Cursor checks call (path relative to the configured Cursor API base
URL), every Cursor page they link to, the sources behind their diagnoses with the day they
were checked, and the documented limits and texts the checks rely on."""

from __future__ import annotations

from datetime import date

from aiusage_doctor.core.checks import Source
from aiusage_doctor.core.models import Link
from aiusage_doctor.core.vendors import CURSOR_ADMIN_API_DOCS, CURSOR_KEYS_URL


REF: dict[str, Link] = {
    # Endpoints (all read-only)
    "api.members": Link(text="Admin API: GET /teams/members", url="/teams/members"),
    "api.daily_usage": Link(text="Admin API: POST /teams/daily-usage-data", url="/teams/daily-usage-data"),
    "api.analytics_dau": Link(text="Analytics API: GET /analytics/team/dau", url="/analytics/team/dau"),
    "api.ai_code_commits": Link(
        text="AI Code Tracking API: GET /analytics/ai-code/commits", url="/analytics/ai-code/commits"
    ),
    # Vendor pages
    "keys": Link(
        text="Create a team admin API key (Cursor dashboard → API Keys)",
        url=CURSOR_KEYS_URL,
    ),
    "auth": Link(
        text="Cursor API authentication (Basic auth: key as user name, empty password)",
        url="https://cursor.com/docs/api#basic-authentication",
    ),
    "admin_api": Link(text="Cursor Admin API", url=CURSOR_ADMIN_API_DOCS),
    "api_overview": Link(
        text="Cursor APIs overview: the Admin, Analytics and AI Code Tracking APIs are for Enterprise teams",
        url="https://cursor.com/docs/api",
    ),
    "analytics_api": Link(
        text="Cursor Analytics API (Enterprise)",
        url="https://cursor.com/docs/account/teams/analytics-api",
    ),
    "ai_code_api": Link(
        text="Cursor AI Code Tracking API (Enterprise)",
        url="https://cursor.com/docs/account/teams/ai-code-tracking-api",
    ),
    "org_api": Link(
        text="Cursor Organization API keys (a different key type)",
        url="https://cursor.com/docs/account/organizations/organization-admin-api",
    ),
    "plans": Link(
        text="Cursor Enterprise plan (contact sales)",
        url="https://cursor.com/contact-sales?source=docs-ai-code-tracking",
    ),
}

USAGE_DAYS = 7
"""The usage window asked for."""
MAX_RANGE_DAYS = 30
"""Cursor's documented maximum range for /teams/daily-usage-data (2025 docs said 90)."""
assert USAGE_DAYS <= MAX_RANGE_DAYS

ENTERPRISE_MARKERS = ("enterprise",)
"""Words that make a refusal a plan refusal. Only Cursor's documented texts count ("Enterprise
access required", "You must be a member of an enterprise team"); any other refusal gets the
labelled inference that names both the key's scope and the plan."""


VERIFIED = date(2026, 12, 4)
"""The day the Cursor pages below were last checked."""

SRC: dict[str, Source] = {
    "api": Source("Cursor docs: APIs overview (Admin API availability 'Enterprise teams', Basic auth, "
                  "error bodies, rate limits)", "https://cursor.com/docs/api", VERIFIED),
    "admin_api": Source("Cursor docs: Admin API (/teams/members, /teams/daily-usage-data shapes)",
                        CURSOR_ADMIN_API_DOCS, VERIFIED),
    "analytics_api": Source("Cursor docs: Analytics API ('Only for enterprise teams', admin:* scope)",
                            "https://cursor.com/docs/account/teams/analytics-api", VERIFIED),
    "ai_code_api": Source("Cursor docs: AI Code Tracking API (Enterprise, alpha)",
                          "https://cursor.com/docs/account/teams/ai-code-tracking-api", VERIFIED),
    "org_api": Source("Cursor docs: Organization Admin API (organization keys, 401 bodies)",
                      "https://cursor.com/docs/account/organizations/organization-admin-api", VERIFIED),
}

DOCUMENTED_STATUSES = frozenset({400, 401, 403, 404, 429, 500})
"""The statuses Cursor's 'Common Error Responses' document; any other is an unexpected answer."""
