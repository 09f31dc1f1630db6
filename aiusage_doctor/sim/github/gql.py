"""The GraphQL subset: resolves a parsed query over the simulated tenant, with GitHub's
errors (insufficient scopes, SAML, not found, undefined fields) and cursor connections."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiusage_doctor.sim import graphql
from aiusage_doctor.sim.github.common import _Ctx
from aiusage_doctor.sim.world import VIEWER_LOGIN, Org

if TYPE_CHECKING:
    from aiusage_doctor.sim.github.api import GitHubApi


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
