"""GitHub per-organization checks: SAML SSO, role, usage reports, seats, team eligibility.

403 disambiguation is tested branch by branch: SSO header, fine-grained permission
(`X-Accepted-GitHub-Permissions`), missing classic scope, role, and only then the policy.
"""

from __future__ import annotations

from aiusage_doctor.core.models import Status

from .test_github_helpers import (  # noqa: F401  (fixtures)
    API,
    DAY,
    FG_REFUSED,
    FORBIDDEN,
    NOT_FOUND,
    SSO_BODY,
    FakeGitHub,
    config,
    fake,
    fg_token,
    fixed_now,
    membership,
    router,
    run,
    seat,
    team,
    team_member,
)

ORG = "org:acme"
SSO = ("github.org.sso", ORG)
MEMBER = ("github.org.membership", ORG)
USAGE = ("github.org.usage_metrics", ORG)
SEATS = ("github.org.seats", ORG)
TEAMS = ("github.teams.eligibility", ORG)
REPORT_28 = "/orgs/acme/copilot/metrics/reports/organization-28-day/latest"
REPORT_1 = "/orgs/acme/copilot/metrics/reports/organization-1-day"
SSO_URL = "https://github.com/orgs/acme/sso?authorization_request=AZSCKtL4U8yX1H3sCQIVnVgmjmon5fWxks5YrqhJgah0b2tlbl9pZM4EuMz4"


def test_healthy_org_passes_everything(fake):
    fake.org("acme")
    r = run(config(orgs=["acme"]))
    for key in (SSO, MEMBER, USAGE, SEATS, TEAMS, ("github.reports.download", "host:copilot-reports.github.com")):
        assert r[key].status is Status.PASS, (key, r[key].summary)
    assert "2026-06-09 to 2026-07-06" in r[USAGE].summary
    assert any(f"1-day report for {DAY} is available" in d for d in r[USAGE].details)
    assert not r.stats.repeated  # every URL fetched once (the 28-day report is shared by sso + usage)


# --------------------------------------------------------------------------- SSO


def test_sso_required_fails_with_the_exact_authorization_url_first(fake):
    fake.org("acme")
    fake.get(REPORT_28).respond(403, json=SSO_BODY, headers={"X-GitHub-SSO": f"required; url={SSO_URL}"})
    r = run(config(orgs=["acme"]))
    result = r[SSO]
    assert result.status is Status.FAIL
    assert "SAML single sign-on" in result.summary and "one hour" in result.summary
    assert result.remediation[0].url == SSO_URL
    assert "one hour" in result.remediation[0].text
    assert any("X-GitHub-SSO: required" in d for d in result.details)
    # Every other org check waits for SSO instead of repeating the same 403.
    for key in (MEMBER, USAGE, SEATS, TEAMS):
        assert r[key].status is Status.SKIP and "github.org.sso" in r[key].summary


def test_sso_required_on_the_org_itself(fake):
    fake.org("acme")
    fake.get("/orgs/acme").respond(403, json=SSO_BODY, headers={"X-GitHub-SSO": f"required; url={SSO_URL}"})
    result = run(config(orgs=["acme"]))[SSO]
    assert result.status is Status.FAIL and result.remediation[0].url == SSO_URL


def test_an_sso_link_to_another_host_is_not_offered(fake):
    # A proxy or a server that isn't GitHub chooses the header; its "authorize" link must not
    # become a trusted-looking link in the results and the exported reports.
    fake.org("acme")
    phish = "https://github-sso.evil.test/orgs/acme/sso?authorization_request=AAAA"
    fake.get(REPORT_28).respond(403, json=SSO_BODY, headers={"X-GitHub-SSO": f"required; url={phish}"})
    result = run(config(orgs=["acme"]))[SSO]
    assert result.status is Status.FAIL and "SAML single sign-on" in result.summary
    assert all("evil.test" not in link.url for link in result.remediation)
    assert "Configure SSO" in result.summary
    assert any("github-sso.evil.test, not to github.com" in d for d in result.details)


def test_unknown_org_fails_once_and_blocks_the_rest(fake):
    fake.get("/orgs/acmee").respond(404, json=NOT_FOUND)
    r = run(config(orgs=["acmee"]))
    result = r[("github.org.sso", "org:acmee")]
    assert result.status is Status.FAIL
    assert "can't find an organization called 'acmee'" in result.summary
    assert result.remediation[0].url == "https://github.com/settings/organizations"
    assert r[("github.org.usage_metrics", "org:acmee")].status is Status.SKIP


