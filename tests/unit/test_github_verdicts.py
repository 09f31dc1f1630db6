"""GitHub verdicts that used to claim more than their evidence (issue #12's four cases) and
the bounds on server-chosen download links and organization lists.

Each test pins the diagnosis a user reads and the link it points to.
"""

from __future__ import annotations

import asyncio

import httpx

from aiusage_doctor.core.http import HttpClient, HttpSettings
from aiusage_doctor.core.models import Status
from aiusage_doctor.core.tokens import TokenKind, make_fake_secret, make_github_token
from aiusage_doctor.providers import github as gh

from .test_github_helpers import (  # noqa: F401  (fixtures)
    NOT_FOUND,
    REPORT_HOST,
    FakeGitHub,
    config,
    fake,
    fixed_now,
    org_simple,
    report_28,
    router,
    run,
    seats_body,
)

ORG = "org:acme"
USAGE = ("github.org.usage_metrics", ORG)
SEATS = ("github.org.seats", ORG)
TEAMS = ("github.teams.eligibility", ORG)
ATTRIBUTION_URL = "https://docs.github.com/copilot/concepts/copilot-metrics#how-are-metrics-attributed-across-organizations"


def urls(result) -> list[str]:
    return [link.url for link in result.remediation]


# ------------------------------------------------------------ 1. seats held in another org


def test_shell_org_with_a_report_but_no_seats_of_its_own_passes(fake):
    """A "shell" org: seats are assigned in another org; GitHub still reports its members' usage."""
    fake.org("acme", seat_logins=[], teams={"platform": ["dev0", "dev1", "dev2", "dev3", "dev4"]})
    fake.org("licenses", seat_logins=["dev0", "dev1", "dev2", "dev3", "dev4"], teams={})
    r = run(config(orgs=["acme", "licenses"]))
    assert r[USAGE].status is Status.PASS
    seats = r[SEATS]
    assert seats.status is Status.PASS
    assert "No Copilot seats are assigned in acme itself, but its Copilot usage report is available" in seats.summary
    assert ATTRIBUTION_URL in urls(seats)
    # The team's five members hold seats in the other org: it qualifies for team-level reports.
    teams = r[TEAMS]
    assert teams.status is Status.PASS, teams.summary
    assert "All 1 teams in acme have at least 5 Copilot users" in teams.summary


def test_team_eligibility_counts_enterprise_seats_when_readable(fake):
    fake.enterprise("bigco")
    members = [f"dev{i}" for i in range(5)]
    fake.get("/enterprises/bigco/copilot/billing/seats").respond(200, json=seats_body(members))
    fake.org("acme", seat_logins=[], teams={"platform": members})
    # Entered as the enterprise's address, as admins paste it.
    r = run(config(orgs=["acme"], enterprises=["https://github.com/enterprises/bigco"]))
    teams = r[TEAMS]
    assert teams.status is Status.PASS, teams.summary
    assert "seat holders in enterprise bigco" in teams.details[0]


def test_shell_org_without_a_report_warns_but_does_not_claim_there_is_no_data(fake):
    fake.org("acme", seat_logins=[], teams={})
    fake.get("/orgs/acme/copilot/metrics/reports/organization-28-day/latest").respond(404, json=NOT_FOUND)
    seats = run(config(orgs=["acme"]))[SEATS]
    assert seats.status is Status.WARN
    assert "has no Copilot usage to report" not in seats.summary
    assert "only if its members hold no Copilot seat anywhere else" in seats.summary
    assert ATTRIBUTION_URL in urls(seats)


# ------------------------------------------------------------ 3. report download hosts


def test_blocked_download_advice_names_every_documented_report_host(fake):
    fake.org("acme")
    fake.download_route.mock(side_effect=httpx.ConnectError("[Errno 111] Connection refused"))
    result = run(config(orgs=["acme"]), fast_retries=True)[("github.reports.download", f"host:{REPORT_HOST}")]
    assert result.status is Status.FAIL
    for host in ("copilot-reports.github.com", "copilot-reports-*.b01.azurefd.net",
                 "usagereports*.blob.core.windows.net"):
        assert host in result.summary
    assert "https://docs.github.com/en/copilot/reference/copilot-allowlist-reference" in urls(result)


def test_blocked_download_advice_names_the_api_host_that_answered(router):
    ghe = "https://api.octocorp.ghe.com"
    fake = FakeGitHub(router, api=ghe)
    fake.org("acme")
    fake.download_route.mock(side_effect=httpx.ConnectError("[Errno 111] Connection refused"))
    result = run(config(orgs=["acme"], api_url=ghe), fast_retries=True)[("github.reports.download", f"host:{REPORT_HOST}")]
    assert result.status is Status.FAIL
    assert any("GitHub's API (api.octocorp.ghe.com) answered" in d for d in result.details)
    assert not any("api.github.com" in d for d in result.details)


# ------------------------------------------------------------ #13 item 6: link fan-out


