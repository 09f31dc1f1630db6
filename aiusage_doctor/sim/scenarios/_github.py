"""The GitHub Copilot scenarios: SSO, scopes, token types, policies, roles, reports."""

from __future__ import annotations

from aiusage_doctor.sim.scenarios._info import _EXPLICIT, ScenarioInfo

GITHUB_SCENARIOS: tuple[ScenarioInfo, ...] = (
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
)
