"""Diagnosis table of the organization checks: probe → answer → verdict → link → source.

GitHub answers a refused organization report with a bare 403 and never says why. The
checks rule causes out in a fixed order (SSO, IP allow list, token permission, classic
scope, role); what is left is an inference, and these rows say so and keep the other
candidates, ranked, each with its link.
"""

from __future__ import annotations

from aiusage_doctor.core.checks import Alternative, Diagnosis
from aiusage_doctor.core.models import Status
from aiusage_doctor.providers.github import links as L
from aiusage_doctor.providers.github import sources as S

METRICS_POLICY_OFF = "Most likely the 'Copilot usage metrics' policy is off"
"""The one cause behind an enterprise's and its organizations' policy refusals: reports count and
name it once (an enterprise owner's 'Enabled everywhere' fixes them together)."""

REPORT_28 = "GET /orgs/{org}/copilot/metrics/reports/organization-28-day/latest"
MEMBERSHIP = "GET /user/memberships/orgs/{org}"
SEATS = "GET /orgs/{org}/copilot/billing/seats"
TEAMS = "GET /orgs/{org}/teams, each team's members, and the seat lists"

_POLICY = Alternative(
    "The 'Copilot usage metrics' policy is off for the organization (or its enterprise): an organization "
    "policy left 'Unconfigured' counts as disabled, and an enterprise policy overrides it",
    (L.DOC_POLICIES, L.DOC_ENTERPRISE_POLICY),
)
_ROLE = Alternative(
    "This account isn't an owner and has no custom role with 'View Organization Copilot Metrics'",
    (L.DOC_ORG_METRICS_ROLE, L.DOC_ORG_ROLES),
)
_UNNAMED = Alternative(
    "GitHub refuses for a reason its answer doesn't name (check GitHub's message in the details)",
    (L.DOC_TROUBLESHOOTING,),
)

REPORTS_OK = Diagnosis(
    "org.reports.200", REPORT_28, "200 with download_links, report_start_day, report_end_day",
    "{org}'s Copilot usage reports are available.", Status.PASS,
    sources=(S.API_ORG_REPORT_28, S.API_ORG_REPORT_1),
)
REPORTS_POLICY = Diagnosis(
    "org.reports.403.policy", f"{REPORT_28}, then {MEMBERSHIP}",
    "403; classic scope (or App/fine-grained permission) right; role owner",
    "Most likely the 'Copilot usage metrics' policy is turned off for {org}: turn it on in the organization's "
    "Copilot policies (or, if the organization belongs to an enterprise, in the enterprise's AI Controls → "
    "Copilot → Metrics).",
    Status.FAIL,
    links=(L.DOC_POLICIES, L.DOC_ENTERPRISE_POLICY),
    sources=(S.API_ORG_REPORT_28, S.API_MEMBERSHIP, S.DOC_USAGE_API, S.DOC_POLICIES),
    because="{why}, and GitHub still answers 403",
    alternatives=(_UNNAMED,),
    cause=METRICS_POLICY_OFF,
)
REPORTS_ROLE = Diagnosis(
    "org.reports.403.role", f"{REPORT_28}, then {MEMBERSHIP}",
    "403; classic scope right; role member or billing_manager",
    "Most likely {login} can't read {org}'s Copilot usage reports because it is {role_words} of {org}: GitHub "
    "shows them to organization owners and people with a custom role that has 'View Organization Copilot "
    "Metrics'.",
    Status.FAIL,
    links=(L.DOC_ORG_METRICS_ROLE, L.DOC_ORG_ROLES),
    sources=(S.API_ORG_REPORT_28, S.API_MEMBERSHIP, S.DOC_ORG_ROLE),
    because="the token has the needed scope and {login} isn't an owner; custom roles can't be read with a token",
    alternatives=(_POLICY,),
)
REPORTS_UNTOLD = Diagnosis(
    "org.reports.403.role_or_policy", f"{REPORT_28}, then {MEMBERSHIP}",
    "403; classic scope right; role unreadable",
    "GitHub refused {org}'s Copilot usage reports, and the answers can't tell the caller's role from the "
    "metrics policy: most likely {login} isn't an owner (nor has 'View Organization Copilot Metrics'); "
    "otherwise the 'Copilot usage metrics' policy is off.",
    Status.FAIL,
    links=(L.DOC_ORG_METRICS_ROLE, L.DOC_POLICIES),
    sources=(S.API_ORG_REPORT_28, S.API_MEMBERSHIP),
    because="the token has the needed scope, but {login}'s role in {org} couldn't be read ({role_status})",
    alternatives=(_POLICY,),
)

SEATS_SHELL = Diagnosis(
    "org.seats.none_but_report", f"{SEATS} and the org's 28-day report",
    "0 seats (or 404: no subscription of its own), and the usage report is available",
    "{fact}, but its Copilot usage report is available: its members hold seats elsewhere (another "
    "organization or the enterprise), and their usage is reported here too.",
    Status.PASS,
    links=(L.DOC_ATTRIBUTION,),
    sources=(S.API_ORG_SEATS, S.DOC_ATTRIBUTION),
)
SEATS_NONE = Diagnosis(
    "org.seats.none", f"{SEATS} and the org's 28-day report",
    "0 seats (or 404), and no usage report",
    "{fact}. That explains missing usage data only if its members hold no Copilot seat anywhere else in the "
    "enterprise (usage of seats held elsewhere is reported here too).",
    Status.WARN,
    links=(L.DOC_ATTRIBUTION, L.DOC_COPILOT_ACCESS, L.DOC_SEATS_API),
    sources=(S.API_ORG_SEATS, S.DOC_ATTRIBUTION),
    because="the organization has no seats of its own and GitHub gave no report for it",
    alternatives=(
        Alternative("Members hold seats elsewhere, and the report is missing for another reason (see the "
                    "usage-report check)", (L.DOC_ATTRIBUTION, L.DOC_USAGE_API)),
    ),
)
TEAMS_COUNTED = Diagnosis(
    "teams.seats_anywhere", TEAMS,
    "team members compared with seat holders of the enterprise (when readable) or of every checked org",
    "Teams with fewer than 5 members holding a Copilot seat (wherever it is assigned) are left out of "
    "team-level reports.",
    Status.WARN,
    links=(L.DOC_TEAM_METRICS,),
    sources=(S.DOC_TEAM_METRICS, S.DOC_ATTRIBUTION, S.API_TEAMS, S.API_ENT_SEATS),
)

ROWS_REPORTS = (REPORTS_OK, REPORTS_POLICY, REPORTS_ROLE, REPORTS_UNTOLD)
ROWS_SEATS = (SEATS_SHELL, SEATS_NONE)
ROWS_TEAMS = (TEAMS_COUNTED,)
