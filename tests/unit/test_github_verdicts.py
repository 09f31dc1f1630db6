"""GitHub verdicts that used to claim more than their evidence (issue #12's four cases) and
the bounds on server-chosen download links and organization lists.

Each test pins the diagnosis a user reads and the link it points to.
"""

from __future__ import annotations

import httpx

from aiusage_doctor.core.models import Status

from .test_github_helpers import (  # noqa: F401  (fixtures)
    NOT_FOUND,
    REPORT_HOST,
    FakeGitHub,
    config,
    fake,
    fixed_now,
    report_28,
    router,
    run,
    seats_body,
)

ORG = "org:acme"
USAGE = ("github.org.usage_metrics", ORG)
SEATS = ("github.org.seats", ORG)
TEAMS = ("github.teams.eligibility", ORG)
ATTRIBUTION_URL = "https://docs.github.com/en/copilot/concepts/copilot-usage-metrics/copilot-metrics"


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
    r = run(config(orgs=["acme"], enterprises=["bigco"]))
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
