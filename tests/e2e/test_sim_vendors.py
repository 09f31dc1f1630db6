"""The fake vendors answer with the documented statuses, headers and body shapes."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from aiusage_doctor.sim import Simulator

ENT = "/enterprises/acme-corp/copilot/metrics/reports"
ORG = "/orgs/acme/copilot/metrics/reports"


class Gh:
    """A tiny GitHub client bound to one simulator."""

    def __init__(self, sim: Simulator, token: str | None = None) -> None:
        self.sim = sim
        self.base = sim.base_urls["github"]
        self.headers = {"Authorization": f"Bearer {token or sim.secrets['github']}",
                        "X-GitHub-Api-Version": "2022-11-28"}

    def get(self, path: str, **params) -> httpx.Response:
        return httpx.get(self.base + path, headers=self.headers, params=params or None)

    def graphql(self, query: str, **variables) -> dict:
        resp = httpx.post(self.base + "/graphql", headers=self.headers, json={"query": query, "variables": variables})
        assert resp.status_code == 200
        return resp.json()


def _day(days_ago: int) -> str:
    return (datetime.now(UTC).date() - timedelta(days=days_ago)).isoformat()


@pytest.fixture(scope="module")
def healthy():
    with Simulator("healthy") as sim:
        yield sim


# ---------------------------------------------------------------------------- GitHub


def test_github_bad_or_missing_credentials(healthy):
    base = healthy.base_urls["github"]
    missing = httpx.get(base + "/user")
    assert missing.status_code == 401 and missing.json()["message"] == "Requires authentication"
    bad = httpx.get(base + "/user", headers={"Authorization": "Bearer ghp_" + "x" * 36})
    assert bad.status_code == 401
    assert bad.json() == {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"}
    assert "x-oauth-scopes" not in bad.headers
    token_scheme = httpx.get(base + "/user", headers={"Authorization": f"token {healthy.secrets['github']}"})
    assert token_scheme.status_code == 200


def test_github_headers_on_a_classic_token(healthy):
    resp = Gh(healthy).get("/user")
    assert resp.status_code == 200
    assert resp.headers["x-oauth-scopes"] == "read:org, read:enterprise, manage_billing:copilot, read:user"
    expiry = datetime.strptime(resp.headers["github-authentication-token-expiration"], "%Y-%m-%d %H:%M:%S UTC")
    assert 59 <= (expiry.replace(tzinfo=UTC) - datetime.now(UTC)).days <= 60
    for name in ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-ratelimit-used",
                 "x-ratelimit-resource", "x-github-request-id"):
        assert name in resp.headers
    body = resp.json()
    assert body["login"] == "octo-admin" and body["user_view_type"] == "private"
    after = Gh(healthy).get("/user")
    assert int(after.headers["x-ratelimit-remaining"]) < int(resp.headers["x-ratelimit-remaining"])


def test_github_rate_limit_body_follows_the_api_version(healthy):
    old = Gh(healthy).get("/rate_limit").json()
    assert "rate" in old and "core" in old["resources"]
    gh = Gh(healthy)
    gh.headers["X-GitHub-Api-Version"] = "2026-03-10"
    assert "rate" not in gh.get("/rate_limit").json()


def test_github_link_pagination_walks_every_org():
    with Simulator("enterprise-large", orgs=23, teams=1, latency=0.0) as sim:
        gh = Gh(sim)
        url: str | None = gh.base + "/user/orgs?per_page=10"
        logins, pages = [], 0
        while url:
            resp = httpx.get(url, headers=gh.headers)
            pages += 1
            logins += [o["login"] for o in resp.json()]
            links = httpx.Response(200, headers={"link": resp.headers.get("link", "")}).links
            url = links.get("next", {}).get("url")
            if pages == 1:
                assert dict(parse_qsl(urlsplit(links["last"]["url"]).query))["page"] == "3"
        assert pages == 3 and logins == [f"acme-{i:03d}" for i in range(1, 24)]
        one_page = gh.get("/user/orgs", per_page=100)
        assert "link" not in one_page.headers and len(one_page.json()) == 23
        seats = gh.get("/orgs/acme-001/copilot/billing/seats")
        assert seats.json()["total_seats"] == 6 and len(seats.json()["seats"]) == 6  # default per_page 50


def test_github_sso_required_and_partial_results():
    with Simulator("sso-not-authorized") as sim:
        gh = Gh(sim)
        blocked = gh.get("/orgs/acme-labs/copilot/metrics/reports/organization-28-day/latest")
        assert blocked.status_code == 403
        sso = blocked.headers["x-github-sso"]
        assert sso.startswith("required; url=https://github.com/orgs/acme-labs/sso?authorization_request=")
        assert "SAML enforcement" in blocked.json()["message"]
        assert gh.get("/orgs/acme/copilot/metrics/reports/organization-28-day/latest").status_code == 200
        listing = gh.get("/user/orgs")
        assert [o["login"] for o in listing.json()] == ["acme"]
        assert listing.headers["x-github-sso"] == "partial-results; organizations=10001"
        data = gh.graphql('{ organization(login: "acme-labs") { login } }')
        assert data["data"]["organization"] is None
        assert data["errors"][0]["extensions"]["saml_failure"] is True


def test_github_missing_scope_names_the_accepted_scopes():
    with Simulator("missing-scope") as sim:
        gh = Gh(sim)
        assert gh.get("/user").headers["x-oauth-scopes"] == "repo"
        org = gh.get(f"{ORG}/organization-28-day/latest")
        assert org.status_code == 403 and org.headers["x-accepted-oauth-scopes"] == "read:org"
        ent = gh.get(f"{ENT}/enterprise-28-day/latest")
        assert ent.status_code == 403
        assert ent.headers["x-accepted-oauth-scopes"] == "manage_billing:copilot, read:enterprise"
        assert gh.get("/user/orgs").status_code == 403
        data = gh.graphql("query($s: String!) { enterprise(slug: $s) { viewerIsAdmin } }", s="acme-corp")
        assert data["errors"][0]["type"] == "INSUFFICIENT_SCOPES"


def test_github_fine_grained_token_at_enterprise_level():
    with Simulator("fine-grained-at-enterprise") as sim:
        gh = Gh(sim)
        user = gh.get("/user")
        assert "x-oauth-scopes" not in user.headers
        ent = gh.get(f"{ENT}/enterprise-28-day/latest")
        assert ent.status_code == 403 and ent.json()["message"] == "Resource not accessible by personal access token"
        assert gh.get(f"{ORG}/organization-28-day/latest").status_code == 200
        orgs = gh.get("/user/orgs")
        assert orgs.status_code == 200 and orgs.json() == []


def test_github_policy_disabled_blocks_reports_only():
    with Simulator("policy-disabled") as sim:
        gh = Gh(sim)
        for path in (f"{ENT}/enterprise-28-day/latest", f"{ORG}/organization-28-day/latest"):
            resp = gh.get(path)
            assert resp.status_code == 403 and "usage metrics" in resp.json()["message"].lower()
        assert gh.get("/orgs/acme/copilot/billing/seats").status_code == 200


def test_github_reports_availability_by_day(healthy):
    gh = Gh(healthy)
    ready = gh.get(f"{ORG}/organization-1-day", day=_day(3))
    assert ready.status_code == 200 and ready.json()["report_day"] == _day(3)
    assert gh.get(f"{ORG}/organization-1-day", day=_day(1)).status_code == 204  # documented for org 1-day
    assert gh.get(f"{ENT}/enterprise-1-day", day=_day(1)).status_code == 404  # no 204 documented there
    assert gh.get(f"{ORG}/organization-1-day").status_code == 422
    latest = gh.get(f"{ORG}/organization-28-day/latest").json()
    assert set(latest) == {"download_links", "report_start_day", "report_end_day"}
    assert latest["report_end_day"] == _day(2)
    assert gh.get(f"{ORG}/user-teams-28-day/latest").status_code == 404  # not an endpoint
    # The legacy metrics API was closed down on 2026-04-02.
    assert gh.get("/orgs/acme/copilot/metrics").status_code == 404
    assert gh.get("/enterprises/acme-corp/copilot/metrics").status_code == 404
    with Simulator("report-not-ready") as sim:
        late = Gh(sim)
        assert late.get(f"{ORG}/organization-1-day", day=_day(3)).status_code == 204
        assert late.get(f"{ORG}/organization-28-day/latest").json()["report_end_day"] == _day(5)


def test_report_downloads_are_signed_and_credential_free(healthy):
    gh = Gh(healthy)
    links = gh.get(f"{ORG}/users-1-day", day=_day(3)).json()["download_links"]
    assert len(links) == 2 and all(u.startswith(healthy.base_urls["reports"] + "/") for u in links)
    rows = []
    for link in links:
        resp = httpx.get(link)
        assert resp.status_code == 200 and resp.headers["content-type"] == "application/x-ndjson"
        rows += [line for line in resp.text.splitlines() if line]
    assert len(rows) == 18  # 3 teams × 6 seated users, split across two files
    tampered = links[0].replace("sig=", "sig=0")
    assert httpx.get(tampered).status_code == 403
    leaks_before = healthy.credential_leaks
    httpx.get(links[0], headers={"Authorization": "Bearer x"})
    assert healthy.credential_leaks == leaks_before + 1


def test_user_teams_report_leaves_out_small_teams():
    with Simulator("small-teams") as sim:
        gh = Gh(sim)
        link = gh.get(f"{ORG}/user-teams-1-day", day=_day(3)).json()["download_links"][0]
        slugs = {line.split('"slug":"')[1].split('"')[0] for line in httpx.get(link).text.splitlines()}
        teams = gh.get("/orgs/acme/teams").json()
        assert [t["slug"] for t in teams] == ["platform", "mobile", "data"]
        assert slugs == {"data"}  # platform and mobile have only 3 seated members
        members = gh.get("/orgs/acme/teams/mobile/members").json()
        assert len(members) == 3 and {"role", "inherited"} <= set(members[0])


def test_github_graphql_viewer_and_enterprise(healthy):
    gh = Gh(healthy)
    data = gh.graphql(
        "query($slug: String!) { viewer { login enterprises(first: 100, membershipType: ADMIN) "
        "{ totalCount nodes { slug name } pageInfo { hasNextPage endCursor } } } "
        "ent: enterprise(slug: $slug) { slug viewerIsAdmin } }",
        slug="acme-corp",
    )
    assert "errors" not in data
    assert data["data"]["viewer"]["login"] == "octo-admin"
    assert data["data"]["viewer"]["enterprises"]["nodes"] == [{"slug": "acme-corp", "name": "Acme Corp"}]
    assert data["data"]["ent"] == {"slug": "acme-corp", "viewerIsAdmin": True}
    missing = gh.graphql('{ enterprise(slug: "nope") { slug } }')
    assert missing["data"]["enterprise"] is None and missing["errors"][0]["type"] == "NOT_FOUND"
    unknown = gh.graphql("{ viewer { shoeSize } }")
    assert "data" not in unknown and unknown["errors"][0]["extensions"]["code"] == "undefinedField"


# ---------------------------------------------------------------------------- Cursor


def test_cursor_basic_auth_only(healthy):
    base, key = healthy.base_urls["cursor"], healthy.secrets["cursor"]
    ok = httpx.get(base + "/teams/members", auth=(key, ""))
    assert ok.status_code == 200 and len(ok.json()["teamMembers"]) == 12
    bearer = httpx.get(base + "/teams/members", headers={"Authorization": f"Bearer {key}"})
    assert bearer.status_code == 401
    assert bearer.json() == {"error": "Unauthorized", "message": "Invalid API key"}
    raw = base64.b64encode(f"{key}:".encode()).decode()
    assert httpx.get(base + "/teams/members", headers={"Authorization": f"Basic {raw}"}).status_code == 200


def test_cursor_usage_queries(healthy):
    base, key = healthy.base_urls["cursor"], healthy.secrets["cursor"]
    now = int(datetime.now(UTC).timestamp() * 1000)
    usage = httpx.post(base + "/teams/daily-usage-data", auth=(key, ""),
                       json={"startDate": now - 7 * 86_400_000, "endDate": now})
    body = usage.json()
    assert usage.status_code == 200 and {"data", "period", "pagination"} <= set(body)
    assert body["data"][0]["email"].endswith("@acme.example")
    too_long = httpx.post(base + "/teams/daily-usage-data", auth=(key, ""),
                          json={"startDate": now - 45 * 86_400_000, "endDate": now})
    assert too_long.status_code == 400


def test_cursor_invalid_key_and_team_plan():
    with Simulator("cursor-invalid-key") as sim:
        resp = httpx.get(sim.base_urls["cursor"] + "/teams/members", auth=(sim.secrets["cursor"], ""))
        assert resp.status_code == 401 and resp.json()["message"] == "Invalid API key"
    with Simulator("cursor-no-analytics-plan") as sim:
        base, auth = sim.base_urls["cursor"], (sim.secrets["cursor"], "")
        assert httpx.get(base + "/teams/members", auth=auth).status_code == 200
        dau = httpx.get(base + "/analytics/team/dau", params={"startDate": "7d", "endDate": "today"}, auth=auth)
        assert dau.status_code == 403 and dau.json() == {"error": "Forbidden", "message": "Enterprise access required"}
        commits = httpx.get(base + "/analytics/ai-code/commits", auth=auth)
        assert commits.status_code == 401 and "enterprise team" in commits.json()["message"]


# ------------------------------------------------------------------------- Anthropic


def _ant(sim: Simulator, path: str, *, version: str | None = "2023-06-01", key: str | None = None, **params):
    headers = {"x-api-key": key or sim.secrets["anthropic"]}
    if version:
        headers["anthropic-version"] = version
    return httpx.get(sim.base_urls["anthropic"] + path, headers=headers, params=params or None)


def test_anthropic_headers_and_errors(healthy):
    me = _ant(healthy, "/v1/organizations/me")
    assert me.status_code == 200 and me.json()["type"] == "organization" and me.json()["name"] == "Acme Corp"
    assert me.headers["request-id"].startswith("req_")
    no_version = _ant(healthy, "/v1/organizations/me", version=None)
    assert no_version.status_code == 400 and no_version.json()["error"]["type"] == "invalid_request_error"
    bad = _ant(healthy, "/v1/organizations/me", key="sk-ant-admin01-" + "x" * 95)
    assert bad.status_code == 401
    assert bad.json()["error"] == {"type": "authentication_error", "message": "invalid x-api-key"}
    assert bad.json()["type"] == "error" and bad.json()["request_id"].startswith("req_")


def test_anthropic_user_paging_and_claude_code_report(healthy):
    first = _ant(healthy, "/v1/organizations/users", limit=3).json()
    assert len(first["data"]) == 3 and first["has_more"] is True
    rest = _ant(healthy, "/v1/organizations/users", limit=100, after_id=first["last_id"]).json()
    assert len(rest["data"]) == 5 and rest["has_more"] is False
    report = _ant(healthy, "/v1/organizations/usage_report/claude_code", starting_at=_day(2), limit=2).json()
    assert len(report["data"]) == 2 and report["has_more"] is True and report["next_page"]
    row = report["data"][0]
    assert row["actor"]["type"] == "user_actor" and row["customer_type"] == "api"
    assert {"core_metrics", "tool_actions", "model_breakdown"} <= set(row)
    assert _ant(healthy, "/v1/organizations/usage_report/claude_code", starting_at="yesterday").status_code == 400


def test_anthropic_subscription_only_and_non_admin_key():
    with Simulator("claude-subscription-only") as sim:
        empty = _ant(sim, "/v1/organizations/usage_report/claude_code", starting_at=_day(2)).json()
        assert empty == {"data": [], "has_more": False, "next_page": None}
        assert _ant(sim, "/v1/organizations/users").status_code == 200
    with Simulator("anthropic-non-admin-key") as sim:
        resp = _ant(sim, "/v1/organizations/me")
        assert resp.status_code == 403 and resp.json()["error"]["type"] == "permission_error"
        analytics = _ant(sim, "/v1/organizations/analytics/users", date=_day(4))
        assert analytics.status_code == 404
