"""Team-level report eligibility: teams with fewer than 5 Copilot users are left out.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiusage_doctor.core.checks import CheckContext, Outcome
from aiusage_doctor.core.http import network_help, time_left
from aiusage_doctor.core.inputs import InputError, parse_enterprise
from aiusage_doctor.providers.github.catalog import F_SEATS
from aiusage_doctor.providers.github.common import _evidence, _headers, _http_line, _site
from aiusage_doctor.providers.github.denials import _org_denial
from aiusage_doctor.providers.github.links import (
    DOC_ATTRIBUTION,
    DOC_TEAM_METRICS,
    ENT_SEATS,
    DOC_TROUBLESHOOTING,
    ORG_TEAMS,
    SCOPES_ORG_REPORTS,
    TEAM_MEMBERS,
    TEAM_MIN_SEATS,
)
from aiusage_doctor.providers.github.paginate import Paginated, paginate


async def check_teams(ctx: CheckContext) -> Outcome:
    """Teams with fewer than 5 seat holders are left out of team-level reports."""
    site = _site(ctx.config)
    org = ctx.params["org"]
    seats = ctx.facts.get(F_SEATS, {}).get(org) or {}
    holders, scope = await _seat_holders(ctx)
    if holders is None:
        return Outcome.skip(
            f"No seat list could be read (not {org}'s, nor the enterprise's or another checked "
            "organization's), so team sizes can't be compared with seat holders."
        )
    if not holders:
        return Outcome.skip(
            f"No Copilot seat holders were found in {scope}, so no team of {org} can be counted; "
            "seats assigned in organizations not checked here also count for its teams.",
            remediation=[DOC_ATTRIBUTION, DOC_TEAM_METRICS],
        )
    headers = _headers(ctx.config)
    teams = await paginate(ctx.http, site.api + ORG_TEAMS.format(org=org), headers)
    if teams.error is not None:
        resp = teams.error
        if resp.status in (401, 403):
            return await _org_denial(ctx, org, resp, "teams", scopes_needed=SCOPES_ORG_REPORTS,
                                     fg_permission='"Members" organization permission (read)', policy=False)
        return Outcome.fail(
            f"GitHub didn't list {org}'s teams (HTTP {resp.status}).",
            details=[_http_line(resp)], remediation=[DOC_TEAM_METRICS, DOC_TROUBLESHOOTING], evidence=_evidence(resp),
        )
    slugs = [
        t["slug"] for t in teams.items
        if isinstance(t, dict) and isinstance(t.get("slug"), str) and t.get("type", "organization") != "enterprise"
    ]
    if not slugs:
        return Outcome.passed(f"{org} has no teams; team-level reports don't apply.",
                              details=[f"Read {len(teams.pages)} page(s) of GET {ORG_TEAMS.format(org=org)}."])

    async def members(slug: str) -> Paginated:
        return await paginate(ctx.http, site.api + TEAM_MEMBERS.format(org=org, team=slug), headers)

    # A team that was itself assigned at least 5 seats qualifies without listing its members.
    by_team: dict[str, int] = seats.get("by_team", {})
    proven = {slug: by_team[slug] for slug in slugs if by_team.get(slug, 0) >= TEAM_MIN_SEATS}
    tasks = {slug: asyncio.ensure_future(members(slug)) for slug in slugs if slug not in proven}
    budget = time_left()
    done: set[asyncio.Future[Paginated]] = set()
    pending: set[asyncio.Future[Paginated]] = set()
    if tasks:
        done, pending = await asyncio.wait(tasks.values(), timeout=None if budget is None else max(0.5, budget - 2.0))
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)

    seated: dict[str, int] = dict(proven)
    sizes: dict[str, int] = {}
    unreadable: list[str] = []
    failure: BaseException | None = None
    for slug, task in tasks.items():
        if task not in done:
            continue
        if task.exception() is not None:
            failure = failure or task.exception()
            unreadable.append(slug)
            continue
        result = task.result()
        if result.error is not None:
            unreadable.append(slug)
            continue
        logins = {m["login"].lower() for m in result.items if isinstance(m, dict) and isinstance(m.get("login"), str)}
        sizes[slug] = len(logins)
        seated[slug] = len(logins & holders)
    if not seated and failure is not None:
        raise failure
    small = sorted((s for s in seated if seated[s] < TEAM_MIN_SEATS), key=lambda s: (-seated[s], s))
    some = [s for s in small if seated[s] > 0]
    none = [s for s in small if seated[s] == 0]
    details = [
        f"Compared {len(seated)} of {len(slugs)} teams with {len(holders)} seat holders in {scope} "
        f"(GET {ORG_TEAMS.format(org=org)}: {len(teams.pages)} page(s), then the members of "
        f"{len(tasks)} team(s)).",
    ]
    if proven:
        details.append(
            f"{len(proven)} team(s) were assigned at least {TEAM_MIN_SEATS} seats themselves, so their "
            "members didn't need listing."
        )
    if some:
        listed = ", ".join(f"{s} ({seated[s]} of {sizes[s]})" for s in some[:40])
        details.append(f"Teams with 1–4 Copilot users (left out): {listed}" + (f" and {len(some) - 40} more" if len(some) > 40 else "") + ".")
    if none:
        details.append(f"Teams without any Copilot user: {', '.join(none[:40])}" + (f" and {len(none) - 40} more" if len(none) > 40 else "") + ".")
    if unreadable:
        details.append(f"Members of {len(unreadable)} team(s) couldn't be read: {', '.join(unreadable[:20])}.")
    ev = {"teams": len(slugs), "compared": len(seated), "below_minimum": small[:200], "seat_holders": len(holders)}
    remediation = [DOC_TEAM_METRICS]
    if pending:
        details.append(f"{len(pending)} team(s) weren't read before the check's time limit.")
        remediation.append(network_help("timeout", "Allow more time (--timeout, or Advanced settings)"))
        return Outcome.warn(
            f"Compared {len(seated)} of {len(slugs)} teams in {org} before the time limit; "
            f"{len(small)} of those have fewer than {TEAM_MIN_SEATS} Copilot users and are left out of team-level reports.",
            details=details, remediation=remediation, evidence=ev,
        )
    if small:
        noun = "team has" if len(small) == 1 else "teams have"
        return Outcome.warn(
            f"{len(small)} {noun} fewer than {TEAM_MIN_SEATS} members with a Copilot seat in {org}, so "
            "GitHub leaves them out of team-level reports (their usage still counts in the organization total).",
            details=details, remediation=remediation, evidence=ev,
        )
    return Outcome.passed(f"All {len(seated)} teams in {org} have at least {TEAM_MIN_SEATS} Copilot users.",
                          details=details, evidence=ev)




F_HOLDERS = "github.seat_holders"
"""Per run: the enterprise seat holders (an asyncio task shared by every team check) and the
union of the checked orgs' seat holders, worked out once instead of once per organization."""


