"""Routes a request to the right fake vendor, then applies latency and faults.

Path prefixes on the API port: `/github`, `/cursor`, `/anthropic` (each provider's base
URL is `http://127.0.0.1:PORT/<prefix>`). The report-download host is a second port.
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
from collections import Counter
from collections.abc import Callable

from importlib import import_module

from aiusage_doctor.core.labels import DESCRIBED
from aiusage_doctor.sim import anthropic as anthropic_api
from aiusage_doctor.sim.anthropic import AnthropicApi
from aiusage_doctor.sim.cursor import CursorApi
from aiusage_doctor.sim.faults import Fault, FaultState
from aiusage_doctor.sim.github import GitHubApi
from aiusage_doctor.sim.reports import ReportHost
from aiusage_doctor.sim.server import SimRequest, SimResponse
from aiusage_doctor.sim.world import Universe

PREFIXES = ("github", "cursor", "anthropic", *DESCRIBED)

CAPTIVE_PORTAL = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Guest Wi-Fi - Sign in</title></head>
<body><h1>Welcome to Guest Wi-Fi</h1>
<p>Please accept the terms of use to continue to the internet.</p>
<form method="post" action="/login"><button>Accept and connect</button></form>
</body></html>
"""


class SimApp:
    def __init__(self, uni: Universe, faults: tuple[Fault, ...], base_url: Callable[[str], str]) -> None:
        self.uni = uni
        self.world = uni.world
        self.base_url = base_url
        """base_url(listener) -> 'http://127.0.0.1:PORT'."""
        self.github = GitHubApi(uni, self.reports_base)
        self.cursor = CursorApi(uni)
        self.anthropic = AnthropicApi(uni)
        self.reports = ReportHost(uni)
        states = dict(uni.world.vendor_states)
        self.described = {pid: import_module(f"aiusage_doctor.sim.{pid}").Api(states.get(pid, "healthy"))
                          for pid in DESCRIBED}
        """Simulators of the descriptor-built providers, by provider id (= path prefix)."""
        self.faults = FaultState(faults)
        self.rng = random.Random(uni.world.jitter_seed)
        self.count = 0
        self.by_path: Counter[str] = Counter()
        self.lock = threading.Lock()
        """Guards `by_path` against readers on other threads (benchmarks, tests)."""
        self.in_flight = 0
        self.max_in_flight = 0

    def reports_base(self) -> str:
        listener = "reports_refused" if self.world.download == "refused" else "reports"
        return self.base_url(listener)

    async def __call__(self, req: SimRequest) -> SimResponse:
        vendor, rest = self._split(req)
        path = req.path if req.listener == "api" else "/reports" + req.path
        with self.lock:
            self.count += 1
            self.by_path[f"{req.method} {path}"] += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            latency, jitter, fault, until = self.faults.select(req.method, path)
            latency += self.world.latency
            jitter += self.world.jitter
            delay = latency + (self.rng.uniform(0, jitter) if jitter else 0.0)
            if delay > 0:
                await asyncio.sleep(delay)
            if fault is not None:
                if fault.kind in ("reset", "hang", "cut"):
                    normal = self._dispatch(req, vendor, rest) if fault.kind == "cut" else SimResponse()
                    normal.action = fault.kind
                    return normal
                if fault.kind == "status":
                    return self._vendor_error(vendor, fault.status or 503)
                if fault.kind == "rate_limit":
                    assert until is not None
                    return self._rate_limited(vendor, fault.status, until)
                if fault.kind == "html":
                    return SimResponse.text(fault.status or 200, CAPTIVE_PORTAL, "text/html; charset=utf-8",
                                            [("Cache-Control", "no-store")])
                if fault.kind == "truncated_json":
                    resp = self._dispatch(req, vendor, rest)
                    if resp.body:
                        resp.body = resp.body[: max(1, len(resp.body) // 2)]
                    return resp
            return self._dispatch(req, vendor, rest)
        finally:
            self.in_flight -= 1

    @staticmethod
    def _split(req: SimRequest) -> tuple[str, str]:
        if req.listener != "api":
            return "reports", req.path
        parts = req.path.split("/", 2)
        prefix = parts[1] if len(parts) > 1 else ""
        if prefix in PREFIXES:
            return prefix, "/" + (parts[2] if len(parts) > 2 else "")
        return "", req.path

    def _dispatch(self, req: SimRequest, vendor: str, rest: str) -> SimResponse:
        if vendor == "reports":
            if self.world.download == "reset":
                return SimResponse(action="reset")
            return self.reports.handle(req)
        if vendor == "github":
            return self.github.handle(req, f"{self.base_url('api')}/github", rest)
        if vendor == "cursor":
            return self.cursor.handle(req, rest)
        if vendor == "anthropic":
            return self.anthropic.handle(req, rest)
        if vendor in self.described:
            return self.described[vendor].handle(req, rest)
        return SimResponse.json(404, {"message": "Unknown simulator path: use one of /" + ", /".join(PREFIXES)})

    # ---------------------------------------------------- vendor-shaped failures

    @staticmethod
    def _vendor_error(vendor: str, status: int) -> SimResponse:
        if vendor == "anthropic":
            kind = {500: "api_error", 504: "timeout_error", 529: "overloaded_error"}.get(status, "api_error")
            return anthropic_api.error(status, kind, "Internal server error" if status == 500 else "Overloaded")
        if vendor == "cursor":
            return SimResponse.json(status, {"error": "Internal Server Error", "message": "An unexpected error occurred"})
        if vendor == "github":
            return SimResponse.json(status, {"message": "Server Error", "documentation_url": "https://docs.github.com/rest"})
        return SimResponse.text(status, "Service Unavailable")

    @staticmethod
    def _rate_limited(vendor: str, status: int | None, until: float) -> SimResponse:
        now = time.time()
        retry = max(1, int(until - now + 0.999))
        if vendor == "github":
            # Primary limit exhausted: 403 or 429 with x-ratelimit-remaining: 0 and the
            # reset epoch; the client must wait until then (github-copilot.md §6).
            return SimResponse.json(status or 403, {
                "message": "API rate limit exceeded for user ID 1000001. If you reach out to GitHub Support for help, "
                           "please include the request ID.",
                "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
                "status": str(status or 403),
            }, [("x-ratelimit-limit", "5000"), ("x-ratelimit-remaining", "0"), ("x-ratelimit-used", "5000"),
                ("x-ratelimit-reset", str(int(until))), ("x-ratelimit-resource", "core")])
        if vendor == "cursor":
            # Documented: Retry-After: 60; the simulator shortens the window (UNDOCUMENTED value).
            return SimResponse(status or 429, [("Content-Type", "application/json"), ("Retry-After", str(retry))],
                               json.dumps({"code": "error", "message": "Rate limit exceeded"}).encode())
        if vendor == "anthropic":
            resp = anthropic_api.error(status or 429, "rate_limit_error",
                                       "This request would exceed the rate limit for your organization. Please retry later.")
            resp.headers.append(("retry-after", str(retry)))
            return resp
        return SimResponse.text(status or 429, "Too Many Requests", headers=[("Retry-After", str(retry))])
