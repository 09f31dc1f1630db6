"""Per-route fault injection: latency, jitter, dropped connections, hangs, 5xx, 429,
truncated JSON and HTML pages, declared as data.

A `Fault` matches requests by a glob over "METHOD /vendor/path" (query excluded), e.g.
``Fault("GET /github/orgs/*/copilot/metrics/reports/*", "status", status=503, times=1)``.
`times` limits it to the first N matching requests (after skipping `after`); faults
without `times` apply to every match. Latency faults add up; the first matching
non-latency fault decides the answer.
"""

from __future__ import annotations

import fnmatch
import re
import time
from dataclasses import dataclass
from typing import Literal

FaultKind = Literal["latency", "reset", "hang", "cut", "status", "rate_limit", "truncated_json", "html"]

FAULT_KINDS: dict[str, str] = {
    "latency": "wait `seconds` (+ up to `jitter`) before answering",
    "reset": "drop the connection with a TCP reset instead of answering",
    "hang": "never answer (the client's read timeout fires)",
    "cut": "send the headers and half the body, then reset the connection",
    "status": "answer HTTP `status` (default 503) with the vendor's error body",
    "rate_limit": "answer the vendor's rate-limit response (GitHub 403/429 with "
                  "x-ratelimit-remaining: 0 and x-ratelimit-reset; Cursor/Anthropic 429 with "
                  "Retry-After) for `seconds` from the first hit",
    "truncated_json": "the normal answer with its JSON body cut in half (framing intact)",
    "html": "a captive-portal HTML page with HTTP `status` (default 200) instead of the answer",
}


@dataclass(frozen=True)
class Fault:
    match: str = "*"
    kind: FaultKind = "latency"
    seconds: float = 0.0
    jitter: float = 0.0
    status: int | None = None
    times: int | None = None
    after: int = 0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {', '.join(FAULT_KINDS)}")

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(fnmatch.translate(self.match))


class FaultState:
    """Counts matches per fault so `times`/`after` and rate-limit windows are honoured.
    Used only on the simulator's event-loop thread."""

    def __init__(self, faults: tuple[Fault, ...]) -> None:
        self.faults = faults
        self._patterns = [f.pattern for f in faults]
        self._seen = [0] * len(faults)
        self._until: list[float | None] = [None] * len(faults)
        self.fired: dict[str, int] = {}

    def select(self, method: str, path: str) -> tuple[float, float, Fault | None, float | None]:
        """(latency, jitter, the fault that decides the answer or None, its rate-limit end).

        Latency faults add up. Only the first matching non-latency fault takes effect, and
        only a fault that takes effect uses up one of its `times`."""
        key = f"{method} {path}"
        latency = jitter = 0.0
        chosen: Fault | None = None
        chosen_until: float | None = None
        now = time.time()
        for i, fault in enumerate(self.faults):
            if not self._patterns[i].match(key):
                continue
            if fault.kind != "latency" and chosen is not None:
                continue
            if fault.kind == "rate_limit" and self._until[i] is not None:
                until = self._until[i]
                assert until is not None
                if now < until:
                    chosen, chosen_until = fault, until
                    self._count(fault)
                continue
            self._seen[i] += 1
            n = self._seen[i] - fault.after
            if n <= 0 or (fault.times is not None and n > fault.times):
                continue
            self._count(fault)
            if fault.kind == "latency":
                latency += fault.seconds
                jitter += fault.jitter
            elif fault.kind == "rate_limit":
                # Whole seconds, like x-ratelimit-reset: the client waits 1-2 s for 1.0.
                chosen_until = float(int(now) + 1 + max(0, int(round(fault.seconds or 1.0))))
                self._until[i] = chosen_until
                chosen = fault
            else:
                chosen = fault
        return latency, jitter, chosen, chosen_until

    def _count(self, fault: Fault) -> None:
        self.fired[fault.kind] = self.fired.get(fault.kind, 0) + 1
