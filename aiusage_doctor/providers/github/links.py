"""Every GitHub address the provider uses, in one place: REST paths, the GraphQL query,
the classic scopes each endpoint needs, GitHub's documentation pages, and the pages on
the user's own GitHub (github.com, SUBDOMAIN.ghe.com or a GHES host) that fix a problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from aiusage_doctor.core.models import Link
from aiusage_doctor.core.vendors import GHE_COM_DOCS, GITHUB_CLASSIC_TOKEN_DOCS


# =============================================================================== table

API_VERSION = "2022-11-28"
"""Sent as X-GitHub-Api-Version; the report endpoints are identical in 2022-11-28 and 2026-03-10."""
PER_PAGE = 100
EVIDENCE_BODY_BYTES = 1024
"""How much of each page's body is kept for evidence once its items are taken out."""
MAX_PAGES = 2000
REPORT_DELAY_DAYS = 3
"""GitHub publishes a day's report within two to three full UTC days after it closes."""
ENTERPRISE_REPORTS_START = date(2025, 10, 10)
ORG_REPORTS_START = date(2025, 12, 12)
LEGACY_CLOSED = date(2026, 4, 2)
EXPIRY_WARN_DAYS = 7
TEAM_MIN_SEATS = 5
RATE_LOW_SHARE = 0.10
REPORT_HOSTS = (
    "copilot-reports.github.com",
    "copilot-reports-*.b01.azurefd.net",
    "usagereports*.blob.core.windows.net",
)
"""Report download hosts, as GitHub's Copilot allowlist reference lists them (the main host
and its two fallbacks); firewall advice names all three."""
MAX_ORGS = 500
"""The most organizations one run discovers and checks (GET /user/orgs stops after
MAX_ORGS // PER_PAGE pages); beyond it the list is cut and the check says so, so memory
and run time stay flat however many organizations a token sees. Enter names to check others."""
MAX_DOWNLOAD_HOSTS = 3
"""At most this many distinct download hosts are probed per run: a report listing thousands
of links on thousands of hosts must not turn into thousands of requests."""
TOKEN_DESCRIPTION = "AI%20Usage%20Doctor"

# --- REST paths, relative to the API base (https://api.github.com, https://api.X.ghe.com) ---
USER = "/user"
USER_ORGS = "/user/orgs"
RATE_LIMIT = "/rate_limit"
ORG = "/orgs/{org}"
ORG_MEMBERSHIP = "/user/memberships/orgs/{org}"
ORG_REPORT_28 = "/orgs/{org}/copilot/metrics/reports/organization-28-day/latest"
ORG_REPORT_1 = "/orgs/{org}/copilot/metrics/reports/organization-1-day"  # ?day=YYYY-MM-DD
ORG_LEGACY_METRICS = "/orgs/{org}/copilot/metrics"  # closed down 2026-04-02: 404
ORG_SEATS = "/orgs/{org}/copilot/billing/seats"
ORG_TEAMS = "/orgs/{org}/teams"
TEAM_MEMBERS = "/orgs/{org}/teams/{team}/members"
ENT_REPORT_28 = "/enterprises/{enterprise}/copilot/metrics/reports/enterprise-28-day/latest"
ENT_REPORT_1 = "/enterprises/{enterprise}/copilot/metrics/reports/enterprise-1-day"  # ?day=
ENT_LEGACY_METRICS = "/enterprises/{enterprise}/copilot/metrics"  # closed down 2026-04-02: 404
ENT_SEATS = "/enterprises/{enterprise}/copilot/billing/seats"  # GHEC only; total_seats counts people once
ENTERPRISE_QUERY = "query($slug: String!) { enterprise(slug: $slug) { slug name viewerIsAdmin } }"

# --- classic token scopes -------------------------------------------------------------
SCOPES_ENTERPRISE_REPORTS = ("manage_billing:copilot", "read:enterprise")  # any of
SCOPES_ORG_REPORTS = ("read:org",)
SCOPES_ORG_SEATS = ("read:org", "manage_billing:copilot")  # any of
SCOPES_LIST_ORGS = ("read:org", "user")  # any of
IMPLIED_SCOPES: dict[str, tuple[str, ...]] = {
    "admin:org": ("write:org", "read:org"),
    "write:org": ("read:org",),
    "admin:enterprise": ("manage_runners:enterprise", "manage_billing:enterprise", "read:enterprise"),
    "copilot": ("manage_billing:copilot",),
}

