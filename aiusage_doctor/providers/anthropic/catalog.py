"""One catalog entry per Anthropic check id, in report order (the Claude Code login on this
computer and the usage-source verdict are declared in their own modules)."""

from __future__ import annotations

from aiusage_doctor.core.checks import Catalog, CheckSpec
from aiusage_doctor.providers import claude_local, claude_source
from aiusage_doctor.providers.anthropic.rows import AUTH_ROWS, ENTERPRISE_ROWS, FORMAT_ROWS, REPORT_ROWS
from aiusage_doctor.providers.anthropic_refs import AUTH, ENTERPRISE, FORMAT, REF, REPORT, REPORT_DAYS, SRC


CATALOG = Catalog(
    "anthropic",
    [
        CheckSpec(
            id=FORMAT,
            title="Anthropic key type",
            probes="Offline: the key's prefix and shape (sk-ant-admin01-, -api03-, -api01-, -oat01-); nothing is sent.",
            explains=(
                "The Admin API reads a Console organization's usage with an Admin API key "
                "(sk-ant-admin01-), an org:admin OAuth token, or a personal or service-account key "
                "not scoped to a workspace; a Claude Enterprise Analytics key (sk-ant-api01-) reads "
                "Claude Enterprise usage. Only what is documented as wrong is refused offline: an "
                "ordinary workspace key (sk-ant-api03-) or another product's secret."
            ),
            remediation=(REF["admin_keys"], REF["admin_keys_docs"]),
            per="key",
            sources=(SRC["admin_keys"], SRC["cc_api"]),
            diagnoses=tuple(FORMAT_ROWS.values()),
        ),
        CheckSpec(
            id=AUTH,
            title="Anthropic Admin key accepted",
            probes=("GET /v1/organizations/me with x-api-key (an OAuth token as Authorization: Bearer) "
                    "and anthropic-version: 2023-06-01."),
            explains=(
                "Anthropic rejected the key: it is wrong, revoked or expired, it is scoped to a "
                "workspace, or the organization is an individual account without the Admin API."
            ),
            remediation=(REF["admin_keys"], REF["admin_keys_docs"], REF["errors"]),
            per="key",
            sources=(SRC["admin_api"], SRC["errors"]),
            diagnoses=tuple(AUTH_ROWS.values()),
        ),
        CheckSpec(
            id=REPORT,
            title="Claude Code usage report (Console)",
            probes=(
                f"GET /v1/organizations/usage_report/claude_code for each of the last {REPORT_DAYS} days "
                "(all pages); when empty, also counts members and active API keys."
            ),
            explains=(
                "An empty report for every day usually means developers sign in to Claude Code with "
                "Claude.ai subscriptions, whose usage the Console never sees."
            ),
            remediation=(REF["claude_code_api"], REF["which_analytics"], REF["known_issue"]),
            per="org",
            sources=(SRC["cc_api"],),
            diagnoses=tuple(REPORT_ROWS.values()),
        ),
        CheckSpec(
            id=ENTERPRISE,
            title="Claude Enterprise Analytics API",
            probes="GET /v1/organizations/analytics/users?date=<4-5 days ago> with the Enterprise Analytics key.",
            explains=(
                "The Enterprise Analytics API answers 404 when the key is missing, invalid or lacks "
                "the read:analytics scope; it has no data before 2026-01-01 and lags about 3 days."
            ),
            remediation=(REF["enterprise_start"], REF["enterprise_reference"], REF["enterprise_keys"]),
            per="org",
            sources=(SRC["enterprise_ref"], SRC["analytics"]),
            diagnoses=tuple(ENTERPRISE_ROWS.values()),
        ),
        claude_local.SPEC,
        claude_source.SPEC,
    ],
)