def test_bad_org_name_fails_without_network(router):
    FakeGitHub(router)
    r = run(config(orgs=["acme corp"]))
    result = r[("github.org.sso", "org:acme corp")]
    assert result.status is Status.FAIL
    assert result.summary == "'acme corp' has a space; GitHub org names can't contain spaces."
    assert not any("/orgs/" in url for _, url in r.stats.sent)


# --------------------------------------------------------------------------- membership


def test_member_role_warns(fake):
    fake.org("acme", role="member")
    result = run(config(orgs=["acme"]))[MEMBER]
    assert result.status is Status.WARN
    assert "a member (not an owner)" in result.summary
    assert result.remediation[0].url == "https://github.com/orgs/acme/people"


def test_pending_invitation_fails(fake):
    fake.org("acme")
    fake.get("/user/memberships/orgs/acme").respond(200, json=membership("acme", state="pending"))
    result = run(config(orgs=["acme"]))[MEMBER]
    assert result.status is Status.FAIL
    assert "hasn't accepted" in result.summary
    assert result.remediation[0].url == "https://github.com/orgs/acme/invitation"


def test_not_a_member_fails(fake):
    fake.org("acme")
    fake.get("/user/memberships/orgs/acme").respond(404, json=NOT_FOUND)
    result = run(config(orgs=["acme"]))[MEMBER]
    assert result.status is Status.FAIL and "isn't a member of acme" in result.summary


# --------------------------------------------------------------------------- usage reports


def test_policy_disabled_only_when_scope_and_role_are_right(fake):
    fake.org("acme")
    fake.get(REPORT_28).respond(403, json=FORBIDDEN)
    fake.get(REPORT_1).respond(403, json=FORBIDDEN)
    r = run(config(orgs=["acme"]))
    result = r[USAGE]
    assert result.status is Status.FAIL
    assert "'Copilot usage metrics' policy is turned off for acme" in result.summary
    assert result.remediation[0].url == "https://github.com/organizations/acme/settings/copilot/policies"
    assert result.inference is not None and "is an owner of acme" in result.inference.because
    assert any("HTTP 403" in d and 'GitHub said: "Forbidden"' in d for d in result.details)
    # No download probe: no link.
    skip = r[("github.reports.download", "host:copilot-reports.github.com")]
    assert skip.status is Status.SKIP and "No Copilot usage report produced a download link" in skip.summary


def test_missing_scope_is_named_instead_of_policy(router):
    fake = FakeGitHub(router, scopes="manage_billing:copilot")
    fake.org("acme")
    fake.get(REPORT_28).respond(403, json=FORBIDDEN, headers={"X-OAuth-Scopes": "manage_billing:copilot", "X-Accepted-OAuth-Scopes": "read:org"})
    result = run(config(orgs=["acme"]))[USAGE]
    assert result.status is Status.FAIL
    assert "missing the read:org scope" in result.summary
    assert "policy" not in result.summary
    assert result.remediation[0].url.startswith("https://github.com/settings/tokens/new?scopes=read:org")


def test_wrong_role_is_named_instead_of_policy(fake):
    fake.org("acme", role="member")
    fake.get(REPORT_28).respond(403, json=FORBIDDEN)
    result = run(config(orgs=["acme"]))[USAGE]
    assert result.status is Status.FAIL
    assert "a member (not an owner) of acme" in result.summary
    assert "View Organization Copilot Metrics" in result.summary
    assert "policy" not in result.summary
    assert result.remediation[0].url == "https://github.com/orgs/acme/people"


def test_fine_grained_token_names_the_missing_permission(router):
    fake = FakeGitHub(router, scopes=None)
    fake.org("acme")
    fake.get(REPORT_28).respond(403, json=FG_REFUSED, headers={"X-Accepted-GitHub-Permissions": "organization_copilot_metrics=read"})
    result = run(config(fg_token(), orgs=["acme"]))[USAGE]
    assert result.status is Status.FAIL
    assert "fine-grained token lacks" in result.summary
    assert "organization_copilot_metrics=read" in result.summary
    assert result.remediation[0].url == "https://github.com/settings/personal-access-tokens"


def test_one_day_report_204_warns_with_delay_and_first_date(fake):
    fake.org("acme")
    route = fake.get(REPORT_1).respond(204)
    r = run(config(orgs=["acme"]))
    result = r[USAGE]
    assert result.status is Status.WARN
    assert "isn't published yet" in result.summary
    assert route.calls[0].request.url.params["day"] == DAY
    line = next(d for d in result.details if "1-day report" in d)
    assert "HTTP 204" in line and "2–3 full UTC days" in line and "2025-12-12" in line
    # The 28-day report still produced a link, so the host is tested.
    assert r[("github.reports.download", "host:copilot-reports.github.com")].status is Status.PASS


