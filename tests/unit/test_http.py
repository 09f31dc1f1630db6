"""The HTTP adapter: every failure class ends in a cause an admin can act on."""

from __future__ import annotations

import asyncio
import socket
import ssl

import httpx
import pytest
import respx

from aiusage_doctor.core.http import (
    BadBaseUrl,
    FailureKind,
    HttpClient,
    HttpFailure,
    HttpSettings,
    check_deadline,
    normalize_base_url,
)

API = "https://api.github.com"


def run(coro):
    return asyncio.run(coro)


async def fetch(url: str = f"{API}/user", settings: HttpSettings | None = None, deadline: float | None = None, **kw):
    async with HttpClient(settings or HttpSettings(backoff_base=0.01)) as client:
        if deadline is not None:
            check_deadline.set(asyncio.get_running_loop().time() + deadline)
        return await client.request(kw.pop("method", "GET"), url, **kw)


def failure_of(coro) -> HttpFailure:
    with pytest.raises(HttpFailure) as info:
        run(coro)
    return info.value


def raising(exc: BaseException, cause: BaseException | None = None):
    def side_effect(request):
        if cause is not None:
            exc.__cause__ = cause
        raise exc

    return side_effect


# ------------------------------------------------------------ transport failures


@respx.mock
def test_dns_failure_names_the_host():
    respx.get(f"{API}/user").mock(
        side_effect=raising(httpx.ConnectError("[Errno -2] Name or service not known"),
                            socket.gaierror(-2, "Name or service not known"))
    )
    failure = failure_of(fetch())
    assert failure.kind is FailureKind.DNS
    assert "could not look up the address of api.github.com" in failure.cause
    assert failure.remediation and failure.remediation[0].url.endswith("#dns")


@respx.mock
def test_connection_refused():
    respx.get(f"{API}/user").mock(
        side_effect=raising(httpx.ConnectError("[Errno 111] Connection refused"), ConnectionRefusedError(111, "Connection refused"))
    )
    failure = failure_of(fetch())
    assert failure.kind is FailureKind.REFUSED
    assert "refused the connection" in failure.cause


def _cert_error(code: int, message: str) -> ssl.SSLCertVerificationError:
    err = ssl.SSLCertVerificationError(1, f"[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: {message}")
    err.verify_code = code
    err.verify_message = message
    return err


async def fetch_via(handler) -> object:
    """Through a transport that raises like httpx's real one (chained exceptions intact)."""
    async with HttpClient(HttpSettings(max_retries=0), transport=httpx.MockTransport(handler)) as client:
        return await client.get(f"{API}/user")


def test_tls_interception_by_corporate_proxy_is_named_as_such():
    failure = failure_of(fetch_via(raising(httpx.ConnectError("certificate verify failed"),
                                           _cert_error(20, "unable to get local issuer certificate"))))
    assert failure.kind is FailureKind.TLS
    assert "corporate proxy" in failure.cause
    assert any("--ca-file" in d for d in failure.details)


def test_expired_and_wrong_host_certificates_have_their_own_causes():
    expired = failure_of(fetch_via(raising(httpx.ConnectError("x"), _cert_error(10, "certificate has expired"))))
    mismatch = failure_of(fetch_via(raising(httpx.ConnectError("x"), _cert_error(62, "Hostname mismatch"))))
    assert "has expired" in expired.cause
    assert "different host name" in mismatch.cause


@respx.mock
def test_read_timeout_is_retried_then_reported():
    route = respx.get(f"{API}/user").mock(side_effect=httpx.ReadTimeout("timed out"))
    failure = failure_of(fetch(settings=HttpSettings(backoff_base=0.01, max_retries=2)))
    assert failure.kind is FailureKind.TIMEOUT
    assert "did not respond in time while waiting for the answer" in failure.cause
    assert route.call_count == 3


@pytest.mark.parametrize("message", ["Receive buffer too long", "illegal header line: bytearray(b'\\x1b[2J')"])
@respx.mock
def test_an_answer_that_is_not_http_is_not_called_a_dropped_connection(message):
    respx.get(f"{API}/user").mock(side_effect=httpx.RemoteProtocolError(message))
    failure = failure_of(fetch())
    assert "isn't valid HTTP" in failure.cause and "cut off" not in failure.cause
    assert "\x1b" not in failure.cause


@respx.mock
def test_connection_reset_mid_body():
    respx.get(f"{API}/user").mock(side_effect=httpx.RemoteProtocolError("peer closed connection without sending complete message body"))
    failure = failure_of(fetch(settings=HttpSettings(backoff_base=0.01, max_retries=0)))
    assert failure.kind is FailureKind.RESET
    assert "cut off before the full answer arrived" in failure.cause


