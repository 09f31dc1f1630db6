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
"""

from __future__ import annotations

import base64
import re
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from aiusage_doctor.sim import graphql
from aiusage_doctor.sim.server import WRONG_METHOD, Route, SimRequest, SimResponse, match_route
from aiusage_doctor.sim.world import (
    ENTERPRISE_REPORTS_FROM,
    ORG_REPORTS_FROM,
    VIEWER_LOGIN,
    Org,
    Team,
    Universe,
    latest_report_day,
    today_utc,
)

DOCS = "https://docs.github.com/rest"

ORG_REPORTS_1_DAY = ("organization-1-day", "users-1-day", "user-teams-1-day", "repos-1-day")
ORG_REPORTS_28_DAY = ("organization-28-day", "users-28-day")
ENT_REPORTS_1_DAY = ("enterprise-1-day", "users-1-day", "user-teams-1-day", "repos-1-day")
ENT_REPORTS_28_DAY = ("enterprise-28-day", "users-28-day")
ENT_1_DAY_WITH_204 = ("repos-1-day",)
"""Only these enterprise 1-day reports document 204 (github-openapi.md §0.2)."""

IMPLIED_SCOPES: dict[str, set[str]] = {
    "admin:org": {"write:org", "read:org"},
    "write:org": {"read:org"},
    "admin:enterprise": {"manage_runners:enterprise", "manage_billing:enterprise", "read:enterprise"},
    "copilot": {"manage_billing:copilot"},  # third-party hierarchy, UNVERIFIED in GitHub docs
    "user": {"read:user", "user:email", "user:follow"},
    "repo": {"repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events"},
}

ORG_REPORT_SCOPES = ("read:org",)
ENT_REPORT_SCOPES = ("manage_billing:copilot", "read:enterprise")
SEAT_ORG_SCOPES = ("manage_billing:copilot", "read:org")
LIST_ORG_SCOPES = ("user", "read:org")

POLICY_OFF_MESSAGE = (
    "Copilot Usage Metrics API access is disabled for this {what}. "
    "Enable the Copilot usage metrics policy to access this endpoint."
)
"""UNDOCUMENTED: GitHub does not document the new report API's answer when the policy is
off. Third parties report 403; the text adapts the retired API's documented 422 message."""


def expand_scopes(scopes: tuple[str, ...] | list[str]) -> set[str]:
    out: set[str] = set()
    stack = list(scopes)
    while stack:
        s = stack.pop()
        if s in out:
            continue
        out.add(s)
        stack.extend(IMPLIED_SCOPES.get(s, ()))
    return out


def _error(status: int, message: str, doc: str = DOCS, headers: list[tuple[str, str]] | None = None) -> SimResponse:
    return SimResponse.json(status, {"message": message, "documentation_url": doc, "status": str(status)}, headers)


def not_found() -> SimResponse:
    return _error(404, "Not Found")


@dataclass
class _Ctx:
    req: SimRequest
    base: str
    """Absolute URL of the GitHub API root on the simulator, e.g. http://127.0.0.1:5555/github."""
    path: str
    """Path below the GitHub prefix, e.g. /user."""


