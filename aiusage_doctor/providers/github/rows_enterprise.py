"""Diagnosis table of the enterprise checks: probe → answer → verdict → link → source.

Who may read what (OpenAPI descriptions, 2026-03-10 / ghec): the enterprise report
endpoints and the enterprise seat list are readable by enterprise owners *and billing
managers*; GraphQL `Enterprise.viewerIsAdmin` is true for owners only. So a `false` there
does not rule a billing manager out: the seat list (same role rule, no policy involved)
is the probe that separates the caller's role from the metrics policy.
"""

from __future__ import annotations

from aiusage_doctor.core.checks import Alternative, Diagnosis
from aiusage_doctor.core.models import Status
from aiusage_doctor.providers.github import links as L
from aiusage_doctor.providers.github import sources as S
from aiusage_doctor.providers.github.rows_orgs import METRICS_POLICY_OFF

REPORT_28 = "GET /enterprises/{enterprise}/copilot/metrics/reports/enterprise-28-day/latest"
SEATS_1 = "GET /enterprises/{enterprise}/copilot/billing/seats?per_page=1"
LOOKUP = "GraphQL enterprise(slug:) { viewerIsAdmin }"

_POLICY = Alternative(
    "The enterprise's 'Copilot usage metrics' policy isn't 'Enabled everywhere' (if this account has the "
    "'View Enterprise Copilot Metrics' role, this is the cause)",
    (L.DOC_ENTERPRISE_POLICY,),
)
_ROLE = Alternative(
    "This account is neither an enterprise owner nor a billing manager and has no 'View Enterprise Copilot "
    "Metrics' role",
    (L.DOC_ENTERPRISE_ROLE,),
)
_UNNAMED = Alternative(
    "GitHub refuses for a reason its answer doesn't name (check GitHub's message in the details)",
    (L.DOC_TROUBLESHOOTING,),
)

ACCESS_OWNER = Diagnosis(
    "enterprise.access.owner", LOOKUP, "enterprise found, viewerIsAdmin true",
    "Enterprise {slug} ({name}) found; {login} is an enterprise owner.", Status.PASS,
    sources=(S.DOC_GRAPHQL_ENTERPRISE,),
)
ACCESS_BILLING = Diagnosis(
    "enterprise.access.billing_manager", f"{LOOKUP}, then {SEATS_1}",
    "viewerIsAdmin false, enterprise seat list readable (200)",
    "Enterprise {slug} ({name}) found; {login} isn't an owner but can read the enterprise's Copilot seats, "
    "which only owners and billing managers can: a billing manager, a role that may read the reports.",
    Status.PASS,
    sources=(S.DOC_GRAPHQL_ENTERPRISE, S.API_ENT_SEATS, S.API_ENT_REPORT_28),
)
ACCESS_NOT_OWNER = Diagnosis(
    "enterprise.access.not_owner", f"{LOOKUP}, then {SEATS_1}",
    "viewerIsAdmin false, enterprise seat list not readable",
    "Enterprise {slug} ({name}) is visible, but {login} isn't an enterprise owner, and the enterprise's seat "
    "list (owners and billing managers only) isn't readable either: the reports also need a billing manager "
    "or the 'View Enterprise Copilot Metrics' role.",
    Status.WARN,
    links=(L.DOC_ENTERPRISE_ROLE,),
    sources=(S.DOC_GRAPHQL_ENTERPRISE, S.API_ENT_SEATS, S.DOC_ENTERPRISE_ROLE),
)