@respx.mock
def test_a_retry_that_runs_out_of_time_keeps_the_first_cause():
    """A reset, then a retry that only timed out: the reset is what the admin must hear
    about (the timeout is a consequence of retrying), with the timeout kept as a detail."""
    route = respx.get(f"{API}/user").mock(side_effect=[
        httpx.RemoteProtocolError("peer closed connection without sending complete message body"),
        httpx.ConnectTimeout("timed out"),
    ])
    failure = failure_of(fetch(settings=HttpSettings(backoff_base=0.01, max_retries=1)))
    assert route.call_count == 2
    assert failure.kind is FailureKind.RESET
    assert "cut off before the full answer arrived" in failure.cause
    assert any("A retry then got no answer in time" in d for d in failure.details)


@respx.mock
def test_a_refused_connection_then_a_timeout_reports_the_refusal():
    respx.get(f"{API}/user").mock(side_effect=[httpx.ConnectError("refused"), httpx.ReadTimeout("timed out")])
    failure = failure_of(fetch(settings=HttpSettings(backoff_base=0.01, max_retries=1)))
    assert failure.kind in (FailureKind.REFUSED, FailureKind.CONNECT)


@respx.mock
def test_proxy_that_wants_a_login():
    respx.get(f"{API}/user").mock(return_value=httpx.Response(407, text="Proxy Authentication Required"))
    failure = failure_of(fetch())
    assert failure.kind is FailureKind.PROXY_AUTH
    assert "407" in failure.cause and "HTTPS_PROXY" in failure.details[0]


@respx.mock
def test_tunnel_407_from_proxy_error():
    respx.get(f"{API}/user").mock(side_effect=httpx.ProxyError("407 Proxy Authentication Required"))
    assert failure_of(fetch()).kind is FailureKind.PROXY_AUTH


# --------------------------------------------------------------- bad answers


@respx.mock
def test_captive_portal_html_with_200():
    respx.get(f"{API}/user").mock(
        return_value=httpx.Response(200, html="<html><head><title>Guest Wi-Fi Login</title></head><body>Accept</body></html>")
    )
    failure = failure_of(fetch())
    assert failure.kind is FailureKind.NOT_JSON
    assert "Guest Wi-Fi Login" in failure.cause
    assert "captive portal, proxy or firewall" in failure.cause


@respx.mock
def test_truncated_json_is_reported_when_read():
    respx.get(f"{API}/user").mock(return_value=httpx.Response(200, content=b'{"login": "oct', headers={"content-type": "application/json"}))
    resp = run(fetch())
    with pytest.raises(HttpFailure) as info:
        resp.json()
    assert info.value.kind is FailureKind.INVALID_JSON
    assert "cut off or is not JSON" in info.value.cause


@respx.mock
def test_huge_body_is_capped():
    respx.get(f"{API}/user").mock(return_value=httpx.Response(200, content=b"x" * 300_000))
    failure = failure_of(fetch(settings=HttpSettings(max_body_bytes=100_000)))
    assert failure.kind is FailureKind.TOO_LARGE
    assert "unexpectedly large" in failure.cause


@respx.mock
def test_probe_reads_only_the_start_of_a_download():
    respx.get("https://copilot-reports.github.com/r.ndjson").mock(return_value=httpx.Response(200, content=b"y" * 200_000))
    resp = run(fetch("https://copilot-reports.github.com/r.ndjson", expect_json=False, max_body_bytes=4096, body_limit_is_probe=True))
    assert resp.status == 200 and len(resp.body) == 4096


@respx.mock
def test_persistent_503_is_retried_and_named_a_service_problem():
    route = respx.get(f"{API}/user").mock(return_value=httpx.Response(503, json={"message": "unavailable"}))
    failure = failure_of(fetch(settings=HttpSettings(backoff_base=0.01, max_retries=2)))
    assert failure.kind is FailureKind.SERVER_ERROR
    assert "503 Service Unavailable" in failure.cause and "not a problem with your settings" in failure.cause
    assert failure.remediation[0].url == "https://www.githubstatus.com/"
    assert route.call_count == 3


@respx.mock
def test_transient_502_then_success():
    respx.get(f"{API}/user").mock(side_effect=[httpx.Response(502), httpx.Response(200, json={"login": "octocat"})])
    assert run(fetch()).json() == {"login": "octocat"}


