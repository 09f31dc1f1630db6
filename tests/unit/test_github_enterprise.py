"""GitHub enterprise checks: enterprise lookup (GraphQL) and enterprise usage reports.

GraphQL answers follow GitHub's shapes: `{"data": {"enterprise": {...}}}`, and for an
unknown slug `{"data": {"enterprise": null}, "errors": [{"type": "NOT_FOUND", ...}]}`.
"""

from __future__ import annotations

import json

import pytest

from aiusage_doctor.core.models import Status

from .test_github_helpers import (  # noqa: F401  (fixtures)
    API,
    FG_REFUSED,
    FORBIDDEN,
    NOT_FOUND,
    SSO_BODY,
    FakeGitHub,
    config,
    fake,
    fg_token,
    fixed_now,
    report_28,
    enterprise_seats,
    router,
    run,
)

ENT = "enterprise:bigco"
ACCESS = ("github.enterprise.access", ENT)
USAGE = ("github.enterprise.usage_metrics", ENT)
SEATS = ("github.enterprise.seats", ENT)
SEATS_PATH = "/enterprises/bigco/copilot/billing/seats"
REPORT_28 = "/enterprises/bigco/copilot/metrics/reports/enterprise-28-day/latest"
REPORT_1 = "/enterprises/bigco/copilot/metrics/reports/enterprise-1-day"
NOT_FOUND_GQL = {
    "data": {"enterprise": None},
    "errors": [{"type": "NOT_FOUND", "path": ["enterprise"], "locations": [{"line": 1, "column": 29}],
                "message": "Could not resolve to an Enterprise with the slug of 'bigco'."}],
}


def test_enterprise_owner_with_reports_passes(fake):
    fake.enterprise("bigco")
    r = run(config(enterprises=["https://github.com/enterprises/bigco/settings"]))
    assert r[ACCESS].status is Status.PASS and "enterprise owner" in r[ACCESS].summary
    assert r[USAGE].status is Status.PASS and "2026-06-09 to 2026-07-06" in r[USAGE].summary
    sent = [key for key in r.stats.sent if key[0] == "POST"]
    assert sent == [("POST", f"{API}/graphql")]
    assert r[("github.reports.download", "host:copilot-reports.github.com")].status is Status.PASS


def test_graphql_query_asks_for_viewer_is_admin(fake):
    fake.enterprise("bigco")
    route = fake.r.post(f"{API}/graphql").respond(200, json={"data": {"enterprise": {"slug": "bigco", "name": "BigCo", "viewerIsAdmin": True}}})
    run(config(enterprises=["bigco"]))
    body = json.loads(route.calls[0].request.content)
    assert "viewerIsAdmin" in body["query"] and body["variables"] == {"slug": "bigco"}


def test_unknown_enterprise_fails_and_skips_reports(fake):
    fake.r.post(f"{API}/graphql").respond(200, json=NOT_FOUND_GQL)
    r = run(config(enterprises=["bigco"]))
    result = r[ACCESS]
    assert result.status is Status.FAIL
    assert "can't find enterprise 'bigco'" in result.summary
    assert result.remediation[0].url == "https://github.com/enterprises/bigco"
    assert any("Could not resolve to an Enterprise" in d for d in result.details)
    assert r[USAGE].status is Status.SKIP and "github.enterprise.access" in r[USAGE].summary


def test_fine_grained_token_at_enterprise_level_gets_the_specific_message(router):
    fake = FakeGitHub(router, scopes=None)
    fake.enterprise("bigco")
    fake.get(REPORT_28).respond(403, json=FG_REFUSED)
    fake.get(REPORT_1).respond(403, json=FG_REFUSED)
    r = run(config(fg_token(), enterprises=["bigco"]))
    assert r[ACCESS].status is Status.WARN
    result = r[USAGE]
    assert result.status is Status.FAIL
    assert result.summary.startswith("Fine-grained personal access tokens can't read enterprise-level Copilot reports")
    assert "policy" not in result.summary
    assert result.remediation[0].url.startswith("https://github.com/settings/tokens/new?scopes=")


def test_policy_disabled_when_owner_with_right_scope(fake):
    fake.enterprise("bigco")
    fake.get(REPORT_28).respond(403, json=FORBIDDEN)
    result = run(config(enterprises=["bigco"]))[USAGE]
    assert result.status is Status.FAIL
    assert "'Enabled everywhere'" in result.summary and "AI Controls → Copilot → Metrics" in result.summary
    assert result.remediation[0].url == "https://github.com/enterprises/bigco"
    # An inference, labelled as one: why, and what else could cause the same 403.
    assert result.inference is not None and "is an enterprise owner" in result.inference.because
    assert result.inference.alternatives


@pytest.mark.parametrize(("path", "check", "noun"), [(REPORT_28, USAGE, "Copilot reports"),
                                                     (SEATS_PATH, SEATS, "Copilot seats")])
def test_missing_scope_named_before_policy(router, path, check, noun):
    fake = FakeGitHub(router, scopes="read:org, repo")
    fake.enterprise("bigco")
    fake.get(path).respond(403, json=FORBIDDEN)
    result = run(config(enterprises=["bigco"]))[check]
    assert result.status is Status.FAIL
    assert "missing the manage_billing:copilot or read:enterprise scope" in result.summary
    assert noun in result.summary and "policy" not in result.summary
    assert "/settings/tokens/new?scopes=" in result.remediation[0].url


