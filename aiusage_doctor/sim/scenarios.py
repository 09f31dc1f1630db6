"""The demo scenarios: each is a few overrides on the healthy company plus injected faults.

A scenario is data, not code: `world` changes fields of `World` (see world.py), `faults`
lists `Fault`s (see faults.py), `params` names the knobs a caller may turn
(`enterprise-large:orgs=100,teams=20,latency=0.1`), and `expected` says which checks
the diagnosis must flag, with `key_links` naming a substring of the remediation link a
user needs for each of them. The end-to-end tests assert exactly these.

`expected` maps a check id to the worst status among that check's results; every
check that ends in `fail` or `error` must be listed. Checks skipped because a listed
check failed are not listed. `warn` entries are listed when the scenario is about them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from aiusage_doctor.sim.faults import Fault
from aiusage_doctor.sim.world import World

GENERIC_PARAMS: dict[str, Any] = {"latency": 0.0, "jitter": 0.0}
"""Every scenario accepts these (seconds added to each answer)."""


@dataclass(frozen=True)
class ScenarioInfo:
    name: str
    title: str
    description: str
    expected: dict[str, str] = field(default_factory=dict)
    key_links: dict[str, str] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    world: dict[str, Any] = field(default_factory=dict)
    faults: tuple[Fault, ...] = ()

    @property
    def problems(self) -> dict[str, str]:
        """The expected checks that end in fail or error (these make the CLI exit 1)."""
        return {k: v for k, v in self.expected.items() if v in ("fail", "error")}

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0

    def all_params(self) -> dict[str, Any]:
        merged = dict(GENERIC_PARAMS)
        for name in GENERIC_PARAMS:
            if name in self.world:
                merged[name] = self.world[name]
        merged.update(self.params)
        return merged


_EXPLICIT = {"config_enterprises": ("acme-corp",), "config_orgs": ("acme", "acme-labs")}
"""Scenarios about one org or the enterprise name them in the demo config, as an admin would."""

SCENARIOS: tuple[ScenarioInfo, ...] = (
    ScenarioInfo(
        name="healthy",
        title="Everything set up correctly",
        description=(
            "A company on GitHub Enterprise Cloud (enterprise acme-corp, orgs acme and acme-labs, "
            "3 teams of 6 Copilot users each), a Cursor Enterprise team and a Claude Console "
            "organization. The GitHub token is a classic PAT with read:org, read:enterprise, "
            "manage_billing:copilot and read:user, expiring in 60 days; orgs and the enterprise "
            "are discovered from the token. Every report is published and downloadable."
        ),
        expected={},
    ),
    ScenarioInfo(
        name="sso-not-authorized",
        title="GitHub token not authorized for SAML single sign-on",
        description=(
            "Org acme-labs enforces SAML SSO and the classic token was never authorized for it. "
            "Documented: every acme-labs request answers 403 with 'X-GitHub-SSO: required; "
            "url=https://github.com/orgs/acme-labs/sso?authorization_request=…' and the SAML "
            "enforcement message; listings (/user/orgs, /user/memberships/orgs) leave the org out "
            "and send 'X-GitHub-SSO: partial-results; organizations=<id>'. GraphQL answers with a "
            "FORBIDDEN error carrying extensions.saml_failure. acme is unaffected."
        ),
        expected={"github.org.sso": "fail"},
        key_links={"github.org.sso": "github.com/orgs/acme-labs/sso?authorization_request="},
        world={"sso_unauthorized": ("acme-labs",), **_EXPLICIT},
    ),
    ScenarioInfo(
        name="missing-scope",
        title="GitHub classic token without the scopes Copilot metrics need",
        description=(
            "The classic token only has the 'repo' scope. Documented: X-OAuth-Scopes shows "
            "'repo'; /user/orgs answers 403 (needs user or read:org); org reports need read:org, "
            "enterprise reports manage_billing:copilot or read:enterprise, and answer 403 with "
            "X-Accepted-OAuth-Scopes naming them. UNDOCUMENTED: the 403 message text (the "
            "simulator says which scopes the endpoint accepts), and that "
            "GraphQL enterprise fields need read:enterprise (INSUFFICIENT_SCOPES error)."
        ),
        expected={
            "github.token.scopes": "fail",
            "github.enterprise.access": "warn",
            "github.enterprise.usage_metrics": "fail",
            "github.enterprise.seats": "fail",
            "github.org.usage_metrics": "fail",
            "github.org.seats": "fail",
        },
        key_links={
            "github.token.scopes": "/settings/tokens/new?scopes=",
            "github.enterprise.access": "/settings/tokens/new?scopes=",
            "github.enterprise.usage_metrics": "/settings/tokens/new?scopes=",
            "github.enterprise.seats": "/settings/tokens/new?scopes=",
            "github.org.usage_metrics": "/settings/tokens/new?scopes=",
            "github.org.seats": "/settings/tokens/new?scopes=",
        },
        world={"github_scopes": ("repo",), **_EXPLICIT},
    ),
    ScenarioInfo(
        name="fine-grained-at-enterprise",
        title="Fine-grained token used for enterprise metrics",
        description=(
            "A fine-grained PAT (github_pat_…) is used with enterprise acme-corp and org acme. "
            "Documented: enterprise Copilot report and seat endpoints do not accept fine-grained "
            "PATs (403 'Resource not accessible by personal access token'); org reports do; "
            "/user/orgs answers 200 with an empty list; no X-OAuth-Scopes header is sent. "
            "UNDOCUMENTED: GraphQL enterprise fields answer a FORBIDDEN error for this token type."
        ),
        expected={
            "github.token.format": "warn",
            "github.token.scopes": "fail",
            "github.enterprise.access": "warn",
            "github.enterprise.usage_metrics": "fail",
            "github.enterprise.seats": "fail",
        },
        key_links={
            "github.token.format": "/settings/tokens/new?scopes=",
            "github.token.scopes": "/settings/tokens/new?scopes=",
            "github.enterprise.access": "/settings/tokens/new?scopes=",
            "github.enterprise.usage_metrics": "/settings/tokens/new?scopes=",
            "github.enterprise.seats": "/settings/tokens/new?scopes=",
        },
        world={"github_token": "fine_grained", "config_enterprises": ("acme-corp",), "config_orgs": ("acme",)},
    ),
    ScenarioInfo(
        name="policy-disabled",
        title="'Copilot usage metrics' policy disabled for the enterprise",
        description=(
            "Token, scopes and roles are right, but the enterprise's AI Controls → Copilot → "
            "Metrics policy is not 'Enabled everywhere', which also governs both orgs. "
            "UNDOCUMENTED: GitHub does not document the answer; third parties report 403, so every "
            "enterprise and org report endpoint answers 403 with a message saying the Copilot "
            "usage metrics API access is disabled. Seats and memberships still work."
        ),
        expected={"github.enterprise.usage_metrics": "fail", "github.org.usage_metrics": "fail"},
        key_links={
            "github.enterprise.usage_metrics": "manage-enterprise-policies",
            "github.org.usage_metrics": "/settings/copilot/policies",
        },
        world={"policy_disabled": ("enterprise",), **_EXPLICIT},
    ),
    ScenarioInfo(
        name="report-not-ready",
        title="Recent Copilot usage reports not published yet",
        description=(
            "GitHub's report pipeline is five days behind (documented: a day is published within "
            "two to three full UTC days). The 28-day reports exist and end five days ago; 1-day "
            "reports for the last four days are not there yet: org 1-day reports answer 204 No "
            "Content (documented). UNDOCUMENTED: enterprise 1-day reports answer 404 (no 204 is "
            "documented for them). Nothing is misconfigured: the diagnosis is a warning to wait."
        ),
        expected={"github.enterprise.usage_metrics": "warn", "github.org.usage_metrics": "warn"},
        key_links={
            "github.enterprise.usage_metrics": "copilot-usage-metrics/copilot-metrics",
            "github.org.usage_metrics": "copilot-usage-metrics/copilot-metrics",
        },
        world={"report_lag_days": 5, **_EXPLICIT},
    ),
    ScenarioInfo(
        name="download-host-blocked",
        title="Report download host blocked by the network",
        description=(
            "The API works and report endpoints return download links, but the download host "
            "(copilot-reports.github.com in real life; another port here) refuses connections, "
            "as when a firewall or proxy only allows api.github.com. Links are signed and expire "
            "after an hour, as documented."
        ),
        expected={"github.reports.download": "fail"},
        key_links={"github.reports.download": "copilot-allowlist-reference"},
        world={"download": "refused", **_EXPLICIT},
    ),
    ScenarioInfo(
        name="small-teams",
        title="Teams too small to appear in Copilot team metrics",
        description=(
            "In each org, 2 of the 3 teams have only 3 Copilot-seated members. Documented: teams "
            "with fewer than 5 seated users are left out of the user-teams reports, so those "
            "teams get no team-level metrics."
        ),
        expected={"github.teams.eligibility": "warn"},
        key_links={"github.teams.eligibility": "team-level-metrics"},
        world={"small_teams": 2, **_EXPLICIT},
    ),
    ScenarioInfo(
        name="shell-org",
        title="An organization whose members hold Copilot seats in another organization",
        description=(
            "acme-labs assigns no Copilot seats of its own: its members' seats are assigned by acme "
            "(a licensing organization), as GitHub's usage-metrics concepts page describes for "
            "'shell' organizations. Documented: a member's usage is attributed to every organization "
            "they belong to, wherever the seat is assigned, so acme-labs' reports exist and its teams "
            "count members' seats held in acme. Nothing is wrong."
        ),
        expected={"github.org.seats": "pass", "github.org.usage_metrics": "pass",
                  "github.teams.eligibility": "pass"},
        world={"shell_orgs": ("acme-labs",), "config_orgs": ("acme", "acme-labs")},
    ),
    ScenarioInfo(
        name="billing-manager-policy-disabled",
        title="Enterprise billing manager; the metrics policy is off",
        description=(
            "The token belongs to a billing manager of acme-corp (not an owner: GraphQL viewerIsAdmin "
            "is false) and the enterprise's 'Copilot usage metrics' policy is off. Documented: the "
            "enterprise reports and seat list are readable by owners and billing managers. The seat "
            "list answers 200, which proves the role; the reports answer 403, so the cause is the "
            "policy. UNDOCUMENTED: the 403's message (the simulator's text)."
        ),
        expected={"github.enterprise.access": "pass", "github.enterprise.usage_metrics": "fail"},
        key_links={"github.enterprise.usage_metrics": "manage-enterprise-policies"},
        world={"enterprise_admin": False, "enterprise_billing_manager": True, "policy_disabled": ("enterprise",),
               "config_enterprises": ("acme-corp",)},
    ),
    ScenarioInfo(
        name="enterprise-role-or-policy",
        title="Enterprise reports refused; role and policy can't be told apart",
        description=(
            "The token's owner is neither an enterprise owner nor a billing manager, and nothing is "
            "billed to the enterprise itself, so its seat list answers 404 and can't show the role. "
            "The reports answer 403: the diagnosis names both causes, most likely the role, "
            "otherwise the policy, each with its link. UNDOCUMENTED: 404 for an enterprise seat list "
            "with no enterprise-level billing (the simulator's choice)."
        ),
        expected={"github.enterprise.access": "warn", "github.enterprise.usage_metrics": "fail",
                  "github.enterprise.seats": "warn"},
        key_links={"github.enterprise.usage_metrics": "fine-grain-permissions-for-copilot-usage-metrics",
                   "github.enterprise.access": "fine-grain-permissions-for-copilot-usage-metrics",
                   "github.enterprise.seats": "copilot-user-management"},
        world={"enterprise_admin": False, "enterprise_seats_missing": True, "config_enterprises": ("acme-corp",)},
    ),
    ScenarioInfo(
        name="oauth-app-token",
        title="GitHub OAuth app token (gho_)",
        description=(
            "A support engineer's OAuth app token with read:org, read:enterprise and "
            "manage_billing:copilot. Documented: the report endpoints accept OAuth app tokens, "
            "which report their scopes in X-OAuth-Scopes like classic tokens. Nothing is wrong."
        ),
        expected={"github.token.format": "pass", "github.token.scopes": "pass",
                  "github.org.usage_metrics": "pass", "github.enterprise.usage_metrics": "pass"},
        world={"github_token": "oauth", **_EXPLICIT},
    ),
    ScenarioInfo(
        name="app-token",
        title="GitHub App installation token with the Copilot metrics permission",
        description=(
            "An installation token (ghs_…) of a GitHub App installed on acme and acme-labs with the "
            "'Organization Copilot metrics' permission. Documented: the report endpoints are enabled "
            "for GitHub Apps; GET /user answers 403 'Resource not accessible by integration' for an "
            "installation token, which acts as the App; no X-OAuth-Scopes header is sent."
        ),
        expected={"github.token.format": "pass", "github.token.auth": "pass",
                  "github.org.usage_metrics": "pass"},
        world={"github_token": "app_installation", "config_orgs": ("acme", "acme-labs")},
    ),
    ScenarioInfo(
        name="app-token-no-permission",
        title="GitHub App installation token without the Copilot metrics permission",
        description=(
            "The same App without the 'Organization Copilot metrics' permission. Documented shape: "
            "403 'Resource not accessible by integration' with X-Accepted-GitHub-Permissions naming "
            "what the endpoint needs. UNVERIFIED: the permission name GitHub puts in that header."
        ),
        expected={"github.org.usage_metrics": "fail"},
        key_links={"github.org.usage_metrics": "modifying-a-github-app-registration"},
        world={"github_token": "app_installation", "app_permission": False, "config_orgs": ("acme", "acme-labs")},
    ),
    ScenarioInfo(
        name="report-shape-changed",
        title="GitHub's report answer changed shape",
        description=(
            "The 28-day report endpoints answer 200 without the `download_links` field GitHub's "
            "OpenAPI schema requires (a renamed field), as if the API had changed. The diagnosis is "
            "'unexpected answer', with the evidence, not 'no data'."
        ),
        expected={"github.org.usage_metrics": "error", "github.enterprise.usage_metrics": "error"},
        key_links={"github.org.usage_metrics": "copilot-usage-metrics",
                   "github.enterprise.usage_metrics": "copilot-usage-metrics"},
        world={"report_drift": True, **_EXPLICIT},
    ),
    ScenarioInfo(
        name="report-endpoint-retiring",
        title="Report endpoints announce their retirement",
        description=(
            "Every report answer carries 'Deprecation: @1798761600' (2027-01-01, RFC 9745) and "
            "'Sunset: Thu, 01 Apr 2027 00:00:00 GMT' (RFC 8594), as GitHub sends on endpoints it is "
            "closing down. The reports still work: the diagnosis is a warning naming the date."
        ),
        expected={"github.org.usage_metrics": "warn", "github.enterprise.usage_metrics": "warn"},
        key_links={"github.org.usage_metrics": "api-versions",
                   "github.enterprise.usage_metrics": "api-versions"},
        world={"retiring": True, **_EXPLICIT},
    ),
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
    ScenarioInfo(
        name="rate-limited",
        title="Rate limited, then recovers",
        description=(
            "The first GitHub request exhausts the token's primary rate limit: for the next 1–2 s "
            "every GitHub answer is 403 with x-ratelimit-remaining: 0 and x-ratelimit-reset at "
            "the next whole second (documented shape). Cursor's first request gets 429 with "
            "Retry-After: 1–2 (documented shape; real value 60). The HTTP adapter waits and "
            "retries, so the diagnosis is the same as 'healthy', about 2 s later."
        ),
        faults=(
            Fault("* /github/*", "rate_limit", seconds=1.0),
            Fault("* /cursor/*", "rate_limit", seconds=1.0),
        ),
    ),
    ScenarioInfo(
        name="captive-portal-html",
        title="A captive portal answers instead of the APIs",
        description=(
            "Every API and download request gets HTTP 200 with a 'Guest Wi-Fi - Sign in' HTML "
            "page, as on hotel or guest networks that want a login first. The first network "
            "check of each provider errors; the rest are skipped."
        ),
        expected={"github.token.auth": "error", "cursor.key.auth": "error", "anthropic.key.auth": "error"},
        key_links={
            "github.token.auth": "#html-instead-of-json",
            "cursor.key.auth": "#html-instead-of-json",
            "anthropic.key.auth": "#html-instead-of-json",
        },
        faults=(Fault("*", "html"),),
    ),
    ScenarioInfo(
        name="slow",
        title="Slow network (150–250 ms per answer)",
        description=(
            "Every answer is delayed by 150 ms plus up to 100 ms of jitter, well within the "
            "timeouts. The diagnosis is the same as 'healthy'."
        ),
        world={"latency": 0.15, "jitter": 0.1},
    ),
    ScenarioInfo(
        name="enterprise-large",
        title="Large enterprise (benchmark): N orgs × M teams, latency L",
        description=(
            "One enterprise with `orgs` organizations of `teams` teams (6 Copilot users each), "
            "every answer delayed by `latency` seconds. Org listings, teams and seats paginate "
            "with Link headers (100 per page at most). Used by the benchmarks; the diagnosis is "
            "the same as 'healthy'."
        ),
        params={"orgs": 100, "teams": 20, "latency": 0.1},
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

SCENARIOS += VENDOR_EVIDENCE_SCENARIOS

def _described() -> tuple[ScenarioInfo, ...]:
    """The scenarios each provider's simulator module brings (`SCENARIOS`), in provider order
    after the ones above (the first three providers' scenarios are the ones above)."""
    from importlib import import_module

    from aiusage_doctor.core.labels import PROVIDER_LIST

    return tuple(ScenarioInfo(**s) for pid in PROVIDER_LIST
                 for s in getattr(import_module(f"aiusage_doctor.sim.{pid}"), "SCENARIOS", ()))


SCENARIOS = SCENARIOS + _described()
_BY_NAME = {s.name: s for s in SCENARIOS}
_WORLD_FIELDS = {f.name: f for f in fields(World)}


def get(name: str) -> ScenarioInfo:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown demo scenario '{name}'; choose one of: {', '.join(_BY_NAME)}") from None


def names() -> list[str]:
    return list(_BY_NAME)


def coerce(scenario: ScenarioInfo, params: dict[str, Any]) -> dict[str, Any]:
    """Check `params` against what `scenario` accepts and convert them to the field types."""
    allowed = scenario.all_params()
    out: dict[str, Any] = {}
    for key, value in params.items():
        if key not in allowed:
            raise ValueError(
                f"scenario '{scenario.name}' has no parameter '{key}'; it accepts: {', '.join(allowed)}"
            )
        default = allowed[key]
        try:
            if isinstance(default, bool):
                value = value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "on")
            elif isinstance(default, int):
                value = int(value)
            elif isinstance(default, float):
                value = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"parameter '{key}' of scenario '{scenario.name}' must be a number, got {value!r}") from None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
            raise ValueError(f"parameter '{key}' must not be negative")
        out[key] = value
    return out