class GitHubApi:
    def __init__(self, uni: Universe, reports_base: Callable[[], str]) -> None:
        self.uni = uni
        self.world = uni.world
        self.reports_base = reports_base
        self.used = 0
        self.graphql_used = 0
        self.reset_at = int(time.time()) + 3600
        self.limit = 15_000 if self.world.enterprises else 5_000
        self._granted = expand_scopes(self.world.github_scopes)
        """The token's scopes with the ones they imply (the world is frozen: computed once)."""
        self._routes: list[Route] = [
            ("GET", re.compile(r"/?"), self.root),
            ("GET", re.compile(r"/user"), self.user),
            ("GET", re.compile(r"/rate_limit"), self.rate_limit),
            ("GET", re.compile(r"/user/orgs"), self.user_orgs),
            ("GET", re.compile(r"/user/memberships/orgs"), self.memberships),
            ("GET", re.compile(r"/user/memberships/orgs/(?P<org>[^/]+)"), self.membership),
            ("GET", re.compile(r"/orgs/(?P<org>[^/]+)"), self.org_info),
            ("GET", re.compile(r"/orgs/(?P<org>[^/]+)/members"), self.org_members),
            ("GET", re.compile(r"/orgs/(?P<org>[^/]+)/teams"), self.teams),
            ("GET", re.compile(r"/orgs/(?P<org>[^/]+)/teams/(?P<team>[^/]+)"), self.team),
            ("GET", re.compile(r"/orgs/(?P<org>[^/]+)/teams/(?P<team>[^/]+)/members"), self.team_members),
            ("GET", re.compile(r"/orgs/(?P<org>[^/]+)/copilot/billing"), self.org_billing),
            ("GET", re.compile(r"/orgs/(?P<org>[^/]+)/copilot/billing/seats"), self.org_seats),
            ("GET", re.compile(r"/orgs/(?P<org>[^/]+)/copilot/metrics/reports/(?P<report>[^/]+)(?P<latest>/latest)?"),
             self.org_report),
            ("GET", re.compile(r"/enterprises/(?P<ent>[^/]+)/copilot/billing/seats"), self.enterprise_seats),
            ("GET", re.compile(r"/enterprises/(?P<ent>[^/]+)/copilot/metrics/reports/(?P<report>[^/]+)(?P<latest>/latest)?"),
             self.enterprise_report),
            ("POST", re.compile(r"/graphql"), self.graphql),
        ]

    # ------------------------------------------------------------------ dispatch

    def handle(self, req: SimRequest, base: str, path: str) -> SimResponse:
        ctx = _Ctx(req, base, path.rstrip("/") if path not in ("", "/") else "/")
        is_graphql = ctx.path == "/graphql"
        auth = self._authenticate(req, graphql=is_graphql)
        if auth is not None:
            return auth
        if ctx.path != "/rate_limit":
            if is_graphql:
                self.graphql_used += 1
            else:
                self.used += 1
        found = match_route(self._routes, req.method, ctx.path, head_as_get=True)
        if found is None or found is WRONG_METHOD:
            # Retired legacy metrics endpoints land here too: they are simply gone (404).
            resp = not_found()
        else:
            handler, params = found
            resp = handler(ctx, **params)
        self._decorate(resp, ctx, graphql=is_graphql)
        return resp

    def _credential(self, req: SimRequest) -> str | None:
        auth = req.headers.get("authorization", "").strip()
        scheme, _, value = auth.partition(" ")
        scheme = scheme.lower()
        if scheme in ("bearer", "token"):
            return value.strip()
        if scheme == "basic":
            try:
                user, _, password = base64.b64decode(value).decode().partition(":")
            except ValueError:
                return ""
            return password or user
        return None if not auth else ""

    def _authenticate(self, req: SimRequest, *, graphql: bool) -> SimResponse | None:
        doc = "https://docs.github.com/graphql" if graphql else DOCS
        token = self._credential(req)
        if token is None:
            if graphql:
                return SimResponse.json(401, {"message": "This endpoint requires you to be authenticated.",
                                              "documentation_url": "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql"})
            path = req.path
            if path.endswith(("/github", "/github/")):
                return None  # the root document is public
            return self._with_limits(_error(401, "Requires authentication", doc), unauth=True)
        if token != self.uni.github_token:
            return self._with_limits(_error(401, "Bad credentials", doc), unauth=True)
        return None

    def _with_limits(self, resp: SimResponse, *, unauth: bool = False) -> SimResponse:
        limit = 60 if unauth else self.limit
        resp.headers += [
            ("x-ratelimit-limit", str(limit)),
            ("x-ratelimit-remaining", str(limit - 1)),
            ("x-ratelimit-reset", str(self.reset_at)),
            ("x-ratelimit-used", "1"),
            ("x-ratelimit-resource", "core"),
        ]
        return resp

    def _decorate(self, resp: SimResponse, ctx: _Ctx, *, graphql: bool) -> None:
        used = self.graphql_used if graphql else self.used
        # The simulator never exhausts the primary limit by itself; the rate-limited
        # scenario injects that explicitly.
        remaining = max(1, self.limit - used)
        headers = [
            ("X-GitHub-Media-Type", "github.v3; format=json"),
            ("X-GitHub-Api-Version-Selected", ctx.req.headers.get("x-github-api-version", "2022-11-28")),
            ("X-GitHub-Request-Id", f"{secrets.token_hex(4).upper()}:{secrets.token_hex(3).upper()}"),
            ("x-ratelimit-limit", str(self.limit)),
            ("x-ratelimit-remaining", str(remaining)),
            ("x-ratelimit-reset", str(self.reset_at)),
            ("x-ratelimit-used", str(used)),
            ("x-ratelimit-resource", "graphql" if graphql else "core"),
            ("Access-Control-Expose-Headers",
             "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, "
             "X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, "
             "X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, "
             "X-GitHub-Request-Id, Deprecation, Sunset"),
        ]
        if self._classic:
            headers.append(("X-OAuth-Scopes", ", ".join(self.world.github_scopes)))
            if resp.header("X-Accepted-OAuth-Scopes") is None:
                headers.append(("X-Accepted-OAuth-Scopes", ""))
        if self.uni.token_expires_at is not None and self.world.github_token in ("classic", "fine_grained"):
            headers.append(("GitHub-Authentication-Token-Expiration",
                            self.uni.token_expires_at.strftime("%Y-%m-%d %H:%M:%S UTC")))
        resp.headers = headers + resp.headers

    # ------------------------------------------------------------------ helpers

    @property
    def _classic(self) -> bool:
        return self.world.github_token in ("classic", "oauth")

    def _lacks(self, needed: tuple[str, ...]) -> bool:
        """True if a classic/OAuth token has none of `needed` (any one suffices)."""
        if not self._classic:
            return False
        return not any(s in self._granted for s in needed)

    def _scope_error(self, needed: tuple[str, ...], message: str | None = None) -> SimResponse:
        # UNDOCUMENTED text; the documented, machine-readable signal is the header pair
        # X-OAuth-Scopes (granted) / X-Accepted-OAuth-Scopes (accepted by this endpoint).
        # ("Resource not accessible by personal access token" is the fine-grained wording.)
        return _error(403, message or f"Missing required scopes: this endpoint accepts {' or '.join(needed)}.",
                      headers=[("X-Accepted-OAuth-Scopes", ", ".join(needed))])

    def _app_lacks_permission(self) -> bool:
        return self.world.github_token == "app_installation" and not self.world.app_permission

    def _app_permission_error(self, wanted: str) -> SimResponse:
        # Documented shape for App tokens: 403 "Resource not accessible by integration", with
        # X-Accepted-GitHub-Permissions naming what the endpoint needs. UNVERIFIED: the exact
        # permission names GitHub puts there for the Copilot metrics endpoints.
        return _error(403, "Resource not accessible by integration",
                      headers=[("X-Accepted-GitHub-Permissions", wanted)])

    def _sso_error(self, org: Org | None = None, enterprise: str | None = None) -> SimResponse:
        request = secrets.token_urlsafe(30).replace("-", "A").replace("_", "b")
        if enterprise is not None:
            url = f"https://github.com/enterprises/{enterprise}/sso?authorization_request={request}"
            what = "an organization within this business"
        else:
            assert org is not None
            url = f"https://github.com/orgs/{org.login}/sso?authorization_request={request}"
            what = "this organization"
        kind = "Personal Access token" if self.world.github_token == "classic" else "OAuth token"
        return _error(
            403,
            f"Resource protected by organization SAML enforcement. You must grant your {kind} access to {what}.",
            headers=[("X-GitHub-SSO", f"required; url={url}")],
        )

    def _page(self, ctx: _Ctx, items: Sequence[Any], default: int = 30,
              build: Callable[[Any], Any] | None = None) -> tuple[list[Any], list[tuple[str, str]]]:
        """One page of `items` (objects built by `build` for that page only) and its Link header."""
        try:
            per_page = max(1, min(100, int(ctx.req.q("per_page") or default)))
            page = max(1, int(ctx.req.q("page") or 1))
        except ValueError:
            per_page, page = default, 1
        last = max(1, -(-len(items) // per_page))
        chunk = list(items[(page - 1) * per_page: page * per_page])
        if build is not None:
            chunk = [build(item) for item in chunk]
        if last == 1:
            return chunk, []

        def url(p: int) -> str:
            query = {k: v[0] for k, v in ctx.req.query.items()}
            query["per_page"] = str(per_page)
            query["page"] = str(p)
            return f"{ctx.base}{ctx.path}?{urlencode(query)}"

        rels = []
        if page > 1:
            rels += [f'<{url(page - 1)}>; rel="prev"', f'<{url(1)}>; rel="first"']
        if page < last:
            rels += [f'<{url(page + 1)}>; rel="next"', f'<{url(last)}>; rel="last"']
        return chunk, [("Link", ", ".join(rels))]

    def _simple_user(self, ctx: _Ctx, login: str) -> dict[str, Any]:
        uid = self.uni.user_id(login)
        api = ctx.base
        return {
            "login": login, "id": uid, "node_id": f"MDQ6VXNlcj{uid}", "avatar_url": f"https://avatars.githubusercontent.com/u/{uid}?v=4",
            "gravatar_id": "", "url": f"{api}/users/{login}", "html_url": f"https://github.com/{login}",
            "followers_url": f"{api}/users/{login}/followers", "following_url": f"{api}/users/{login}/following{{/other_user}}",
            "gists_url": f"{api}/users/{login}/gists{{/gist_id}}", "starred_url": f"{api}/users/{login}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{api}/users/{login}/subscriptions", "organizations_url": f"{api}/users/{login}/orgs",
            "repos_url": f"{api}/users/{login}/repos", "events_url": f"{api}/users/{login}/events{{/privacy}}",
            "received_events_url": f"{api}/users/{login}/received_events", "type": "User", "site_admin": False,
            "user_view_type": "public",
        }

    def _org_simple(self, ctx: _Ctx, org: Org) -> dict[str, Any]:
        api = f"{ctx.base}/orgs/{org.login}"
        return {
            "login": org.login, "id": org.id, "node_id": f"O_kgDO{org.id}", "url": api,
            "repos_url": f"{api}/repos", "events_url": f"{api}/events", "hooks_url": f"{api}/hooks",
            "issues_url": f"{api}/issues", "members_url": f"{api}/members{{/member}}",
            "public_members_url": f"{api}/public_members{{/member}}",
            "avatar_url": f"https://avatars.githubusercontent.com/u/{org.id}?v=4",
            "description": f"{org.login} engineering",
        }

    def _visible_orgs(self) -> tuple[list[Org], list[Org]]:
        visible, hidden = [], []
        for org in self.uni.orgs():
            (hidden if self.uni.sso_blocks(org) else visible).append(org)
        return visible, hidden

    def _partial(self, hidden: list[Org]) -> list[tuple[str, str]]:
        if not hidden:
            return []
        return [("X-GitHub-SSO", "partial-results; organizations=" + ",".join(str(o.id) for o in hidden))]

    def _org_guard(self, org_name: str, scopes: tuple[str, ...] | None, *, owner: bool,
                   policy: bool = False) -> Org | SimResponse:
        org = self.uni.org(org_name)
        if org is None:
            return not_found()
        if self.uni.sso_blocks(org):
            return self._sso_error(org=org)
        if self.world.github_token == "app_installation":
            if policy and self._app_lacks_permission():
                return self._app_permission_error("organization_copilot_metrics=read")
            return org
        if scopes and self._lacks(scopes):
            return self._scope_error(scopes)
        if owner and self.world.org_role != "admin":
            # UNDOCUMENTED text; GitHub documents only that non-owners get 403.
            return _error(403, "Must be an organization owner or have the View Organization Copilot Metrics permission.")
        if policy and not self.uni.policy_enabled(org=org):
            return _error(403, POLICY_OFF_MESSAGE.format(what="organization"))
        return org

    def _ent_guard(self, slug: str, *, policy: bool = False) -> str | SimResponse:
        ent = self.uni.enterprise(slug)
        if ent is None:
            return not_found()
        if self.world.github_token == "fine_grained":
            # Documented: enterprise Copilot endpoints do not accept fine-grained PATs.
            return _error(403, "Resource not accessible by personal access token")
        if self._classic and "enterprise" in self.world.sso_unauthorized:
            return self._sso_error(enterprise=ent)
        if self._lacks(ENT_REPORT_SCOPES):
            return self._scope_error(ENT_REPORT_SCOPES)
        if policy and self._app_lacks_permission():
            return self._app_permission_error("enterprise_copilot_metrics=read")
        if (not self.world.enterprise_admin and not self.world.enterprise_billing_manager
                and self.world.github_token != "app_installation"):
            # UNDOCUMENTED text; GitHub documents only the 403.
            return _error(403, "Must be an enterprise owner, billing manager or have the View Enterprise Copilot Metrics permission.")
        if policy and not self.uni.policy_enabled(enterprise=ent):
            return _error(403, POLICY_OFF_MESSAGE.format(what="enterprise"))
        return ent

    # ------------------------------------------------------------------- routes

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

    # ------------------------------------------------------------------ GraphQL

    def graphql(self, ctx: _Ctx) -> SimResponse:
        body = ctx.req.json()
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return SimResponse.json(400, {"message": "Problems parsing JSON",
                                          "documentation_url": "https://docs.github.com/graphql"})
        variables = body.get("variables") or {}
        try:
            fields = graphql.parse(body["query"])
        except graphql.GraphQLSyntaxError as exc:
            return SimResponse.json(200, {"errors": [{"message": str(exc), "locations": [{"line": 1, "column": 1}]}]})
        ex = _GqlExec(self, ctx, variables if isinstance(variables, dict) else {})
        try:
            data = ex.object("Query", None, fields, [])
        except _Undefined as exc:
            return SimResponse.json(200, {"errors": [{
                "path": exc.path, "extensions": {"code": "undefinedField", "typeName": exc.type_name, "fieldName": exc.field},
                "locations": [{"line": 1, "column": 1}],
                "message": f"Field '{exc.field}' doesn't exist on type '{exc.type_name}'",
            }]})
        out: dict[str, Any] = {"data": data}
        if ex.errors:
            out["errors"] = ex.errors
        return SimResponse.json(200, out)


class _Undefined(Exception):
    def __init__(self, type_name: str, field: str, path: list[Any]) -> None:
        self.type_name, self.field, self.path = type_name, field, path


@dataclass
class _Obj:
    type_name: str
    value: Any


@dataclass
class _Conn:
    type_name: str
    items: list[Any]
    args: dict[str, Any]


@dataclass
class _Err:
    type: str
    message: str
    extensions: dict[str, Any] | None = None


class _GqlExec:
    """Resolves the parsed query over the simulated tenant, GitHub-style errors included."""

    def __init__(self, api: GitHubApi, ctx: _Ctx, variables: dict[str, Any]) -> None:
        self.api, self.ctx, self.vars = api, ctx, variables
        self.uni = api.uni
        self.errors: list[dict[str, Any]] = []

    def _scopes_error(self, type_name: str, field: str, needed: tuple[str, ...]) -> _Err | None:
        api = self.api
        if api.world.github_token == "fine_grained" and type_name in ("Enterprise",) or (
            api.world.github_token == "fine_grained" and field == "enterprises"
        ):
            # UNDOCUMENTED: fine-grained PATs and enterprise GraphQL objects.
            return _Err("FORBIDDEN", "Resource not accessible by personal access token")
        if not api._lacks(needed):
            return None
        granted = ", ".join(f"'{s}'" for s in api.world.github_scopes)
        return _Err("INSUFFICIENT_SCOPES",
                    f"Your token has not been granted the required scopes to execute this query. The '{field}' "
                    f"field requires one of the following scopes: [{', '.join(repr(s) for s in needed)}], but your "
                    f"token has only been granted the: [{granted}] scopes. Please modify your token's granted "
                    "scopes at: https://github.com/settings/tokens.")

    def object(self, type_name: str, value: Any, fields: list[graphql.Field], path: list[Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields:
            fpath = [*path, f.key]
            if f.name == "__typename":
                out[f.key] = type_name
                continue
            resolver = getattr(self, f"_{type_name}_{f.name}", None)
            if resolver is None:
                raise _Undefined(type_name, f.name, fpath)
            result = resolver(value, graphql.resolve_args(f, self.vars))
            out[f.key] = self.complete(result, f, fpath)
        return out

    def complete(self, result: Any, f: graphql.Field, path: list[Any]) -> Any:
        if isinstance(result, _Err):
            err: dict[str, Any] = {"type": result.type, "path": path, "locations": [{"line": 1, "column": 1}],
                                   "message": result.message}
            if result.extensions:
                err["extensions"] = result.extensions
            self.errors.append(err)
            return None
        if isinstance(result, _Obj):
            return self.object(result.type_name, result.value, f.selections, path)
        if isinstance(result, _Conn):
            return self.connection(result, f, path)
        if isinstance(result, list):
            return [self.complete(r, f, [*path, i]) for i, r in enumerate(result)]
        return result

    def connection(self, conn: _Conn, f: graphql.Field, path: list[Any]) -> dict[str, Any]:
        first = conn.args.get("first") or 100
        first = max(1, min(100, int(first)))
        after = conn.args.get("after")
        start = 0
        if after:
            try:
                start = int(base64.b64decode(str(after)).decode().split(":")[1])
            except (ValueError, IndexError):
                start = 0
        page = conn.items[start:start + first]

        def cursor(i: int) -> str:
            return base64.b64encode(f"cursor:{i + 1}".encode()).decode()

        out: dict[str, Any] = {}
        for sub in f.selections:
            spath = [*path, sub.key]
            if sub.name == "nodes":
                out[sub.key] = [self.object(conn.type_name, v, sub.selections, [*spath, i]) for i, v in enumerate(page)]
            elif sub.name == "edges":
                edges = []
                for i, v in enumerate(page):
                    edge: dict[str, Any] = {}
                    for ef in sub.selections:
                        if ef.name == "node":
                            edge[ef.key] = self.object(conn.type_name, v, ef.selections, [*spath, i, ef.key])
                        elif ef.name == "cursor":
                            edge[ef.key] = cursor(start + i)
                        elif ef.name == "__typename":
                            edge[ef.key] = f"{conn.type_name}Edge"
                        else:
                            raise _Undefined(f"{conn.type_name}Edge", ef.name, [*spath, i, ef.key])
                    edges.append(edge)
                out[sub.key] = edges
            elif sub.name == "totalCount":
                out[sub.key] = len(conn.items)
            elif sub.name == "pageInfo":
                info = {
                    "hasNextPage": start + first < len(conn.items),
                    "hasPreviousPage": start > 0,
                    "endCursor": cursor(start + len(page) - 1) if page else None,
                    "startCursor": cursor(start) if page else None,
                    "__typename": "PageInfo",
                }
                for pf in sub.selections:
                    if pf.name not in info:
                        raise _Undefined("PageInfo", pf.name, [*spath, pf.key])
                out[sub.key] = {pf.key: info[pf.name] for pf in sub.selections}
            elif sub.name == "__typename":
                out[sub.key] = f"{conn.type_name}Connection"
            else:
                raise _Undefined(f"{conn.type_name}Connection", sub.name, spath)
        return out

    # --- Query
    def _Query_viewer(self, _v: Any, _a: dict[str, Any]) -> Any:
        return _Obj("User", VIEWER_LOGIN)

    def _Query_enterprise(self, _v: Any, a: dict[str, Any]) -> Any:
        err = self._scopes_error("Enterprise", "enterprise", ("read:enterprise",))
        if err:
            return err
        slug = self.uni.enterprise(str(a.get("slug") or ""))
        if slug is None:
            return _Err("NOT_FOUND", f"Could not resolve to an Enterprise with the slug of '{a.get('slug')}'.")
        return _Obj("Enterprise", slug)

    def _Query_organization(self, _v: Any, a: dict[str, Any]) -> Any:
        org = self.uni.org(str(a.get("login") or ""))
        if org is None:
            return _Err("NOT_FOUND", f"Could not resolve to an Organization with the login of '{a.get('login')}'.")
        if self.uni.sso_blocks(org):
            return _Err("FORBIDDEN", "Resource protected by organization SAML enforcement. You must grant your "
                        "Personal Access token access to this organization.", {"saml_failure": True})
        return _Obj("Organization", org)

    def _Query_rateLimit(self, _v: Any, _a: dict[str, Any]) -> Any:
        return _Obj("RateLimit", None)

    def _RateLimit_limit(self, _v: Any, _a: dict[str, Any]) -> Any:
        return 5000

    def _RateLimit_cost(self, _v: Any, _a: dict[str, Any]) -> Any:
        return 1

    def _RateLimit_remaining(self, _v: Any, _a: dict[str, Any]) -> Any:
        return max(1, 5000 - self.api.graphql_used)

    def _RateLimit_used(self, _v: Any, _a: dict[str, Any]) -> Any:
        return self.api.graphql_used

    def _RateLimit_resetAt(self, _v: Any, _a: dict[str, Any]) -> Any:
        return datetime.fromtimestamp(self.api.reset_at, UTC).isoformat().replace("+00:00", "Z")

    def _RateLimit_nodeCount(self, _v: Any, _a: dict[str, Any]) -> Any:
        return 1

    # --- User (the viewer)
    def _User_login(self, v: str, _a: dict[str, Any]) -> Any:
        return v

    def _User_name(self, _v: str, _a: dict[str, Any]) -> Any:
        return "Octo Admin"

    def _User_id(self, v: str, _a: dict[str, Any]) -> Any:
        return f"U_kgDO{self.uni.user_id(v)}"

    def _User_databaseId(self, v: str, _a: dict[str, Any]) -> Any:
        return self.uni.user_id(v)

    def _User_url(self, v: str, _a: dict[str, Any]) -> Any:
        return f"https://github.com/{v}"

    def _User_enterprises(self, _v: str, a: dict[str, Any]) -> Any:
        # UNVERIFIED: the scope this needs (read:enterprise assumed, as in the notes).
        err = self._scopes_error("User", "enterprises", ("read:enterprise",))
        if err:
            return err
        membership = str(a.get("membershipType") or "ALL")
        slugs = list(self.uni.enterprise_slugs)
        if membership in ("ADMIN", "BILLING_MANAGER") and not self.api.world.enterprise_admin:
            slugs = []
        return _Conn("Enterprise", slugs, a)

    def _User_organizations(self, _v: str, a: dict[str, Any]) -> Any:
        err = self._scopes_error("User", "organizations", ("read:org", "user"))
        if err:
            return err
        visible, _hidden = self.api._visible_orgs()
        return _Conn("Organization", visible, a)

    def _User_organization(self, v: str, a: dict[str, Any]) -> Any:
        return self._Query_organization(v, a)

    # --- Enterprise
    def _Enterprise_slug(self, v: str, _a: dict[str, Any]) -> Any:
        return v

    def _Enterprise_name(self, v: str, _a: dict[str, Any]) -> Any:
        return v.replace("-", " ").title()

    def _Enterprise_id(self, v: str, _a: dict[str, Any]) -> Any:
        return f"E_kgDO{abs(hash(v)) % 10_000}"

    def _Enterprise_databaseId(self, _v: str, _a: dict[str, Any]) -> Any:
        return 900

    def _Enterprise_url(self, v: str, _a: dict[str, Any]) -> Any:
        return f"https://github.com/enterprises/{v}"

    def _Enterprise_viewerIsAdmin(self, _v: str, _a: dict[str, Any]) -> Any:
        return self.api.world.enterprise_admin

    def _Enterprise_organizations(self, v: str, a: dict[str, Any]) -> Any:
        return _Conn("Organization", self.uni.enterprise_orgs(v), a)

    # --- Organization
    def _Organization_login(self, v: Org, _a: dict[str, Any]) -> Any:
        return v.login

    def _Organization_name(self, v: Org, _a: dict[str, Any]) -> Any:
        return v.login.replace("-", " ").title()

    def _Organization_id(self, v: Org, _a: dict[str, Any]) -> Any:
        return f"O_kgDO{v.id}"

    def _Organization_databaseId(self, v: Org, _a: dict[str, Any]) -> Any:
        return v.id

    def _Organization_url(self, v: Org, _a: dict[str, Any]) -> Any:
        return f"https://github.com/{v.login}"

    def _Organization_viewerCanAdminister(self, _v: Org, _a: dict[str, Any]) -> Any:
        return self.api.world.org_role == "admin"

    def _Organization_viewerIsAMember(self, _v: Org, _a: dict[str, Any]) -> Any:
        return True

    def _Organization_enterprise(self, v: Org, _a: dict[str, Any]) -> Any:
        return _Obj("Enterprise", v.enterprise) if v.enterprise else None


# ------------------------------------------------- the simulator's per-provider interface


def demo_inputs(uni: Universe) -> dict[str, str]:
    """The demo credentials of this scenario's world, by input field (core.labels)."""
    return {"token": uni.github_token}


def demo_options(world: Any) -> dict[str, Any]:
    """The scenario's configured enterprises and orgs (empty means: discover them)."""
    return {"enterprises": list(world.config_enterprises or ()), "orgs": list(world.config_orgs or ())}


def vendor(app: Any) -> Callable[[SimRequest, str], SimResponse]:
    """This vendor's request handler on the simulator (sim.app.SimApp loops over every
    provider's module for it): GitHub answers with absolute links, so it needs its own root."""
    api = GitHubApi(app.uni, app.reports_base)
    return lambda req, rest: api.handle(req, f"{app.base_url('api')}/github", rest)


def server_error(status: int) -> SimResponse:
    """A 5xx fault in GitHub's shape."""
    return SimResponse.json(status, {"message": "Server Error", "documentation_url": "https://docs.github.com/rest"})


def rate_limited(status: int | None, until: float, retry: int) -> SimResponse:
    """Primary limit exhausted: 403 or 429 with x-ratelimit-remaining: 0 and the reset epoch;
    the client must wait until then (github-copilot.md §6)."""
    return SimResponse.json(status or 403, {
        "message": "API rate limit exceeded for user ID 1000001. If you reach out to GitHub Support for help, "
                   "please include the request ID.",
        "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        "status": str(status or 403),
    }, [("x-ratelimit-limit", "5000"), ("x-ratelimit-remaining", "0"), ("x-ratelimit-used", "5000"),
        ("x-ratelimit-reset", str(int(until))), ("x-ratelimit-resource", "core")])
