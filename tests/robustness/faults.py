"""The fault matrix: one table of network faults, the checks they are injected into, how
each run is driven, and the Markdown page made from what was observed.

This module is the single source for both `test_fault_matrix.py` (which asserts every
cell) and `scripts/gen_fault_matrix.py` (which writes docs/fault-matrix.md from the
same observations). Nothing here reaches the real network:

* simulator faults (`sim=`) run the real HTTP adapter against the loopback simulator;
* `handler=` faults route the check's endpoint through a transport into a local stand-in
  (a closed port, a TLS server with a bad certificate, a proxy that answers 407) or a
  synthetic answer (DNS failure, a huge body, a redirect), and everything else to the
  simulator;
* `real=True` faults drive the auth checks with an unmodified client: the provider's
  base URL points at the closed port or the TLS server, or HTTPS_PROXY at the proxy.
"""

from __future__ import annotations

import asyncio
import fnmatch
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.http import HttpClient, HttpSettings
from aiusage_doctor.core.models import CheckResult
from aiusage_doctor.core.runner import Runner
from aiusage_doctor.providers.registry import all_providers
from aiusage_doctor.sim import Fault, Simulator

from . import harness
from .harness import Network, RoutedTransport

TIMEOUT = 10.0
"""Per-check time limit in these runs (the CLI's default is 30 s). The runs and their
simulators share one process, so on a busy machine a check that answers at once can still
take seconds of wall time: the limit must leave room for that, or healthy checks end in
"did not finish"."""
BUDGET = 2 * TIMEOUT + 15.0
"""A run has two checks in a row at most (sign-in, then the data check) plus slack for a
busy test machine: nothing may wait longer than that, whatever the fault (a rate limit
announces a 10-minute wait, a hung server never answers)."""

PARALLEL = 6
"""Runs in flight at once, besides those that wait for the time limit (which all start
together and mostly sleep): enough to finish in seconds, few enough that on a busy machine
each check still gets the CPU time its limit assumes."""

REGENERATE = ".venv/bin/python scripts/gen_fault_matrix.py"
SEED = "fault-matrix"
"""Every simulator of the matrix uses the same (generated, fake) demo credentials."""
DOC_PATH = Path("docs") / "fault-matrix.md"


@dataclass(frozen=True)
class Target:
    provider: str
    check_id: str
    endpoint: str
    """'METHOD /path' glob of the request the fault hits (simulator paths)."""
    role: Literal["auth", "data"]


TARGETS: tuple[Target, ...] = (
    Target("github", "github.token.auth", "GET /github/user", "auth"),
    Target("github", "github.org.usage_metrics",
           "GET /github/orgs/acme/copilot/metrics/reports/organization-1-day", "data"),
    Target("cursor", "cursor.key.auth", "GET /cursor/teams/members", "auth"),
    Target("cursor", "cursor.usage.daily", "POST /cursor/teams/daily-usage-data", "data"),
    Target("anthropic", "anthropic.key.auth", "GET /anthropic/v1/organizations/me", "auth"),
    Target("anthropic", "anthropic.claude_code.report",
           "GET /anthropic/v1/organizations/usage_report/claude_code", "data"),
)


@dataclass(frozen=True)
class FaultCase:
    id: str
    title: str
    how: str
    """How the test produces the fault (for the published page)."""
    cause: str
    """A phrase the check's summary must contain: the plain-language cause."""
    status: str = "error"
    sim: dict[str, Any] | None = None
    """Keyword arguments of a simulator `Fault` on the target endpoint."""
    handler: str | None = None
    """A stand-in from `_handlers()` the target endpoint is routed to."""
    real: bool = False
    """For the auth checks: point the unmodified client at the stand-in instead of routing."""


