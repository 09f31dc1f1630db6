"""GitHub discovery (GET /user/orgs), scale (200 orgs), and the report-download probe.

`/user/orgs` pages carry GitHub's `Link` header; SSO-filtered listings carry
`X-GitHub-SSO: partial-results; organizations=…`; fine-grained tokens get `200 []`.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from aiusage_doctor.core.http import HttpClient, HttpSettings
from aiusage_doctor.core.models import Status
from aiusage_doctor.core.tokens import make_github_token
from aiusage_doctor.providers import github as gh

from .test_github_helpers import (  # noqa: F401  (fixtures)
    API,
    BAD_CREDENTIALS,
    FORBIDDEN,
    REPORT_HOST,
    FakeGitHub,
    config,
    fake,
    fg_token,
    fixed_now,
    org_simple,
    report_28,
    router,
    run,
)

DISCOVER = ("github.orgs.discover", "token")
DOWNLOAD = ("github.reports.download", f"host:{REPORT_HOST}")


# --------------------------------------------------------------------------- discovery


def test_discovery_over_pages_schedules_checks_for_each_org(fake):
    names = [f"org-{i:03d}" for i in range(230)]
    fake.many_orgs(names)
    calls = fake.paged("/user/orgs", [[org_simple(n, i) for i, n in enumerate(names[k:k + 100])] for k in (0, 100, 200)])
    r = run(config())
    result = r[DISCOVER]
    assert result.status is Status.PASS
    assert result.summary.startswith("Found 230 organizations this token can see: org-000, org-001")
    assert calls == {1: 1, 2: 1, 3: 1}
    for name in names:
        for check in ("github.org.sso", "github.org.membership", "github.org.usage_metrics",
                      "github.org.seats", "github.teams.eligibility"):
            assert r[(check, f"org:{name}")].status is Status.PASS, (check, name)
    # One download probe for the shared report host, and nothing fetched twice.
    assert r[DOWNLOAD].status is Status.PASS
    assert not r.stats.repeated
    # Report order: discovery before the per-org checks, orgs in discovery order.
    targets = [res.target for res in r.results if res.id == "github.org.sso"]
    assert targets == [f"org:{n}" for n in names]


def test_discovery_with_sso_partial_results_warns(fake):
    fake.org("acme")
    fake.get("/user/orgs").respond(200, json=[org_simple("acme")],
                                   headers={"X-GitHub-SSO": "partial-results; organizations=21955855,20582480"})
    r = run(config())
    result = r[DISCOVER]
    assert result.status is Status.WARN
    assert "hidden until the token is authorized for their SAML single sign-on" in result.summary
    assert any("21955855, 20582480" in d for d in result.details)
    assert result.remediation[0].url.endswith("authorizing-a-personal-access-token-for-use-with-saml-single-sign-on")
    assert r[("github.org.usage_metrics", "org:acme")].status is Status.PASS


def test_fine_grained_token_lists_no_orgs(router):
    fake = FakeGitHub(router, scopes=None)
    fake.get("/user/orgs").respond(200, json=[])
    r = run(config(fg_token()))
    result = r[DISCOVER]
    assert result.status is Status.FAIL
    assert "Fine-grained tokens can't list your organizations" in result.summary
    assert result.remediation[0].url == "https://github.com/settings/organizations"
    # No org checks; the download row says why it couldn't run.
    assert not any(res.target.startswith("org:") for res in r.results)
    assert r[DOWNLOAD].status is Status.SKIP


def test_discovery_refused_names_read_org(router):
    fake = FakeGitHub(router, scopes="repo")
    fake.get("/user/orgs").respond(403, json=FORBIDDEN, headers={"X-OAuth-Scopes": "repo", "X-Accepted-OAuth-Scopes": "read:org, user"})
    result = run(config())[DISCOVER]
    assert result.status is Status.FAIL and "read:org" in result.summary
    assert "read:org" in result.remediation[0].url


def test_discover_orgs_helper_for_the_gui(router):
    fake = FakeGitHub(router)
    fake.paged("/user/orgs", [[org_simple("Acme"), org_simple("beta", 2)], [org_simple("gamma", 3)]])

    async def go():
        async with HttpClient(HttpSettings()) as http:
            return await gh.discover_orgs(http, config())

    assert asyncio.run(go()) == ["acme", "beta", "gamma"]


def test_discover_orgs_helper_raises_plain_errors(router):
    router.get(f"{API}/user/orgs").respond(401, json=BAD_CREDENTIALS)

    async def go(cfg):
        async with HttpClient(HttpSettings()) as http:
            return await gh.discover_orgs(http, cfg)

    with pytest.raises(gh.DiscoveryError, match="401 Bad credentials"):
        asyncio.run(go(config()))
    token = make_github_token()
    typo = token[:-1] + ("0" if token[-1] != "0" else "1")  # always a different last character
    with pytest.raises(gh.DiscoveryError, match="checksum"):
        asyncio.run(go(config(typo)))


# --------------------------------------------------------------------------- scale


def test_200_orgs_run_concurrently_within_the_per_host_cap(fake):
    names = [f"org-{i:03d}" for i in range(200)]
    gauge = fake.many_orgs(names, delay=0.002)
    cfg = config(orgs=names)
    r = run(cfg)
    for name in names:
        for check in ("github.org.sso", "github.org.membership", "github.org.usage_metrics",
                      "github.org.seats", "github.teams.eligibility"):
            assert r[(check, f"org:{name}")].status is Status.PASS, (check, name)
    # Requests overlapped (checks of different orgs run at once) but never beyond the cap.
    assert 1 < gauge["peak"] <= cfg.concurrency
    assert not r.stats.repeated
    # sso + usage share the 28-day report; usage + membership share nothing else twice.
    assert r.stats.memo_hits >= 200


# --------------------------------------------------------------------------- download probe


def test_unreachable_report_host_fails_naming_the_host(fake):
    fake.org("acme")
    fake.download_route.mock(side_effect=httpx.ConnectError("[Errno 111] Connection refused"))
    r = run(config(orgs=["acme"]), fast_retries=True)
    result = r[DOWNLOAD]
    assert result.status is Status.FAIL
    assert f"can't reach the Copilot report download host {REPORT_HOST}" in result.summary
    assert "*.b01.azurefd.net" in result.summary
    assert r[("github.org.usage_metrics", "org:acme")].status is Status.PASS
    assert "sig=" not in str(result.evidence) and "sig=" not in " ".join(result.details)


def test_download_sends_no_token_and_reads_only_the_start(fake):
    fake.org("acme")
    r = run(config(orgs=["acme"]))
    assert r[DOWNLOAD].status is Status.PASS
    request = fake.download_route.calls[0].request
    assert "authorization" not in {k.lower() for k in request.headers}
    assert "only the first 4096 bytes" in r[DOWNLOAD].summary


def test_proxy_block_page_on_the_report_host_fails(fake):
    fake.org("acme")
    fake.download_route.respond(
        403, html="<html><head><title>Access Denied</title></head><body>Blocked by policy</body></html>")
    result = run(config(orgs=["acme"]))[DOWNLOAD]
    assert result.status is Status.FAIL
    assert "proxy or firewall block page" in result.summary


def test_each_report_host_is_probed_once(fake):
    azure = "copilot-reports-production-eus.b01.azurefd.net"
    fake.org("acme")
    fake.org("beta")
    fake.get("/orgs/beta/copilot/metrics/reports/organization-28-day/latest").respond(
        200, json=report_28([f"https://{azure}/reports/beta.ndjson?sv=2024&sig=x"]))
    fake.get("/orgs/beta/copilot/metrics/reports/organization-1-day").respond(204)
    azure_route = fake.r.get(url__regex=rf"https://{azure}/.*").respond(200, content=b"{}\n")
    r = run(config(orgs=["acme", "beta"]))
    assert r[DOWNLOAD].status is Status.PASS
    assert r[("github.reports.download", f"host:{azure}")].status is Status.PASS
    assert azure_route.call_count == 1 and fake.download_route.call_count == 1


def test_discover_orgs_helper_explains_fine_grained_tokens(router):
    FakeGitHub(router, scopes=None).get("/user/orgs").respond(200, json=[])

    async def go():
        async with HttpClient(HttpSettings()) as http:
            return await gh.discover_orgs(http, config(fg_token()))

    with pytest.raises(gh.DiscoveryError, match="Fine-grained tokens can't list"):
        asyncio.run(go())
