"""The simulator as a server: start-up time, keep-alive, concurrency, graceful stop, the
scenario table and arguments, and every injected fault as the product's HTTP adapter
sees it."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import typing

import httpx
import pytest

from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.http import FailureKind, HttpClient, HttpFailure, HttpSettings, check_deadline
from aiusage_doctor.core.labels import DESCRIBED
from aiusage_doctor.core.models import Status
from aiusage_doctor.sim import (
    FAULT_KINDS,
    Fault,
    Simulator,
    format_scenarios,
    list_scenarios,
    parse_scenario_arg,
    scenario_names,
)
from aiusage_doctor.sim.faults import FaultKind

REQUIRED = {
    "healthy", "sso-not-authorized", "missing-scope", "fine-grained-at-enterprise", "policy-disabled",
    "report-not-ready", "download-host-blocked", "small-teams", "cursor-invalid-key",
    "cursor-no-analytics-plan", "claude-subscription-only", "anthropic-non-admin-key", "rate-limited",
    "captive-portal-html", "slow", "enterprise-large",
}


def _gh(sim: Simulator) -> dict[str, str]:
    return {"Authorization": f"Bearer {sim.secrets['github']}"}


def _port(url: str) -> int:
    return int(url.split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])


# ------------------------------------------------------------------------- lifecycle


def test_starts_on_loopback_ephemeral_ports_and_stops_cleanly():
    # Start-up time is measured by the benchmarks, not here.
    sim = Simulator("healthy")
    sim.start()
    try:
        assert set(sim.base_urls) == {"github", "cursor", "anthropic", "reports", *DESCRIBED}
        assert all(u.startswith("http://127.0.0.1:") for u in sim.base_urls.values())
        api, reports = _port(sim.base_urls["github"]), _port(sim.base_urls["reports"])
        assert api != reports and api > 1024
        assert httpx.get(sim.base_urls["github"] + "/user", headers=_gh(sim)).status_code == 200
    finally:
        sim.stop()
    assert not sim.running
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", api), timeout=1).close()


def test_stop_is_idempotent_and_safe_from_many_threads():
    sim = Simulator("healthy").start()
    threads = [threading.Thread(target=sim.stop) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert not any(t.is_alive() for t in threads)
    sim.stop()
    assert not sim.running


def test_stop_does_not_wait_for_a_hung_request():
    with Simulator("healthy", faults=(Fault("GET /github/user", "hang"),)) as sim:
        outcome: list[BaseException | int] = []

        def call() -> None:
            try:
                outcome.append(httpx.get(sim.base_urls["github"] + "/user", headers=_gh(sim), timeout=30).status_code)
            except BaseException as exc:  # the connection is closed under it
                outcome.append(exc)

        t = threading.Thread(target=call)
        t.start()
        time.sleep(0.2)
        # The request hangs forever: stop() returning at all shows it did not wait for it.
        stopper = threading.Thread(target=sim.stop, daemon=True)
        stopper.start()
        stopper.join(60)
        assert not stopper.is_alive(), "stop() is waiting for the hung request"
        t.join(30)
    assert outcome and isinstance(outcome[0], httpx.TransportError)


def test_keeps_connections_alive():
    with Simulator("healthy") as sim, httpx.Client() as client:
        for _ in range(5):
            assert client.get(sim.base_urls["github"] + "/rate_limit", headers=_gh(sim)).status_code == 200
        assert sim.connection_count == 1
        assert sim.request_count == 5
        assert sim.requests == {"GET /github/rate_limit": 5}


async def _raw_get(port: int, path: str, headers: dict[str, str], n: int) -> list[int]:
    """A minimal keep-alive HTTP/1.1 client: measures the server, not a client library."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{lines}\r\n".encode()
    statuses = []
    try:
        for _ in range(n):
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length"))
            await reader.readexactly(length)
            statuses.append(status)
    finally:
        writer.close()
    return statuses


