"""What people paste: tokens with debris around them, broken tokens, a secret in the wrong
field, odd org names and base URLs. Each must get one clear sentence, and nothing that
can't be valid may reach the network.

The runner runs with a transport that records every request (and answers 401), so
"nothing was sent" is counted, not assumed. The CLI runs in process with the API base
URLs on a closed loopback port, so even a regression could not reach a real host.
"""

from __future__ import annotations

import asyncio
import base64
import json
import socket

import httpx
import pytest
from pydantic import SecretStr

from aiusage_doctor.cli import UsageError, _build_parser, build_config, main
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.http import BadBaseUrl, normalize_base_url
from aiusage_doctor.core.models import CheckResult, Status
from aiusage_doctor.core.runner import Runner
from aiusage_doctor.core.tokens import TokenKind, make_fake_secret, make_github_token
from aiusage_doctor.providers.registry import all_providers

from .conftest import leaks

from .corpus import CASES, CORPUS, FIELD, FORMAT_CHECK, KIND, PROVIDERS, Paste, _secret



@pytest.fixture(autouse=True)
def fresh_registry():
    """The redaction registry is process-wide; each case starts from what it registers itself
    (earlier pastes must not change later output)."""
    from aiusage_doctor.core.redact import REGISTRY

    REGISTRY.clear()
    yield
    REGISTRY.clear()


def _ids(cases):
    return [f"{p.name}-{prov}" for p, prov in cases]


class Recorder:
    """A transport that records what would have been sent and answers 401 to everything
    (or, with `signed_in`, 200 to GitHub's /user and 404 to the rest)."""

    def __init__(self, signed_in: bool = False) -> None:
        self.requests: list[httpx.Request] = []
        self.signed_in = signed_in
        self.transport = httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.signed_in:
            if request.url.path == "/user":
                return httpx.Response(200, json={"login": "octo"}, headers={"x-oauth-scopes": "read:org"})
            return httpx.Response(404, json={"message": "Not Found"})
        return httpx.Response(401, json={"message": "Bad credentials"})


def _config(provider: str, raw: str, **extra) -> RunConfig:
    section = {FIELD[provider]: SecretStr(raw), **extra}
    return RunConfig(providers=[provider], timeout=5, **{provider: section})


def _run(config: RunConfig, provider: str, signed_in: bool = False) -> tuple[list[CheckResult], Recorder]:
    rec = Recorder(signed_in)
    prov = next(p for p in all_providers() if p.name == provider)
    results = asyncio.run(Runner(config, providers=[prov], transport=rec.transport).run())
    return results, rec


def _credential(request: httpx.Request, provider: str) -> str:
    if provider == "github":
        return request.headers["authorization"].removeprefix("Bearer ")
    if provider == "cursor":
        return base64.b64decode(request.headers["authorization"].removeprefix("Basic ")).decode().rstrip(":")
    return request.headers["x-api-key"]


def _phrase(paste: Paste, provider: str) -> str:
    return paste.phrase(provider) if callable(paste.phrase) else paste.phrase


@pytest.mark.parametrize(("paste", "provider"), CASES, ids=_ids(CASES))
def test_each_paste_gets_a_clear_verdict_and_only_a_possible_secret_is_sent(paste, provider):
    good = _secret(KIND[provider])
    raw = paste.make(good, provider)
    results, rec = _run(_config(provider, raw), provider)
    fmt = next(r for r in results if r.id == FORMAT_CHECK[provider])
    shown = f"{fmt.status.value}: {fmt.summary}"
    assert _phrase(paste, provider) in fmt.summary.lower(), shown
    assert "\n" not in fmt.summary and len(fmt.summary) < 400 and fmt.summary.rstrip().endswith((".", ")")), shown
    everything = json.dumps([r.model_dump(mode="json") for r in results], ensure_ascii=False)
    assert not leaks(everything, [good]), f"the pasted secret shows up in the results: {shown}"

    if paste.outcome == "blocked":
        assert fmt.status is Status.FAIL, shown
        assert rec.requests == [], f"{len(rec.requests)} request(s) sent for a secret that can't be valid"
        assert fmt.remediation
    elif paste.outcome == "skip":
        assert fmt.status is Status.SKIP and rec.requests == []
    else:
        assert fmt.status is Status.WARN, shown
        assert rec.requests, "a usable secret was not tried"
        assert {_credential(r, provider) for r in rec.requests} == {good}, "the debris was sent along"


