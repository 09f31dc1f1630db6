"""The built-in provider simulator used by demo mode, end-to-end tests and benchmarks.

One process-local HTTP server on 127.0.0.1 plays GitHub (REST + GraphQL), Cursor and
Anthropic, each under a path prefix of one ephemeral port, plus GitHub's report-download
host on a second port. A named scenario (see `list_scenarios()`) decides how the fake
company is set up and which faults are injected; `demo_config()` points every provider
at the simulator with demo credentials generated at start-up, so a demo needs no real
credentials and never touches the network.

    with Simulator("sso-not-authorized") as sim:
        results = asyncio.run(Runner(sim.demo_config()).run())

No Qt here; the simulator runs its own event loop in a daemon thread, so it works from
a plain script, the CLI, pytest and the Qt app alike.
"""

from __future__ import annotations

import os
import random
import threading
from importlib import import_module
from typing import TYPE_CHECKING, Any

from aiusage_doctor.core.labels import DESCRIBED, PROVIDER_LIST, PROVIDER_ORDER
from aiusage_doctor.sim import scenarios as _scenarios
from aiusage_doctor.sim.faults import FAULT_KINDS, Fault
from aiusage_doctor.sim.scenarios import ScenarioInfo
from aiusage_doctor.sim.world import Universe, World

if TYPE_CHECKING:
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.sim.app import SimApp
    from aiusage_doctor.sim.server import HttpServer

__all__ = [
    "FAULT_KINDS",
    "Fault",
    "ScenarioInfo",
    "SEED_ENV",
    "Simulator",
    "World",
    "format_scenarios",
    "list_scenarios",
    "parse_scenario_arg",
    "scenario_names",
]


SEED_ENV = "AIUSAGE_DEMO_SECRET_SEED"
"""When set, the demo credentials are derived from it (and the scenario argument) instead of
being random, so a test can know the credentials a `check --demo` subprocess used and
prove none of them leaked into its output. They remain fake, generated values."""


def list_scenarios() -> list[ScenarioInfo]:
    return list(_scenarios.SCENARIOS)


def scenario_names() -> list[str]:
    return _scenarios.names()


def get_scenario(name: str) -> ScenarioInfo:
    """The scenario called `name`; ValueError naming the valid ones otherwise."""
    return _scenarios.get(name)


def parse_scenario_arg(text: str) -> tuple[str, dict[str, Any]]:
    """'enterprise-large:orgs=100,teams=20,latency=0.1' -> ('enterprise-large', {'orgs': 100, ...}).

    Raises ValueError for a malformed argument or a parameter the (known) scenario does
    not take. An unknown scenario name is returned as is, for the caller to report."""
    return _scenarios.parse_arg(text)