def test_serves_hundreds_of_concurrent_requests_with_latency():
    """300 connections × 2 requests, each answer held 200 ms: they are all in flight at once
    (about 0.4 s in all, not 120 s; the benchmarks time it)."""
    with Simulator("enterprise-large", orgs=10, teams=1, latency=0.2) as sim:
        port = _port(sim.base_urls["github"])

        async def main() -> list[list[int]]:
            return await asyncio.gather(*(_raw_get(port, "/github/user", _gh(sim), 2) for _ in range(300)))

        statuses = asyncio.run(main())
        assert all(s == [200, 200] for s in statuses)
        assert sim.max_in_flight >= 250


# ------------------------------------------------------------------------- scenarios


def test_every_required_scenario_exists_and_documents_its_diagnosis():
    infos = {i.name: i for i in list_scenarios()}
    assert REQUIRED <= set(infos)
    assert scenario_names() == [i.name for i in list_scenarios()]
    for info in infos.values():
        assert info.title and len(info.description) > 60, info.name
        assert set(info.expected.values()) <= {"pass", "warn", "fail", "error"}, info.name
        assert set(info.key_links) <= set(info.expected), info.name
        for check_id, status in info.expected.items():
            if status in ("warn", "fail", "error"):
                assert check_id in info.key_links, f"{info.name}: {check_id} has no key remediation link"
        Simulator(info.name)  # the world builds
    assert infos["enterprise-large"].params == {"orgs": 100, "teams": 20, "latency": 0.1}
    assert "enterprise-large" in format_scenarios() and "orgs=100" in format_scenarios()


def test_parse_scenario_arg():
    assert parse_scenario_arg("healthy") == ("healthy", {})
    assert parse_scenario_arg("enterprise-large:orgs=100,teams=20,latency=0.1") == (
        "enterprise-large", {"orgs": 100, "teams": 20, "latency": 0.1})
    assert parse_scenario_arg(" slow : latency = 1 ") == ("slow", {"latency": 1.0})
    assert parse_scenario_arg("no-such-thing:x=1") == ("no-such-thing", {"x": 1})  # the caller reports the name
    for bad in ("", ":orgs=1", "enterprise-large:orgs", "enterprise-large:orgs=", "enterprise-large:nope=1",
                "enterprise-large:orgs=many", "enterprise-large:latency=-1"):
        with pytest.raises(ValueError):
            parse_scenario_arg(bad)


def test_unknown_scenario_or_parameter_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="healthy"):
        Simulator("nope")
    with pytest.raises(ValueError, match="orgs"):
        Simulator("enterprise-large", oranges=3)


def test_demo_config_points_every_provider_at_the_simulator():
    base = RunConfig(providers=["github", "cursor"], timeout=12.0, concurrency=3)
    with Simulator("sso-not-authorized") as sim:
        config = sim.demo_config(base)
        assert config.providers == ["github", "cursor"]
        assert (config.timeout, config.concurrency) == (12.0, 3)
        assert config.demo_scenario == "sso-not-authorized"
        assert config.github.api_url == sim.base_urls["github"]
        assert config.cursor.api_url == sim.base_urls["cursor"]
        assert config.anthropic.api_url == sim.base_urls["anthropic"]
        assert config.github.orgs == ["acme", "acme-labs"] and config.github.enterprises == ["acme-corp"]
        assert sorted(config.secrets()) == sorted(sim.secrets.values())
        assert config.anthropic.claude_local is False
    with Simulator("healthy") as sim:
        assert sim.demo_config().github.orgs == []  # discovered from the token
    with Simulator("enterprise-large", orgs=3) as sim:
        assert sim.demo_config().demo_scenario == "enterprise-large:orgs=3"
    with pytest.raises(RuntimeError):
        Simulator("healthy").demo_config()


def test_demo_credentials_are_generated_per_run_and_reproducible_from_a_seed():
    a, b = Simulator("healthy"), Simulator("healthy")
    assert a.secrets != b.secrets
    assert Simulator("healthy", seed="s").secrets == Simulator("healthy", seed="s").secrets
    assert a.secrets["github"].startswith("ghp_") and a.secrets["anthropic"].startswith("sk-ant-admin01-")
    assert Simulator("fine-grained-at-enterprise").secrets["github"].startswith("github_pat_")
    assert Simulator("anthropic-non-admin-key").secrets["anthropic"].startswith("sk-ant-api03-")


# --------------------------------------------------------------- faults, raw and adapted