# ------------------------------------------------------------------------------ the CLI


@pytest.fixture
def closed_port():
    """A loopback port nothing listens on: where the CLI's API URLs point in these tests."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    yield sock.getsockname()[1]
    sock.close()


CLI_PASTES = [p for p in CORPUS if p.providers == PROVIDERS and p.outcome != "skip" and "1 MB" not in p.name]


@pytest.mark.parametrize("paste", CLI_PASTES, ids=[p.name for p in CLI_PASTES])
def test_the_cli_report_says_the_same_and_sends_nothing_it_can_not_use(paste, closed_port, monkeypatch, capsys):
    goods = {p: _secret(KIND[p]) for p in PROVIDERS}
    for provider, var in (("github", "AIUSAGE_GITHUB_TOKEN"), ("cursor", "AIUSAGE_CURSOR_API_KEY"),
                          ("anthropic", "AIUSAGE_ANTHROPIC_ADMIN_KEY")):
        monkeypatch.setenv(var, paste.make(goods[provider], provider))
    base = f"http://127.0.0.1:{closed_port}"
    code = main(["check", "--format", "json", "--timeout", "3",  # room for a busy machine; more would only add refused retries
                 "--github-api-url", base, "--cursor-api-url", base, "--anthropic-api-url", base])
    out, err = capsys.readouterr()
    assert code == 1
    report = json.loads(out)
    for provider in PROVIDERS:
        fmt = next(c for c in report["checks"] if c["id"] == FORMAT_CHECK[provider])
        assert _phrase(paste, provider) in fmt["summary"].lower(), fmt["summary"]
        reached = [c for c in report["checks"] if c["provider"] == provider and "refused the connection" in c["summary"]]
        if paste.outcome == "blocked":
            assert fmt["status"] == "fail"
            assert not reached, f"{provider}: a secret that can't be valid was sent"
        else:
            assert fmt["status"] == "warn" and reached, f"{provider}: a usable secret was not tried"
    assert not leaks(out + err, goods)


@pytest.mark.parametrize("paste", [p for p in CORPUS if "1 MB" in p.name], ids=lambda p: p.name)
def test_the_cli_refuses_a_pasted_file_in_a_secret_variable(paste, monkeypatch, capsys):
    token = make_github_token()
    monkeypatch.setenv("AIUSAGE_GITHUB_TOKEN", paste.make(token, "github"))
    assert main(["check", "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "AIUSAGE_GITHUB_TOKEN is 1,000," in err and "far longer than any token" in err
    assert len(err.strip().splitlines()) == 1 and len(err) < 300
    assert not leaks(err, [token])


def test_help_texts_keep_public_prefixes_after_a_paste_with_debris():
    from aiusage_doctor.core.redact import REGISTRY

    REGISTRY.clear()
    key = make_fake_secret(TokenKind.ANTHROPIC_API)  # its verdict names both public prefixes
    results, rec = _run(_config("anthropic", f'"{key}"'), "anthropic")
    fmt = next(r for r in results if r.id == "anthropic.key.format")
    assert fmt.status is Status.FAIL and rec.requests == []
    assert "(sk-ant-api03-)" in fmt.summary and "[redacted]" not in fmt.summary, fmt.summary


def test_a_quoted_fine_grained_token_still_gives_a_valid_json_report(monkeypatch, capsys):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    try:
        token = make_fake_secret(TokenKind.GITHUB_FINE_GRAINED)
        monkeypatch.setenv("AIUSAGE_GITHUB_TOKEN", '"' + token + '"')
        main(["check", "--provider", "github", "--format", "json", "--timeout", "3",
              "--github-api-url", f"http://127.0.0.1:{sock.getsockname()[1]}"])
    finally:
        sock.close()
    out = capsys.readouterr().out
    checks = {c["id"]: c for c in json.loads(out)["checks"]}
    # The quotes are named as the only problem with the token, and the token is still tried.
    assert checks["github.token.format"]["status"] == "warn"
    assert "removed surrounding quotes" in checks["github.token.format"]["summary"]
    assert "refused the connection" in checks["github.token.auth"]["summary"]
    assert token not in out and token[-12:] not in out


def test_a_pasted_file_is_not_registered_as_a_secret():
    """A 1 MB paste is longer than any credential: redaction does not search every output
    line for it (which would make each log line cost a megabyte's scan)."""
    import random

    from aiusage_doctor.core.redact import REGISTRY, redact

    junk = base64.b64encode(random.Random(7).randbytes(750_000)).decode()  # 1 MB of pasted noise
    REGISTRY.clear()
    REGISTRY.add(junk, junk[:60])  # the short one is a credential-sized value: registered
    try:
        assert junk not in REGISTRY and junk[:60] in REGISTRY and len(REGISTRY) == 1
        line = "The token is valid: signed in as octo-admin."
        assert redact(line) == line
        assert junk[:60] not in redact("echoed: " + junk[:60])
    finally:
        REGISTRY.clear()


# ------------------------------------------------------------------------- org and enterprise names


def _args(*argv: str):
    return _build_parser().parse_args(["check", *argv])


@pytest.mark.parametrize(("raw", "name"), [
    ("ACME", "acme"), ("@acme", "acme"), (" @Acme-Labs ", "acme-labs"),
    ("https://github.com/orgs/acme/people", "acme"), ("github.com/acme", "acme"),
    ("https://github.com/organizations/acme/settings/copilot", "acme"), ("\u200bacme\u200b", "acme"),
])
def test_org_names_are_taken_in_any_pasted_form(raw, name):
    assert build_config(_args("--github-org", raw), env={}).github.orgs == [name]


@pytest.mark.parametrize(("raw", "message"), [
    ("acme corp", "has a space"),
    ("acme\ncorp", "has a space"),
    ("acme_corp", "may only contain letters, digits and single hyphens"),
    ("-acme", "starts or ends with a hyphen"),
    ("acme--labs", "two hyphens in a row"),
    ("a" * 40, "at most 39"),
    ("https://github.com/enterprises/acme", "is an enterprise's address"),
    ("https://github.com/settings/tokens", "is not an organization address"),
])
def test_bad_org_names_are_a_one_line_usage_error(raw, message, capsys):
    with pytest.raises(UsageError, match=message):
        build_config(_args(f"--github-org={raw}"), env={})
    assert main(["check", f"--github-org={raw}"]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("raw", "slug"), [("ACME-Corp", "acme-corp"), ("@acme-corp", "acme-corp"),
                                           ("https://github.com/enterprises/acme-corp/settings", "acme-corp")])
def test_enterprise_slugs_are_taken_in_any_pasted_form(raw, slug):
    assert build_config(_args("--github-enterprise", raw), env={}).github.enterprises == [slug]


def test_a_bad_org_that_reaches_the_planner_is_explained_and_never_requested():
    """The app may hand the planner what was typed: the org's checks fail with the reason,
    and no request names it."""
    token = make_github_token()
    config = RunConfig(providers=["github"], github={"token": SecretStr(token), "orgs": ["acme corp", "acme"]})
    results, rec = _run(config, "github", signed_in=True)
    sso = next(r for r in results if r.id == "github.org.sso" and r.target == "org:acme corp")
    assert sso.status is Status.FAIL and "has a space" in sso.summary
    assert "Nothing was sent to GitHub" in " ".join(sso.details)
    assert not [r for r in rec.requests if "acme corp" in str(r.url) or "acme%20corp" in str(r.url)]


# ------------------------------------------------------------------------------ base URLs


@pytest.mark.parametrize(("raw", "message"), [
    ("api.github.com", "has no scheme; did you mean 'https://api.github.com'"),
    ("http://api.github.com", "only https:// is allowed"),
    ("http://10.0.0.5/api/v3", "only https:// is allowed"),
    ("ftp://api.github.com", "must start with https://"),
    ("https://user:pw@api.github.com", "must not contain a user name or password"),
    ("https://api.github.com/?x=1", "must not contain '?' or '#'"),
    ("https://[", "is not a valid web address"),
    ("https://api.github.com:99999", "is not a valid web address"),
    ("https://api.github.com:abc", "is not a valid web address"),
    ("https://api.git hub.com", "a space or an invisible character"),
    ("https://api.git\u200bhub.com", "a space or an invisible character"),
    ("   ", "is empty"),
])
def test_unusable_base_urls_are_refused_before_anything_is_sent(raw, message, capsys):
    with pytest.raises(BadBaseUrl, match=message.replace("?", r"\?").replace("(", r"\(")):
        normalize_base_url(raw)
    assert main(["check", "--github-api-url", raw]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and "error:" in err


@pytest.mark.parametrize(("raw", "expected"), [
    ("https://api.github.com/", "https://api.github.com"),
    ("'https://api.github.com'", "https://api.github.com"),
    ("https://ghes.example.com/api/v3/", "https://ghes.example.com/api/v3"),
    ("http://127.0.0.1:8080/github", "http://127.0.0.1:8080/github"),
    ("http://localhost:9/x", "http://localhost:9/x"),
])
def test_usable_base_urls_are_normalised(raw, expected):
    assert normalize_base_url(raw) == expected


def test_plain_http_to_a_real_host_is_refused_even_past_the_cli():
    """If an http:// base URL reaches the runner anyway, the adapter refuses to send the token."""
    config = _config("cursor", make_fake_secret(TokenKind.CURSOR_KEY), api_url="http://api.cursor.com")
    results, rec = _run(config, "cursor")
    auth = next(r for r in results if r.id == "cursor.key.auth")
    assert auth.status is Status.ERROR and "credentials would travel unencrypted" in auth.summary
    assert rec.requests == []


def test_a_web_address_as_the_github_api_url_is_mapped_to_the_api():
    config = _config("github", make_github_token(), api_url="https://github.com/orgs/acme")
    _, rec = _run(config, "github")
    assert rec.requests and rec.requests[0].url.host == "api.github.com" and rec.requests[0].url.path == "/user"


def test_a_base_url_with_a_wrong_path_is_named_as_the_likely_cause():
    config = _config("cursor", make_fake_secret(TokenKind.CURSOR_KEY), api_url="https://api.cursor.com/v1")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"error": "Not Found", "message": "Not Found"})

    prov = next(p for p in all_providers() if p.name == "cursor")
    results = asyncio.run(Runner(config, providers=[prov], transport=httpx.MockTransport(handler)).run())
    auth = next(r for r in results if r.id == "cursor.key.auth")
    assert auth.status is Status.FAIL
    assert "base URL (https://api.cursor.com/v1) is probably wrong" in auth.summary


def test_a_github_enterprise_server_url_is_recognised_and_its_copilot_checks_send_nothing():
    token = make_github_token()
    config = RunConfig(providers=["github"], github={
        "token": SecretStr(token), "orgs": ["acme"], "api_url": "https://ghes.example.com/api/v3"})
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/api/v3/user":
            return httpx.Response(200, json={"login": "octo"}, headers={"x-oauth-scopes": "read:org"})
        if request.url.path == "/api/v3/orgs/acme":
            return httpx.Response(200, json={"login": "acme"})
        return httpx.Response(404, json={"message": "Not Found"})

    prov = next(p for p in all_providers() if p.name == "github")
    results = asyncio.run(Runner(config, providers=[prov], transport=httpx.MockTransport(handler)).run())
    auth = next(r for r in results if r.id == "github.token.auth")
    usage = next(r for r in results if r.id == "github.org.usage_metrics")
    assert auth.status is Status.WARN and "GitHub Enterprise Server" in auth.summary
    assert usage.status is Status.FAIL and "is a GitHub Enterprise Server" in usage.summary
    assert all(r.url.host == "ghes.example.com" for r in seen)
    assert not [r for r in seen if "/copilot/" in r.url.path], "Copilot endpoints asked on a GHES host"
