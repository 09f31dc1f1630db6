"""GitHub provider: header parsing, Link pagination, links per GitHub flavour — and the
fake GitHub the other test_github_* modules share.

`FakeGitHub` installs respx routes whose bodies and headers follow GitHub's documented
answers (REST OpenAPI description 2022-11-28 / 2026-03-10, docs pages on SAML SSO,
scopes and rate limits): a healthy organization by default, which each test then breaks
in exactly one way.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import respx
from pydantic import SecretStr

from aiusage_doctor.core.config import GitHubConfig, RunConfig
from aiusage_doctor.core.http import HttpClient, HttpSettings
from aiusage_doctor.core.models import CheckResult
from aiusage_doctor.core.runner import Runner
from aiusage_doctor.core.tokens import TokenKind, make_fake_secret, make_github_token
from aiusage_doctor.providers import github as gh

API = "https://api.github.com"
NOW = datetime(2026, 7, 10, 12, 0, tzinfo=UTC)
DAY = "2026-07-07"  # NOW − 3 days: the 1-day report the checks ask for
REPORT_HOST = "copilot-reports.github.com"


# ----------------------------------------------------------------------- bodies


def simple_user(login: str, uid: int = 1) -> dict[str, Any]:
    return {
        "login": login, "id": uid, "node_id": f"MDQ6VXNlcj{uid}", "avatar_url": "https://github.com/images/error/octocat_happy.gif",
        "gravatar_id": "", "url": f"{API}/users/{login}", "html_url": f"https://github.com/{login}",
        "followers_url": "", "following_url": "", "gists_url": "", "starred_url": "", "subscriptions_url": "",
        "organizations_url": "", "repos_url": "", "events_url": "", "received_events_url": "",
        "type": "User", "site_admin": False, "user_view_type": "public",
    }


def private_user(login: str) -> dict[str, Any]:
    return simple_user(login) | {
        "name": "Mona Octocat", "company": "GitHub", "blog": "", "location": "", "email": None,
        "hireable": None, "bio": None, "public_repos": 2, "public_gists": 1, "followers": 20,
        "following": 0, "created_at": "2008-01-14T04:33:35Z", "updated_at": "2008-01-14T04:33:35Z",
        "private_gists": 0, "total_private_repos": 0, "owned_private_repos": 0, "disk_usage": 10,
        "collaborators": 0, "two_factor_authentication": True, "user_view_type": "private",
    }


def org_simple(login: str, oid: int = 1) -> dict[str, Any]:
    base = f"{API}/orgs/{login}"
    return {
        "login": login, "id": oid, "node_id": f"MDEyOk9yZ2FuaXphdGlvbj{oid}", "url": base,
        "repos_url": f"{base}/repos", "events_url": f"{base}/events", "hooks_url": f"{base}/hooks",
        "issues_url": f"{base}/issues", "members_url": f"{base}/members{{/member}}",
        "public_members_url": f"{base}/public_members{{/member}}",
        "avatar_url": "https://github.com/images/error/octocat_happy.gif", "description": "A great organization",
    }


def membership(org: str, login: str = "octocat", role: str = "admin", state: str = "active") -> dict[str, Any]:
    return {
        "url": f"{API}/orgs/{org}/memberships/{login}", "state": state, "role": role,
        "organization_url": f"{API}/orgs/{org}", "direct_membership": True,
        "enterprise_teams_providing_indirect_membership": [],
        "organization": org_simple(org), "user": simple_user(login),
    }


def report_28(links: list[str] | None = None) -> dict[str, Any]:
    return {
        "download_links": links if links is not None else [f"https://{REPORT_HOST}/reports/org-28d-1.ndjson?sig=s3cr3tsig&se=2026-07-10"],
        "report_start_day": "2026-06-09",
        "report_end_day": "2026-07-06",
    }


def report_1(day: str = DAY) -> dict[str, Any]:
    return {"download_links": [f"https://{REPORT_HOST}/reports/org-1d-1.ndjson?sig=abc"], "report_day": day}


def seat(login: str, uid: int = 1, active: str | None = "2026-07-08T10:00:00Z") -> dict[str, Any]:
    return {
        "created_at": "2026-01-03T18:00:00-06:00", "pending_cancellation_date": None,
        "last_activity_at": active, "last_activity_editor": "vscode/1.101.0/copilot-chat/0.28.0",
        "last_authenticated_at": active, "plan_type": "business", "assignee": simple_user(login, uid),
        "assigning_team": None,
    }


def seats_body(logins: list[str], total: int | None = None) -> dict[str, Any]:
    return {"total_seats": len(logins) if total is None else total,
            "seats": [seat(login, i + 1) for i, login in enumerate(logins)]}


def team(slug: str, tid: int = 1, kind: str = "organization") -> dict[str, Any]:
    return {
        "id": tid, "node_id": f"MDQ6VGVhbT{tid}", "url": f"{API}/teams/{tid}", "html_url": f"https://github.com/orgs/acme/teams/{slug}",
        "name": slug.title(), "slug": slug, "description": None, "privacy": "closed", "notification_setting": "notifications_enabled",
        "permission": "pull", "members_url": f"{API}/teams/{tid}/members{{/member}}",
        "repositories_url": f"{API}/teams/{tid}/repos", "parent": None, "type": kind, "organization_id": 9,
    }


def team_member(login: str, uid: int = 1) -> dict[str, Any]:
    return simple_user(login, uid) | {"role": "member", "inherited": False}


NOT_FOUND = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404"}
SSO_BODY = {
    "message": "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.",
    "documentation_url": "https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/",
    "status": "403",
}
BAD_CREDENTIALS = {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"}
FORBIDDEN = {"message": "Forbidden", "documentation_url": "https://docs.github.com/rest/copilot/copilot-usage-metrics", "status": "403"}
FG_REFUSED = {"message": "Resource not accessible by personal access token",
              "documentation_url": "https://docs.github.com/rest/copilot/copilot-usage-metrics", "status": "403"}


def link_header(path: str, page: int, last: int) -> str:
    """GitHub's Link header for page `page` of `last` (per_page=100)."""
    parts = []
    if page < last:
        parts.append(f'<{API}{path}?per_page=100&page={page + 1}>; rel="next"')
        parts.append(f'<{API}{path}?per_page=100&page={last}>; rel="last"')
    if page > 1:
        parts.append(f'<{API}{path}?per_page=100&page=1>; rel="first"')
        parts.append(f'<{API}{path}?per_page=100&page={page - 1}>; rel="prev"')
    return ", ".join(parts)


