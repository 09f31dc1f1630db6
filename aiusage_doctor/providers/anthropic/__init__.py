"""Claude Code (Anthropic): the right key, the Console's Claude Code report, Claude
Enterprise analytics, and the verdict on where this organization's usage flows.

The diagnosis that matters most: the Console's Claude Code report only contains usage
of developers who sign in to Claude Code with a Console account or a Console API key.
Developers signed in with a Claude.ai subscription (Pro, Max, Team, Enterprise) never
show up there (the API answers `{"data": [], "has_more": false}` for every day; see
anthropics/claude-code#27780). Claude Enterprise organizations read that usage with
the Enterprise Analytics API (an `sk-ant-api01-` key with `read:analytics`, which
answers 404, not 403, when the scope is missing); Claude Team has no API at all.

Keys are routed by prefix before anything is sent: an Enterprise Analytics key
(`sk-ant-api01-`) goes only to `/v1/organizations/analytics/*`; an ordinary workspace key
(`sk-ant-api03-`, documented as refused by the Admin API) and other products' secrets go
nowhere. Everything else that starts with `sk-ant-` goes to the Admin API: the Admin key
(`sk-ant-admin01-`), OAuth tokens (`sk-ant-oat01-`; one with the `org:admin` scope is
accepted) and keys whose prefix Anthropic doesn't document (personal or service-account
keys not scoped to a workspace are accepted). Their answer decides the verdict.

A package of small modules that read like tables: `rows` (each check's diagnosis rows:
probe → answer → verdict → link → source → verified on; an answer that matches no
documented shape is an "unexpected answer"), `catalog` (one entry per check id, in report
order), one module per subject (`key`, `report`, `enterprise`), what they share in
`common`, and the wiring in `plan`. Every endpoint, vendor link and source sits in
`anthropic_refs` beside this package, which the usage-source verdict (`claude_source`)
reads too. This module keeps the public names the registry and the tests use.

The provider owns every `anthropic.*` and `claude.*` check; `claude.local.login` is
declared in `claude_local` and planned here when `config.anthropic.claude_local` is on.
"""

from aiusage_doctor.providers.anthropic.catalog import CATALOG
from aiusage_doctor.providers.anthropic.enterprise import check_enterprise_analytics
from aiusage_doctor.providers.anthropic.key import check_key_auth, check_key_format
from aiusage_doctor.providers.anthropic.plan import PROVIDER, is_configured, plan
from aiusage_doctor.providers.anthropic.report import check_claude_code_report
from aiusage_doctor.providers.anthropic.rows import AUTH_ROWS, ENTERPRISE_ROWS, FORMAT_ROWS, REPORT_ROWS

__all__ = [
    "AUTH_ROWS",
    "CATALOG",
    "ENTERPRISE_ROWS",
    "FORMAT_ROWS",
    "PROVIDER",
    "REPORT_ROWS",
    "check_claude_code_report",
    "check_enterprise_analytics",
    "check_key_auth",
    "check_key_format",
    "is_configured",
    "plan",
]
