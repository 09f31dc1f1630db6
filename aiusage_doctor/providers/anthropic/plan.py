"""Wiring: the checks planned for a run config (keys are routed by type before anything is
sent), and the provider definition."""

from __future__ import annotations

from aiusage_doctor.core.checks import CheckContext, Outcome, PlannedCheck, ProviderDef
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.models import Link
from aiusage_doctor.core.tokens import TokenKind
from aiusage_doctor.providers import claude_local
from aiusage_doctor.providers.anthropic.catalog import CATALOG
from aiusage_doctor.providers.anthropic.enterprise import check_enterprise_analytics
from aiusage_doctor.providers.anthropic.key import check_key_auth, check_key_format
from aiusage_doctor.providers.anthropic.report import check_claude_code_report
from aiusage_doctor.providers.anthropic_refs import (
    AUTH,
    ENTERPRISE,
    FORMAT,
    KEY_TARGET,
    LOCAL,
    MACHINE_TARGET,
    ORG_TARGET,
    REF,
    REPORT,
    SOURCE,
    key_kind,
    raw_key,
)
from aiusage_doctor.providers.claude_source import check_usage_source


def is_configured(config: RunConfig) -> bool:
    return bool(raw_key(config).strip()) or config.anthropic.claude_local


def _not_applicable(summary: str, *links: Link):
    async def fn(ctx: CheckContext) -> Outcome:
        return Outcome.skip(summary, remediation=list(links))

    return fn


_not_configured = _not_applicable(
    "Not configured: no Anthropic Admin API key was given (set AIUSAGE_ANTHROPIC_ADMIN_KEY, or "
    "enter it in the app)",
    REF["admin_keys"],
)


def plan(config: RunConfig) -> list[PlannedCheck]:
    raw = raw_key(config)
    local_on = config.anthropic.claude_local
    planned: list[PlannedCheck] = []
    waits: list[tuple[str, str]] = []
    fmt = (FORMAT, KEY_TARGET)

    if not raw.strip():
        planned.append(PlannedCheck(CATALOG[FORMAT], _not_configured, target=KEY_TARGET))
    else:
        kind = key_kind(config)
        planned.append(PlannedCheck(CATALOG[FORMAT], check_key_format, target=KEY_TARGET))
        if kind is TokenKind.ANTHROPIC_ENTERPRISE_ANALYTICS:
            why = ("Not applicable: a Claude Enterprise Analytics key (sk-ant-api01-) can't call the "
                   "Console Admin API, so it isn't sent there; the Enterprise Analytics check is used.")
            planned += [
                PlannedCheck(CATALOG[AUTH], _not_applicable(why, REF["which_analytics"]), target=KEY_TARGET),
                PlannedCheck(CATALOG[REPORT], _not_applicable(why, REF["which_analytics"]), target=ORG_TARGET),
                PlannedCheck(CATALOG[ENTERPRISE], check_enterprise_analytics, target=ORG_TARGET, needs=(fmt,)),
            ]
            waits.append((ENTERPRISE, ORG_TARGET))
        else:
            auth = (AUTH, KEY_TARGET)
            planned += [
                PlannedCheck(CATALOG[AUTH], check_key_auth, target=KEY_TARGET, needs=(fmt,)),
                PlannedCheck(CATALOG[REPORT], check_claude_code_report, target=ORG_TARGET, needs=(auth,)),
                PlannedCheck(
                    CATALOG[ENTERPRISE],
                    _not_applicable(
                        "Not applicable: this check runs with a Claude Enterprise Analytics key "
                        "(sk-ant-api01-, made in claude.ai). Only needed if your organization is on "
                        "Claude Enterprise.",
                        REF["which_analytics"], REF["enterprise_start"],
                    ),
                    target=ORG_TARGET,
                ),
            ]
            waits.append((REPORT, ORG_TARGET))
    if local_on:
        planned.append(PlannedCheck(claude_local.SPEC, claude_local.check_local_login, target=MACHINE_TARGET))
        waits.append((LOCAL, MACHINE_TARGET))
    if raw.strip() or local_on:
        planned.append(PlannedCheck(CATALOG[SOURCE], check_usage_source, target=ORG_TARGET,
                                    after=tuple(waits), params={"wait_for": waits}))
    return planned


PROVIDER = ProviderDef(
    name="anthropic", title="Claude Code", catalog=CATALOG, planner=plan, configured=is_configured
)
