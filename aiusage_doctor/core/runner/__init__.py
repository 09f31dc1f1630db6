"""Runs provider checks concurrently, in dependency order, and always finishes.

Why this shape: an admin with 200 orgs needs every independent check in flight at
once (the HTTP adapter caps requests per host), while a check whose prerequisite
failed should say so instead of piling up confusing 401s. Whatever happens inside
a check (an exception, a timeout, a dropped connection) becomes an `error` result
with a plain cause; the run completes and results come out in a fixed order.

Everything is imported from here; the modules behind it are private: `_run` (one run's
scheduling, time limits and events) and `_results` (what a finished check becomes).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import Any

from aiusage_doctor.core.checks import CheckKey, PlannedCheck, Provider
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.http import HttpClient, HttpSettings
from aiusage_doctor.core.models import CheckResult, RunState
from aiusage_doctor.core.redact import REGISTRY
from aiusage_doctor.core.runner._results import BUG_REPORT, DOCS_BUG_HELP, RETIRING_HELP
from aiusage_doctor.core.runner._run import QUEUE_ALLOWANCE_FACTOR, EventHandler, RunEvent, _Run

__all__ = [
    "BUG_REPORT",
    "DOCS_BUG_HELP",
    "QUEUE_ALLOWANCE_FACTOR",
    "RETIRING_HELP",
    "EventHandler",
    "RunEvent",
    "Runner",
]


class Runner:
    """Plans and runs the checks for one `RunConfig`.

    `transport` is forwarded to the HTTP adapter (tests, simulator); `providers`
    defaults to every registered provider. Results are redacted before they leave.
    """

    def __init__(
        self,
        config: RunConfig,
        *,
        providers: Sequence[Provider] | None = None,
        http: HttpClient | None = None,
        transport: Any = None,
        on_event: EventHandler | None = None,
    ) -> None:
        if providers is None:
            from aiusage_doctor.providers.registry import all_providers

            providers = all_providers(config.providers)  # only the modules this run needs
        self.config = config
        self.providers = list(providers)
        self._http = http
        self._transport = transport
        self.on_event = on_event
        self._run: _Run | None = None
        self.stats = None
        self.cancelled = False
        """Set when the run was cancelled (cancel(), or the task running it was cancelled)."""

    def _order(self) -> dict[str, tuple[int, int, str]]:
        order: dict[str, tuple[int, int, str]] = {}
        for p_index, provider in enumerate(self.providers):
            for d_index, spec in enumerate(provider.catalog):
                order[spec.id] = (p_index, d_index, provider.name)
        return order

    def plan(self) -> list[PlannedCheck]:
        planned: list[PlannedCheck] = []
        for provider in self.providers:
            if provider.name in self.config.providers:
                planned.extend(provider.plan(self.config))
        return planned

    def cancel(self) -> None:
        """Stop the run: running checks end as 'Cancelled', and `run()` returns what finished."""
        self.cancelled = True
        run = self._run
        if run is None:
            return
        run.cancelled = True
        for task in list(run.tasks.values()):
            task.cancel()

    async def run(self, select: Iterable[CheckKey] | None = None) -> list[CheckResult]:
        """Run every planned check (or only `select` plus its prerequisites)."""
        REGISTRY.add(*self.config.secrets())
        http = self._http or HttpClient(
            HttpSettings(per_host_limit=self.config.concurrency, ca_file=self.config.ca_file,
                         proxy=self.config.proxy_url),
            transport=self._transport,
        )
        run = _Run(
            self.config,
            http,
            self._order(),
            self.on_event,
            set(select) if select is not None else None,
        )
        self._run = run
        self.cancelled = False
        try:
            run.add(self.plan())
            try:
                await run.wait_all()
            except asyncio.CancelledError:
                self.cancel()
                await asyncio.gather(*run.tasks.values(), return_exceptions=True)
                raise
            # A cancelled run leaves cancelled tasks; their results were recorded as 'Cancelled'.
        finally:
            self.stats = http.stats
            if self._http is None:
                await http.aclose()
        return self.results()

    def results(self) -> list[CheckResult]:
        """The results so far, in the fixed report order (all of them once `run()` returned;
        after a cancelled run, the ones recorded before it stopped)."""
        run = self._run
        if run is None:
            return []
        results = [r for key, r in run.results.items() if key in run.tasks]
        return sorted(results, key=run.sort_key)

    def state(self) -> RunState:
        """Whether the last run finished, and how many of its checks reached a verdict."""
        run = self._run
        if run is None:
            return RunState(completed=not self.cancelled, cancelled=self.cancelled)
        finished = sum(1 for key, r in run.results.items() if key in run.tasks and not r.cancelled)
        planned = len(run.tasks)
        return RunState(completed=not self.cancelled and finished == planned, cancelled=self.cancelled,
                        checks_planned=planned, checks_finished=finished)
