"""Organization Copilot seats (`GET /orgs/{org}/copilot/billing/seats`, all pages).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiusage_doctor.core.checks import CheckContext, Outcome
from aiusage_doctor.providers.github import common
from aiusage_doctor.providers.github.catalog import F_SEATS
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
            return Outcome.warn(
                f"GitHub has no Copilot Business or Enterprise subscription for {org} (HTTP 404), so "
                "it has no Copilot usage to report — unless Copilot is billed to the enterprise that "
                "owns the organization.",
                details=[_http_line(resp)],
                remediation=[DOC_COPILOT_ACCESS, DOC_SEATS_API],
                evidence=_evidence(resp),
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
        return Outcome.warn(
            f"No Copilot seats are assigned in {org}, so GitHub has no Copilot usage to report for it.",
            details=details + ["Assign seats to people or teams (Settings → Copilot → Access), or check the organizations that do have seats."],
            remediation=[DOC_COPILOT_ACCESS],
            evidence=ev,
        )
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


