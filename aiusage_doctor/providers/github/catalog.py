"""The GitHub check catalog (one `CheckSpec` per check id, in report order), the check
ids, and the `ctx.facts` keys checks share within a run.
"""

from __future__ import annotations

from aiusage_doctor.core.checks import Catalog, CheckSpec
from aiusage_doctor.providers.github import rows_enterprise as E
from aiusage_doctor.providers.github import rows_orgs as O
from aiusage_doctor.providers.github import rows_token as T
from aiusage_doctor.providers.github import sources as S
from aiusage_doctor.providers.github.links import (
    DOC_ALLOWLIST,
    DOC_CLASSIC_TOKEN,
    DOC_COPILOT_ACCESS,
    DOC_DATA_RESIDENCY,
    DOC_ENTERPRISE_POLICY,
    DOC_ENTERPRISE_SEATS_API,
    DOC_LEGACY_CLOSED,
    DOC_ORG_METRICS_ROLE,
    DOC_ORG_ROLES,
    DOC_POLICIES,
    DOC_RATE_LIMITS,
    DOC_SCOPES,
    DOC_SEATS_API,
    DOC_SSO,
    DOC_TEAM_METRICS,
    DOC_TOKEN_FORMATS,
    DOC_TROUBLESHOOTING,
    DOC_USAGE_API,
)


# ============================================================================= catalog

_LEGACY_HELP = (
    "Old integrations that call GET /orgs/{org}/copilot/metrics or "
    "/enterprises/{enterprise}/copilot/metrics get 404 for everyone since GitHub closed that "
    "API down on 2026-04-02: that 404 is not a permissions problem, the analytics product has "
    "to move to the report endpoints (…/copilot/metrics/reports/…)."
)