def test_only_a_few_download_hosts_are_probed_and_userinfo_is_never_shown(fake):
    links = [f"https://user:pa55word@h{i}.usagereports.example/r{i}.ndjson?sig=x" for i in range(500)]
    fake.org("acme")
    fake.get("/orgs/acme/copilot/metrics/reports/organization-28-day/latest").respond(200, json=report_28(links))
    hosts = fake.r.get(url__regex=r"https://h\d+\.usagereports\.example/.*").respond(200, content=b"{}\n")
    r = run(config(orgs=["acme"]))
    downloads = [res for res in r.results if res.id == "github.reports.download"]
    assert hosts.call_count == 3
    assert len(downloads) == 3
    # 500 hosts in the 28-day report + the 1-day report's host = 501 named, 3 probed.
    assert "and 498 more hosts (only 3 are probed)" in " ".join(r[USAGE].details)
    text = " ".join(res.summary + " ".join(res.details) + str(res.evidence) for res in downloads)
    assert "pa55word" not in text and "user:" not in text


# ------------------------------------------------------------ 2. enterprise billing managers

ENT = "enterprise:bigco"
ENT_ACCESS = ("github.enterprise.access", ENT)
ENT_USAGE = ("github.enterprise.usage_metrics", ENT)
ENT_REPORT_28 = "/enterprises/bigco/copilot/metrics/reports/enterprise-28-day/latest"
ENT_SEATS = "/enterprises/bigco/copilot/billing/seats"
POLICY_DOC = ("https://docs.github.com/en/enterprise-cloud@latest/copilot/how-tos/administer-copilot/"
              "manage-for-enterprise/manage-enterprise-policies#defining-policies-for-your-enterprise")
ROLE_DOC = "https://github.blog/changelog/2025-11-17-fine-grain-permissions-for-copilot-usage-metrics-now-available"
FORBIDDEN = {"message": "Forbidden", "documentation_url": "https://docs.github.com/rest", "status": "403"}


def test_billing_manager_with_metrics_policy_off_is_told_the_policy_not_the_role(fake):
    """viewerIsAdmin is false for billing managers; the seat list proves the role is enough."""
    fake.enterprise("bigco", admin=False)
    fake.get(ENT_REPORT_28).respond(403, json=FORBIDDEN)
    r = run(config(enterprises=["bigco"]))
    access = r[ENT_ACCESS]
    assert access.status is Status.PASS and "billing manager" in access.summary
    usage = r[ENT_USAGE]
    assert usage.status is Status.FAIL
    assert "policy of enterprise bigco isn't 'Enabled everywhere'" in usage.summary
    assert "isn't an owner" not in usage.summary
    assert usage.remediation[0].url == "https://github.com/enterprises/bigco"
    assert POLICY_DOC in urls(usage)
    assert usage.inference is not None and "billing managers" in usage.inference.because
    assert usage.diagnosis == "enterprise.reports.403.policy_role_proven"
    assert any(s.url.endswith("ghec.2026-03-10.yaml") for s in usage.sources)


def test_role_and_policy_that_cannot_be_told_apart_are_both_named_ranked_with_links(fake):
    fake.enterprise("bigco", admin=False)
    fake.get(ENT_REPORT_28).respond(403, json=FORBIDDEN)
    fake.get(ENT_SEATS).respond(404, json=NOT_FOUND)
    usage = run(config(enterprises=["bigco"]))[ENT_USAGE]
    assert usage.status is Status.FAIL
    assert "can't tell the caller's role from the metrics policy" in usage.summary
    assert usage.inference is not None and "answered HTTP 404" in usage.inference.because
    first, = usage.inference.alternatives
    assert "policy" in first.cause and POLICY_DOC in [link.url for link in first.links]
    assert ROLE_DOC in urls(usage) and POLICY_DOC in urls(usage)


# ------------------------------------------------------------ 4. OAuth and GitHub App tokens

ORG_REPORT_28 = "/orgs/acme/copilot/metrics/reports/organization-28-day/latest"
NOT_BY_INTEGRATION = {"message": "Resource not accessible by integration",
                      "documentation_url": "https://docs.github.com/rest", "status": "403"}


def test_oauth_app_token_is_diagnosed_by_its_scopes(router):
    fake = FakeGitHub(router, scopes="read:org, manage_billing:copilot")
    fake.org("acme")
    r = run(config(make_github_token("gho_"), orgs=["acme"]))
    assert r[("github.token.format", "token")].status is Status.PASS
    assert "OAuth app token" in r[("github.token.format", "token")].summary
    assert r[("github.token.auth", "token")].status is Status.PASS
    assert r[USAGE].status is Status.PASS


def test_oauth_app_token_without_read_org_is_told_the_scope(router):
    fake = FakeGitHub(router, scopes="repo")
    fake.org("acme")
    r = run(config(make_github_token("gho_"), orgs=["acme"]))
    assert r[("github.token.scopes", "token")].status is Status.FAIL
    assert "read:org" in r[("github.token.scopes", "token")].summary