# --- GitHub's own documentation ----------------------------------------------------------
_D = "https://docs.github.com/en"
_DC = "https://docs.github.com/en/enterprise-cloud@latest"
DOC_TOKEN_FORMATS = Link(
    text="GitHub's token formats",
    url=f"{_D}/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats",
)
DOC_CLASSIC_TOKEN = Link(
    text="Create a personal access token (classic)",
    url=GITHUB_CLASSIC_TOKEN_DOCS,
)
DOC_SCOPES = Link(text="Scopes of classic tokens", url=f"{_D}/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps")
DOC_FG_PERMISSIONS = Link(
    text="Permissions fine-grained tokens need per endpoint",
    url=f"{_D}/rest/authentication/permissions-required-for-fine-grained-personal-access-tokens",
)
DOC_APP_PERMISSIONS = Link(
    text="Permissions GitHub Apps need per endpoint",
    url=f"{_D}/rest/authentication/permissions-required-for-github-apps",
)
DOC_APP_EDIT_PERMISSIONS = Link(
    text="Change a GitHub App's permissions (the owner approves the new ones)",
    url=f"{_D}/apps/maintaining-github-apps/modifying-a-github-app-registration#changing-the-permissions-of-a-github-app",
)
DOC_USAGE_API = Link(text="REST API for Copilot usage metrics", url=f"{_DC}/rest/copilot/copilot-usage-metrics")
DOC_DATA_FRESHNESS = Link(
    text="When Copilot usage data becomes available",
    url=f"{_D}/copilot/concepts/copilot-usage-metrics/copilot-metrics",
)
DOC_ATTRIBUTION = Link(
    text="How Copilot usage is attributed across organizations (seats held elsewhere count)",
    url="https://docs.github.com/copilot/concepts/copilot-metrics#how-are-metrics-attributed-across-organizations",
)
DOC_LEGACY_CLOSED = Link(
    text="Closing down notice of the legacy Copilot metrics API",
    url="https://github.blog/changelog/2026-01-29-closing-down-notice-of-legacy-copilot-metrics-apis",
)
DOC_ENTERPRISE_POLICY = Link(
    text="Enable the 'Copilot usage metrics' enterprise policy",
    url=f"{_DC}/copilot/how-tos/administer-copilot/manage-for-enterprise/manage-enterprise-policies#defining-policies-for-your-enterprise",
)
DOC_POLICIES = Link(text="How Copilot policies apply to organizations", url=f"{_D}/copilot/concepts/policies")
DOC_ENTERPRISE_ROLE = Link(
    text="The 'View Enterprise Copilot Metrics' role",
    url="https://github.blog/changelog/2025-11-17-fine-grain-permissions-for-copilot-usage-metrics-now-available",
)
DOC_ORG_METRICS_ROLE = Link(
    text="Who can read organization Copilot metrics",
    url="https://github.blog/changelog/2025-12-16-track-organization-copilot-usage",
)
DOC_ORG_ROLES = Link(
    text="Roles in an organization",
    url=f"{_D}/organizations/managing-peoples-access-to-your-organization-with-roles/roles-in-an-organization",
)
DOC_SSO = Link(
    text="Authorize a token for SAML single sign-on",
    url=f"{_DC}/authentication/authenticating-with-saml-single-sign-on/authorizing-a-personal-access-token-for-use-with-saml-single-sign-on",
)
DOC_SEATS_API = Link(text="REST API for Copilot seats", url=f"{_D}/rest/copilot/copilot-user-management")
DOC_ENTERPRISE_SEATS_API = Link(
    text="List Copilot seats for an enterprise",
    url=f"{_DC}/rest/copilot/copilot-user-management#list-all-copilot-seat-assignments-for-an-enterprise",
)
DOC_COPILOT_ACCESS = Link(
    text="Give organization members Copilot seats",
    url=f"{_D}/copilot/managing-github-copilot-in-your-organization/managing-access-for-copilot-in-your-organization",
)
DOC_TEAM_METRICS = Link(
    text="Team-level metrics leave out teams with fewer than 5 Copilot users",
    url=f"{_D}/copilot/reference/copilot-usage-metrics/team-level-metrics",
)
DOC_RATE_LIMITS = Link(text="GitHub REST API rate limits", url=f"{_D}/rest/using-the-rest-api/rate-limits-for-the-rest-api")
DOC_TROUBLESHOOTING = Link(
    text="Troubleshooting the REST API", url=f"{_D}/rest/using-the-rest-api/troubleshooting-the-rest-api"
)
DOC_DATA_RESIDENCY = Link(
    text="GitHub Enterprise Cloud with data residency (GHE.com)",
    url=GHE_COM_DOCS,
)
DOC_ALLOWLIST = Link(text="Copilot allowlist reference", url=f"{_D}/copilot/reference/copilot-allowlist-reference")


# --- pages on the user's own GitHub (github.com, SUBDOMAIN.ghe.com or the GHES host) ---
def link_new_token(web: str, scopes: Sequence[str]) -> Link:
    """The classic-token form with the needed scopes already ticked."""
    return Link(
        text=f"Create a classic token with {', '.join(scopes)} (form pre-filled)",
        url=f"{web}/settings/tokens/new?scopes={','.join(scopes)}&description={TOKEN_DESCRIPTION}",
    )


def link_tokens(web: str) -> Link:
    return Link(text="Your personal access tokens", url=f"{web}/settings/tokens")


def link_your_orgs(web: str) -> Link:
    return Link(text="Organizations you belong to", url=f"{web}/settings/organizations")


def link_org_policies(web: str, org: str) -> Link:
    return Link(
        text=f"{org}: Settings → Copilot → Policies → 'Copilot usage metrics' → Enabled",
        url=f"{web}/organizations/{org}/settings/copilot/policies",
    )


def link_org_people(web: str, org: str) -> Link:
    return Link(text=f"People and roles in {org}", url=f"{web}/orgs/{org}/people")


def link_enterprise_home(web: str, slug: str) -> Link:
    return Link(text=f"Enterprise {slug} on GitHub (people and billing)", url=f"{web}/enterprises/{slug}")


def link_enterprise(web: str, slug: str) -> Link:
    return Link(
        text=f"Enterprise {slug}: AI Controls → Copilot → Metrics → 'Enabled everywhere'",
        url=f"{web}/enterprises/{slug}",
    )