CATALOG = Catalog(
    "github",
    [
        CheckSpec(
            "github.token.format",
            "GitHub token format",
            "Offline: the token's prefix, length and checksum (classic ghp_ and OAuth gho_ tokens "
            "carry a CRC32 checksum). Classic and fine-grained PATs, OAuth app tokens (gho_) and "
            "GitHub App tokens (ghu_, ghs_) are accepted. Nothing is sent anywhere until this passes.",
            "The pasted text isn't a GitHub token the report endpoints accept: a refresh token "
            "(ghr_), a Cursor or Anthropic key, or a token whose checksum doesn't match because a "
            "character was mistyped or cut off.",
            (DOC_TOKEN_FORMATS, DOC_CLASSIC_TOKEN),
            per="token",
            sources=(S.DOC_TOKEN_FORMATS,),
        ),
        CheckSpec(
            "github.token.auth",
            "GitHub token sign-in",
            "GET /user: who the token belongs to, its scopes (X-OAuth-Scopes) and expiry "
            "(GitHub-Authentication-Token-Expiration).",
            "401 Bad credentials means the token was revoked, has expired, or belongs to another "
            "GitHub (github.com vs a GHE.com subdomain). A warning means it expires within 7 days, "
            "or the API URL is a GitHub Enterprise Server, which has no Copilot metrics.",
            (DOC_CLASSIC_TOKEN, DOC_TROUBLESHOOTING),
            per="token",
            sources=(S.API_USER, S.DOC_TROUBLESHOOTING),
            diagnoses=T.ROWS_AUTH,
        ),
        CheckSpec(
            "github.token.scopes",
            "Token scopes",
            "The scopes GitHub reports for the token (X-OAuth-Scopes), compared with what each "
            "enterprise and organization needs.",
            "Enterprise reports need manage_billing:copilot or read:enterprise; organization "
            "reports need read:org (seats: read:org or manage_billing:copilot). Fine-grained tokens "
            "can't read enterprise-level reports at all.",
            (DOC_SCOPES, DOC_USAGE_API),
            per="token",
            sources=(S.DOC_SCOPES, S.API_ORG_REPORT_28, S.API_ENT_REPORT_28, S.DOC_FG_PERMISSIONS, S.DOC_APP_PERMISSIONS),
        ),
        CheckSpec(
            "github.orgs.discover",
            "Organizations this token can see",
            "GET /user/orgs, when no enterprise or organization was entered: up to 500 organizations "
            "per run (the supported scale; beyond it the first 500 are checked and the check says so), "
            "names validated (letters, digits, hyphens, at most 39 characters).",
            "The token sees no organization: it lacks read:org, it is a fine-grained token (these "
            "list no organizations), or it isn't authorized for the organizations' SAML SSO.",
            (DOC_SCOPES, DOC_SSO),
            per="token",
            sources=(S.API_USER_ORGS, S.DOC_SSO),
        ),
        CheckSpec(
            "github.enterprise.access",
            "Enterprise access",
            "GraphQL enterprise(slug:) { viewerIsAdmin }: the slug exists, is visible, and whether "
            "you are an enterprise owner.",
            "Not found means a wrong slug (it is the ENTERPRISE in github.com/enterprises/ENTERPRISE), "
            "no access, or a GitHub Enterprise Server URL: Copilot metrics live on the linked cloud "
            "enterprise on github.com or GHE.com.",
            (DOC_USAGE_API, DOC_DATA_RESIDENCY),
            per="enterprise",
            sources=E.SOURCES_ACCESS,
            diagnoses=E.ROWS_ACCESS,
        ),
        CheckSpec(
            "github.enterprise.usage_metrics",
            "Enterprise Copilot usage reports",
            "GET /enterprises/{enterprise}/copilot/metrics/reports/enterprise-28-day/latest and "
            "enterprise-1-day?day=(today − 3 days).",
            "403 with the right scopes and role means the enterprise's 'Copilot usage metrics' "
            "policy isn't 'Enabled everywhere' (AI Controls → Copilot → Metrics); fine-grained "
            "tokens are refused here. " + _LEGACY_HELP,
            (DOC_ENTERPRISE_POLICY, DOC_USAGE_API, DOC_LEGACY_CLOSED),
            per="enterprise",
            sources=E.SOURCES_REPORTS,
            diagnoses=E.ROWS_REPORTS,
        ),
        CheckSpec(
            "github.enterprise.seats",
            "Enterprise Copilot seats",
            "GET /enterprises/{enterprise}/copilot/billing/seats?per_page=1 (only its total_seats: "
            "each person once, across the enterprise's organizations and enterprise teams).",
            "An enterprise with no Copilot seats assigned anywhere has no Copilot usage to report. "
            "Seats are visible to enterprise owners and billing managers with a classic token "
            "(manage_billing:copilot or read:enterprise); fine-grained tokens are refused.",
            (DOC_ENTERPRISE_SEATS_API, DOC_COPILOT_ACCESS),
            per="enterprise",
            sources=E.SOURCES_SEATS,
        ),
        CheckSpec(
            "github.org.sso",
            "Single sign-on (SAML) authorization",
            "GET /orgs/{org} and the org's latest report: a 403 with X-GitHub-SSO: required; url=….",
            "The organization uses SAML single sign-on and the classic token isn't authorized for "
            "it. The authorization link GitHub sends is valid for one hour.",
            (DOC_SSO,),
            per="org",
            sources=(S.API_ORG, S.DOC_SSO),
        ),
        CheckSpec(
            "github.org.membership",
            "Your role in the organization",
            "GET /user/memberships/orgs/{org}: owner, billing manager or member; active or pending.",
            "Organization reports need an owner, or a custom role with 'View Organization Copilot "
            "Metrics'; seats need an owner.",
            (DOC_ORG_ROLES, DOC_ORG_METRICS_ROLE),
            per="org",
            sources=(S.API_MEMBERSHIP, S.DOC_ORG_ROLE),
        ),
        CheckSpec(
            "github.org.usage_metrics",
            "Organization Copilot usage reports",
            "GET /orgs/{org}/copilot/metrics/reports/organization-28-day/latest and "
            "organization-1-day?day=(today − 3 days).",
            "403 with the right scope and role means the 'Copilot usage metrics' policy is off "
            "(Settings → Copilot → Policies). 204 means that day's report isn't generated yet "
            "(2–3 days delay; organization reports start 2025-12-12). " + _LEGACY_HELP,
            (DOC_POLICIES, DOC_USAGE_API, DOC_LEGACY_CLOSED),
            per="org",
            sources=(S.API_ORG_REPORT_28, S.API_ORG_REPORT_1, S.DOC_USAGE_API, S.DOC_LEGACY_CLOSED),
            diagnoses=O.ROWS_REPORTS + T.ROWS_APP,
        ),
        CheckSpec(
            "github.org.seats",
            "Copilot seats",
            "GET /orgs/{org}/copilot/billing/seats (all pages).",
            "No seats assigned, or no Copilot Business/Enterprise plan on the organization: then "
            "GitHub has no usage to report for it.",
            (DOC_COPILOT_ACCESS, DOC_SEATS_API),
            per="org",
            sources=(S.API_ORG_SEATS, S.DOC_ATTRIBUTION),
            diagnoses=O.ROWS_SEATS,
        ),
        CheckSpec(
            "github.teams.eligibility",
            "Teams in team-level reports",
            "GET /orgs/{org}/teams and each team's members (all pages), compared with seat holders.",
            "Teams with fewer than 5 members who hold a Copilot seat are left out of team-level "
            "reports, so their numbers only show in the organization total.",
            (DOC_TEAM_METRICS,),
            per="org",
            sources=(S.DOC_TEAM_METRICS, S.API_TEAMS),
            diagnoses=O.ROWS_TEAMS,
        ),
        CheckSpec(
            "github.reports.download",
            "Report download host reachable",
            "The first bytes of one report file from its signed download link (no GitHub token is "
            "sent), to prove the report host is reachable.",
            "A firewall, proxy or DNS filter that only allows api.github.com blocks the second step "
            "every analytics product needs: allow copilot-reports.github.com and its fallbacks "
            "copilot-reports-*.b01.azurefd.net and usagereports*.blob.core.windows.net "
            "(GHE.com: copilot-reports.SUBDOMAIN.ghe.com). At most 3 distinct download hosts are "
            "probed per run.",
            (DOC_USAGE_API, DOC_ALLOWLIST),
            per="report host",
            sources=(S.DOC_ALLOWLIST, S.API_ORG_REPORT_28),
        ),
        CheckSpec(
            "github.api.rate_limit",
            "API rate limit",
            "GET /rate_limit: requests left in the hour for this token (resources.core).",
            "Less than 10% left: other tools using the same token (or the analytics product itself) "
            "use up the shared quota, and reads fail until the reset time.",
            (DOC_RATE_LIMITS,),
            per="token",
            sources=(S.API_RATE_LIMIT, S.DOC_RATE_LIMITS),
        ),
    ],
)