# ----------------------------------------------------------------------- fake GitHub


class FakeGitHub:
    """A healthy GitHub for one token; `org()` adds a healthy organization. Override any route
    by registering the same method + URL again (respx replaces it)."""

    def __init__(self, router: respx.Router, *, api: str = API, login: str = "octocat",
                 scopes: str | None = "read:org, manage_billing:copilot, read:enterprise",
                 expires: str | None = None) -> None:
        self.r = router
        self.api = api
        self.login = login
        headers = {"X-GitHub-Request-Id": "CAFE:1234:5678", "X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "4990"}
        if scopes is not None:
            headers["X-OAuth-Scopes"] = scopes
            headers["X-Accepted-OAuth-Scopes"] = ""
        if expires is not None:
            headers["GitHub-Authentication-Token-Expiration"] = expires
        self.user_route = router.get(f"{api}/user").respond(200, json=private_user(login), headers=headers)
        self.rate_route = router.get(f"{api}/rate_limit").respond(200, json={
            "resources": {
                "core": {"limit": 5000, "used": 10, "remaining": 4990, "reset": int(NOW.timestamp()) + 1800},
                "search": {"limit": 30, "used": 0, "remaining": 30, "reset": int(NOW.timestamp()) + 60},
                "graphql": {"limit": 5000, "used": 0, "remaining": 5000, "reset": int(NOW.timestamp()) + 1800},
            },
            "rate": {"limit": 5000, "used": 10, "remaining": 4990, "reset": int(NOW.timestamp()) + 1800},
        })
        self.download_route = router.get(url__regex=rf"https://{REPORT_HOST}/reports/.*").respond(
            200, content=b'{"day":"2026-07-07","organization_id":"9","daily_active_users":12}\n' * 400,
            headers={"Content-Type": "application/x-ndjson"},
        )

    def url(self, path: str) -> str:
        return self.api + path

    def get(self, path: str, **kw: Any) -> respx.Route:
        return self.r.get(self.url(path), **kw)

    def paged(self, path: str, pages: list[list[Any]], *, key: str | None = None,
              extra: dict[str, Any] | None = None) -> Counter[int]:
        """Serve `pages` at `path` like GitHub (page=N, Link headers); returns calls per page."""
        calls: Counter[int] = Counter()

        def respond(request: httpx.Request) -> httpx.Response:
            n = int(request.url.params.get("page", "1"))
            calls[n] += 1
            assert request.url.params.get("per_page") == "100", request.url
            items = pages[n - 1]
            body: Any = ({key: items} | (extra or {})) if key else items
            headers = {"Link": link_header(path, n, len(pages))} if len(pages) > 1 else {}
            return httpx.Response(200, json=body, headers=headers)

        self.get(path).mock(side_effect=respond)
        return calls

    def org(self, org: str, *, seat_logins: list[str] | None = None, teams: dict[str, list[str]] | None = None,
            role: str = "admin") -> None:
        seat_logins = seat_logins if seat_logins is not None else [f"dev{i}" for i in range(8)]
        self.get(f"/orgs/{org}").respond(200, json=org_simple(org))
        self.get(f"/user/memberships/orgs/{org}").respond(200, json=membership(org, self.login, role))
        self.get(f"/orgs/{org}/copilot/metrics/reports/organization-28-day/latest").respond(200, json=report_28())
        self.get(f"/orgs/{org}/copilot/metrics/reports/organization-1-day").respond(200, json=report_1())
        self.get(f"/orgs/{org}/copilot/billing/seats").respond(200, json=seats_body(seat_logins))
        teams = teams if teams is not None else {"platform": seat_logins[:6]}
        self.get(f"/orgs/{org}/teams").respond(200, json=[team(s, i + 1) for i, s in enumerate(teams)])
        for slug, members in teams.items():
            self.get(f"/orgs/{org}/teams/{slug}/members").respond(
                200, json=[team_member(m, i + 1) for i, m in enumerate(members)])

    def many_orgs(self, names: list[str], *, delay: float = 0.0) -> dict[str, int]:
        """Healthy orgs served by one dispatching route (respx gets slow with thousands of
        routes). Returns live counters: requests in flight now and at the peak."""
        known = set(names)
        seats = [f"dev{i}" for i in range(8)]
        gauge = {"in_flight": 0, "peak": 0}
        pattern = re.compile(r"^/(?:user/memberships/)?orgs/([^/]+)(/.*)?$")

        def body_for(path: str) -> tuple[int, Any]:
            m = pattern.match(path)
            if not m or m.group(1) not in known:
                return 404, NOT_FOUND
            org, rest = m.group(1), m.group(2) or ""
            if path.startswith("/user/memberships/"):
                return 200, membership(org, self.login)
            return {
                "": (200, org_simple(org)),
                "/copilot/metrics/reports/organization-28-day/latest": (200, report_28()),
                "/copilot/metrics/reports/organization-1-day": (200, report_1()),
                "/copilot/billing/seats": (200, seats_body(seats)),
                "/teams": (200, [team("platform", 1)]),
                "/teams/platform/members": (200, [team_member(x) for x in seats[:6]]),
            }.get(rest, (404, NOT_FOUND))

        async def respond(request: httpx.Request) -> httpx.Response:
            gauge["in_flight"] += 1
            gauge["peak"] = max(gauge["peak"], gauge["in_flight"])
            try:
                if delay:
                    await asyncio.sleep(delay)
                status, body = body_for(request.url.path)
                return httpx.Response(status, json=body)
            finally:
                gauge["in_flight"] -= 1

        self.r.get(url__regex=rf"^{re.escape(self.api)}/(?:user/memberships/)?orgs/.+").mock(side_effect=respond)
        return gauge

    def enterprise(self, slug: str, *, admin: bool = True) -> None:
        self.r.post(f"{self.api}/graphql").respond(200, json={
            "data": {"enterprise": {"slug": slug, "name": slug.title() + " Inc", "viewerIsAdmin": admin}}})
        self.get(f"/enterprises/{slug}/copilot/metrics/reports/enterprise-28-day/latest").respond(200, json=report_28())
        self.get(f"/enterprises/{slug}/copilot/metrics/reports/enterprise-1-day").respond(200, json=report_1())
        self.get(f"/enterprises/{slug}/copilot/billing/seats").respond(200, json=enterprise_seats(42))


def enterprise_seats(total: int) -> dict:
    """`GET /enterprises/{e}/copilot/billing/seats?per_page=1`, shaped like GitHub's example."""
    seats = [{"created_at": "2026-01-05T10:00:00Z", "pending_cancellation_date": None,
              "last_activity_at": "2026-07-01T09:00:00Z", "plan_type": "enterprise",
              "assignee": {"login": "octocat", "id": 1, "type": "User"},
              "organization": {"login": "bigco-eng", "id": 9}}] if total else []
    return {"total_seats": total, "seats": seats}


# ----------------------------------------------------------------------- running


def config(token: str | None = None, *, orgs: list[str] | None = None, enterprises: list[str] | None = None,
           api_url: str = API, timeout: float = 30.0) -> RunConfig:
    token = make_github_token() if token is None else token
    return RunConfig(
        providers=["github"],
        github=GitHubConfig(token=SecretStr(token) if token else None, orgs=orgs or [],
                            enterprises=enterprises or [], api_url=api_url),
        timeout=timeout,
    )


class Run:
    """The results of one run, by (check id, target), and what was sent."""

    def __init__(self, results: list[CheckResult], runner: Runner) -> None:
        self.results = results
        self.by_key = {(r.id, r.target): r for r in results}
        self.stats = runner.stats

    def __getitem__(self, key: tuple[str, str]) -> CheckResult:
        return self.by_key[key]

    def ids(self) -> list[str]:
        return [r.id for r in self.results]


def run(cfg: RunConfig, *, fast_retries: bool = False) -> Run:
    """Run the GitHub provider; `fast_retries` shortens the adapter's retry back-off."""
    if not fast_retries:
        runner = Runner(cfg, providers=[gh.PROVIDER])
        return Run(asyncio.run(runner.run()), runner)

    async def go() -> Run:
        async with HttpClient(HttpSettings(per_host_limit=cfg.concurrency, backoff_base=0.01)) as http:
            runner = Runner(cfg, providers=[gh.PROVIDER], http=http)
            results = await runner.run()
            runner.stats = http.stats
            return Run(results, runner)

    return asyncio.run(go())


def fg_token() -> str:
    return make_fake_secret(TokenKind.GITHUB_FINE_GRAINED)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(gh.common, "_now", lambda: NOW)


# =========================================================================== tests


def test_scopes_header_parsed_and_implied_scopes_expanded():
    assert gh.parse_scopes("repo, read:org,  manage_billing:copilot") == ["repo", "read:org", "manage_billing:copilot"]
    assert gh.parse_scopes("") == []
    assert gh.parse_scopes(None) is None
    assert "read:org" in gh.expand_scopes(["admin:org"])
    assert "read:org" in gh.expand_scopes(["write:org"])
    assert {"read:enterprise", "manage_billing:enterprise"} <= gh.expand_scopes(["admin:enterprise"])
    assert "manage_billing:copilot" in gh.expand_scopes(["copilot"])
    assert "read:org" not in gh.expand_scopes(["repo", "read:enterprise"])


def test_sso_header_required_and_partial_results():
    req = gh.parse_sso_header(
        "required; url=https://github.com/orgs/octodocs-test/sso?authorization_request=AZSCKtL4U8yX1H3sCQIVnVgmjmon5fWxks5YrqhJgah0b2tlbl9pZM4EuMz4"
    )
    assert req is not None and req.kind == "required"
    assert req.url == "https://github.com/orgs/octodocs-test/sso?authorization_request=AZSCKtL4U8yX1H3sCQIVnVgmjmon5fWxks5YrqhJgah0b2tlbl9pZM4EuMz4"
    partial = gh.parse_sso_header("partial-results; organizations=21955855,20582480")
    assert partial is not None and partial.kind == "partial-results"
    assert partial.organizations == ("21955855", "20582480")
    assert gh.parse_sso_header(None) is None
    assert gh.parse_sso_header("required; url=javascript:alert(1)").url is None


def test_link_header_parsed():
    value = f'<{API}/resource?page=2>; rel="next", <{API}/resource?page=5>; rel="last"'
    assert gh.parse_link_header(value) == {"next": f"{API}/resource?page=2", "last": f"{API}/resource?page=5"}
    assert gh.parse_link_header("") == {}
    assert gh.parse_link_header(None) == {}


def test_expiry_header_parsed_as_utc():
    when = gh.parse_expiry("2021-10-07 19:07:53 UTC")
    assert when == datetime(2021, 10, 7, 19, 7, 53, tzinfo=UTC)
    assert gh.parse_expiry("2026-07-15 08:00:00 +0000") == datetime(2026, 7, 15, 8, 0, tzinfo=UTC)
    assert gh.parse_expiry("soon") is None


def test_paginate_follows_link_headers_and_fetches_each_page_once(respx_mock):
    path = "/orgs/acme/teams"
    routes = []
    for page in (3, 2):
        routes.append(respx_mock.get(f"{API}{path}", params={"page": str(page)}).respond(
            200, json=[team(f"t{page}-{i}", page * 1000 + i) for i in range(100 if page < 3 else 7)],
            headers={"Link": link_header(path, page, 3)}))
    first = respx_mock.get(f"{API}{path}").respond(
        200, json=[team(f"t1-{i}", i) for i in range(100)], headers={"Link": link_header(path, 1, 3)})

    async def go():
        async with HttpClient(HttpSettings()) as http:
            result = await gh.paginate(http, f"{API}{path}", {"Authorization": "Bearer x"})
            return result, http.stats

    result, stats = asyncio.run(go())
    assert len(result) == 207 and len(result.pages) == 3 and result.ok
    assert first.call_count == 1 and all(r.call_count == 1 for r in routes)
    assert not stats.repeated
    assert first.calls[0].request.url.params["per_page"] == "100"


def test_paginate_does_not_follow_a_next_link_to_another_host(respx_mock):
    respx_mock.get(f"{API}/user/orgs").respond(
        200, json=[org_simple("acme")], headers={"Link": '<https://evil.example/steal?page=2>; rel="next"'})

    async def go():
        async with HttpClient(HttpSettings()) as http:
            return await gh.paginate(http, f"{API}/user/orgs", {"Authorization": "Bearer x"})

    result = asyncio.run(go())
    assert [o["login"] for o in result] == ["acme"]
    assert result.truncated and "evil.example" in result.truncated


def test_paginate_stops_at_the_first_error_page(respx_mock):
    respx_mock.get(f"{API}/orgs/acme/teams").respond(403, json=FORBIDDEN)

    async def go():
        async with HttpClient(HttpSettings()) as http:
            return await gh.paginate(http, f"{API}/orgs/acme/teams", {})

    result = asyncio.run(go())
    assert not result.ok and result.error.status == 403 and len(result) == 0


def test_new_token_link_prefills_scopes_on_the_right_host():
    link = gh.link_new_token("https://github.com", ["read:org", "manage_billing:copilot"])
    assert link.url == (
        "https://github.com/settings/tokens/new?scopes=read:org,manage_billing:copilot&description=AI%20Usage%20Doctor"
    )
    assert gh.link_new_token("https://octocorp.ghe.com", ["read:org"]).url.startswith("https://octocorp.ghe.com/settings/tokens/new?")


def test_catalog_order_and_ids_are_stable():
    assert [s.id for s in gh.CATALOG] == [
        "github.token.format", "github.token.auth", "github.token.scopes", "github.orgs.discover",
        "github.enterprise.access", "github.enterprise.usage_metrics", "github.enterprise.seats",
        "github.org.sso", "github.org.membership", "github.org.usage_metrics", "github.org.seats",
        "github.teams.eligibility", "github.reports.download", "github.api.rate_limit",
    ]
    help_text = gh.CATALOG["github.org.usage_metrics"].explains
    assert "2026-04-02" in help_text and "404" in help_text and "/copilot/metrics/reports/" in help_text
    for spec in gh.CATALOG:
        assert spec.remediation, spec.id
        for link in spec.remediation:
            assert link.url.startswith("https://"), (spec.id, link.url)


def test_plan_without_token_is_a_single_skip():
    cfg = RunConfig(providers=["github"])
    planned = gh.plan(cfg)
    assert [(p.spec.id, p.target) for p in planned] == [("github.token.format", "token")]
    results = asyncio.run(Runner(cfg, providers=[gh.PROVIDER]).run())
    assert results[0].status.value == "skip"
    assert results[0].summary.startswith("Not configured: no GitHub token was given")


def test_plan_targets_and_needs():
    cfg = config(orgs=["https://github.com/orgs/Acme", "@beta"], enterprises=["https://github.com/enterprises/bigco/settings"])
    planned = {(p.spec.id, p.target): p for p in gh.plan(cfg)}
    assert ("github.org.sso", "org:acme") in planned and ("github.org.seats", "org:beta") in planned
    assert ("github.enterprise.access", "enterprise:bigco") in planned
    assert ("github.orgs.discover", "token") not in planned
    usage = planned[("github.org.usage_metrics", "org:acme")]
    assert set(usage.needs) == {("github.token.auth", "token"), ("github.org.sso", "org:acme")}
    # A team's members may hold seats in any checked org or the enterprise: the team check waits for all.
    assert set(planned[("github.teams.eligibility", "org:acme")].after) == {
        ("github.org.seats", "org:acme"), ("github.org.seats", "org:beta"), ("github.enterprise.seats", "enterprise:bigco")}
    assert planned[("github.token.auth", "token")].needs == (("github.token.format", "token"),)


def test_discover_is_planned_only_without_orgs_or_enterprises():
    keys = {(p.spec.id, p.target) for p in gh.plan(config())}
    assert ("github.orgs.discover", "token") in keys
    assert not any(k[1].startswith("org:") for k in keys)



@pytest.fixture
def router():
    """A respx router that refuses any request without a route (no real network)."""
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as r:
        yield r


@pytest.fixture
def fake(router) -> FakeGitHub:
    return FakeGitHub(router)
