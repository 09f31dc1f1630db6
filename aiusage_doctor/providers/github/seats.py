"""Organization Copilot seats (`GET /orgs/{org}/copilot/billing/seats`, all pages).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiusage_doctor.core.checks import CheckContext, Outcome
from aiusage_doctor.providers.github import common
from aiusage_doctor.providers.github import rows_orgs as O
from aiusage_doctor.providers.github.catalog import F_SEATS, ID_ORG_USAGE
from aiusage_doctor.providers.github.common import (
    _evidence,
    _ghes_outcome,
    _headers,
    _http_line,
    _message,
    _site,
    parse_expiry,
)
from aiusage_doctor.providers.github.denials import _org_denial
from aiusage_doctor.providers.github.links import (
    DOC_COPILOT_ACCESS,
    DOC_SEATS_API,
    ORG_SEATS,
    SCOPES_ORG_SEATS,
)
from aiusage_doctor.providers.github.paginate import paginate


@dataclass(frozen=True, slots=True)
class SeatSummary:
    """What the seat checks use of one seat (GitHub's seat objects carry much more)."""

    login: str | None
    team: str | None
    cancelling: bool
    last_activity_at: str | None
    plan_type: str | None


def _seat_summary(seat: Any) -> SeatSummary:
    if not isinstance(seat, dict):
        return SeatSummary(None, None, False, None, None)
    assignee = seat.get("assignee")
    login = assignee.get("login") if isinstance(assignee, dict) else None
    team = seat.get("assigning_team")
    slug = team.get("slug") if isinstance(team, dict) else None
    activity = seat.get("last_activity_at")
    plan = seat.get("plan_type")
    return SeatSummary(
        login=login.lower() if isinstance(login, str) and login else None,
        team=slug if isinstance(slug, str) else None,
        cancelling=bool(seat.get("pending_cancellation_date")),
        last_activity_at=activity if isinstance(activity, str) else None,
        plan_type=plan if isinstance(plan, str) and plan else None,
    )


async def check_org_seats(ctx: CheckContext) -> Outcome:
    """Copilot seats in the org: no seats (or no plan) means no usage data."""
    site = _site(ctx.config)
    org = ctx.params["org"]
    if site.kind == "ghes":
        return _ghes_outcome(site, "seats")
    result = await paginate(ctx.http, site.api + ORG_SEATS.format(org=org), _headers(ctx.config), key="seats",
                            pick=_seat_summary)
    ev = _evidence(*result.pages[:2], result.error, body=False)
    ev["pages"] = len(result.pages)
    if result.error is not None:
        resp = result.error
        if resp.status in (401, 403):
            return await _org_denial(ctx, org, resp, "Copilot seats", scopes_needed=SCOPES_ORG_SEATS,
                                     fg_permission='"GitHub Copilot Business" (read) or "Administration" (read)',
                                     policy=False)
        if resp.status == 404:
            return _no_local_seats(
                ctx, org, f"GitHub has no Copilot Business or Enterprise subscription of {org}'s own (HTTP 404)",
                [_http_line(resp)], _evidence(resp),
            )
        msg = _message(resp)
        return Outcome.fail(
            f"GitHub couldn't list {org}'s Copilot seats (HTTP {resp.status})" + (f": \"{msg}\"." if msg else "."),
            details=[_http_line(resp)],
            remediation=[DOC_COPILOT_ACCESS, DOC_SEATS_API],
            evidence=_evidence(resp),
        )
    total = result.first_fields.get("total_seats")
    logins = sorted({seat.login for seat in result.items if seat.login})
    total = total if isinstance(total, int) else len(result.items)
    # Seats assigned through a team (and not being cancelled) prove team membership.
    by_team: dict[str, int] = {}
    for seat in result.items:
        if seat.team and not seat.cancelling:
            by_team[seat.team] = by_team.get(seat.team, 0) + 1
    ctx.facts.setdefault(F_SEATS, {})[org] = {"total": total, "logins": logins, "by_team": by_team}
    details = [f"Read {len(result.pages)} page(s) of GET {ORG_SEATS.format(org=org)}: {len(result.items)} seat(s)."]
    if result.truncated:
        details.append(f"The list may be incomplete: {result.truncated}.")
    if total == 0:
        return _no_local_seats(ctx, org, f"No Copilot seats are assigned in {org} itself", details, ev)
    cutoff = common._now() - timedelta(days=28)
    idle = 0
    for seat in result.items:
        when = parse_expiry(seat.last_activity_at)
        if when is None or when < cutoff:
            idle += 1
    plans = sorted({seat.plan_type for seat in result.items if seat.plan_type})
    if idle:
        details.append(
            f"{idle} of {len(result.items)} seat holders show no Copilot activity in the last 28 days "
            "(activity only shows when IDE telemetry is on)."
        )
    plan = f" ({', '.join(plans)})" if plans else ""
    return Outcome.passed(f"{org} has {total} Copilot seat{'s' if total != 1 else ''}{plan}.", details=details, evidence=ev)




def _no_local_seats(ctx: CheckContext, org: str, fact: str, details: list[str], ev: dict[str, Any]) -> Outcome:
    """No seats of the org's own. GitHub attributes a member's usage to every organization
    they belong to, wherever the seat is assigned (a "shell" organization has none of its
    own), so 0 local seats is at most an explanation: the org's report decides."""
    report = ctx.result_of(ID_ORG_USAGE, f"org:{org}")
    details = details + [
        "GitHub attributes a member's Copilot usage to every organization they belong to, wherever "
        "the seat is assigned, so an organization without seats of its own still has usage data "
        "when its members hold seats elsewhere in the enterprise.",
    ]
    if report is not None and report.status.is_passing:
        return O.SEATS_SHELL.outcome(details=details, evidence=ev, fact=fact)
    return O.SEATS_NONE.outcome(
        details=details + [
            "The usage-report check for this organization says whether GitHub has data for it.",
            "To give members Copilot: assign seats to people or teams (Settings → Copilot → Access), "
            "here or in another organization of the enterprise.",
        ],
        evidence=ev, fact=fact,
    )