async def _seat_holders(ctx: CheckContext) -> tuple[set[str] | None, str]:
    """Everyone holding a Copilot seat wherever it is assigned: GitHub counts a team member's
    seat for the team whichever organization (or the enterprise) assigned it. The enterprise's
    seat list when it is readable, else the union of the checked organizations' seat lists.
    None when no list could be read at all."""
    cache: dict[str, Any] = ctx.facts.setdefault(F_HOLDERS, {})
    if "enterprise" not in cache:
        cache["enterprise"] = asyncio.ensure_future(_enterprise_holders(ctx))
    found = await asyncio.shield(cache["enterprise"])
    if found is not None:
        return found
    known: dict[str, Any] = ctx.facts.get(F_SEATS, {})
    if not known:
        return None, ""
    n = len(known)
    if cache.get("union_of") != n:
        holders: set[str] = set()
        for info in known.values():
            holders.update(info["logins"])
        cache["union"], cache["union_of"] = holders, n
    return cache["union"], (f"the {n} checked organizations" if n != 1 else "the checked organization")


async def _enterprise_holders(ctx: CheckContext) -> tuple[set[str], str] | None:
    site = _site(ctx.config)
    headers = _headers(ctx.config)
    for raw in ctx.config.github.enterprises:
        try:
            slug = parse_enterprise(raw)
        except InputError:
            continue
        result = await paginate(ctx.http, site.api + ENT_SEATS.format(enterprise=slug), headers, key="seats",
                                pick=_seat_login)
        if result.ok and result.pages:
            return {login for login in result.items if login}, f"enterprise {slug}"
    return None


def _seat_login(seat: Any) -> str | None:
    assignee = seat.get("assignee") if isinstance(seat, dict) else None
    login = assignee.get("login") if isinstance(assignee, dict) else None
    return login.lower() if isinstance(login, str) and login else None
