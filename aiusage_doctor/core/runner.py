"""Runs provider checks concurrently, in dependency order, and always finishes.

Why this shape: an admin with 200 orgs needs every independent check in flight at
once (the HTTP adapter caps requests per host), while a check whose prerequisite
failed should say so instead of piling up confusing 401s. Whatever happens inside
a check (an exception, a timeout, a dropped connection) becomes an `error` result
with a plain cause; the run completes and results come out in a fixed order.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from aiusage_doctor.core.branding import APP_NAME, DOCS_BASE, SUPPORT_EMAIL
from aiusage_doctor.core.catalog_docs import help_url_for
from aiusage_doctor.core.checks import CheckKey, CheckSpec, Inference, Outcome, PlannedCheck, Provider, Source
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.http import (
    NETWORK_HELP,
    NETWORK_KINDS,
    HttpClient,
    HttpFailure,
    ApiNotice,
    HttpSettings,
    InFlight,
    QueueAllowance,
    api_notices,
    in_flight,
    queue_allowance,
    check_deadline,
    network_help,
    request_depth,
)
from aiusage_doctor.core.models import (
    AlternativeCause,
    CheckRef,
    CheckResult,
    InferenceInfo,
    Link,
    RunState,
    SourceRef,
    Status,
)
from aiusage_doctor.core.redact import REGISTRY, mask_emails, redact, redact_obj
from aiusage_doctor.core.untrusted import clean_tree
from aiusage_doctor.core.vendors import GITHUB_API_VERSIONS_DOCS, GITHUB_CHANGELOG

log = logging.getLogger(__name__)

DOCS_BUG_HELP = DOCS_BASE + "security.md#what-is-redacted"
_UNORDERED = (99, 999, "")
"""(provider rank, declaration rank, provider) of a check id no provider declared: sorts last."""

QUEUE_ALLOWANCE_FACTOR = 3
"""A check may wait for connection slots up to 3× its time limit on top of that limit:
queueing behind other checks is not the service's slowness (see `QueueAllowance`)."""

BUG_REPORT = (
    Link(text="Email the exported report to support", url=f"mailto:{SUPPORT_EMAIL}") if SUPPORT_EMAIL
    else Link(text="Export the report (secrets are removed) and send it to your support contact",
              url=DOCS_BUG_HELP)
)


RETIRING_HELP = NETWORK_HELP + "#endpoint-retiring"
"""The app's own page on Deprecation/Sunset answers, for vendors without a known page."""

_RETIREMENT_LINKS: dict[str, tuple[Link, ...]] = {
    "github": (Link(text="GitHub REST API versions and breaking changes", url=GITHUB_API_VERSIONS_DOCS),
               Link(text="GitHub changelog (retirement notices)", url=GITHUB_CHANGELOG)),
}


def _apply_notices(outcome: Outcome, notices: list[ApiNotice], provider: str = "") -> None:
    """A pass on an endpoint its vendor is retiring is a warning, with the vendor's pages on
    API versions (not the check's failure fixes, which don't apply), and one shared cause so
    one retirement is counted once. Other verdicts keep their status and gain the notice as
    a detail."""
    lines = [notice.line() for notice in notices]
    if outcome.status is Status.PASS:
        sunset = next((n for n in notices if n.header == "sunset"), None)
        deprecation = next((n for n in notices if n.header == "deprecation"), None)
        first = sunset or deprecation or notices[0]
        if sunset is not None:
            what = f"being retired on {sunset.when}: the data will stop coming then"
        elif deprecation is not None:
            when = (f"will be deprecated on {deprecation.when}" if deprecation.in_future
                    else f"was deprecated on {deprecation.when}")
            what = f"marked deprecated ({when}); the vendor has not announced a retirement date"
        else:
            what = "marked as being retired; the vendor has not announced a retirement date"
        outcome.details = [f"Passed: {outcome.summary}", *outcome.details]
        outcome.summary = f"Works today, but {first.host} says an endpoint this check uses is {what}."
        outcome.status = Status.WARN
        outcome.remediation = list(_RETIREMENT_LINKS.get(provider, (
            Link(text="What an endpoint retirement notice means", url=RETIRING_HELP),)))
        outcome.cause = f"{first.host} is retiring API endpoints these checks use"
    outcome.details = [*outcome.details, *lines]
    outcome.evidence = {**outcome.evidence, "api_notices": lines}


def _source_ref(source: Source) -> SourceRef:
    return SourceRef(title=source.title, url=source.url, verified=source.verified)


def _inference_info(inference: Inference | None) -> InferenceInfo | None:
    if inference is None:
        return None
    return InferenceInfo(
        likely=inference.likely,
        because=inference.because,
        alternatives=[AlternativeCause(cause=a.cause, links=list(a.links)) for a in inference.alternatives],
    )


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
        spec = check.spec
        remediation = list(outcome.remediation)
        if outcome.status.is_problem and not remediation:
            remediation = list(spec.remediation)
        if blocked_by is not None:
            remediation = [Link(text=f"Fix '{blocked_by.title}' first", url=help_url_for(blocked_by))]
        provider = self.provider_of(spec)
        help_url = help_url_for(spec)
        if outcome.status.is_problem and outcome.evidence.get("failure") in NETWORK_KINDS:
            # The check never got its question answered: its own help (about 401s, scopes...)
            # would mislead; the help that applies is about the network.
            help_url = next((link.url for link in remediation if link.url.startswith(NETWORK_HELP)),
                            f"{NETWORK_HELP}#{outcome.evidence['failure']}")
        result = CheckResult(
            id=spec.id,
            provider=provider,
            target=check.target,
            title=spec.title,
            status=outcome.status,
            summary=outcome.summary,
            details=list(outcome.details),
            remediation=remediation,
            evidence=mask_emails(dict(outcome.evidence)),
            duration_ms=int((time.perf_counter() - started) * 1000),
            sources=[_source_ref(s) for s in (outcome.sources or spec.all_sources())],
            inference=_inference_info(outcome.inference),
            unexpected=outcome.unexpected,
            diagnosis=outcome.diagnosis,
            help_url=help_url,
            blocked_by=CheckRef(id=blocker[0], target=blocker[1]) if blocker else None,
            cancelled=cancelled,
            cause=outcome.cause,
        )
        # Control and bidi characters out of every string (a provider may quote a header
        # the adapter didn't clean), then secrets: nothing raw leaves the runner.
        cleaned = clean_tree(result.model_dump(), newlines=True, max_depth=200)
        return CheckResult.model_validate(redact_obj(cleaned, self.config.secrets()))

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