ID_FORMAT = "github.token.format"
ID_AUTH = "github.token.auth"
ID_SCOPES = "github.token.scopes"
ID_DISCOVER = "github.orgs.discover"
ID_ENT_ACCESS = "github.enterprise.access"
ID_ENT_USAGE = "github.enterprise.usage_metrics"
ID_ENT_SEATS = "github.enterprise.seats"
ID_ORG_SSO = "github.org.sso"
ID_ORG_MEMBERSHIP = "github.org.membership"
ID_ORG_USAGE = "github.org.usage_metrics"
ID_ORG_SEATS = "github.org.seats"
ID_TEAMS = "github.teams.eligibility"
ID_DOWNLOAD = "github.reports.download"
ID_RATE = "github.api.rate_limit"

# --- ctx.facts keys this provider sets (and reads in later checks) ---
F_LOGIN = "github.login"
F_TOKEN_KIND = "github.token_kind"
F_SCOPES = "github.scopes"  # list[str], or None when GitHub sends no X-OAuth-Scopes (fine-grained)
F_ENT_ADMIN = "github.enterprise_admin"  # {slug: bool}
F_LINKS = "github.report_links"  # {"org:acme": [link, …]} (28-day first)
F_SEATS = "github.seats"  # {org: {"total": int, "logins": [str], "by_team": {team slug: seats}}}

AUTH_NEED = ((ID_AUTH, "token"),)