def test_not_an_owner_nor_billing_manager_named_before_policy(fake):
    fake.enterprise("bigco", admin=False)
    fake.get(REPORT_28).respond(403, json=FORBIDDEN)
    fake.get(SEATS_PATH).respond(403, json=FORBIDDEN)
    r = run(config(enterprises=["bigco"]))
    assert r[ACCESS].status is Status.WARN and "isn't an enterprise owner" in r[ACCESS].summary
    result = r[USAGE]
    assert result.status is Status.FAIL
    assert "neither an owner nor a billing manager of enterprise bigco" in result.summary
    assert "View Enterprise Copilot Metrics" in result.summary
    # The policy stays on the list, second, with its own link.
    assert result.inference is not None
    assert "policy" in result.inference.alternatives[0].cause


def test_enterprise_sso_required(fake):
    fake.enterprise("bigco")
    url = "https://github.com/enterprises/bigco/sso?authorization_request=A1B2C3"
    fake.get(REPORT_28).respond(403, json=SSO_BODY, headers={"X-GitHub-SSO": f"required; url={url}"})
    result = run(config(enterprises=["bigco"]))[USAGE]
    assert result.status is Status.FAIL
    assert result.remediation[0].url == url and "one hour" in result.summary


def test_reports_404_with_legacy_404_says_retired(fake):
    fake.enterprise("bigco")
    fake.get(REPORT_28).respond(404, json=NOT_FOUND)
    fake.get(REPORT_1).respond(404, json=NOT_FOUND)
    fake.get("/enterprises/bigco/copilot/metrics").respond(404, json=NOT_FOUND)
    result = run(config(enterprises=["bigco"]))[USAGE]
    assert result.status is Status.FAIL
    assert "no Copilot usage report for enterprise bigco" in result.summary
    assert any("also answers 404" in d and "retired on 2026-04-02" in d for d in result.details)


def test_one_day_report_missing_warns(fake):
    fake.enterprise("bigco")
    fake.get(REPORT_1).respond(404, json=NOT_FOUND)
    result = run(config(enterprises=["bigco"]))[USAGE]
    assert result.status is Status.WARN
    assert any("2026-07-07" in d and "2025-10-10" in d for d in result.details)


def test_ghes_enterprise_explained_without_requests(router):
    ghes = "https://github.example.com/api/v3"
    router.get(f"{ghes}/user").respond(200, json={"login": "mona"}, headers={"X-OAuth-Scopes": "read:enterprise"})
    router.get(f"{ghes}/rate_limit").respond(200, json={"resources": {"core": {"limit": 5000, "remaining": 5000, "reset": 1, "used": 0}}})
    r = run(config(enterprises=["bigco"], api_url=ghes))
    result = r[ACCESS]
    assert result.status is Status.FAIL
    assert "GitHub Enterprise Server" in result.summary and "linked cloud account" in result.summary
    assert not any(method == "POST" for method, _ in r.stats.sent)


def test_ghe_com_links_and_report_host(router):
    api = "https://api.octocorp.ghe.com"
    fake = FakeGitHub(router, api=api)
    fake.r.post(f"{api}/graphql").respond(200, json=NOT_FOUND_GQL)
    r = run(config(enterprises=["bigco"], api_url=api))
    assert r[ACCESS].remediation[0].url == "https://octocorp.ghe.com/enterprises/bigco"
    skip = r[("github.reports.download", "host:copilot-reports.octocorp.ghe.com")]
    assert skip.status is Status.SKIP


def test_report_links_stored_without_leaking_signatures_into_evidence(fake):
    fake.enterprise("bigco")
    fake.get(REPORT_28).respond(200, json=report_28())
    r = run(config(enterprises=["bigco"]))
    text = json.dumps([res.model_dump(mode="json") for res in r.results])
    assert "s3cr3tsig" not in text


# ------------------------------------------------------------------------------ seats


def test_enterprise_seats_are_counted_from_one_small_page(fake):
    fake.enterprise("bigco")
    r = run(config(enterprises=["bigco"]))
    result = r[SEATS]
    assert result.status is Status.PASS
    assert result.summary == "Enterprise bigco has 42 Copilot seat holders."
    seat_calls = [key for key in r.stats.sent if SEATS_PATH in key[1]]
    assert len(seat_calls) == 1 and "per_page=1" in seat_calls[0][1]


def test_an_enterprise_without_seats_is_why_there_is_no_data(fake):
    fake.enterprise("bigco")
    fake.get(SEATS_PATH).respond(200, json=enterprise_seats(0))
    result = run(config(enterprises=["bigco"]))[SEATS]
    assert result.status is Status.WARN
    assert "No Copilot seats are assigned anywhere in enterprise bigco" in result.summary
    assert any("managing-access-for-copilot" in link.url for link in result.remediation)


def test_fine_grained_token_is_refused_enterprise_seats_with_the_specific_message(router):
    fake = FakeGitHub(router, scopes=None)
    fake.enterprise("bigco")
    fake.get(SEATS_PATH).respond(403, json=FG_REFUSED)
    result = run(config(fg_token(), enterprises=["bigco"]))[SEATS]
    assert result.status is Status.FAIL
    assert result.summary.startswith("Fine-grained personal access tokens can't read enterprise-level Copilot seats")


def test_a_non_owner_is_told_seats_need_an_owner_or_billing_manager_not_a_policy(fake):
    fake.enterprise("bigco", admin=False)
    fake.get(SEATS_PATH).respond(403, json=FORBIDDEN)
    result = run(config(enterprises=["bigco"]))[SEATS]
    assert result.status is Status.FAIL
    assert "octocat isn't an owner" in result.summary and "policy" not in result.summary
    assert result.remediation[0].url == "https://github.com/enterprises/bigco"


def test_no_enterprise_seat_list_is_a_warning_naming_the_subscription(fake):
    fake.enterprise("bigco")
    fake.get(SEATS_PATH).respond(404, json=NOT_FOUND)
    result = run(config(enterprises=["bigco"]))[SEATS]
    assert result.status is Status.WARN
    assert "no Copilot Business or Enterprise subscription" in result.summary
