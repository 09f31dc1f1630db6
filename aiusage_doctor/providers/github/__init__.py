"""GitHub Copilot: can an analytics product read this enterprise's or organization's usage data?

A package of small modules that read like tables: `links` (every GitHub address and
remediation link), `catalog` (one entry per check id, in report order), one module per
subject (`token`, `orgs`, `enterprise`, `reports`, `seats`, `teams`, `download`), the
403 ladder in `denials`, and the wiring in `plan`. This module keeps the public names the
registry, the wizard and the tests use.

What the checks follow (see the project's GitHub reference notes):

* The legacy Copilot metrics API (`…/copilot/metrics` without `/reports/`) was closed
  down on 2026-04-02 and answers 404. The live API is the usage-metrics *report* API
  (`…/copilot/metrics/reports/…`), which returns short-lived download links to files on
  a different host (copilot-reports.github.com; fallbacks copilot-reports-*.b01.azurefd.net
  and usagereports*.blob.core.windows.net).
* A 403 has several causes, told apart in this order: rate limit (the HTTP adapter waits
  or raises), SAML SSO (`X-GitHub-SSO`), a fine-grained token where one isn't accepted,
  a missing classic scope, the caller's role, and only then the "Copilot usage metrics"
  policy. The policy is never blamed while a scope or the role is wrong.
* Per-organization checks depend only on the token sign-in and that org's SSO check, so
  an enterprise admin with 200 orgs gets all of them concurrently (the adapter caps
  requests per host and answers identical GETs once per run).
"""


from aiusage_doctor.providers.github.catalog import CATALOG
from aiusage_doctor.providers.github.common import (
    expand_scopes,
    parse_expiry,
    parse_link_header,
    parse_scopes,
    parse_sso_header,
)
from aiusage_doctor.providers.github.links import link_new_token
from aiusage_doctor.providers.github.orgs import DiscoveryError, discover_orgs
from aiusage_doctor.providers.github.paginate import Paginated, paginate
from aiusage_doctor.providers.github.plan import PROVIDER, plan

__all__ = [
    "CATALOG",
    "PROVIDER",
    "DiscoveryError",
    "Paginated",
    "discover_orgs",
    "expand_scopes",
    "link_new_token",
    "paginate",
    "parse_expiry",
    "parse_link_header",
    "parse_scopes",
    "parse_sso_header",
    "plan",
]