@respx.mock
def test_404_is_returned_for_the_provider_to_interpret():
    respx.get(f"{API}/orgs/nope").mock(return_value=httpx.Response(404, json={"message": "Not Found"}))
    resp = run(fetch(f"{API}/orgs/nope"))
    assert resp.status == 404 and resp.json()["message"] == "Not Found"


# --------------------------------------------------------------- rate limits


@respx.mock
def test_rate_limit_with_short_retry_after_waits_and_succeeds():
    respx.get(f"{API}/user").mock(
        side_effect=[
            httpx.Response(429, headers={"retry-after": "0"}, json={"message": "API rate limit exceeded"}),
            httpx.Response(200, json={"login": "octocat"}),
        ]
    )
    assert run(fetch(deadline=10)).json()["login"] == "octocat"


@respx.mock
def test_rate_limit_beyond_the_checks_budget_reports_the_reset_time():
    import time

    reset = int(time.time()) + 3600
    respx.get(f"{API}/user").mock(
        return_value=httpx.Response(
            403,
            headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)},
            json={"message": "API rate limit exceeded for user ID 1."},
        )
    )
    failure = failure_of(fetch(deadline=5))
    assert failure.kind is FailureKind.RATE_LIMITED
    assert "rate-limiting these requests until" in failure.cause
    assert failure.retry_at is not None and abs(failure.retry_at.timestamp() - reset) < 2


@pytest.mark.parametrize("headers", [
    {"retry-after": "99999999999999999999"},
    {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "99999999999999"},
], ids=["retry-after", "reset"])
@respx.mock
def test_an_impossible_rate_limit_time_is_reported_not_a_crash(headers):
    respx.get(f"{API}/user").mock(return_value=httpx.Response(429, headers=headers, json={"message": "rate limit"}))
    failure = failure_of(fetch(deadline=5))
    assert failure.kind is FailureKind.RATE_LIMITED
    assert "asks to wait" in failure.cause and failure.retry_at is None


@respx.mock
def test_a_rate_limit_ending_days_later_names_the_date():
    import time
    from datetime import UTC, datetime

    reset = int(time.time()) + 3 * 86_400
    respx.get(f"{API}/user").mock(return_value=httpx.Response(
        403, headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}, json={"message": "rate limit"}))
    failure = failure_of(fetch(deadline=5))
    assert f"until {datetime.fromtimestamp(reset, UTC):%Y-%m-%d %H:%M:%S} UTC" in failure.cause


@respx.mock
def test_plain_403_is_not_mistaken_for_a_rate_limit():
    respx.get(f"{API}/orgs/acme").mock(return_value=httpx.Response(403, headers={"x-ratelimit-remaining": "4999"}, json={"message": "Must have admin rights"}))
    assert run(fetch(f"{API}/orgs/acme")).status == 403


# ---------------------------------------------------------- redirects & URLs


@respx.mock
def test_cross_host_redirect_never_carries_the_token():
    respx.get(f"{API}/user").mock(return_value=httpx.Response(302, headers={"location": "https://evil.example/steal"}))
    other = respx.get("https://evil.example/steal").mock(return_value=httpx.Response(200, json={}))
    failure = failure_of(fetch(headers={"Authorization": "Bearer secret-value-123"}))
    assert failure.kind is FailureKind.REDIRECT
    assert "credentials were not sent there" in failure.cause
    assert not other.called
    assert "secret-value-123" not in failure.cause + " ".join(failure.details)


@respx.mock
def test_a_redirect_to_another_port_names_the_port():
    respx.get("https://proxy.corp.internal:8443/user").mock(
        return_value=httpx.Response(302, headers={"location": "https://proxy.corp.internal/login?next=/user"}))
    failure = failure_of(fetch("https://proxy.corp.internal:8443/user", headers={"Authorization": "Bearer x"}))
    assert failure.kind is FailureKind.REDIRECT
    assert "another address (https://proxy.corp.internal)" in failure.cause
    respx.get(f"{API}/user").mock(return_value=httpx.Response(302, headers={"location": "https://api.github.com:8443/u"}))
    failure = failure_of(fetch(headers={"Authorization": "Bearer x"}))
    assert "(https://api.github.com:8443)" in failure.cause
    assert failure.details == ["Redirect target: https://api.github.com:8443/u"]


