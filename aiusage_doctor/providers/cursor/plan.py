"""Wiring: the checks planned for a run config, and the provider definition."""

from __future__ import annotations

from aiusage_doctor.core.checks import CheckContext, Outcome, PlannedCheck, ProviderDef
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.providers.cursor.analytics import check_analytics_access
from aiusage_doctor.providers.cursor.catalog import ANALYTICS, AUTH, CATALOG, FORMAT, KEY_TARGET, TEAM_TARGET, USAGE
from aiusage_doctor.providers.cursor.common import _raw_key
from aiusage_doctor.providers.cursor.key import check_key_auth, check_key_format
from aiusage_doctor.providers.cursor.sources import REF
from aiusage_doctor.providers.cursor.usage import check_daily_usage


def is_configured(config: RunConfig) -> bool:
    return bool(_raw_key(config).strip())


async def _not_configured(ctx: CheckContext) -> Outcome:
    return Outcome.skip(
        "Not configured: no Cursor API key was given (set AIUSAGE_CURSOR_API_KEY, or enter it "
        "in the app)",
        remediation=[REF["keys"]],
    )


def plan(config: RunConfig) -> list[PlannedCheck]:
    if not is_configured(config):
        return [PlannedCheck(CATALOG[FORMAT], _not_configured, target=KEY_TARGET)]
    fmt = (FORMAT, KEY_TARGET)
    auth = (AUTH, KEY_TARGET)
    return [
        PlannedCheck(CATALOG[FORMAT], check_key_format, target=KEY_TARGET),
        PlannedCheck(CATALOG[AUTH], check_key_auth, target=KEY_TARGET, needs=(fmt,)),
        PlannedCheck(CATALOG[USAGE], check_daily_usage, target=TEAM_TARGET, needs=(auth,)),
        PlannedCheck(CATALOG[ANALYTICS], check_analytics_access, target=TEAM_TARGET, needs=(auth,)),
    ]


PROVIDER = ProviderDef(name="cursor", title="Cursor", catalog=CATALOG, planner=plan, configured=is_configured)
