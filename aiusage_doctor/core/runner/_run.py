"""One run's scheduling: the planned graph, prerequisites, each check's time limit and its
allowance for queueing behind other checks, cancellation and progress events.

Whatever happens inside a check becomes an `Outcome` here; `_results.make_result` turns it
into the result that leaves the runner.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from aiusage_doctor.core.branding import APP_NAME
from aiusage_doctor.core.checks import CheckKey, CheckSpec, Outcome, PlannedCheck
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.http import (
    HttpClient,
    HttpFailure,
    ApiNotice,
    InFlight,
    QueueAllowance,
    api_notices,
    in_flight,
    queue_allowance,
    check_deadline,
    network_help,
    request_depth,
)
from aiusage_doctor.core.models import CheckResult
from aiusage_doctor.core.redact import redact
from aiusage_doctor.core.runner._results import BUG_REPORT, _apply_notices, make_result

log = logging.getLogger(__package__)  # one logger for the runner: aiusage_doctor.core.runner

_UNORDERED = (99, 999, "")
"""(provider rank, declaration rank, provider) of a check id no provider declared: sorts last."""

QUEUE_ALLOWANCE_FACTOR = 3
"""A check may wait for connection slots up to 3× its time limit on top of that limit:
queueing behind other checks is not the service's slowness (see `QueueAllowance`)."""


@dataclass(frozen=True)
class RunEvent:
    """Progress for a GUI or a terminal: what started or finished, and n of m."""

    kind: Literal["planned", "started", "finished"]
    key: CheckKey
    spec: CheckSpec
    done: int
    total: int
    result: CheckResult | None = None
    provider: str = ""
    """The provider that declared the check (github, cursor, anthropic)."""


EventHandler = Callable[[RunEvent], None]


class _Context:
    """What a check function sees (implements `CheckContext`)."""

    def __init__(self, run: _Run, planned: PlannedCheck) -> None:
        self._run = run
        self.config = run.config
        self.http = run.http
        self.target = planned.target
        self.params = planned.params
        self.spec = planned.spec
        self.facts = run.facts

    def schedule(self, checks: Sequence[PlannedCheck]) -> None:
        self._run.add(checks)

    def result_of(self, check_id: str, target: str | None = None) -> CheckResult | None:
        return self._run.result_of(check_id, target if target is not None else self.target)


