"""Who may call what: credentials, rate-limit and scope headers, the 401/403 answers
(missing scopes, App permissions, SAML SSO, roles, the Copilot metrics policy), and Link
pagination. A mixin of GitHubApi (api.py), which owns the state named below."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from aiusage_doctor.sim.github.common import (
    DOCS,
    ENT_REPORT_SCOPES,
    POLICY_OFF_MESSAGE,
    _Ctx,
    _error,
    not_found,
)
from aiusage_doctor.sim.server import SimRequest, SimResponse
from aiusage_doctor.sim.world import Org, Universe, World


class Guards:
    """GitHubApi's checks of the caller, and its pagination."""

    uni: Universe
    world: World
    limit: int
    used: int
    graphql_used: int
    reset_at: int
    _granted: set[str]

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
