"""The GitHub REST and GraphQL subset the Copilot checks call, answered like api.github.com.

Behaviour follows GitHub's documentation and OpenAPI description (see the project's
reference notes `github-copilot.md` and `github-openapi.md`): `Authorization: Bearer|token`
credentials, `X-OAuth-Scopes` / `X-Accepted-OAuth-Scopes` for classic and OAuth tokens
only, `GitHub-Authentication-Token-Expiration`, `x-ratelimit-*` on every answer, `Link`
pagination (`per_page` default 30, seats 50, max 100), `X-GitHub-SSO: required; url=…`
403s for SAML orgs the token is not authorized for and `partial-results` on listings,
404 for the retired `/copilot/metrics` endpoints, 204 for org 1-day reports that are not
published yet, and signed, short-lived report download links on a separate host.

Where GitHub does not document a detail, the choice made here is marked UNDOCUMENTED.

A package of small modules: `common` (documented report names and scopes, GitHub's error
shape), `guards` (credentials, scopes, SSO, roles and policy, pagination), `rest` (the REST
routes), `gql` (the GraphQL subset) and `api` (GitHubApi's routing table and the simulator's
per-provider interface). This module keeps the names the simulator loads by provider id.
"""

from aiusage_doctor.sim.github.api import (
    GitHubApi,
    demo_inputs,
    demo_options,
    rate_limited,
    server_error,
    vendor,
)
from aiusage_doctor.sim.github.common import (
    DOCS,
    ENT_1_DAY_WITH_204,
    ENT_REPORT_SCOPES,
    ENT_REPORTS_1_DAY,
    ENT_REPORTS_28_DAY,
    IMPLIED_SCOPES,
    LIST_ORG_SCOPES,
    ORG_REPORT_SCOPES,
    ORG_REPORTS_1_DAY,
    ORG_REPORTS_28_DAY,
    POLICY_OFF_MESSAGE,
    SEAT_ORG_SCOPES,
    expand_scopes,
    not_found,
)

__all__ = [
    "DOCS",
    "ENT_1_DAY_WITH_204",
    "ENT_REPORTS_1_DAY",
    "ENT_REPORTS_28_DAY",
    "ENT_REPORT_SCOPES",
    "IMPLIED_SCOPES",
    "LIST_ORG_SCOPES",
    "ORG_REPORTS_1_DAY",
    "ORG_REPORTS_28_DAY",
    "ORG_REPORT_SCOPES",
    "POLICY_OFF_MESSAGE",
    "SEAT_ORG_SCOPES",
    "GitHubApi",
    "demo_inputs",
    "demo_options",
    "expand_scopes",
    "not_found",
    "rate_limited",
    "server_error",
    "vendor",
]