def world_for(scenario: ScenarioInfo, params: dict[str, Any]) -> World:
    merged = {**scenario.world, **scenario.params, **params}
    unknown = [k for k in merged if k not in _WORLD_FIELDS]
    if unknown:  # a scenario table bug, not a user error
        raise RuntimeError(f"scenario '{scenario.name}' sets unknown world fields: {unknown}")
    return World(**merged)


def parse_arg(text: str) -> tuple[str, dict[str, Any]]:
    """'enterprise-large:orgs=100,teams=20,latency=0.1' -> ('enterprise-large', {...})."""
    text = (text or "").strip()
    name, _, rest = text.partition(":")
    name = name.strip()
    if not name:
        raise ValueError("no scenario name given (see `aiusage-doctor sim --list`)")
    params: dict[str, Any] = {}
    for item in filter(None, (p.strip() for p in rest.split(","))):
        key, sep, raw = item.partition("=")
        key, raw = key.strip(), raw.strip()
        if not sep or not key or not raw:
            raise ValueError(f"scenario parameter '{item}' must look like name=value")
        params[key] = _literal(raw)
    if name in _BY_NAME:
        params = coerce(_BY_NAME[name], params)
    return name, params


def _literal(raw: str) -> Any:
    low = raw.lower()
    if low in ("true", "false"):
        return low == "true"
    try:
        return int(raw)
    except ValueError:
        pass
    try:
        return float(raw)
    except ValueError:
        return raw
