"""Where every GitHub verdict comes from, and the day its vendor text was last checked.

OpenAPI sources name the operation and the description version (github/rest-api-description,
api.github.com 2026-03-10, info.version 1.1.4; the report paths are identical in
2022-11-28); doc sources name the GitHub docs page. All were checked against the vendor's
text on VERIFIED. When a row's source changes, re-check it and move its date.
"""

from __future__ import annotations

from datetime import date

from aiusage_doctor.core.checks import Source

VERIFIED = date(2026, 12, 4)

_OPENAPI = (
    "https://github.com/github/rest-api-description/blob/main/descriptions/api.github.com/"
    "api.github.com.2026-03-10.yaml"
)
_GHEC = "https://github.com/github/rest-api-description/blob/main/descriptions/ghec/ghec.2026-03-10.yaml"
_D = "https://docs.github.com/en"
_DC = "https://docs.github.com/en/enterprise-cloud@latest"


def _api(operation: str, *, ghec: bool = False) -> Source:
    label = "GitHub OpenAPI ghec 2026-03-10" if ghec else "GitHub OpenAPI api.github.com 2026-03-10 (1.1.4)"
    return Source(title=f"{label}: {operation}", url=_GHEC if ghec else _OPENAPI, verified=VERIFIED)


def _doc(title: str, url: str) -> Source:
    return Source(title=title, url=url, verified=VERIFIED)


# --- OpenAPI operations -------------------------------------------------------------------
API_USER = _api("GET /user (users/get-authenticated)")
API_USER_ORGS = _api("GET /user/orgs (fine-grained tokens get 200 with an empty list)")
API_MEMBERSHIP = _api("GET /user/memberships/orgs/{org} (404 when not affiliated)")
API_ORG = _api("GET /orgs/{org}")
API_RATE_LIMIT = _api("GET /rate_limit")
API_ORG_REPORT_28 = _api("GET /orgs/{org}/copilot/metrics/reports/organization-28-day/latest (200, 403, 404, 500)")
API_ORG_REPORT_1 = _api("GET /orgs/{org}/copilot/metrics/reports/organization-1-day (200, 204, 403, 404, 500)")
API_ENT_REPORT_28 = _api(
    "GET /enterprises/{enterprise}/copilot/metrics/reports/enterprise-28-day/latest (enterprise owners and "
    "billing managers; 200, 403, 404, 500)"
)
API_ENT_REPORT_1 = _api("GET /enterprises/{enterprise}/copilot/metrics/reports/enterprise-1-day (200, 403, 404, 500)")
API_ORG_SEATS = _api("GET /orgs/{org}/copilot/billing/seats (organization owners; total_seats, seats[])")
API_ENT_SEATS = _api(
    "GET /enterprises/{enterprise}/copilot/billing/seats (only enterprise owners and billing managers)", ghec=True
)
API_TEAMS = _api("GET /orgs/{org}/teams and GET /orgs/{org}/teams/{team_slug}/members")

# --- GitHub docs pages --------------------------------------------------------------------
DOC_TOKEN_FORMATS = _doc(
    "GitHub docs: GitHub's token formats (ghp_, github_pat_, gho_, ghu_, ghs_, ghr_)",
    f"{_D}/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats",
)
DOC_SCOPES = _doc("GitHub docs: scopes for OAuth apps (X-OAuth-Scopes, X-Accepted-OAuth-Scopes)",
                  f"{_D}/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps")
DOC_FG_PERMISSIONS = _doc(
    "GitHub docs: permissions required for fine-grained personal access tokens",
    f"{_D}/rest/authentication/permissions-required-for-fine-grained-personal-access-tokens",
)
DOC_APP_PERMISSIONS = _doc(
    "GitHub docs: permissions required for GitHub Apps (X-Accepted-GitHub-Permissions)",
    f"{_D}/rest/authentication/permissions-required-for-github-apps",
)
DOC_TROUBLESHOOTING = _doc("GitHub docs: troubleshooting the REST API (403 'Resource not accessible')",
                           f"{_D}/rest/using-the-rest-api/troubleshooting-the-rest-api")
DOC_SSO = _doc(
    "GitHub docs: authorizing a personal access token for SAML single sign-on (X-GitHub-SSO)",
    f"{_DC}/authentication/authenticating-with-saml-single-sign-on/authorizing-a-personal-access-token-for-use-with-saml-single-sign-on",
)
DOC_USAGE_API = _doc("GitHub docs: REST API endpoints for Copilot usage metrics (policy must be enabled)",
                     f"{_DC}/rest/copilot/copilot-usage-metrics")
DOC_ATTRIBUTION = _doc(
    "GitHub docs: Copilot usage metrics concepts (usage attributed to every organization a user belongs to, "
    "wherever the seat is assigned; linked from the report operations' OpenAPI text)",
    "https://docs.github.com/copilot/concepts/copilot-metrics#how-are-metrics-attributed-across-organizations",
)
DOC_ENTERPRISE_POLICY = _doc(
    "GitHub docs: manage enterprise policies ('Copilot usage metrics')",
    f"{_DC}/copilot/how-tos/administer-copilot/manage-for-enterprise/manage-enterprise-policies",
)
DOC_POLICIES = _doc("GitHub docs: how Copilot policies apply to organizations", f"{_D}/copilot/concepts/policies")
DOC_ENTERPRISE_ROLE = _doc(
    "GitHub changelog 2025-11-17: 'View Enterprise Copilot Metrics' fine-grained enterprise permission",
    "https://github.blog/changelog/2025-11-17-fine-grain-permissions-for-copilot-usage-metrics-now-available",
)
DOC_ORG_ROLE = _doc(
    "GitHub changelog 2025-12-16: organization Copilot usage metrics and the 'View Organization Copilot Metrics' role",
    "https://github.blog/changelog/2025-12-16-track-organization-copilot-usage",
)
DOC_LEGACY_CLOSED = _doc(
    "GitHub changelog 2026-01-29: legacy Copilot metrics API closed down on 2026-04-02",
    "https://github.blog/changelog/2026-01-29-closing-down-notice-of-legacy-copilot-metrics-apis",
)
DOC_TEAM_METRICS = _doc("GitHub docs: team-level metrics leave out teams with fewer than 5 Copilot users",
                        f"{_D}/copilot/reference/copilot-usage-metrics/team-level-metrics")
DOC_ALLOWLIST = _doc(
    "GitHub docs: Copilot allowlist reference (copilot-reports.github.com, copilot-reports-*.b01.azurefd.net, "
    "usagereports*.blob.core.windows.net)",
    f"{_D}/copilot/reference/copilot-allowlist-reference",
)
DOC_RATE_LIMITS = _doc("GitHub docs: rate limits for the REST API",
                       f"{_D}/rest/using-the-rest-api/rate-limits-for-the-rest-api")
DOC_DATA_RESIDENCY = _doc("GitHub docs: GitHub Enterprise Cloud with data residency (GHE.com)",
                          f"{_DC}/admin/data-residency/about-github-enterprise-cloud-with-data-residency")
DOC_GRAPHQL_ENTERPRISE = _doc(
    "GitHub GraphQL reference: Enterprise.viewerIsAdmin ('Is the current viewer an admin of this enterprise?', "
    "owners only)",
    "https://docs.github.com/en/enterprise-cloud@latest/graphql/reference/objects#enterprise",
)