@pytest.mark.parametrize("code", [302, 307, 308])
@respx.mock
def test_a_redirect_never_carries_a_body_to_another_host(code):
    # Windsurf's service key travels in the JSON body, not in a header.
    respx.post("https://server.codeium.com/api/v1/Analytics").mock(
        return_value=httpx.Response(code, headers={"location": "https://collector.evil.test/Analytics"}))
    other = respx.post("https://collector.evil.test/Analytics").mock(return_value=httpx.Response(200, json={}))
    failure = failure_of(fetch("https://server.codeium.com/api/v1/Analytics", method="POST",
                               json={"service_key": "a-service-key-0123"}))
    assert failure.kind is FailureKind.REDIRECT
    assert "credentials were not sent there" in failure.cause
    assert "GitHub Enterprise Server" not in failure.cause  # a Windsurf host, not a GitHub one
    assert not other.called


@respx.mock
def test_same_host_redirect_is_followed():
    respx.get(f"{API}/old").mock(return_value=httpx.Response(301, headers={"location": f"{API}/new"}))
    respx.get(f"{API}/new").mock(return_value=httpx.Response(200, json={"ok": True}))
    assert run(fetch(f"{API}/old", headers={"Authorization": "Bearer x"})).json() == {"ok": True}


@respx.mock
def test_download_redirect_to_another_host_without_credentials_is_followed():
    respx.get("https://copilot-reports.github.com/r").mock(return_value=httpx.Response(302, headers={"location": "https://cdn.example/r"}))
    respx.get("https://cdn.example/r").mock(return_value=httpx.Response(200, content=b"{}"))
    assert run(fetch("https://copilot-reports.github.com/r")).status == 200


def test_an_unusable_ca_file_is_a_tls_failure_that_names_it(tmp_path):
    bad = tmp_path / "corp-root.pem"
    bad.write_text("not a certificate\n")
    failure = failure_of(fetch(settings=HttpSettings(ca_file=str(bad))))
    assert failure.kind is FailureKind.TLS
    assert f"{bad} holds no certificate" in failure.cause


def test_plain_http_to_a_remote_host_is_refused_before_sending():
    with respx.mock(assert_all_called=False) as mock:
        route = mock.get("http://api.github.com/user")
        failure = failure_of(fetch("http://api.github.com/user"))
    assert failure.kind is FailureKind.INSECURE_URL
    assert not route.called


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("api.github.com", "has no scheme; did you mean 'https://api.github.com'"),
        ("http://api.github.com", "only https:// is allowed"),
        ("ftp://example.com", "must start with https://"),
        ("https://user:pw@api.github.com", "must not contain a user name or password"),
        ("", "is empty"),
        ("https://ghe.acme.com¡", "host name that is not valid"),
        ("https://<", "host name that is not valid"),
    ],
)
def test_bad_base_urls_get_a_plain_message(raw, message):
    with pytest.raises(BadBaseUrl, match=None) as info:
        normalize_base_url(raw)
    assert message in str(info.value)


def test_good_base_urls_are_normalised():
    assert normalize_base_url(" https://api.acme.ghe.com/ ") == "https://api.acme.ghe.com"
    assert normalize_base_url("http://127.0.0.1:8080/github") == "http://127.0.0.1:8080/github"
    assert normalize_base_url("https://ghes.example.com/api/v3") == "https://ghes.example.com/api/v3"


# ------------------------------------------------------- concurrency & memo


@respx.mock
def test_identical_gets_in_one_run_go_out_once():
    route = respx.get(f"{API}/user").mock(return_value=httpx.Response(200, json={"login": "octocat"}))

    async def scenario():
        async with HttpClient() as client:
            a, b = await asyncio.gather(client.get(f"{API}/user"), client.get(f"{API}/user"))
            return a, b, client.stats

    a, b, stats = run(scenario())
    assert a.json() == b.json() == {"login": "octocat"}
    assert route.call_count == 1 and stats.repeated == []


@respx.mock
def test_per_host_cap_limits_requests_in_flight():
    in_flight = 0
    peak = 0

    async def slow(request):
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.02)
        in_flight -= 1
        return httpx.Response(200, json={})

    respx.get(url__regex=rf"{API}/orgs/o\d+").mock(side_effect=slow)

    async def scenario():
        async with HttpClient(HttpSettings(per_host_limit=3)) as client:
            await asyncio.gather(*(client.get(f"{API}/orgs/o{i}") for i in range(12)))

    run(scenario())
    assert peak == 3


@respx.mock
def test_user_agent_names_the_app():
    route = respx.get(f"{API}/user").mock(return_value=httpx.Response(200, json={}))
    run(fetch())
    assert route.calls.last.request.headers["user-agent"].startswith("aiusage-doctor/")
