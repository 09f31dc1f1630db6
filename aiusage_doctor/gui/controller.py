"""The bridge between widgets and the core: runs, re-runs, org discovery and the demo simulator.

Real work lives in plain `async def` functions on the qasync loop; the controller only
starts them as tasks and reports back through Qt signals (`run_finished`, ...), so
widgets never await anything and tests can `waitSignal` on completion. Core modules and
providers are imported when the first run starts, not at startup.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    import asyncio

    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.models import CheckResult

log = logging.getLogger(__name__)

Key = tuple[str, str]


def _safe_emit(owner: QObject, signal: Any, *args: Any) -> None:
    """Emit unless `owner` was deleted with its window while a task was still finishing."""
    if shiboken6.isValid(owner):
        signal.emit(*args)


def _redacted_traceback(exc: BaseException, secrets: Sequence[str] = ()) -> str:
    from aiusage_doctor.core.redact import redact

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return redact(text, list(secrets))


class RunController(QObject):
    """Runs the checks for a config and streams progress as signals.

    `providers` (tests) replaces the registered providers; `transport` is passed to the
    runner's HTTP adapter. One run at a time: starting a new one cancels the old one.
    """

    check_planned = Signal(object, str, str)
    """(key, title, provider)"""
    check_started = Signal(object, str, str)
    check_finished = Signal(object)
    """CheckResult"""
    run_finished = Signal(list, bool)
    """(results, cancelled)"""
    run_failed = Signal(str, str)
    """(plain message, redacted details): the run itself broke (not a check)."""

    def __init__(self, parent: QObject | None = None, *, providers: Sequence[Any] | None = None,
                 transport: Any = None) -> None:
        super().__init__(parent)
        self.providers = providers
        self.transport = transport
        self._task: asyncio.Task[None] | None = None
        self._runner: Any = None
        self._busy = False
        self.cancelled = False
        self._queue: deque[tuple[Any, tuple[Any, ...]]] = deque()
        self._flush_pending = False

    @property
    def running(self) -> bool:
        """True from `start()` until just before `run_finished` is emitted."""
        return self._busy and self._task is not None and not self._task.done()

    @property
    def task(self) -> asyncio.Task[None] | None:
        return self._task

    def start(self, config: RunConfig, select: Iterable[Key] | None = None) -> asyncio.Task[None]:
        import asyncio  # asyncio (35 ms) loads after the first paint, not before

        if self.running:
            self.cancel()
        self.cancelled = False
        selection = set(select) if select is not None else None
        self._busy = True
        self._task = asyncio.ensure_future(self._run(config, selection))
        return self._task

    def cancel(self) -> None:
        """Stop the run: running checks end as 'Cancelled' and `run_finished` still arrives."""
        if not self.running:
            return
        self.cancelled = True
        if self._runner is not None:
            self._runner.cancel()
        else:
            self._task.cancel()  # type: ignore[union-attr]

    async def aclose(self) -> None:
        """Cancel and wait until the run has wound down (window closing)."""
        import asyncio

        task = self._task
        if task is None or task.done():
            return
        self.cancel()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=5)
        except (asyncio.CancelledError, TimeoutError, Exception):
            task.cancel()

    def _emit(self, signal: Any, *args: Any) -> None:
        _safe_emit(self, signal, *args)

    def _on_event(self, event: Any) -> None:
        provider = event.provider
        if event.kind == "planned":
            self._queue_signal(self.check_planned, event.key, event.spec.title, provider)
        elif event.kind == "started":
            self._queue_signal(self.check_started, event.key, event.spec.title, provider)
        elif event.kind == "finished" and event.result is not None:
            self._queue_signal(self.check_finished, event.result)

    # Progress reaches the widgets through a queue drained in slices of at most
    # FLUSH_BUDGET seconds: a large enterprise schedules hundreds of checks at once,
    # and adding hundreds of rows in one go would freeze the window. Order is kept.
    FLUSH_BUDGET = 0.008

    def _queue_signal(self, signal: Any, *args: Any) -> None:
        import asyncio

        self._queue.append((signal, args))
        if not self._flush_pending:
            self._flush_pending = True
            asyncio.get_running_loop().call_soon(self._flush)

    def _flush(self) -> None:
        import asyncio

        deadline = time.perf_counter() + self.FLUSH_BUDGET
        while self._queue:
            signal, args = self._queue.popleft()
            self._emit(signal, *args)
            if time.perf_counter() >= deadline:
                break
        if self._queue:
            asyncio.get_running_loop().call_soon(self._flush)  # let Qt paint and breathe first
        else:
            self._flush_pending = False

    async def _drained(self) -> None:
        import asyncio

        while self._queue or self._flush_pending:
            await asyncio.sleep(0)

    async def _run(self, config: RunConfig, select: set[Key] | None) -> None:
        import asyncio

        results: list[CheckResult] = []
        try:
            from aiusage_doctor.core.runner import Runner

            runner = Runner(config, providers=self.providers, transport=self.transport,
                            on_event=self._on_event)
            self._runner = runner
            results = await runner.run(select=select)
        except asyncio.CancelledError:
            self.cancelled = True
        except Exception as exc:  # the run itself broke: say so, never crash the window
            log.exception("run failed")
            self._emit(
                self.run_failed,
                "The checks could not be run because of an unexpected problem in AI Usage Doctor. "
                "Your settings were not changed. Copy the details and send them to support.",
                _redacted_traceback(exc, config.secrets()),
            )
        finally:
            self._runner = None
        await self._drained()  # every row is shown before the run is reported finished
        self._busy = False
        self._emit(self.run_finished, results, self.cancelled)


WARM_UP_DELAY_MS = 250
"""How long after the first paint the wizard starts importing what a run needs."""


_frozen: set[str] = set()


def warm_up_run_imports() -> None:
    """Import what a run needs (runner, providers, HTTP client, httpx, the report) while
    the user reads the first page. The CLI imports httpx only when a request is sent; the
    wizard would otherwise do it, and import the providers and the report, on the GUI
    thread as the run starts and ends, and stall the window. Runs on a background thread
    (start_warm_up), so the window keeps painting meanwhile."""
    try:
        import anyio._backends._asyncio  # noqa: F401  (httpcore loads these on the first request)
        import httpcore._backends.anyio  # noqa: F401
        import httpx  # noqa: F401
        import truststore  # noqa: F401

        from aiusage_doctor.core import report, runner  # noqa: F401  (report: the run's end)
        from aiusage_doctor.providers.registry import all_providers

        all_providers()  # the provider modules a run plans its checks from
        from datetime import datetime

        datetime.strptime("2026-01-01", "%Y-%m-%d")  # its first call imports _strptime (dates in answers)
    except Exception:  # a warm-up only saves time later; never let it break the window
        log.debug("warm-up imports failed", exc_info=True)
    freeze_long_lived("warm-up")


def freeze_long_lived(reason: str) -> None:
    """Move every object alive now out of the cyclic garbage collector's sight (gc.freeze).

    Called once what lives as long as the window has been loaded: after the warm-up
    (modules, pages, pydantic schemas: some 60,000 objects the collector tracks) and after
    the demo simulator has built its fake company. A full collection during a run then
    walks only what the run made, instead of stopping every thread, the GUI's included,
    for tens of milliseconds. Once per reason and process, so what a later window (or
    test) leaves behind stays collectable."""
    if reason not in _frozen:
        _frozen.add(reason)
        gc.freeze()


def start_warm_up() -> None:
    threading.Thread(target=warm_up_run_imports, name="aiusage-warm-up", daemon=True).start()


# ---------------------------------------------------------------------------- discovery


async def discover_orgs(config: RunConfig, transport: Any = None) -> list[str]:
    """The organizations the GitHub token can see (for the Discover button)."""
    from aiusage_doctor.core.http import HttpClient, HttpSettings
    from aiusage_doctor.core.redact import REGISTRY
    from aiusage_doctor.providers import github

    REGISTRY.add(*config.secrets())
    async with HttpClient(HttpSettings(ca_file=config.ca_file), transport=transport) as http:
        return list(await github.discover_orgs(http, config))


class DiscoverController(QObject):
    """Runs `discover_orgs` as a task; reports `finished(orgs)` or `failed(message)`."""

    finished = Signal(list)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, transport: Any = None,
                 discover: Callable[..., Any] | None = None) -> None:
        super().__init__(parent)
        self.transport = transport
        self._discover = discover or discover_orgs
        self._task: asyncio.Task[None] | None = None
        self._busy = False

    @property
    def running(self) -> bool:
        """True from `start()` until just before `finished`/`failed` is emitted."""
        return self._busy and self._task is not None and not self._task.done()

    def start(self, config: RunConfig) -> asyncio.Task[None]:
        import asyncio

        if self.running:
            self._task.cancel()  # type: ignore[union-attr]
        self._busy = True
        self._task = asyncio.ensure_future(self._run(config))
        return self._task

    def cancel(self) -> None:
        if self.running:
            self._task.cancel()  # type: ignore[union-attr]

    async def _run(self, config: RunConfig) -> None:
        import asyncio

        try:
            orgs = await self._discover(config, transport=self.transport)
        except asyncio.CancelledError:
            self._busy = False
            return
        except Exception as exc:
            self._busy = False
            _safe_emit(self, self.failed, discovery_message(exc, config.secrets()))
            return
        self._busy = False
        _safe_emit(self, self.finished, orgs)


def discovery_message(exc: Exception, secrets: Sequence[str]) -> str:
    """One plain sentence for why the orgs could not be listed."""
    from aiusage_doctor.core.http import HttpFailure
    from aiusage_doctor.core.redact import redact
    from aiusage_doctor.providers.github import DiscoveryError

    if isinstance(exc, HttpFailure):
        message = exc.cause
    elif isinstance(exc, DiscoveryError):
        message = str(exc)
    else:
        log.error("org discovery failed", exc_info=exc)
        message = f"Something unexpected went wrong ({str(exc).strip() or type(exc).__name__})."
    return redact(message, list(secrets))


# ------------------------------------------------------------------------------- demo


class DemoSession(QObject):
    """The built-in simulator for `--demo`: started off the GUI thread, stopped on exit."""

    ready = Signal(object)
    """The demo RunConfig (simulator URLs and made-up credentials)."""
    failed = Signal(str, str)

    def __init__(self, scenario: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scenario = scenario
        self.simulator: Any = None
        self.config: RunConfig | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> asyncio.Task[None]:
        import asyncio

        self._task = asyncio.ensure_future(self._start())
        return self._task

    async def _start(self) -> None:
        import asyncio
        from concurrent.futures import ThreadPoolExecutor

        try:
            from aiusage_doctor.core.config import RunConfig
            from aiusage_doctor.sim import Simulator, parse_scenario_arg

            name, params = parse_scenario_arg(self.scenario)
            loop = asyncio.get_running_loop()
            # Building the fake company and starting its server happen off the GUI thread, in a
            # plain Python thread (the simulator then serves from its own daemon thread).
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-sim") as pool:
                simulator = await loop.run_in_executor(pool, lambda: Simulator(name, **params).start())
            self.simulator = simulator
            freeze_long_lived("demo")  # the fake company lives as long as the demo
            self.config = simulator.demo_config(RunConfig())
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("demo simulator failed to start")
            _safe_emit(self, self.failed, f"The demo simulator could not start: {exc}",
                       _redacted_traceback(exc))
            return
        _safe_emit(self, self.ready, self.config)

    def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        if self.simulator is not None:
            try:
                self.simulator.stop()
            except Exception:  # stopping a test server must never block closing the window
                log.exception("stopping the simulator failed")
            self.simulator = None
