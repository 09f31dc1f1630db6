"""The Cursor and Claude Code scenarios: keys, plans, usage sources and changed answers."""

from __future__ import annotations

from aiusage_doctor.sim.scenarios._info import ScenarioInfo

CURSOR_CLAUDE_SCENARIOS: tuple[ScenarioInfo, ...] = (
    ScenarioInfo(
        name="cursor-invalid-key",
        title="Cursor API key rejected",
        description=(
            "The Cursor key is well-formed (key_ + 64 hex) but revoked. Documented: 401 "
            '{"error":"Unauthorized","message":"Invalid API key"} on every endpoint.'
        ),
        expected={"cursor.key.auth": "fail"},
        key_links={"cursor.key.auth": "cursor.com/dashboard/api"},
        world={"cursor_key_valid": False},
    ),
    ScenarioInfo(
        name="cursor-no-analytics-plan",
        title="Cursor team without the Enterprise plan",
        description=(
            "A Cursor Team-plan admin key: the Admin API (/teams/members, /teams/daily-usage-data) "
            "works, the Analytics API answers 403 'Enterprise access required' (documented "
            "generic body) and AI Code Tracking 401 'You must be a member of an enterprise team "
            "to access this resource' (observed in a public connector). UNDOCUMENTED: that the "
            "Admin API works on the Team plan (Cursor's pages disagree)."
        ),
        expected={"cursor.analytics.access": "warn"},
        key_links={"cursor.analytics.access": "cursor.com/docs/account/teams/analytics-api"},
        world={"cursor_plan": "team"},
    ),
    ScenarioInfo(
        name="claude-subscription-only",
        title="Claude Code used through Claude.ai subscriptions only",
        description=(
            "The Admin key works, but developers sign in to Claude Code with Claude.ai "
            "subscriptions, so the Claude Code usage report is empty for every day: "
            '{"data":[],"has_more":false,"next_page":null} (anthropics/claude-code#27780, #20819).'
        ),
        expected={"anthropic.claude_code.report": "warn", "claude.usage_source": "warn"},
        key_links={
            "anthropic.claude_code.report": "platform.claude.com/docs/en/manage-claude/analytics-api",
            "claude.usage_source": "platform.claude.com/docs/en/manage-claude/analytics-api",
        },
        world={"anthropic_usage": "none"},
    ),
    ScenarioInfo(
        name="anthropic-non-admin-key",
        title="Ordinary Anthropic API key instead of an Admin key",
        description=(
            "The key is a workspace API key (sk-ant-api03-…), which the Admin API refuses "
            "('workspace API keys don't work', documented). UNDOCUMENTED: the status; the "
            "simulator answers 403 permission_error, as integrators report."
        ),
        expected={"anthropic.key.format": "fail"},
        key_links={"anthropic.key.format": "platform.claude.com/settings/admin-keys"},
        world={"anthropic_key": "api"},
    ),
    ScenarioInfo(
        name="claude-enterprise-analytics",
        title="Claude Enterprise organization with an Analytics API key",
        description=(
            "The Anthropic key is a Claude Enterprise Analytics key (sk-ant-api01-…, made in "
            "claude.ai with read:analytics). Documented: it reads /v1/organizations/analytics/* "
            "(daily snapshots from 2026-01-01, dates before today; 400 otherwise) but cannot call "
            "the Console Admin API. UNDOCUMENTED: the status the Admin API gives it (the simulator "
            "answers 401 authentication_error)."
        ),
        world={"anthropic_key": "enterprise_analytics"},
    ),
)

# ---------------------------------------------------------------- Cursor and Claude Code evidence
# Scenarios for the vendor-evidence cases of the Cursor and Anthropic providers: a key of an
# undocumented type, an OAuth login token, the documented "Enterprise teams" gating of the
# Cursor Admin API, and answers that drifted from the documented shapes.

VENDOR_EVIDENCE_SCENARIOS: tuple[ScenarioInfo, ...] = (
    ScenarioInfo(
        name="anthropic-undocumented-key",
        title="Anthropic key whose prefix isn't documented (personal or service-account key)",
        description=(
            "The Anthropic key starts with sk-ant- but not with a documented prefix, like a personal "
            "or service-account key that isn't scoped to a workspace. Documented: the Admin API "
            "accepts such keys (claude-code-analytics-api page); their prefix is not documented. The "
            "key is sent, accepted, and the report reads as in 'healthy'."
        ),
        expected={"anthropic.key.format": "warn"},
        key_links={"anthropic.key.format": "platform.claude.com/docs/en/manage-claude/claude-code-analytics-api"},
        world={"anthropic_key": "undocumented"},
    ),
    ScenarioInfo(
        name="claude-code-login-token",
        title="A Claude Code login token instead of an Admin key",
        description=(
            "The Anthropic key is an OAuth token (sk-ant-oat01-) from a Claude Code subscription login. "
            "Documented: the Admin API accepts OAuth tokens with the org:admin scope, so the token is "
            "sent as a bearer token. UNDOCUMENTED: the refusal's status and text; the simulator answers "
            "403 permission_error because the token lacks org:admin."
        ),
        expected={"anthropic.key.format": "warn", "anthropic.key.auth": "fail", "claude.usage_source": "warn"},
        key_links={"anthropic.key.format": "platform.claude.com/docs/en/manage-claude/claude-code-analytics-api",
                   "anthropic.key.auth": "code.claude.com/docs/en/authentication",
                   "claude.usage_source": "code.claude.com/docs/en/settings"},
        world={"anthropic_key": "oauth"},
    ),
    ScenarioInfo(
        name="anthropic-report-drift",
        title="Anthropic's Claude Code report changed shape",
        description=(
            "The Claude Code report answers 200, but its rows carry `user` where the documented "
            "`actor` should be (a made-up change). No rule applies, so the report check ends in "
            "'unexpected answer from Anthropic' with the evidence instead of a guess."
        ),
        expected={"anthropic.claude_code.report": "error"},
        key_links={"anthropic.claude_code.report": "platform.claude.com/docs/en/manage-claude/claude-code-analytics-api"},
        world={"anthropic_report_shape": "drifted"},
    ),
    ScenarioInfo(
        name="cursor-admin-api-enterprise-only",
        title="Cursor team whose plan doesn't include the Admin API",
        description=(
            "A Cursor Team-plan admin key where the Admin API follows the APIs overview (Admin API: "
            "'Enterprise teams'): /teams/* answer 403 'Enterprise access required' (documented generic "
            "body). The key is valid; the verdict is the plan, with Cursor's overview and sales links."
        ),
        expected={"cursor.key.auth": "fail"},
        key_links={"cursor.key.auth": "cursor.com/docs/api"},
        world={"cursor_plan": "team", "cursor_admin_api_plan": "enterprise"},
    ),
    ScenarioInfo(
        name="cursor-usage-drift",
        title="Cursor's daily usage answer changed shape",
        description=(
            "POST /teams/daily-usage-data answers 200 with `usage` instead of the documented `data` "
            "list (a made-up change): the usage check ends in 'unexpected answer from Cursor' with "
            "the evidence."
        ),
        expected={"cursor.usage.daily": "error"},
        key_links={"cursor.usage.daily": "cursor.com/docs/account/teams/admin-api"},
        world={"cursor_usage_shape": "drifted"},
    ),
)
