"""Cursor: is the key a team admin key, does the Admin API return usage, is the
Enterprise-only Analytics / AI Code Tracking API available?

Facts from Cursor's docs (cursor.com/docs/api, /docs/account/teams/*):

* Base https://api.cursor.com; Basic auth with the key as user name and an EMPTY
  password (`-u KEY:`). Bearer is only for the Cloud Agents API.
* Keys: `key_` + 64 hex (older) or `crsr_` + 64 (newer). User (CLI) keys also start
  with `crsr_`, so only the API can tell a team admin key from a personal one.
* Plan gating: the APIs overview (cursor.com/docs/api, checked 2026-12-04) lists the Admin,
  Analytics and AI Code Tracking APIs for "Enterprise teams"; an older dashboard page said
  "Team and Enterprise". The checks report what the API answers.
* Error bodies come in two shapes: `{"error": "...", "message": "..."}` and
  `{"code": "error", "message": "..."}`; the message is shown verbatim.
* 20 requests/min per endpoint; 429 carries `Retry-After` (the HTTP adapter waits).

Only read-only endpoints are called. `POST /teams/daily-usage-data` is a query.

A package of small modules that read like tables: `sources` (every endpoint, vendor link
and source, and the documented limits), `rows` (each check's diagnosis rows), `catalog`
(one entry per check id, in report order), one module per subject (`key`, `usage`,
`analytics`), what they share in `common`, and the wiring in `plan`. This module keeps the
public names the registry and the tests use.
"""

from aiusage_doctor.providers.cursor.analytics import check_analytics_access
from aiusage_doctor.providers.cursor.catalog import (
    ANALYTICS,
    AUTH,
    CATALOG,
    FORMAT,
    KEY_TARGET,
    TEAM_TARGET,
    USAGE,
)
from aiusage_doctor.providers.cursor.key import check_key_auth, check_key_format
from aiusage_doctor.providers.cursor.plan import PROVIDER, is_configured, plan
from aiusage_doctor.providers.cursor.rows import ANALYTICS_ROWS, AUTH_ROWS, FORMAT_ROWS, USAGE_ROWS
from aiusage_doctor.providers.cursor.sources import (
    DOCUMENTED_STATUSES,
    ENTERPRISE_MARKERS,
    MAX_RANGE_DAYS,
    REF,
    SRC,
    USAGE_DAYS,
    VERIFIED,
)
from aiusage_doctor.providers.cursor.usage import check_daily_usage

__all__ = [
    "ANALYTICS",
    "ANALYTICS_ROWS",
    "AUTH",
    "AUTH_ROWS",
    "CATALOG",
    "DOCUMENTED_STATUSES",
    "ENTERPRISE_MARKERS",
    "FORMAT",
    "FORMAT_ROWS",
    "KEY_TARGET",
    "MAX_RANGE_DAYS",
    "PROVIDER",
    "REF",
    "SRC",
    "TEAM_TARGET",
    "USAGE",
    "USAGE_DAYS",
    "USAGE_ROWS",
    "VERIFIED",
    "check_analytics_access",
    "check_daily_usage",
    "check_key_auth",
    "check_key_format",
    "is_configured",
    "plan",
]
