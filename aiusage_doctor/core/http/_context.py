"""What the runner sets for each check: its deadline, the time it waited for a connection
slot, its requests still in flight, and how deep in a chain of requests it is."""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Set by the runner for each check: the loop time by which the check must finish.
#: Rate-limit and retry waits never sleep past it.
check_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "check_deadline", default=None
)

DEADLINE_MARGIN = 1.0
"""Seconds a request's timeouts leave of the running check, so its own failure is reported."""
DEADLINE_MARGIN_SHARE = 0.35
"""...or this share of the time left, when that is more: on a busy computer the event loop
can run more than a second late, and then the check's own limit fired first and reported
a bare "did not finish" instead of the host and phase that never answered."""

MIN_RETRY_SECONDS = 0.5
"""A retry is only worth sending with at least this long to connect and answer; with less,
a busy network makes it time out and hide the cause of the attempt before it."""

#: How many requests had to finish, one after another, before the current one could
#: start (the runner carries it from a check's prerequisites into the check). Lets a
#: benchmark measure the critical path of a run instead of guessing it.
request_depth: contextvars.ContextVar[int] = contextvars.ContextVar("request_depth", default=0)


class QueueAllowance:
    """Time the running check spent queued for one of a host's connection slots.

    With hundreds of checks and 8 requests in flight per host, a check can wait a long
    time for its turn on a busy machine. That wait says nothing about the service, so
    it is added to the check's deadline (up to `limit` in all) instead of ending a
    healthy check as "did not finish". While the check waits, its deadline is held open
    by the whole remaining allowance; once it has its slot, only the time it really
    waited is kept. `on_extend` receives the total extension so the runner can move its
    own timeout to match.
    """

    def __init__(self, limit: float, on_extend: Callable[[float], None] | None = None) -> None:
        self.limit = limit
        self.seconds = 0.0
        self._waiting = 0
        self._on_extend = on_extend

    def _extend(self, total: float) -> None:
        if self._on_extend is not None:
            self._on_extend(total)

    def begin_wait(self) -> None:
        self._waiting += 1
        self._extend(self.limit)

    def end_wait(self, waited: float) -> None:
        self._waiting -= 1
        self.seconds = min(self.limit, self.seconds + max(0.0, waited))
        if not self._waiting:
            self._extend(self.seconds)


@dataclass
class InFlight:
    """A request of the running check that has not been answered yet, and how far it got
    (from httpcore's trace events): what the check was waiting for when its own time
    limit ran out, so that is named instead of a generic "too slow"."""

    method: str
    host: str
    path: str
    phase: str = "connecting"
    cancelled: bool = False
    started: float = field(default_factory=time.monotonic)

    async def trace(self, event: str, info: Any) -> None:
        if event.startswith(("http11.send_request_headers", "http2.send_request_headers",
                             "http11.receive_response_headers", "http2.receive_response_headers")):
            self.phase = "waiting for the answer"

    def timeout_summary(self, waited: float) -> str:
        """The same words as the adapter's own timeout, so both read alike in every report."""
        return (f"{self.host} did not respond in time while {self.phase} (gave up after {waited:.1f} s, "
                "when the check's time limit ran out). The network, a firewall that silently drops "
                "traffic, or the service itself is slow.")


#: Set by the runner for each check: its requests still waiting for an answer.
in_flight: contextvars.ContextVar[list[InFlight] | None] = contextvars.ContextVar("in_flight", default=None)


#: Set by the runner for each check (shared by the check's sub-tasks, which copy the context).
queue_allowance: contextvars.ContextVar[QueueAllowance | None] = contextvars.ContextVar(
    "queue_allowance", default=None
)


def time_left() -> float | None:
    """Seconds until the running check's deadline (None outside a check), counting the
    time it was granted for waiting its turn for a connection."""
    deadline = check_deadline.get()
    if deadline is None:
        return None
    allowance = queue_allowance.get()
    extra = allowance.seconds if allowance is not None else 0.0
    return deadline + extra - asyncio.get_running_loop().time()
