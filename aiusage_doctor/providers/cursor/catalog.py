"""One catalog entry per Cursor check id, in report order, and the targets they run on."""

from __future__ import annotations

from aiusage_doctor.core.checks import Catalog, CheckSpec
from aiusage_doctor.providers.cursor.rows import ANALYTICS_ROWS, AUTH_ROWS, FORMAT_ROWS, USAGE_ROWS
from aiusage_doctor.providers.cursor.sources import REF, SRC, USAGE_DAYS


CATALOG = Catalog(
    "cursor",
    [
        CheckSpec(
            id="cursor.key.format",
            title="Cursor API key format",
            probes="Offline: the key's shape (key_ + 64 hex, or crsr_…); nothing is sent.",
            explains=(
                "The value isn't a Cursor API key: a GitHub or Anthropic secret, a key cut short "
                "while copying, or stray spaces or quotes around it."
            ),
            remediation=(REF["keys"], REF["auth"]),
            per="key",
            sources=(SRC["api"],),
            diagnoses=tuple(FORMAT_ROWS.values()),
        ),
        CheckSpec(
            id="cursor.key.auth",
            title="Cursor key accepted as a team admin key",
            probes="GET /teams/members with Basic auth (key as user name, empty password).",
            explains=(
                "Cursor rejected the key: it is wrong or revoked, or it is a personal (user) key "
                "or an organization key rather than a team admin API key."
            ),
            remediation=(REF["keys"], REF["auth"], REF["admin_api"]),
            per="key",
            sources=(SRC["api"], SRC["admin_api"]),
            diagnoses=tuple(AUTH_ROWS.values()),
        ),
        CheckSpec(
            id="cursor.usage.daily",
            title="Cursor daily usage data",
            probes=f"POST /teams/daily-usage-data for the last {USAGE_DAYS} days (epoch ms, read-only query).",
            explains=(
                "The key works but no usage rows came back: nobody on the team used Cursor signed "
                "in to the team account in that window, or the data hasn't arrived yet."
            ),
            remediation=(REF["admin_api"], REF["keys"]),
            per="team",
            sources=(SRC["admin_api"],),
            diagnoses=tuple(USAGE_ROWS.values()),
        ),
        CheckSpec(
            id="cursor.analytics.access",
            title="Cursor Analytics / AI Code Tracking API (Enterprise)",
            probes=(
                "GET /analytics/team/dau?startDate=7d&endDate=today and "
                "GET /analytics/ai-code/commits?startDate=7d&endDate=now&page=1&pageSize=1."
            ),
            explains=(
                "These APIs are only available on Cursor's Enterprise plan; on other plans Cursor "
                "refuses them even with a valid admin key."
            ),
            remediation=(REF["analytics_api"], REF["ai_code_api"], REF["plans"]),
            per="team",
            sources=(SRC["analytics_api"], SRC["ai_code_api"]),
            diagnoses=tuple(ANALYTICS_ROWS.values()),
        ),
    ],
)

FORMAT, AUTH, USAGE, ANALYTICS = (spec.id for spec in CATALOG)
KEY_TARGET = "key"
TEAM_TARGET = "team"
