"""Wiring: the checks planned for a run config, and the provider definition.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from aiusage_doctor.core.checks import CheckFn, PlannedCheck, ProviderDef
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.inputs import InputError, parse_enterprise, parse_org
from aiusage_doctor.providers.github.catalog import (
    AUTH_NEED,
    CATALOG,
    ID_AUTH,
    ID_DISCOVER,
    ID_ENT_ACCESS,
    ID_ENT_SEATS,
    ID_ENT_USAGE,
    ID_FORMAT,
    ID_ORG_MEMBERSHIP,
    ID_ORG_SEATS,
    ID_ORG_SSO,
    ID_ORG_USAGE,
    ID_RATE,
    ID_SCOPES,
    ID_TEAMS,
)
from aiusage_doctor.providers.github.common import is_configured
from aiusage_doctor.providers.github.enterprise import (
    check_enterprise_access,
    check_enterprise_seats,
    check_enterprise_usage,
)
from aiusage_doctor.providers.github.orgs import check_org_membership, check_org_sso, check_orgs_discover
from aiusage_doctor.providers.github.reports import check_org_usage
from aiusage_doctor.providers.github.seats import check_org_seats
from aiusage_doctor.providers.github.teams import check_teams
from aiusage_doctor.providers.github.token import (
    _not_configured,
    check_rate_limit,
    check_token_auth,
    check_token_format,
    check_token_scopes,
)
from aiusage_doctor.providers.github.watch import _ReportWatch, _gate, _usage


# =============================================================================== planning


def seat_keys(orgs: Sequence[str], enterprises: Sequence[str] = ()) -> tuple[tuple[str, str], ...]:
    """The seat checks a team check waits for: every checked org's and enterprise's (a team's
    members may hold seats anywhere). One tuple shared by all orgs of a run."""
    return tuple((ID_ORG_SEATS, f"org:{o}") for o in orgs) + tuple(
        (ID_ENT_SEATS, f"enterprise:{e}") for e in enterprises
    )


def _org_checks(org: str, i: int, watch: _ReportWatch | None, error: str | None = None,
                seats_of_all: tuple[tuple[str, str], ...] = ()) -> list[PlannedCheck]:
    target = f"org:{org}"
    sso = (ID_ORG_SSO, target)
    params: dict[str, Any] = {"org": org, "watch": watch}
    if error:
        params["error"] = error
    need = AUTH_NEED + (sso,)

    def planned(check_id: str, fn: CheckFn, needs: tuple[tuple[str, str], ...],
                after: tuple[tuple[str, str], ...] = ()) -> PlannedCheck:
        return PlannedCheck(CATALOG[check_id], fn, target=target, needs=needs, after=after, params=params,
                            order_hint=i)

    return [
        planned(ID_ORG_SSO, _gate(check_org_sso), AUTH_NEED),
        planned(ID_ORG_MEMBERSHIP, check_org_membership, need),
        planned(ID_ORG_USAGE, _usage(ID_ORG_USAGE, check_org_usage), need),
        # 0 seats of its own is judged against the org's report (shell organizations).
        planned(ID_ORG_SEATS, check_org_seats, need, after=((ID_ORG_USAGE, target),)),
        planned(ID_TEAMS, check_teams, need, after=seats_of_all or ((ID_ORG_SEATS, target),)),
    ]


def _enterprise_checks(slug: str, i: int, watch: _ReportWatch, error: str | None = None) -> list[PlannedCheck]:
    target = f"enterprise:{slug}"
    params: dict[str, Any] = {"enterprise": slug, "watch": watch}
    if error:
        params["error"] = error
    return [
        PlannedCheck(CATALOG[ID_ENT_ACCESS], _gate(check_enterprise_access), target=target,
                     needs=AUTH_NEED, params=params, order_hint=i),
        PlannedCheck(CATALOG[ID_ENT_USAGE], _usage(ID_ENT_USAGE, check_enterprise_usage), target=target,
                     needs=AUTH_NEED + ((ID_ENT_ACCESS, target),), params=params, order_hint=i),
        PlannedCheck(CATALOG[ID_ENT_SEATS], check_enterprise_seats, target=target,
                     needs=AUTH_NEED + ((ID_ENT_ACCESS, target),), params=params, order_hint=i),
    ]


def _parsed(raw_items: Sequence[str], parse: Callable[[str], str]) -> list[tuple[str, str | None]]:
    """[(name, error)] in config order, duplicates dropped; a bad entry keeps its raw text."""
    out: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for raw in raw_items:
        try:
            name, error = parse(raw), None
        except InputError as exc:
            name, error = (str(raw).strip() or "?"), str(exc)
        if name not in seen:
            seen.add(name)
            out.append((name, error))
    return out


def plan(config: RunConfig) -> list[PlannedCheck]:
    """Every GitHub check for this config; per-org checks of discovered orgs are added at run time."""
    if not is_configured(config):
        return [PlannedCheck(CATALOG[ID_FORMAT], _not_configured, target="token")]
    enterprises = _parsed(config.github.enterprises, parse_enterprise)
    orgs = _parsed(config.github.orgs, parse_org)
    discovering = not enterprises and not orgs
    watch = _ReportWatch(
        [f"enterprise:{e}" for e, _ in enterprises] + [f"org:{o}" for o, _ in orgs], discovering
    )
    token_params = {
        "enterprises": [e for e, err in enterprises if not err],
        "orgs": [o for o, err in orgs if not err],
        "discover": discovering,
        "watch": watch,
    }

    def token_check(check_id: str, fn: CheckFn, needs: tuple[tuple[str, str], ...]) -> PlannedCheck:
        return PlannedCheck(CATALOG[check_id], fn, target="token", needs=needs, params=token_params)

    checks = [
        token_check(ID_FORMAT, _gate(check_token_format, everything=True), ()),
        token_check(ID_AUTH, _gate(check_token_auth, everything=True), ((ID_FORMAT, "token"),)),
        token_check(ID_SCOPES, check_token_scopes, AUTH_NEED),
        token_check(ID_RATE, check_rate_limit, AUTH_NEED),
    ]
    if discovering:
        checks.append(token_check(ID_DISCOVER, check_orgs_discover, AUTH_NEED))
    for i, (slug, error) in enumerate(enterprises):
        checks += _enterprise_checks(slug, i, watch, error)
    all_seats = seat_keys([o for o, _ in orgs], [e for e, err in enterprises if not err])
    for i, (org, error) in enumerate(orgs):
        checks += _org_checks(org, i, watch, error, all_seats)
    return checks


PROVIDER = ProviderDef(
    name="github",
    title="GitHub Copilot",
    catalog=CATALOG,
    planner=plan,
    configured=is_configured,
)