FAULTS: tuple[FaultCase, ...] = (
    FaultCase("dns", "DNS failure", "the transport raises httpx.ConnectError caused by socket.gaierror",
              "could not look up the address", handler="dns"),
    FaultCase("refused", "Connection refused", "a loopback port that is bound but not listening",
              "refused the connection", handler="refused", real=True),
    FaultCase("reset", "Connection reset before the answer", "simulator: TCP RST instead of an answer",
              "was cut off before the full answer arrived", sim={"kind": "reset"}),
    FaultCase("cut", "Connection reset mid-body", "simulator: headers and half the body, then TCP RST",
              "was cut off before the full answer arrived", sim={"kind": "cut"}),
    FaultCase("read_timeout", "Read timeout (server never answers)", "simulator: the request hangs",
              "did not respond in time while waiting for the answer", sim={"kind": "hang"}),
    FaultCase("tls_self_signed", "TLS: self-signed certificate", "local TLS server with a self-signed certificate",
              "presented a self-signed certificate", handler="tls_self_signed", real=True),
    FaultCase("tls_untrusted_ca", "TLS: unknown issuer (TLS-inspecting proxy)",
              "local TLS server with a certificate from an unknown authority",
              "issued by an authority this computer doesn't trust", handler="tls_untrusted_ca", real=True),
    FaultCase("tls_expired", "TLS: expired certificate",
              "local TLS server, trusted authority (--ca-file), certificate expired",
              "has expired", handler="tls_expired", real=True),
    FaultCase("tls_wrong_host", "TLS: certificate for another host",
              "local TLS server, trusted authority (--ca-file), certificate for intranet.example.com",
              "is for a different host name", handler="tls_wrong_host", real=True),
    FaultCase("proxy_407", "Proxy asks for a login (407)",
              "HTTPS_PROXY points at a local proxy that answers CONNECT with 407 and never forwards",
              "407 Proxy Authentication Required", handler="proxy_407", real=True),
    FaultCase("http_500", "HTTP 500", "simulator: the vendor's 500 error body",
              "answered HTTP 500 Internal Server Error", sim={"kind": "status", "status": 500}),
    FaultCase("http_502", "HTTP 502", "simulator: 502 (retried while the check has time, then reported)",
              "answered HTTP 502 Bad Gateway", sim={"kind": "status", "status": 502}),
    FaultCase("http_503", "HTTP 503", "simulator: 503 (retried while the check has time, then reported)",
              "answered HTTP 503 Service Unavailable", sim={"kind": "status", "status": 503}),
    FaultCase("rate_limit_429", "Rate limit: 429 with a reset in 10 minutes",
              "simulator: the vendor's 429 (Retry-After / x-ratelimit-reset)",
              "is rate-limiting these requests until", sim={"kind": "rate_limit", "status": 429, "seconds": 600}),
    FaultCase("rate_limit_403", "Rate limit: 403 with a reset in 10 minutes",
              "simulator: 403 with x-ratelimit-remaining: 0 (GitHub) or a rate-limit body and Retry-After",
              "is rate-limiting these requests until", sim={"kind": "rate_limit", "status": 403, "seconds": 600}),
    FaultCase("html_200", "HTML page with HTTP 200 (captive portal)", "simulator: a sign-in page instead of JSON",
              "got a web page", sim={"kind": "html"}),
    FaultCase("truncated_json", "Truncated JSON", "simulator: the normal answer cut in half (framing intact)",
              "sent a broken JSON answer", sim={"kind": "truncated_json"}),
    FaultCase("invalid_json", "Invalid JSON", "HTTP 200, Content-Type application/json, a plain-text body",
              "sent a broken JSON answer", handler="invalid_json"),
    FaultCase("huge_body", "Unexpectedly huge body", "HTTP 200 streaming more than the 16 MiB cap",
              "unexpectedly large answer", handler="huge"),
    FaultCase("redirect_other_host", "Redirect to another host", "HTTP 302 to https://sso.intranet.example.com/",
              "redirected the request to another host", handler="redirect"),
)

FAULTS_BY_ID = {f.id: f for f in FAULTS}

RUN_TO_THE_LIMIT = ("read_timeout", "http_502", "http_503")
"""Faults whose runs last until the check's time limit (a hang; 5xx retried while there is
time): all started at once, outside the PARALLEL slots, so they overlap with the others."""


# --------------------------------------------------------------------------- observing


@dataclass
class Observation:
    fault: str
    provider: str
    check_id: str
    mode: str
    status: str
    summary: str
    results: list[CheckResult]
    seconds: float
    secrets: list[str] = field(default_factory=list)
    routed: int = 0
    """Requests that met the fault (routed to the stand-in, or matched by the simulator fault)."""
    escaped: list[str] = field(default_factory=list)
    proxy_heads: list[str] = field(default_factory=list)

    @property
    def result(self) -> CheckResult | None:
        return self.result_of(self.check_id)

    def result_of(self, check_id: str) -> CheckResult | None:
        return next((r for r in self.results if r.id == check_id), None)


