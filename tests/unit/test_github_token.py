"""GitHub token checks: format (offline), sign-in, scopes, rate limit.

Headers are GitHub's documented ones: `X-OAuth-Scopes`, `GitHub-Authentication-Token-Expiration`
(`2021-10-07 19:07:53 UTC` form), `x-ratelimit-remaining`/`x-ratelimit-reset`.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from aiusage_doctor.core.models import Status
from aiusage_doctor.core.tokens import TokenKind, make_fake_secret, make_github_token

from .test_github_helpers import (  # noqa: F401  (fixtures)
    API,
    BAD_CREDENTIALS,
    FakeGitHub,
    config,
    fake,
    fg_token,
    fixed_now,
    router,
    run,
)

TOKEN = ("github.token.format", "token")
AUTH = ("github.token.auth", "token")
SCOPES = ("github.token.scopes", "token")
RATE = ("github.api.rate_limit", "token")


def _broken_checksum() -> str:
    token = make_github_token()
    last = token[-1]
    return token[:-1] + ("A" if last != "A" else "B")


# ------------------------------------------------------------------------- format


def test_valid_classic_token_passes_format(fake):
    fake.org("acme")
    result = run(config(orgs=["acme"]))[TOKEN]
    assert result.status is Status.PASS
    assert "classic" in result.summary and "checksum OK" in result.summary


def test_checksum_mismatch_fails_and_nothing_is_sent(router):
    user = router.get(f"{API}/user").respond(200, json={"login": "x"})
    r = run(config(_broken_checksum(), orgs=["acme"]))
    result = r[TOKEN]
    assert result.status is Status.FAIL
    assert "checksum" in result.summary
    assert result.remediation[0].url.startswith("https://github.com/settings/tokens/new?scopes=read:org")
    assert user.call_count == 0 and r.stats.total == 0
    # Every dependent check says what it waited for.
    assert r[AUTH].status is Status.SKIP and "github.token.format" in r[AUTH].summary
    assert r[("github.org.usage_metrics", "org:acme")].status is Status.SKIP


def test_wrong_kinds_of_token_fail_without_network(router):
    for secret, words in (
        (make_github_token("ghr_"), "refresh token"),
        (make_fake_secret(TokenKind.CURSOR_KEY), "Cursor"),
        (make_fake_secret(TokenKind.ANTHROPIC_ADMIN), "Anthropic"),
    ):
        r = run(config(secret, orgs=["acme"]))
        assert r[TOKEN].status is Status.FAIL, secret[:4]
        assert words in r[TOKEN].summary
        assert r.stats.total == 0


def test_whitespace_and_quotes_are_trimmed_and_reported(fake):
    fake.org("acme")
    token = make_github_token()
    r = run(config(f'  "{token}"\n', orgs=["acme"]))
    result = r[TOKEN]
    assert result.status is Status.WARN
    assert "extra characters" in result.summary
    assert any("quotes" in d for d in result.details)
    # The cleaned token is what went to GitHub.
    assert fake.user_route.calls[0].request.headers["Authorization"] == f"Bearer {token}"
    assert r[AUTH].status is Status.PASS


def test_fine_grained_token_with_enterprise_warns(fake):
    fake.enterprise("bigco")
    result = run(config(fg_token(), enterprises=["bigco"]))[TOKEN]
    assert result.status is Status.WARN
    assert "fine-grained" in result.summary and "enterprise" in result.summary


# ------------------------------------------------------------------------- sign-in


def test_auth_shows_login_and_sets_facts(fake):
    fake.org("acme")
    r = run(config(orgs=["acme"]))
    result = r[AUTH]
    assert result.status is Status.PASS
    assert result.summary == "The token is valid: signed in as octocat."
    assert any("read:org" in d for d in result.details)


def test_bad_credentials_fails_with_token_settings_link(router):
    router.get(f"{API}/user").respond(401, json=BAD_CREDENTIALS)
    r = run(config(orgs=["acme"]))
    result = r[AUTH]
    assert result.status is Status.FAIL
    assert "401 Bad credentials" in result.summary and "revoked" in result.summary
    assert result.remediation[0].url == "https://github.com/settings/tokens"
    assert result.evidence["http"][0]["status"] == 401
    assert r[("github.org.sso", "org:acme")].status is Status.SKIP


def test_token_expiring_within_7_days_warns_with_date(router):
    FakeGitHub(router, expires="2026-07-14 09:30:00 UTC").org("acme")
    result = run(config(orgs=["acme"]))[AUTH]
    assert result.status is Status.WARN
    assert "2026-07-14" in result.summary and "in 3 days" in result.summary
    assert result.remediation[0].url == "https://github.com/settings/tokens"


def test_token_expiring_later_passes(router):
    FakeGitHub(router, expires="2026-12-31 00:00:00 UTC").org("acme")
    result = run(config(orgs=["acme"]))[AUTH]
    assert result.status is Status.PASS
    assert any("2026-12-31" in d for d in result.details)


def test_ghes_api_url_explains_copilot_lives_on_the_cloud(router):
    ghes = "https://github.example.com/api/v3"
    router.get(f"{ghes}/user").respond(200, json={"login": "mona"}, headers={"X-OAuth-Scopes": "read:org"})
    router.get(f"{ghes}/rate_limit").respond(404, json=NOT_FOUND_RATE)
    router.get(f"{ghes}/orgs/acme").respond(200, json={"login": "acme"})
    router.get(f"{ghes}/user/memberships/orgs/acme").respond(200, json={"role": "admin", "state": "active"})
    r = run(config(orgs=["acme"], api_url=ghes))
    auth = r[AUTH]
    assert auth.status is Status.WARN
    assert "Enterprise Server" in auth.summary and "cloud" in auth.summary
    usage = r[("github.org.usage_metrics", "org:acme")]
    assert usage.status is Status.FAIL and "Enterprise Server" in usage.summary
    assert r[RATE].status is Status.PASS  # rate limiting disabled on GHES
    # No Copilot endpoint was called on the server.
    assert not any("copilot" in url for _, url in r.stats.sent)


NOT_FOUND_RATE = {"message": "Rate limiting is not enabled.", "documentation_url": "https://docs.github.com/rest"}


# ------------------------------------------------------------------------- scopes


def test_missing_read_org_fails_with_prefilled_form(router):
    FakeGitHub(router, scopes="repo, manage_billing:copilot").org("acme")
    result = run(config(orgs=["acme"]))[SCOPES]
    assert result.status is Status.FAIL
    assert "read:org" in result.summary
    assert result.remediation[0].url == (
        "https://github.com/settings/tokens/new?scopes=read:org,manage_billing:copilot&description=AI%20Usage%20Doctor"
    )
    assert any("MISSING" in d for d in result.details)


def test_implied_scopes_count(router):
    FakeGitHub(router, scopes="admin:org, admin:enterprise").org("acme")
    result = run(config(orgs=["acme"], enterprises=[]))[SCOPES]
    assert result.status is Status.PASS
    assert any("read:org" in d and "Implied" in d for d in result.details)


def test_enterprise_needs_billing_or_enterprise_scope(router):
    fake = FakeGitHub(router, scopes="read:org")
    fake.enterprise("bigco")
    result = run(config(enterprises=["bigco"]))[SCOPES]
    assert result.status is Status.FAIL
    assert "manage_billing:copilot or read:enterprise" in result.summary
    assert "read:enterprise" in result.remediation[0].url


def test_fine_grained_token_at_enterprise_level_fails_scopes(router):
    fake = FakeGitHub(router, scopes=None)
    fake.enterprise("bigco")
    result = run(config(fg_token(), enterprises=["bigco"]))[SCOPES]
    assert result.status is Status.FAIL
    assert "fine-grained" in result.summary and "classic" in result.summary
    assert result.remediation[0].url.startswith("https://github.com/settings/tokens/new?scopes=")


def test_fine_grained_token_for_orgs_passes_with_explanation(router):
    FakeGitHub(router, scopes=None).org("acme")
    result = run(config(fg_token(), orgs=["acme"]))[SCOPES]
    assert result.status is Status.PASS
    assert any("Copilot metrics" in d for d in result.details)


def test_ghe_com_prefilled_form_uses_the_ghe_host(router):
    api = "https://api.octocorp.ghe.com"
    fake = FakeGitHub(router, api=api, scopes="repo")
    fake.org("acme")
    result = run(config(orgs=["acme"], api_url=api))[SCOPES]
    assert result.status is Status.FAIL
    assert result.remediation[0].url.startswith("https://octocorp.ghe.com/settings/tokens/new?scopes=read:org")


# ------------------------------------------------------------------------- rate limit


def test_low_rate_limit_warns_with_reset_time(fake):
    fake.org("acme")
    reset = int(datetime(2026, 7, 10, 12, 45, tzinfo=UTC).timestamp())
    fake.get("/rate_limit").respond(200, json={"resources": {"core": {"limit": 5000, "used": 4700, "remaining": 300, "reset": reset}}})
    result = run(config(orgs=["acme"]))[RATE]
    assert result.status is Status.WARN
    assert "300 of 5,000" in result.summary and "12:45 UTC" in result.summary
    assert result.remediation[0].url.endswith("rate-limits-for-the-rest-api")


@pytest.mark.parametrize("body", [
    {"resources": {"core": {"limit": 5000, "remaining": 4999, "reset": 10**14}}},
    {"resources": ["core"], "rate": {"limit": 5000, "remaining": 4999, "reset": 10**20}},
], ids=["reset-past-any-date", "resources-not-a-map"])
def test_a_rate_limit_answer_that_makes_no_sense_warns_instead_of_breaking(fake, body):
    fake.org("acme")
    fake.get("/rate_limit").respond(200, json=body)
    result = run(config(orgs=["acme"]))[RATE]
    assert result.status is Status.WARN
    assert "had no usable 'core' numbers" in result.summary


def test_rate_limited_beyond_the_check_timeout_is_an_error_naming_the_reset(router):
    reset = int(time.time()) + 3600
    router.get(f"{API}/user").respond(
        403,
        json={"message": "API rate limit exceeded for user ID 1.", "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"},
        headers={"x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0", "x-ratelimit-used": "5000",
                 "x-ratelimit-reset": str(reset), "x-ratelimit-resource": "core"},
    )
    r = run(config(orgs=["acme"], timeout=5))
    result = r[AUTH]
    assert result.status is Status.ERROR
    at = datetime.fromtimestamp(reset, UTC)
    assert f"until {at:%H:%M:%S} UTC" in result.summary
    assert "rate-limiting" in result.summary
    assert result.remediation