def _installation(router, *, report_status: int = 200) -> FakeGitHub:
    fake = FakeGitHub(router, scopes=None)
    fake.user_route.respond(403, json=NOT_BY_INTEGRATION)
    fake.org("acme")
    fake.get("/user/memberships/orgs/acme").respond(403, json=NOT_BY_INTEGRATION)
    if report_status == 403:
        headers = {"X-Accepted-GitHub-Permissions": "organization_copilot_metrics=read"}
        fake.get(ORG_REPORT_28).respond(403, json=NOT_BY_INTEGRATION, headers=headers)
    return fake


def test_app_installation_token_with_the_permission_reads_reports(router):
    _installation(router)
    r = run(config(make_fake_secret(TokenKind.GITHUB_APP_INSTALLATION), orgs=["acme"]))
    assert r[("github.token.format", "token")].status is Status.PASS
    assert r[("github.token.auth", "token")].status is Status.PASS
    assert r[("github.token.scopes", "token")].status is Status.PASS
    assert r[USAGE].status is Status.PASS
    assert r[("github.org.membership", ORG)].status is Status.SKIP


def test_app_installation_token_without_the_permission_is_told_the_permission(router):
    _installation(router, report_status=403)
    usage = run(config(make_fake_secret(TokenKind.GITHUB_APP_INSTALLATION), orgs=["acme"]))[USAGE]
    assert usage.status is Status.FAIL
    assert "GitHub App behind this token lacks the \"Organization Copilot metrics\" (read) permission" in usage.summary
    assert "organization_copilot_metrics=read" in usage.summary
    assert "policy" not in usage.summary
    assert urls(usage)[0].startswith("https://docs.github.com/en/apps/maintaining-github-apps/")


def test_app_user_token_without_the_permission_is_told_the_permission(router):
    fake = FakeGitHub(router, scopes=None)
    fake.org("acme")
    fake.get(ORG_REPORT_28).respond(403, json=NOT_BY_INTEGRATION)
    usage = run(config(make_fake_secret(TokenKind.GITHUB_APP_USER), orgs=["acme"]))[USAGE]
    assert usage.status is Status.FAIL
    assert "GitHub App behind this token lacks" in usage.summary


# ------------------------------------------------------------ #13 item 11: organization caps


def _org_pages(fake: FakeGitHub, names: list[str]):
    return fake.paged("/user/orgs", [[org_simple(n, i) for i, n in enumerate(names[k:k + 100])]
                                     for k in range(0, len(names), 100)])


def test_discovery_reads_at_most_the_supported_number_of_organizations(fake):
    names = [f"org-{i:05d}" for i in range(10_000)]
    calls = _org_pages(fake, names)

    async def go():
        async with HttpClient(HttpSettings()) as http:
            return await gh.discover_orgs(http, config())

    orgs = asyncio.run(go())
    assert len(orgs) == 500 and orgs[0] == "org-00000"
    # 5 pages of 100, not 100 pages: work and memory stay flat beyond the cap.
    assert sum(calls.values()) == 5


def test_organization_names_from_github_are_validated_before_use(fake):
    good = "acme-eng"
    bad = ["a" * 40, "bad name", "-edge", "edge-", "../../user", "x" * 5000]
    calls = _org_pages(fake, [good, *bad])
    fake.many_orgs([good])
    r = run(config())
    result = r[("github.orgs.discover", "token")]
    assert calls == {1: 1}
    assert result.summary.startswith("Found 1 organization this token can see: acme-eng")
    assert any("6 name(s) GitHub sent aren't valid organization names" in d for d in result.details)
    assert {res.target for res in r.results if res.id == "github.org.sso"} == {"org:acme-eng"}


def test_the_supported_scale_is_stated_in_the_discovery_check():
    spec = gh.CATALOG["github.orgs.discover"]
    assert "500" in spec.probes


# ------------------------------------------------------------ drift: answers no documented shape fits


def test_a_report_without_a_documented_field_is_an_unexpected_answer_not_no_data(fake):
    fake.org("acme")
    fake.get(ORG_REPORT_28).respond(200, json={"files": ["https://copilot-reports.github.com/a.ndjson"],
                                               "report_start_day": "2026-06-09", "report_end_day": "2026-07-06"})
    usage = run(config(orgs=["acme"]))[USAGE]
    assert usage.status is Status.ERROR and usage.unexpected
    assert usage.summary.startswith("Unexpected answer from GitHub: its API may have changed")
    assert "`download_links`" in usage.summary
    assert usage.evidence["http"][0]["status"] == 200


def test_an_undocumented_status_is_an_unexpected_answer(fake):
    fake.org("acme")
    fake.get(ORG_REPORT_28).respond(410, json={"message": "Gone"})
    usage = run(config(orgs=["acme"]))[USAGE]
    assert usage.status is Status.ERROR and usage.unexpected
    assert "HTTP 410" in usage.summary


def test_an_enterprise_seat_list_without_total_seats_is_an_unexpected_answer(fake):
    fake.enterprise("bigco")
    fake.get(ENT_SEATS).respond(200, json={"seats": []})
    seats = run(config(enterprises=["bigco"]))[("github.enterprise.seats", ENT)]
    assert seats.status is Status.ERROR and seats.unexpected
    assert "`total_seats`" in seats.summary