def _handlers(net: Network, provider: str) -> dict[str, harness.Handler]:
    assert net.proxy is not None
    return {
        "dns": harness.dns_handler,
        "refused": harness.forward_to(f"http://127.0.0.1:{net.refused_port}"),
        **{name: harness.tls_handler(net, name) for name in net.servers},
        "proxy_407": harness.forward_to(f"https://{harness.VENDOR_HOSTS[provider]}", proxy=net.proxy.url,
                                        verify=net.client_context),
        "huge": harness.huge_handler,
        "invalid_json": harness.invalid_json_handler,
        "redirect": harness.redirect_handler,
    }


def _config(sim: Simulator, provider: str) -> RunConfig:
    cfg = sim.demo_config(RunConfig(providers=[provider], timeout=TIMEOUT))
    # One named org keeps the GitHub run small (no discovery, no enterprise).
    github = cfg.github.model_copy(update={"orgs": ["acme"], "enterprises": []})
    return cfg.model_copy(update={"github": github})


def _with_base(cfg: RunConfig, provider: str, base: str, ca_file: str | None = None) -> RunConfig:
    section = getattr(cfg, provider).model_copy(update={"api_url": base})
    return cfg.model_copy(update={provider: section, "ca_file": ca_file})


def _provider(name: str):
    return next(p for p in all_providers() if p.name == name)


async def _run(cfg: RunConfig, provider: str, **kw: Any) -> tuple[list[CheckResult], float]:
    started = time.perf_counter()
    results = await Runner(cfg, providers=[_provider(provider)], **kw).run()
    return results, time.perf_counter() - started


async def observe(case: FaultCase, target: Target, net: Network, sims: dict[str, Simulator],
                  healthy: Simulator) -> Observation:
    """Run one provider with `case` injected at `target`; what the user would see."""
    provider = target.provider
    extra: dict[str, Any] = {}
    if case.sim is not None:
        sim = sims[f"{case.id}:{target.role}"]
        cfg = _config(sim, provider)
        mode = "simulator fault"
        results, seconds = await _run(cfg, provider)
        extra["routed"] = sum(n for key, n in sim.requests.items() if fnmatch.fnmatchcase(key, target.endpoint))
    elif case.real and target.role == "auth":
        sim = healthy
        cfg = _config(sim, provider)
        mode = "unmodified client"
        if case.id == "refused":
            cfg = _with_base(cfg, provider, f"http://127.0.0.1:{net.refused_port}/{provider}")
            results, seconds = await _run(cfg, provider)
        elif case.id.startswith("tls_"):
            cfg = _with_base(cfg, provider, f"{net.tls_url(case.id)}/{provider}", ca_file=net.ca_file)
            results, seconds = await _run(cfg, provider)
        elif case.id == "proxy_407":
            assert net.proxy is not None
            cfg = _with_base(cfg, provider, _default_base(provider))
            with harness.proxy_env(net.proxy.url):  # read by the client when it is built
                http = HttpClient(HttpSettings(per_host_limit=cfg.concurrency, ca_file=cfg.ca_file))
                http._client  # built now (it is otherwise made on the first request, after the env is restored)
            before = len(net.proxy.heads)
            try:
                results, seconds = await _run(cfg, provider, http=http)
            finally:
                await http.aclose()
            extra["proxy_heads"] = net.proxy.heads[before:]
        else:  # pragma: no cover - a new real fault needs a branch here
            raise AssertionError(f"no real-client setup for {case.id}")
    else:
        assert case.handler is not None
        sim = healthy
        cfg = _config(sim, provider)
        mode = "routed transport"
        transport = RoutedTransport([(target.endpoint, _handlers(net, provider)[case.handler])])
        results, seconds = await _run(cfg, provider, transport=transport)
        extra.update(routed=len(transport.routed), escaped=list(transport.escaped))
    found = next((r for r in results if r.id == target.check_id), None)
    return Observation(
        fault=case.id, provider=provider, check_id=target.check_id, mode=mode,
        status=found.status.value if found else "missing", summary=found.summary if found else "",
        results=results, seconds=seconds, secrets=cfg.secrets(), **extra,
    )


def _default_base(provider: str) -> str:
    from aiusage_doctor.core import config

    return {"github": config.DEFAULT_GITHUB_API, "cursor": config.DEFAULT_CURSOR_API,
            "anthropic": config.DEFAULT_ANTHROPIC_API}[provider]