class Simulator:
    """The fake vendors for one scenario. A context manager; `start()`/`stop()` also work,
    `stop()` is idempotent and safe from any thread.

    `base_urls` and `secrets` are ready after `start()`; `secrets` holds the demo
    credentials `demo_config()` uses (generated now, never literals). For
    `cursor-invalid-key` the Cursor key is one the simulator refuses, on purpose.
    """

    def __init__(self, scenario: str = "healthy", *, faults: tuple[Fault, ...] = (),
                 seed: str | None = None, **params: Any) -> None:
        self.info = _scenarios.get(scenario)
        self.params = _scenarios.coerce(self.info, params)
        self.world = _scenarios.world_for(self.info, self.params)
        self.faults = tuple(self.info.faults) + tuple(faults)
        seed = seed if seed is not None else os.environ.get(SEED_ENV) or None
        self.universe = Universe(self.world, random.Random(f"{seed}:{self.label}") if seed else None)
        self.inputs: dict[str, dict[str, str]] = {}
        """Demo inputs of every provider this scenario includes, by provider and field: the
        world's credentials for a simulator module with `demo_inputs(universe)` (always
        included), otherwise the module's fixed `credentials()`, in healthy and in the
        provider's own scenarios (named '<id>-…')."""
        for pid in PROVIDER_LIST:
            module = import_module(f"aiusage_doctor.sim.{pid}")
            if hasattr(module, "demo_inputs"):
                self.inputs[pid] = module.demo_inputs(self.universe)
            elif self.info.name == "healthy" or self.info.name.startswith(f"{pid}-"):
                self.inputs[pid] = module.credentials()
        self.secrets: dict[str, str] = {
            pid if PROVIDER_LIST[pid].custom_page else f"{pid}.{f}": values[f]
            for pid, values in self.inputs.items() for f in PROVIDER_LIST[pid].secrets}
        """Demo secrets: by provider id for the first three, '<id>.<field>' for the others."""
        self.described = {pid: values for pid, values in self.inputs.items() if pid in DESCRIBED}
        """Inputs of the descriptor-built providers this scenario includes (healthy and their own)."""
        self.base_urls: dict[str, str] = {}
        self._server: HttpServer | None = None
        self._app: SimApp | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def label(self) -> str:
        """The scenario argument that reproduces this simulator, e.g. 'enterprise-large:orgs=5'."""
        if not self.params:
            return self.info.name
        return self.info.name + ":" + ",".join(f"{k}={v}" for k, v in self.params.items())

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Simulator:
        from aiusage_doctor.sim.app import SimApp
        from aiusage_doctor.sim.server import HttpServer

        with self._lock:
            if self._server is not None:
                return self
            holder: dict[str, HttpServer] = {}

            def base_url(listener: str) -> str:
                return f"http://127.0.0.1:{holder['server'].ports[listener]}"

            app = SimApp(self.universe, self.faults, base_url)
            server = HttpServer(app, ("api", "reports"), refused=("reports_refused",))
            holder["server"] = server
            server.start()
            self._app, self._server = app, server
            api = base_url("api")
            self.base_urls = {**{pid: f"{api}/{pid}" for pid in PROVIDER_LIST}, "reports": app.reports_base()}
        return self

    def stop(self) -> None:
        with self._lock:
            server = self._server
        if server is not None:
            server.stop()

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None and self._server.running

    # ------------------------------------------------------------------ config

    def demo_config(self, base: RunConfig | None = None) -> RunConfig:
        """A RunConfig pointing every provider at the simulator with this scenario's
        credentials; providers, timeout, concurrency and CA file come from `base`.
        Orgs and enterprises are the scenario's (empty means: discover them). The local
        Claude Code login check stays off: this computer is not part of the simulation."""
        from pydantic import SecretStr

        from aiusage_doctor.core.config import ProviderSettings, RunConfig

        if not self.base_urls:
            raise RuntimeError("start the simulator before asking for its demo config")
        base = base or RunConfig()
        providers = list(base.providers)
        if set(providers) >= set(PROVIDER_ORDER):  # the default set: add what this scenario covers
            providers += [pid for pid in self.inputs if pid not in providers]
        inputs = {pid: ProviderSettings(
            secrets={f: SecretStr(values[f]) for f in PROVIDER_LIST[pid].secrets},
            values={f: values[f] for f in PROVIDER_LIST[pid].values},
            api_url=self.base_urls[pid]) for pid, values in self.inputs.items()}
        options = {pid: module.demo_options(self.world) for pid in self.inputs
                   if hasattr(module := import_module(f"aiusage_doctor.sim.{pid}"), "demo_options")}
        return RunConfig.assemble(
            inputs, options,
            providers=providers,
            timeout=base.timeout,
            concurrency=base.concurrency,
            ca_file=base.ca_file,
            demo_scenario=self.label,
        )

    # ------------------------------------------------------------------ statistics

    @property
    def request_count(self) -> int:
        """Requests served so far (both ports)."""
        return self._app.count if self._app else 0

    @property
    def requests(self) -> dict[str, int]:
        """Requests served per 'METHOD /path' (query excluded)."""
        if self._app is None:
            return {}
        with self._app.lock:
            return dict(self._app.by_path)

    @property
    def connection_count(self) -> int:
        """TCP connections accepted so far (both ports)."""
        return self._server.connections if self._server else 0

    @property
    def max_in_flight(self) -> int:
        """The most requests the simulator was answering at the same moment."""
        return self._app.max_in_flight if self._app else 0

    @property
    def credential_leaks(self) -> int:
        """Requests that carried an Authorization or x-api-key header to the download host."""
        return self._app.reports.credential_leaks if self._app else 0

    @property
    def faults_fired(self) -> dict[str, int]:
        return dict(self._app.faults.fired) if self._app else {}


def format_scenarios() -> str:
    """The scenario list as plain text (name, title, parameters, what it should flag)."""
    lines = []
    for info in list_scenarios():
        lines.append(f"{info.name:28} {info.title}")
        if info.params:
            lines.append(" " * 29 + "parameters: " + ", ".join(f"{k}={v}" for k, v in info.params.items()))
        if info.expected:
            lines.append(" " * 29 + "flags: " + ", ".join(f"{k} {v}" for k, v in info.expected.items()))
    return "\n".join(lines)
