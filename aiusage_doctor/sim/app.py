"""Routes a request to the right fake vendor, then applies latency and faults.

Path prefixes on the API port: one per provider in core.labels.PROVIDER_LIST, its id
(`/github`, `/cursor`, …; each provider's base URL is `http://127.0.0.1:PORT/<id>`),
answered by its simulator module `aiusage_doctor.sim.<id>`. The report-download host is a
second port.

A simulator module offers `vendor(app)` (a handler `(request, path) -> response`) or
`Api(state)` (a class whose `handle` is that handler; the state comes from
`World.vendor_states`), and optionally `server_error(status)` and
`rate_limited(status, until, retry)` for faults in the vendor's own shape.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from importlib import import_module
from types import ModuleType

from aiusage_doctor.core.labels import PROVIDER_LIST
from aiusage_doctor.sim.faults import Fault, FaultState
from aiusage_doctor.sim.reports import ReportHost
from aiusage_doctor.sim.server import SimRequest, SimResponse
from aiusage_doctor.sim.world import Universe

PREFIXES = tuple(PROVIDER_LIST)

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
        self.reports = ReportHost(uni)
        self.modules: dict[str, ModuleType] = {pid: import_module(f"aiusage_doctor.sim.{pid}") for pid in PREFIXES}
        states = dict(uni.world.vendor_states)
        self.vendors: dict[str, Callable[[SimRequest, str], SimResponse]] = {
            pid: module.vendor(self) if hasattr(module, "vendor") else module.Api(states.get(pid, "healthy")).handle
            for pid, module in self.modules.items()}
        """Every provider's simulator, by provider id (= path prefix)."""
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
        if vendor in self.vendors:
            return self.vendors[vendor](req, rest)
        return SimResponse.json(404, {"message": "Unknown simulator path: use one of /" + ", /".join(PREFIXES)})

    # ---------------------------------------------------- vendor-shaped failures

    def _vendor_error(self, vendor: str, status: int) -> SimResponse:
        shaped = getattr(self.modules.get(vendor), "server_error", None)
        return shaped(status) if shaped else SimResponse.text(status, "Service Unavailable")

    def _rate_limited(self, vendor: str, status: int | None, until: float) -> SimResponse:
        now = time.time()
        retry = max(1, int(until - now + 0.999))
        shaped = getattr(self.modules.get(vendor), "rate_limited", None)
        if shaped:
            return shaped(status, until, retry)
        return SimResponse.text(status or 429, "Too Many Requests", headers=[("Retry-After", str(retry))])