async def _observe_all(net: Network) -> dict[tuple[str, str], Observation]:
    sims: dict[str, Simulator] = {}
    healthy = Simulator("healthy", seed=SEED).start()
    try:
        for case in FAULTS:
            if case.sim is None:
                continue
            for role in ("auth", "data"):
                faults = tuple(Fault(t.endpoint, **case.sim) for t in TARGETS if t.role == role)
                sims[f"{case.id}:{role}"] = Simulator("healthy", faults=faults, seed=SEED).start()
        cells = [(case, target) for case in FAULTS for target in TARGETS]
        slots = asyncio.Semaphore(PARALLEL)

        async def one(case: FaultCase, target: Target) -> Observation:
            if case.id in RUN_TO_THE_LIMIT:
                return await observe(case, target, net, sims, healthy)
            async with slots:
                return await observe(case, target, net, sims, healthy)

        observed = await asyncio.gather(*(one(c, t) for c, t in cells))
        return {(c.id, t.check_id): o for (c, t), o in zip(cells, observed)}
    finally:
        healthy.stop()
        for sim in sims.values():
            sim.stop()


def run_matrix(workdir: Path) -> dict[tuple[str, str], Observation]:
    """Every fault × every target, observed concurrently. Starts and stops its own stand-ins."""
    net = Network(workdir).start()
    try:
        with harness.proxy_env(None):  # no proxy from the environment may interfere
            return asyncio.run(_observe_all(net))
    finally:
        net.stop()


# --------------------------------------------------------------------------- the page


def stable_text(text: str, provider: str) -> str:
    """The summary without what changes from run to run (clock times, waits, byte counts),
    with the local stand-ins' host names shown as the vendor's."""
    host = harness.VENDOR_HOSTS[provider]
    text = re.sub(r"\b(?:127\.0\.0\.1|localhost)\b", host, text)
    text = re.sub(rf"\b(GET|POST) /{provider}/", r"\1 /", text)
    text = re.sub(r"\b\d{2}:\d{2}:\d{2} UTC", "HH:MM:SS UTC", text)
    text = re.sub(r"\babout \d+ s\b", "about N s", text)
    text = re.sub(r"\bhad \d+ s left", "had N s left", text)
    text = re.sub(r"\bafter \d+(?:\.\d+)? s\b", "after N s", text)
    # Retries of a 5xx depend on how much of the check's time was left: leave the count out.
    text = re.sub(r" \d+ times\b", "", text)
    text = re.sub(r"\b\d+ bytes\b", "N bytes", text)
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(observed: dict[tuple[str, str], Observation]) -> str:
    checks = [t.check_id for t in TARGETS]
    lines = [
        "# Fault matrix: what each network fault looks like to the user",
        "",
        "<!-- Generated from tests/robustness/faults.py; do not edit. "
        f"Regenerate with: {REGENERATE} -->",
        "",
        "Every fault below is injected into one endpoint of one check while everything else "
        "answers normally, and the real runner and HTTP adapter are run against it (no real "
        "network: a local simulator, local TLS servers with certificates made at test time, a "
        "local proxy that never forwards, and mock transports). The table shows the status the "
        "check ended in and the summary a user reads. `tests/robustness/test_fault_matrix.py` "
        "asserts each cell (status, cause, time budget) and fails when this page no longer "
        "matches what the tests observe.",
        "",
        f"Runs use a per-check time limit of {TIMEOUT:g} s and must finish within {BUDGET:g} s. "
        "Local host names are shown as the vendor's API host; clock times, waits and byte counts "
        "are shown as HH:MM:SS and N.",
        "",
        "Columns: the sign-in check and one data check per provider. A data check is only "
        "reached after the sign-in check passed, so for faults of the whole host (DNS, refused, "
        "TLS, proxy) its column shows what happens when only the data endpoint is affected.",
        "",
        "## Summary",
        "",
        "| Fault | " + " | ".join(f"`{c}`" for c in checks) + " |",
        "|---|" + "---|" * len(checks),
    ]
    for case in FAULTS:
        row = [observed[(case.id, c)].status for c in checks]
        lines.append(f"| {case.title} | " + " | ".join(row) + " |")
    lines += ["", "## What the user reads", ""]
    for case in FAULTS:
        lines += [f"### {case.title}", "", f"How it is produced: {case.how}.", "",
                  "| Check | Status | Summary |", "|---|---|---|"]
        for target in TARGETS:
            obs = observed[(case.id, target.check_id)]
            lines.append(f"| `{target.check_id}` | {obs.status} | {_cell(stable_text(obs.summary, target.provider))} |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