def test_live_reports_404_explains_the_retired_legacy_api(fake):
    fake.org("acme")
    fake.get(REPORT_28).respond(404, json=NOT_FOUND)
    fake.get(REPORT_1).respond(404, json=NOT_FOUND)
    legacy = fake.get("/orgs/acme/copilot/metrics").respond(404, json=NOT_FOUND)
    result = run(config(orgs=["acme"]))[USAGE]
    assert result.status is Status.FAIL
    assert "no Copilot usage report for acme (HTTP 404)" in result.summary
    assert legacy.call_count == 1
    assert any("retired on 2026-04-02" in d and "/orgs/acme/copilot/metrics" in d for d in result.details)
    assert any(link.url.startswith("https://github.blog/changelog/2026-01-29") for link in result.remediation)


def test_report_404_for_a_member_names_the_role(fake):
    fake.org("acme", role="member")
    fake.get(REPORT_28).respond(404, json=NOT_FOUND)
    fake.get("/orgs/acme/copilot/metrics").respond(404, json=NOT_FOUND)
    result = run(config(orgs=["acme"]))[USAGE]
    assert result.status is Status.FAIL
    assert "not an owner" in result.summary
    assert any("retired" in d for d in result.details)


def test_report_before_org_reports_started(fake, monkeypatch):
    from datetime import UTC, datetime

    from aiusage_doctor.providers import github as gh

    monkeypatch.setattr(gh.common, "_now", lambda: datetime(2025, 12, 13, 9, 0, tzinfo=UTC))
    fake.org("acme")
    r = run(config(orgs=["acme"]))
    result = r[USAGE]
    assert result.status is Status.WARN
    assert any("2025-12-12" in d and "2025-12-15" in d for d in result.details)
    assert not any("organization-1-day" in url for _, url in r.stats.sent)


# --------------------------------------------------------------------------- seats


def test_no_seats_and_no_report_warns_as_a_possible_explanation(fake):
    fake.org("acme", seat_logins=[], teams={})
    fake.get("/orgs/acme/copilot/metrics/reports/organization-28-day/latest").respond(404, json=NOT_FOUND)
    r = run(config(orgs=["acme"]))
    result = r[SEATS]
    assert result.status is Status.WARN
    assert "No Copilot seats are assigned in acme itself" in result.summary
    assert "only if its members hold no Copilot seat anywhere else" in result.summary
    assert r[TEAMS].status is Status.SKIP


def test_no_copilot_plan_of_its_own_warns_when_no_report_either(fake):
    fake.org("acme")
    fake.get("/orgs/acme/copilot/billing/seats").respond(404, json=NOT_FOUND)
    fake.get("/orgs/acme/copilot/metrics/reports/organization-28-day/latest").respond(404, json=NOT_FOUND)
    result = run(config(orgs=["acme"]))[SEATS]
    assert result.status is Status.WARN
    assert "no Copilot Business or Enterprise subscription of acme's own" in result.summary


def test_seats_need_an_owner(fake):
    fake.org("acme", role="billing_manager")
    fake.get("/orgs/acme/copilot/billing/seats").respond(403, json=FORBIDDEN)
    result = run(config(orgs=["acme"]))[SEATS]
    assert result.status is Status.FAIL
    assert "billing manager" in result.summary and "owners" in result.summary


def test_seats_paginated_each_page_once(fake):
    fake.org("acme")
    logins = [f"dev{i}" for i in range(250)]
    pages = [[seat(x, i) for i, x in enumerate(logins[k:k + 100])] for k in (0, 100, 200)]
    calls = fake.paged("/orgs/acme/copilot/billing/seats", pages, key="seats", extra={"total_seats": 250})
    r = run(config(orgs=["acme"]))
    assert r[SEATS].status is Status.PASS and "250 Copilot seats" in r[SEATS].summary
    assert calls == {1: 1, 2: 1, 3: 1}
    assert any("3 page(s)" in d and "250 seat(s)" in d for d in r[SEATS].details)
    assert not r.stats.repeated


# --------------------------------------------------------------------------- teams