def test_fault_kinds_are_all_documented():
    """Every kind the type allows has a description, and an unknown kind is refused with the list."""
    assert set(FAULT_KINDS) == set(typing.get_args(FaultKind))
    assert all(len(text) > 10 for text in FAULT_KINDS.values())
    with pytest.raises(ValueError, match="one of latency, reset"):
        Fault("*", "explode")  # type: ignore[arg-type]


def _adapter_get(sim: Simulator, path: str, *, read_timeout: float = 5.0, budget: float = 30.0):
    """GET through the product's own HTTP adapter (retries, rate-limit waits, classification)."""

    async def main():
        async with HttpClient(HttpSettings(read_timeout=read_timeout, backoff_base=0.05)) as http:
            token = check_deadline.set(asyncio.get_running_loop().time() + budget)
            try:
                return await http.get(sim.base_urls["github"] + path, headers=_gh(sim)), http.stats
            finally:
                check_deadline.reset(token)

    return asyncio.run(main())


@pytest.mark.parametrize(
    ("fault", "kind"),
    [
        (Fault("GET /github/user", "reset"), FailureKind.RESET),
        (Fault("GET /github/user", "cut"), FailureKind.RESET),
        (Fault("GET /github/user", "hang"), FailureKind.TIMEOUT),
        (Fault("GET /github/user", "html"), FailureKind.NOT_JSON),
        (Fault("GET /github/user", "status", status=500), FailureKind.SERVER_ERROR),
        (Fault("GET /github/user", "rate_limit", seconds=30), FailureKind.RATE_LIMITED),
    ],
)
def test_each_fault_reaches_the_adapter_as_its_own_failure(fault, kind):
    with Simulator("healthy", faults=(fault,)) as sim:
        with pytest.raises(HttpFailure) as info:
            # Only the hang needs a short read timeout; the others must not meet one on a busy machine.
            hang = fault.kind == "hang"
            resp, _ = _adapter_get(sim, "/user", read_timeout=0.3 if hang else 10.0, budget=3.0 if hang else 30.0)
            resp.json()
        assert info.value.kind is kind, info.value.cause


def test_truncated_json_keeps_valid_framing_but_breaks_the_body():
    with Simulator("healthy", faults=(Fault("GET /github/user", "truncated_json"),)) as sim:
        raw = httpx.get(sim.base_urls["github"] + "/user", headers=_gh(sim))
        assert raw.status_code == 200
        assert int(raw.headers["content-length"]) == len(raw.content)
        with pytest.raises(json.JSONDecodeError):
            json.loads(raw.content)
        resp, _ = _adapter_get(sim, "/user")
        with pytest.raises(HttpFailure) as info:
            resp.json()
        assert info.value.kind is FailureKind.INVALID_JSON


def test_transient_faults_are_retried_by_the_adapter():
    faults = (Fault("GET /github/user", "reset", times=1), Fault("GET /github/user", "status", status=503, times=1))
    with Simulator("healthy", faults=faults) as sim:
        resp, stats = _adapter_get(sim, "/user")
        assert resp.status == 200 and resp.json()["login"] == "octo-admin"
        assert stats.retries == 2
        assert sim.requests["GET /github/user"] == 3
        assert sim.faults_fired == {"reset": 1, "status": 1}


def test_github_rate_limit_window_then_recovery():
    # 3 s: long enough that the second request surely falls inside the window on a busy machine.
    with Simulator("healthy", faults=(Fault("* /github/*", "rate_limit", seconds=3.0),)) as sim:
        asked = time.time()
        first = httpx.get(sim.base_urls["github"] + "/user", headers=_gh(sim))
        assert first.status_code == 403
        assert first.headers["x-ratelimit-remaining"] == "0"
        reset = int(first.headers["x-ratelimit-reset"])
        assert asked + 3 <= reset <= time.time() + 4.1
        assert "rate limit" in first.json()["message"]
        # The whole token is limited until the reset, whatever the endpoint.
        assert httpx.get(sim.base_urls["github"] + "/rate_limit", headers=_gh(sim)).status_code == 403
        resp, stats = _adapter_get(sim, "/user/orgs")
        assert resp.status == 200 and stats.rate_limit_waits == 1
        assert time.time() >= reset


