"""GitHubApi: the routing table and dispatch, the GraphQL endpoint, and the simulator's
per-provider interface (demo inputs and options, the vendor handler, faults in GitHub's
shape). The guards and REST routes are its base classes (guards.py, rest.py)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from aiusage_doctor.sim import graphql
from aiusage_doctor.sim.github.common import _Ctx, expand_scopes, not_found
from aiusage_doctor.sim.github.gql import _GqlExec, _Undefined
from aiusage_doctor.sim.github.rest import RestRoutes
from aiusage_doctor.sim.server import WRONG_METHOD, Route, SimRequest, SimResponse, match_route
from aiusage_doctor.sim.world import Universe


class GitHubApi(RestRoutes):
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