def test_small_teams_are_listed(fake):
    seats = [f"dev{i}" for i in range(10)]
    fake.org("acme", seat_logins=seats, teams={
        "platform": seats[:6],
        "design": ["dev1", "dev2", "outsider1", "outsider2", "outsider3", "outsider4"],
        "sales": ["rep1", "rep2"],
    })
    result = run(config(orgs=["acme"]))[TEAMS]
    assert result.status is Status.WARN
    assert "2 teams have fewer than 5 members with a Copilot seat" in result.summary
    assert any("design (2 of 6)" in d for d in result.details)
    assert any("sales" in d and "without any Copilot user" in d for d in result.details)
    assert not any("platform" in d and "left out" in d for d in result.details)
    assert result.remediation[0].url.endswith("team-level-metrics")


def test_teams_and_members_paginated_each_page_once(fake):
    seats = [f"dev{i}" for i in range(150)]
    fake.org("acme", seat_logins=seats, teams={})
    slugs = [f"team-{i}" for i in range(130)]
    team_calls = fake.paged("/orgs/acme/teams", [[team(s, i) for i, s in enumerate(slugs[:100])],
                                                 [team(s, 100 + i) for i, s in enumerate(slugs[100:])]])
    member_calls = {}
    for i, slug in enumerate(slugs):
        path = f"/orgs/acme/teams/{slug}/members"
        if i == 0:  # a big team over two pages
            member_calls[slug] = fake.paged(path, [[team_member(f"dev{j}") for j in range(100)],
                                                   [team_member(f"dev{j}") for j in range(100, 150)]])
        else:
            member_calls[slug] = fake.paged(path, [[team_member(f"dev{i}")]])
    r = run(config(orgs=["acme"]))
    result = r[TEAMS]
    assert team_calls == {1: 1, 2: 1}
    assert member_calls["team-0"] == {1: 1, 2: 1}
    assert all(calls == {1: 1} for slug, calls in member_calls.items() if slug != "team-0")
    assert not r.stats.repeated
    assert result.status is Status.WARN
    assert "129 teams have fewer than 5" in result.summary
    assert result.evidence["compared"] == 130


def test_teams_assigned_five_seats_need_no_member_listing(fake):
    seats = [f"dev{i}" for i in range(9)]
    fake.org("acme", seat_logins=seats, teams={"platform": seats[:6], "web": ["dev6", "dev7", "dev8"]})
    body = {"total_seats": 9, "seats": [
        seat(x, i) | {"assigning_team": team("platform", 1) if i < 6 else None} for i, x in enumerate(seats)
    ]}
    fake.get("/orgs/acme/copilot/billing/seats").respond(200, json=body)
    platform = fake.get("/orgs/acme/teams/platform/members").respond(200, json=[])
    web = fake.get("/orgs/acme/teams/web/members").respond(200, json=[team_member(x) for x in seats[6:]])
    result = run(config(orgs=["acme"]))[TEAMS]
    assert platform.call_count == 0 and web.call_count == 1
    assert result.status is Status.WARN
    assert "1 team has fewer than 5" in result.summary
    assert any("web (3 of 3)" in d for d in result.details)


def test_seats_being_cancelled_do_not_prove_team_size(fake):
    seats = [f"dev{i}" for i in range(6)]
    fake.org("acme", seat_logins=seats, teams={"platform": seats[:4]})
    body = {"total_seats": 6, "seats": [
        seat(x, i) | {"assigning_team": team("platform", 1), "pending_cancellation_date": "2026-08-01" if i >= 4 else None}
        for i, x in enumerate(seats)
    ]}
    fake.get("/orgs/acme/copilot/billing/seats").respond(200, json=body)
    members = fake.get("/orgs/acme/teams/platform/members").respond(200, json=[team_member(x) for x in seats[:4]])
    result = run(config(orgs=["acme"]))[TEAMS]
    assert members.call_count == 1
    assert result.status is Status.WARN and any("platform (4 of 4)" in d for d in result.details)


def test_enterprise_teams_are_not_counted(fake):
    seats = [f"dev{i}" for i in range(6)]
    fake.org("acme", seat_logins=seats, teams={"platform": seats})
    fake.get("/orgs/acme/teams").respond(200, json=[team("platform", 1), team("ent-all", 2, kind="enterprise")])
    result = run(config(orgs=["acme"]))[TEAMS]
    assert result.status is Status.PASS


def test_sso_partial_results_is_explained_but_not_a_block(fake):
    fake.org("acme")
    fake.get("/orgs/acme").respond(200, json={"login": "acme"}, headers={"X-GitHub-SSO": "partial-results; organizations=21955855"})
    result = run(config(orgs=["acme"]))[SSO]
    assert result.status is Status.PASS
    assert any("partial-results" in d and "left out data" in d for d in result.details)