REPORTS_OK = Diagnosis(
    "enterprise.reports.200", REPORT_28, "200 with download_links, report_start_day, report_end_day",
    "Enterprise {slug}'s Copilot usage reports are available.", Status.PASS,
    sources=(S.API_ENT_REPORT_28, S.API_ENT_REPORT_1),
)
REPORTS_POLICY_OWNER = Diagnosis(
    "enterprise.reports.403.policy_owner", REPORT_28, "403; classic scope right; viewerIsAdmin true",
    "Most likely the 'Copilot usage metrics' policy of enterprise {slug} isn't 'Enabled everywhere': an "
    "enterprise owner must set it under AI Controls → Copilot → Metrics.",
    Status.FAIL,
    links=(L.DOC_ENTERPRISE_POLICY, L.DOC_USAGE_API),
    sources=(S.API_ENT_REPORT_28, S.DOC_USAGE_API, S.DOC_GRAPHQL_ENTERPRISE),
    because="{login} is an enterprise owner and the token has the needed scope, and GitHub still answers 403",
    alternatives=(_UNNAMED,),
    cause=METRICS_POLICY_OFF,
)
REPORTS_POLICY_ROLE_PROVEN = Diagnosis(
    "enterprise.reports.403.policy_role_proven", f"{REPORT_28}, then {SEATS_1}",
    "403 on the report; classic scope right; viewerIsAdmin false; enterprise seat list readable (200)",
    "Most likely the 'Copilot usage metrics' policy of enterprise {slug} isn't 'Enabled everywhere': an "
    "enterprise owner must set it under AI Controls → Copilot → Metrics.",
    Status.FAIL,
    links=(L.DOC_ENTERPRISE_POLICY, L.DOC_USAGE_API),
    sources=(S.API_ENT_REPORT_28, S.API_ENT_SEATS, S.DOC_USAGE_API),
    because=(
        "{login} can read the enterprise's Copilot seats, which only owners and billing managers can, and "
        "the reports are readable by the same roles; the token has the needed scope; so the role is enough "
        "and GitHub still answers 403"
    ),
    alternatives=(_UNNAMED,),
    cause=METRICS_POLICY_OFF,
)
REPORTS_ROLE = Diagnosis(
    "enterprise.reports.403.role", f"{REPORT_28}, then {SEATS_1}",
    "403 on the report and 403 on the enterprise seat list; classic scope right",
    "Most likely {login} is neither an owner nor a billing manager of enterprise {slug}: its Copilot reports "
    "are shown only to those and to people with the 'View Enterprise Copilot Metrics' role.",
    Status.FAIL,
    links=(L.DOC_ENTERPRISE_ROLE,),
    sources=(S.API_ENT_REPORT_28, S.API_ENT_SEATS, S.DOC_ENTERPRISE_ROLE),
    because=(
        "the token has the needed scope, and the enterprise's seat list, readable by every owner and billing "
        "manager whatever the metrics policy, is refused too"
    ),
    alternatives=(_POLICY,),
)
REPORTS_UNTOLD = Diagnosis(
    "enterprise.reports.403.role_or_policy", f"{REPORT_28}, then {SEATS_1}",
    "403 on the report; classic scope right; role not shown (viewerIsAdmin false or unknown, seat list "
    "unreadable for another reason)",
    "GitHub refused enterprise {slug}'s Copilot reports, and the answers can't tell the caller's role from "
    "the metrics policy: most likely {login} lacks an enterprise role that may read them; otherwise the "
    "'Copilot usage metrics' policy is off.",
    Status.FAIL,
    links=(L.DOC_ENTERPRISE_ROLE, L.DOC_ENTERPRISE_POLICY),
    sources=(S.API_ENT_REPORT_28, S.API_ENT_SEATS, S.DOC_GRAPHQL_ENTERPRISE),
    because="the token has the needed scope, {login} isn't shown to be an owner, and the seat-list probe "
    "that would prove a billing manager answered {seats_status}",
    alternatives=(_POLICY,),
)
REPORTS_404 = Diagnosis(
    "enterprise.reports.404", REPORT_28, "404 without X-GitHub-SSO",
    "GitHub has no Copilot usage report for enterprise {slug} (HTTP 404), although the enterprise is visible.",
    Status.FAIL,
    links=(L.DOC_ENTERPRISE_POLICY, L.DOC_LEGACY_CLOSED),
    sources=(S.API_ENT_REPORT_28, S.DOC_USAGE_API),
)

ROWS_ACCESS = (ACCESS_OWNER, ACCESS_BILLING, ACCESS_NOT_OWNER)
ROWS_REPORTS = (REPORTS_OK, REPORTS_POLICY_OWNER, REPORTS_POLICY_ROLE_PROVEN, REPORTS_ROLE, REPORTS_UNTOLD,
                REPORTS_404)
SOURCES_ACCESS = (S.DOC_GRAPHQL_ENTERPRISE, S.DOC_DATA_RESIDENCY)
SOURCES_REPORTS = (S.API_ENT_REPORT_28, S.API_ENT_REPORT_1, S.DOC_USAGE_API, S.DOC_LEGACY_CLOSED)
SOURCES_SEATS = (S.API_ENT_SEATS,)
