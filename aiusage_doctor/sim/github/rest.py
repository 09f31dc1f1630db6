"""The REST routes: user, rate limit, organizations, memberships, teams, Copilot billing and
seats, and the usage-metrics report endpoints with their signed download links. A mixin of
GitHubApi (api.py); the guards it calls are in guards.py."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiusage_doctor.sim.github.common import (
    ENT_1_DAY_WITH_204,
    ENT_REPORTS_1_DAY,
    ENT_REPORTS_28_DAY,
    LIST_ORG_SCOPES,
    ORG_REPORT_SCOPES,
    ORG_REPORTS_1_DAY,
    ORG_REPORTS_28_DAY,
    SEAT_ORG_SCOPES,
    _Ctx,
    _error,
    not_found,
)
from aiusage_doctor.sim.github.guards import Guards
from aiusage_doctor.sim.server import SimResponse
from aiusage_doctor.sim.world import (
    ENTERPRISE_REPORTS_FROM,
    ORG_REPORTS_FROM,
    VIEWER_LOGIN,
    Org,
    Team,
    latest_report_day,
    today_utc,
)


class RestRoutes(Guards):
    """GitHubApi's REST answers."""

    reports_base: Callable[[], str]

    def root(self, ctx: _Ctx) -> SimResponse:
        return SimResponse.json(200, {
            "current_user_url": f"{ctx.base}/user",
            "organization_url": f"{ctx.base}/orgs/{{org}}",
            "rate_limit_url": f"{ctx.base}/rate_limit",
        })

    def user(self, ctx: _Ctx) -> SimResponse:
        if self.world.github_token == "app_installation":
            return _error(403, "Resource not accessible by integration")
        user = self._simple_user(ctx, VIEWER_LOGIN)
        user.update({
            "name": "Octo Admin", "company": "Acme", "blog": "", "location": None, "email": None,
            "hireable": None, "bio": None, "twitter_username": None, "public_repos": 3, "public_gists": 0,
            "followers": 4, "following": 1, "created_at": "2019-03-04T10:11:12Z", "updated_at": "2026-01-02T03:04:05Z",
        })
        private = not self._classic or bool({"user", "read:user"} & self._granted)
        if private:
            user.update({"user_view_type": "private", "private_gists": 0, "total_private_repos": 2,
                         "owned_private_repos": 2, "disk_usage": 1024, "collaborators": 0,
                         "two_factor_authentication": True})
        return SimResponse.json(200, user)

    def rate_limit(self, ctx: _Ctx) -> SimResponse:
        core = {"limit": self.limit, "used": self.used, "remaining": max(1, self.limit - self.used), "reset": self.reset_at}
        gql = {"limit": 5000, "used": self.graphql_used, "remaining": 5000 - min(4999, self.graphql_used), "reset": self.reset_at}
        search = {"limit": 30, "used": 0, "remaining": 30, "reset": int(time.time()) + 60}
        body: dict[str, Any] = {"resources": {"core": core, "graphql": gql, "search": search}}
        if ctx.req.headers.get("x-github-api-version") != "2026-03-10":
            body["rate"] = core  # 2026-03-10 dropped the deprecated top-level `rate`
        return SimResponse.json(200, body)

    def user_orgs(self, ctx: _Ctx) -> SimResponse:
        if self.world.github_token == "app_installation":
            return _error(403, "Resource not accessible by integration")
        if self.world.github_token == "fine_grained":
            return SimResponse.json(200, [])  # documented: fine-grained tokens get an empty list
        if self._lacks(LIST_ORG_SCOPES):
            return self._scope_error(LIST_ORG_SCOPES, "You need at least read:org scope or user scope to list your organizations.")
        visible, hidden = self._visible_orgs()
        chunk, link = self._page(ctx, visible, build=lambda o: self._org_simple(ctx, o))
        return SimResponse.json(200, chunk, link + self._partial(hidden))

    def _membership(self, ctx: _Ctx, org: Org) -> dict[str, Any]:
        return {
            "url": f"{ctx.base}/orgs/{org.login}/memberships/{VIEWER_LOGIN}",
            "state": "active",
            "role": self.world.org_role,
            "organization_url": f"{ctx.base}/orgs/{org.login}",
            "organization": self._org_simple(ctx, org),
            "user": self._simple_user(ctx, VIEWER_LOGIN),
            "direct_membership": True,
            "enterprise_teams_providing_indirect_membership": [],
        }

    def memberships(self, ctx: _Ctx) -> SimResponse:
        # UNDOCUMENTED: the scope this needs; the simulator applies /user/orgs' rule.
        if self._lacks(LIST_ORG_SCOPES):
            return self._scope_error(LIST_ORG_SCOPES)
        state = ctx.req.q("state")
        if state not in (None, "active", "pending"):
            return _error(422, "Validation Failed")
        visible, hidden = self._visible_orgs()
        chunk, link = self._page(ctx, [] if state == "pending" else visible, build=lambda o: self._membership(ctx, o))
        return SimResponse.json(200, chunk, link + self._partial(hidden))

    def membership(self, ctx: _Ctx, org: str) -> SimResponse:
        found = self.uni.org(org)
        if found is None:
            return not_found()  # documented: not affiliated -> 404
        if self.uni.sso_blocks(found):
            return self._sso_error(org=found)
        return SimResponse.json(200, self._membership(ctx, found))

    def org_info(self, ctx: _Ctx, org: str) -> SimResponse:
        found = self.uni.org(org)
        if found is None:
            return not_found()
        body = self._org_simple(ctx, found)
        body.update({"name": found.login.replace("-", " ").title(), "html_url": f"https://github.com/{found.login}",
                     "type": "Organization", "public_repos": 12, "created_at": "2018-05-06T07:08:09Z"})
        return SimResponse.json(200, body)

    def org_members(self, ctx: _Ctx, org: str) -> SimResponse:
        guard = self._org_guard(org, None, owner=False)
        if isinstance(guard, SimResponse):
            return guard
        chunk, link = self._page(ctx, [VIEWER_LOGIN, *guard.members], build=lambda m: self._simple_user(ctx, m))
        return SimResponse.json(200, chunk, link)

    def _team_obj(self, ctx: _Ctx, org: Org, team: Team) -> dict[str, Any]:
        api = f"{ctx.base}/orgs/{org.login}/teams/{team.slug}"
        return {
            "id": team.id, "node_id": f"T_kwDO{team.id}", "url": api, "html_url": f"https://github.com/orgs/{org.login}/teams/{team.slug}",
            "name": team.name, "slug": team.slug, "description": f"{team.name} engineers", "privacy": "closed",
            "notification_setting": "notifications_enabled", "permission": "pull",
            "members_url": f"{api}/members{{/member}}", "repositories_url": f"{api}/repos", "parent": None,
            "type": "organization", "organization_id": org.id,
        }

    def teams(self, ctx: _Ctx, org: str) -> SimResponse:
        # UNVERIFIED: the scope; the simulator requires read:org like the other org reads.
        guard = self._org_guard(org, ("read:org",), owner=False)
        if isinstance(guard, SimResponse):
            return guard
        teams = [] if ctx.req.q("team_type") == "enterprise" else guard.teams
        chunk, link = self._page(ctx, teams, build=lambda t: self._team_obj(ctx, guard, t))
        return SimResponse.json(200, chunk, link)

    def _find_team(self, org: Org, slug: str) -> Team | None:
        return next((t for t in org.teams if t.slug == slug.lower()), None)

    def team(self, ctx: _Ctx, org: str, team: str) -> SimResponse:
        guard = self._org_guard(org, ("read:org",), owner=False)
        if isinstance(guard, SimResponse):
            return guard
        found = self._find_team(guard, team)
        return SimResponse.json(200, self._team_obj(ctx, guard, found)) if found else not_found()

    def team_members(self, ctx: _Ctx, org: str, team: str) -> SimResponse:
        guard = self._org_guard(org, ("read:org",), owner=False)
        if isinstance(guard, SimResponse):
            return guard
        found = self._find_team(guard, team)
        if found is None:
            return not_found()
        role = ctx.req.q("role", "all")
        members = [(login, "maintainer" if k == 0 else "member") for k, login in enumerate(found.members)]
        members = [m for m in members if role in ("all", m[1])]
        chunk, link = self._page(ctx, members,
                                 build=lambda m: {**self._simple_user(ctx, m[0]), "role": m[1], "inherited": False})
        return SimResponse.json(200, chunk, link)

    def org_billing(self, ctx: _Ctx, org: str) -> SimResponse:
        guard = self._org_guard(org, SEAT_ORG_SCOPES, owner=True)
        if isinstance(guard, SimResponse):
            return guard
        n = len(guard.members)
        return SimResponse.json(200, {
            "seat_breakdown": {"total": n, "added_this_cycle": 1, "pending_invitation": 0, "pending_cancellation": 0,
                               "active_this_cycle": n, "inactive_this_cycle": 0},
            "seat_management_setting": "assign_selected", "ide_chat": "enabled", "platform_chat": "enabled",
            "cli": "enabled", "public_code_suggestions": "block", "plan_type": "business",
        })

    def _seat(self, ctx: _Ctx, org: Org, login: str, k: int) -> dict[str, Any]:
        team = org.team_of(login)
        active = (datetime.now(UTC) - timedelta(hours=3 + k % 40)).replace(microsecond=0)
        seat: dict[str, Any] = {
            "created_at": "2025-09-01T12:00:00Z",
            "pending_cancellation_date": None,
            "last_activity_at": active.isoformat().replace("+00:00", "Z"),
            "last_activity_editor": "vscode/1.107.1/copilot-chat/0.35.3",
            "last_authenticated_at": active.isoformat().replace("+00:00", "Z"),
            "plan_type": "business",
            "assignee": self._simple_user(ctx, login),
            "assigning_team": self._team_obj(ctx, org, team) if team else None,
        }
        return seat

    def org_seats(self, ctx: _Ctx, org: str) -> SimResponse:
        guard = self._org_guard(org, SEAT_ORG_SCOPES, owner=True)
        if isinstance(guard, SimResponse):
            return guard
        members = list(enumerate(self._seated_by(guard)))
        chunk, link = self._page(ctx, members, default=50, build=lambda m: self._seat(ctx, guard, m[1], m[0]))
        return SimResponse.json(200, {"total_seats": len(members), "seats": chunk}, link)

    def _seated_by(self, org: Org) -> list[str]:
        """Who holds a seat assigned by `org`: nobody in a shell org; the enterprise's first
        other org assigns the shell orgs' members their seats too."""
        shells = set(self.world.shell_orgs)
        if org.login in shells:
            return []
        licensing = next((o for o in self.uni.orgs() if o.enterprise == org.enterprise and o.login not in shells), None)
        if shells and licensing is org:
            extra = [m for o in self.uni.orgs() if o.login in shells and o.enterprise == org.enterprise
                     for m in o.members]
            return [*org.members, *extra]
        return list(org.members)

    def enterprise_seats(self, ctx: _Ctx, ent: str) -> SimResponse:
        if self.world.enterprise_seats_missing and self.uni.enterprise(ent) is not None:
            return not_found()  # UNDOCUMENTED: which answer wins when nothing is billed to the enterprise
        guard = self._ent_guard(ent)
        if isinstance(guard, SimResponse):
            return guard
        members = [(org, k, login) for org in self.uni.enterprise_orgs(guard) for k, login in enumerate(org.members)]

        def build(m: tuple[Org, int, str]) -> dict[str, Any]:
            return {**self._seat(ctx, m[0], m[2], m[1]), "organization": self._org_simple(ctx, m[0])}

        chunk, link = self._page(ctx, members, default=50, build=build)
        return SimResponse.json(200, {"total_seats": len(members), "seats": chunk}, link)

    # ------------------------------------------------------------------ reports

    def _report_day(self, ctx: _Ctx) -> date | SimResponse:
        raw = ctx.req.q("day")
        if not raw:
            # UNDOCUMENTED: `day` is required but no 4xx is documented for leaving it out.
            return _error(422, 'Invalid request.\n\n"day" wasn\'t supplied.')
        try:
            return date.fromisoformat(raw)
        except ValueError:
            return _error(422, f'Invalid request.\n\nInvalid value for "day": {raw!r} is not a date (YYYY-MM-DD).')

    def _links(self, scope: str, entity: str, report: str, period: str) -> list[str]:
        parts = 2 if report.startswith("users") else 1
        expires = int(time.time()) + 3600
        out = []
        for n in range(1, parts + 1):
            path = f"/{scope}/{entity}/{report}/{period}/part-{n}.ndjson"
            out.append(f"{self.reports_base()}{path}?se={expires}&sig={self.uni.sign(path, expires)}")
        return out

    def _report(self, ctx: _Ctx, scope: str, entity: str, report: str, latest: bool,
                one_day: tuple[str, ...], twenty_eight: tuple[str, ...], day_204: bool,
                starts: date) -> SimResponse:
        if latest:
            if report not in twenty_eight:
                return not_found()
            if not self.world.reports_ready:
                # UNDOCUMENTED: /latest documents only 200/403/404/500; with no report yet
                # generated the simulator answers 404.
                return not_found()
            end = latest_report_day(self.world.report_lag_days)
            start = end - timedelta(days=27)
            links_key = "report_files" if self.world.report_drift else "download_links"  # drift: a renamed field
            return self._retiring(SimResponse.json(200, {
                links_key: self._links(scope, entity, report, f"{start}_{end}"),
                "report_start_day": start.isoformat(),
                "report_end_day": end.isoformat(),
            }))
        if report not in one_day:
            return not_found()
        day = self._report_day(ctx)
        if isinstance(day, SimResponse):
            return day
        too_old = day < starts or day < today_utc() - timedelta(days=365)
        if too_old:
            return not_found()  # UNDOCUMENTED: status for days outside the retention window
        if not self.world.reports_ready or day > latest_report_day(self.world.report_lag_days):
            if day_204:
                return SimResponse(204)  # documented: "A header with no content is returned."
            return not_found()  # UNDOCUMENTED: enterprise 1-day reports document no 204
        return self._retiring(SimResponse.json(200, {
            "download_links": self._links(scope, entity, report, day.isoformat()),
            "report_day": day.isoformat(),
        }))

    def _retiring(self, resp: SimResponse) -> SimResponse:
        """RFC 9745 `Deprecation: @<epoch>` and RFC 8594 `Sunset: <HTTP-date>`, as GitHub
        sends them on endpoints it is closing down."""
        if self.world.retiring:
            resp.headers += [("Deprecation", "@1798761600"),  # 2027-01-01
                             ("Sunset", "Thu, 01 Apr 2027 00:00:00 GMT")]
        return resp

    def org_report(self, ctx: _Ctx, org: str, report: str, latest: str | None) -> SimResponse:
        guard = self._org_guard(org, ORG_REPORT_SCOPES, owner=True, policy=True)
        if isinstance(guard, SimResponse):
            return guard
        return self._report(ctx, "orgs", guard.login, report, bool(latest), ORG_REPORTS_1_DAY,
                            ORG_REPORTS_28_DAY, True, ORG_REPORTS_FROM)

    def enterprise_report(self, ctx: _Ctx, ent: str, report: str, latest: str | None) -> SimResponse:
        guard = self._ent_guard(ent, policy=True)
        if isinstance(guard, SimResponse):
            return guard
        return self._report(ctx, "enterprises", guard, report, bool(latest), ENT_REPORTS_1_DAY,
                            ENT_REPORTS_28_DAY, report in ENT_1_DAY_WITH_204, ENTERPRISE_REPORTS_FROM)