def test_cursor_and_anthropic_rate_limits_use_retry_after():
    faults = (Fault("* /cursor/*", "rate_limit", seconds=1.0), Fault("* /anthropic/*", "rate_limit", seconds=1.0))
    with Simulator("healthy", faults=faults) as sim:
        cur = httpx.get(sim.base_urls["cursor"] + "/teams/members", auth=(sim.secrets["cursor"], ""))
        assert cur.status_code == 429 and cur.json() == {"code": "error", "message": "Rate limit exceeded"}
        assert 1 <= int(cur.headers["retry-after"]) <= 2
        ant = httpx.get(sim.base_urls["anthropic"] + "/v1/organizations/me",
                        headers={"x-api-key": sim.secrets["anthropic"], "anthropic-version": "2023-06-01"})
        assert ant.status_code == 429 and ant.json()["error"]["type"] == "rate_limit_error"
        assert ant.headers["retry-after"] and ant.headers["request-id"].startswith("req_")


def test_latency_and_seeded_jitter_per_route():
    faults = (Fault("GET /github/user", "latency", seconds=0.2, jitter=0.1),)
    with Simulator("healthy", faults=faults) as sim, httpx.Client() as client:
        timings = []
        for path in ("/user", "/user", "/rate_limit", "/rate_limit", "/rate_limit"):
            started = time.perf_counter()
            client.get(sim.base_urls["github"] + path, headers=_gh(sim))
            timings.append(time.perf_counter() - started)
        assert timings[0] >= 0.2 and timings[1] >= 0.2
        # Other routes are not delayed: the quickest of three undelayed answers beats the
        # 0.2 s floor (the quickest, so one load spike on a busy machine can't decide it).
        assert min(timings[2:]) < 0.2


def test_fault_times_and_after_select_which_requests_fail():
    with Simulator("healthy", faults=(Fault("GET /github/user", "status", status=502, after=1, times=2),)) as sim:
        codes = [httpx.get(sim.base_urls["github"] + "/user", headers=_gh(sim)).status_code for _ in range(5)]
    assert codes == [200, 502, 502, 200, 200]


def test_slow_scenario_delays_every_answer_but_stays_within_timeouts():
    with Simulator("slow") as sim:
        started = time.perf_counter()
        httpx.get(sim.base_urls["cursor"] + "/teams/members", auth=(sim.secrets["cursor"], ""))
        assert time.perf_counter() - started >= 0.15
        assert sim.world.latency + sim.world.jitter < HttpSettings().read_timeout


def test_captive_portal_scenario_answers_html_everywhere():
    with Simulator("captive-portal-html") as sim:
        for url in (sim.base_urls["github"] + "/user", sim.base_urls["cursor"] + "/teams/members",
                    sim.base_urls["anthropic"] + "/v1/organizations/me", sim.base_urls["reports"] + "/x"):
            resp = httpx.get(url)
            assert resp.status_code == 200
            assert resp.headers["content-type"].startswith("text/html")
            assert "<title>Guest Wi-Fi - Sign in</title>" in resp.text


def test_download_host_blocked_refuses_connections():
    with Simulator("download-host-blocked") as sim:
        report = httpx.get(sim.base_urls["github"] + "/orgs/acme/copilot/metrics/reports/organization-28-day/latest",
                           headers=_gh(sim)).json()
        link = report["download_links"][0]
        assert link.startswith(sim.base_urls["reports"])
        with pytest.raises(httpx.ConnectError):
            httpx.get(link, timeout=2)


def test_runner_status_of_a_hanging_check_is_an_error_not_a_hang():
    """A hang longer than the check's time limit ends as an error with a plain cause."""
    from aiusage_doctor.core.runner import Runner

    with Simulator("healthy", faults=(Fault("GET /cursor/teams/members", "hang"),)) as sim:
        config = sim.demo_config(RunConfig(providers=["cursor"], timeout=1.0))
        results = asyncio.run(Runner(config).run())  # returns at all: the hang never ends
    auth = next(r for r in results if r.id == "cursor.key.auth")
    assert auth.status is Status.ERROR