class _Run:
    """State of one run: the planned graph, running tasks and finished results."""

    def __init__(
        self,
        config: RunConfig,
        http: HttpClient,
        order: dict[str, tuple[int, int, str]],
        on_event: EventHandler | None,
        select: set[CheckKey] | None,
    ) -> None:
        self.config = config
        self.http = http
        self.order = order
        self.on_event = on_event
        self.select = select
        self.facts: dict[str, Any] = {}
        self.planned: dict[CheckKey, PlannedCheck] = {}
        self.tasks: dict[CheckKey, asyncio.Future[CheckResult]] = {}
        self.results: dict[CheckKey, CheckResult] = {}
        self.done_events: dict[CheckKey, asyncio.Event] = {}
        self.depths: dict[CheckKey, int] = {}
        self.done = 0
        self.cancelled = False
        """Set by Runner.cancel(): checks added from then on are recorded as cancelled, not run."""

    # ----------------------------------------------------------- graph building

    def add(self, checks: Iterable[PlannedCheck]) -> None:
        new = [c for c in checks if c.key not in self.planned]
        for check in new:
            self.planned[check.key] = check
            self.done_events[check.key] = asyncio.Event()
        wanted = self._wanted(new)
        for check in new:
            if check.key not in wanted:
                continue
            self._emit("planned", check)
            if self.cancelled:
                # A check scheduled while the run stops (e.g. from a cancelled check's cleanup)
                # never ran: it must not read as a verdict or count as finished.
                result = self._result(check, Outcome.skip("Cancelled before it started."),
                                      started=time.perf_counter(), cancelled=True)
                done: asyncio.Future[CheckResult] = asyncio.get_running_loop().create_future()
                done.set_result(result)
                self.tasks[check.key] = done
                self._finish(check, result)
                continue
            self.tasks[check.key] = asyncio.ensure_future(self._execute(check))

    def _wanted(self, new: list[PlannedCheck]) -> set[CheckKey]:
        """With a selection (re-run), only the selected checks and what they need run."""
        if self.select is None:
            return {c.key for c in new}
        wanted: set[CheckKey] = set()
        stack = [c.key for c in new if c.key in self.select]
        while stack:
            key = stack.pop()
            if key in wanted or key in self.tasks:
                continue
            wanted.add(key)
            if key in self.planned:
                stack.extend(self.planned[key].needs)
                stack.extend(self.planned[key].after)
        return wanted

    def result_of(self, check_id: str, target: str) -> CheckResult | None:
        return self.results.get((check_id, target))

    # --------------------------------------------------------------- execution

    async def _execute(self, check: PlannedCheck) -> CheckResult:
        try:
            blocker = await self._wait_for_needs(check)
            if blocker is not None:
                result = self._skipped(check, blocker)
            else:
                # This check's requests come after its prerequisites' requests.
                before = [self.depths.get(k, 0) for k in (*check.needs, *check.after)]
                request_depth.set(max([request_depth.get(), *before]))
                self._emit("started", check)
                result = await self._run_check(check)
                self.depths[check.key] = request_depth.get()
        except asyncio.CancelledError:
            result = self._result(
                check, Outcome.skip("Cancelled before it finished."), started=time.perf_counter(),
                cancelled=True,
            )
            self._finish(check, result)
            raise
        self._finish(check, result)
        return result

    async def _wait_for_needs(self, check: PlannedCheck) -> tuple[CheckSpec, CheckResult | None] | None:
        """Wait for `after` (any outcome) and `needs` (must pass); return the first blocker."""
        for key in check.after:
            await self._wait_done(key)
        for need in check.needs:
            if not await self._wait_done(need):
                continue
            res = self.results.get(need)
            if res is None or not res.status.is_passing:
                return (self.planned[need].spec, res)
        return None

    async def _wait_done(self, key: CheckKey) -> bool:
        """Wait until `key` has a result. False when it is not part of this run at all
        (e.g. its provider was not chosen)."""
        if key not in self.planned:
            return False
        if key not in self.tasks and key not in self.results:
            # A re-run selection may leave a prerequisite out; schedule it now.
            self.tasks[key] = asyncio.ensure_future(self._execute(self.planned[key]))
        await self.done_events[key].wait()
        return True

    def _skipped(self, check: PlannedCheck, blocker: tuple[CheckSpec, CheckResult | None]) -> CheckResult:
        spec, res = blocker
        status = res.status.value if res is not None else "did not run"
        outcome = Outcome.skip(
            f"Skipped: it needs '{spec.title}' ({spec.id}), which ended in {status}.",
            details=[f"Fix '{spec.title}' first; this check runs once it passes."],
        )
        return self._result(check, outcome, started=time.perf_counter(), blocked_by=spec,
                            blocker=res.key if res is not None else None)

    async def _run_check(self, check: PlannedCheck) -> CheckResult:
        started = time.perf_counter()
        ctx = _Context(self, check)
        timeout = self.config.timeout
        loop = asyncio.get_running_loop()
        token = check_deadline.set(loop.time() + timeout)
        notices: list[ApiNotice] = []
        notices_token = api_notices.set(notices)
        allowance_token = None
        waiting: list[InFlight] = []
        waiting_token = in_flight.set(waiting)
        try:
            async with asyncio.timeout(timeout) as limit:
                base = limit.when() or loop.time() + timeout
                allowance_token = queue_allowance.set(QueueAllowance(
                    QUEUE_ALLOWANCE_FACTOR * timeout, lambda extra: limit.reschedule(base + extra)))
                outcome = await check.fn(ctx)
        except HttpFailure as failure:
            outcome = Outcome.error(
                failure.cause,
                details=list(failure.details),
                remediation=list(failure.remediation),
                evidence=failure.evidence(),
            )
        except TimeoutError:
            pending = waiting[0] if waiting else None
            outcome = Outcome.error(
                pending.timeout_summary(time.monotonic() - pending.started) if pending else
                f"The check did not finish within its {timeout:g} s time limit: the service or "
                "the network is too slow.",
                details=["Run it again, or allow more time with --timeout (CLI) or the Advanced "
                         "settings (app)."],
                remediation=[network_help("timeout", "Fix timeouts")],
                evidence={"request": f"{pending.method} {pending.path}", "host": pending.host,
                          "phase": pending.phase} if pending else {},
            )
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug in a check must never crash the run
            log.exception("check %s on %s crashed", check.spec.id, check.target)
            outcome = Outcome.error(
                f"An unexpected problem stopped this check ({type(exc).__name__}). This is a bug "
                f"in {APP_NAME}, not in your setup.",
                details=[redact(str(exc))[:500]] if str(exc) else [],
                remediation=[BUG_REPORT],
            )
        finally:
            check_deadline.reset(token)
            api_notices.reset(notices_token)
            in_flight.reset(waiting_token)
            if allowance_token is not None:
                queue_allowance.reset(allowance_token)
        if not isinstance(outcome, Outcome):
            outcome = Outcome.error(
                f"The check returned no verdict ({type(outcome).__name__}); this is a bug.",
                remediation=[BUG_REPORT],
            )
        if notices:
            _apply_notices(outcome, notices, self.provider_of(check.spec))
        return self._result(check, outcome, started=started)
    def _result(
        self,
        check: PlannedCheck,
        outcome: Outcome,
        *,
        started: float,
        blocked_by: CheckSpec | None = None,
        blocker: CheckKey | None = None,
        cancelled: bool = False,
    ) -> CheckResult:
        return make_result(check, outcome, provider=self.provider_of(check.spec), secrets=self.config.secrets(),
                           started=started, blocked_by=blocked_by, blocker=blocker, cancelled=cancelled)

    def _finish(self, check: PlannedCheck, result: CheckResult) -> None:
        if check.key in self.results:
            return
        self.results[check.key] = result
        self.done += 1
        self.done_events[check.key].set()
        self._emit("finished", check, result)

    def provider_of(self, spec: CheckSpec) -> str:
        return self.order.get(spec.id, _UNORDERED)[2]

    def _emit(self, kind: Literal["planned", "started", "finished"], check: PlannedCheck,
              result: CheckResult | None = None) -> None:
        if self.on_event is None:
            return
        try:
            provider = self.provider_of(check.spec)
            self.on_event(RunEvent(kind, check.key, check.spec, self.done, len(self.tasks) or 1, result, provider))
        except Exception:  # a broken progress view must not stop the diagnosis
            log.exception("progress handler failed")

    async def wait_all(self) -> None:
        while True:
            pending = [t for t in self.tasks.values() if not t.done()]
            if not pending:
                return
            await asyncio.wait(pending)

    def sort_key(self, result: CheckResult) -> tuple[Any, ...]:
        prov, decl, _ = self.order.get(result.id, _UNORDERED)
        hint = self.planned[result.key].order_hint if result.key in self.planned else 0
        return (prov, decl, hint, result.target)
