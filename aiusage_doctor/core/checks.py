"""How providers declare checks, and what a check function gets and returns.

A provider module reads like a table: one `CheckSpec` per check id (title, what it
probes, default remediation links) in a single `CATALOG`, and one async function per
check that turns an HTTP answer into an `Outcome`. The runner adds the id, target,
timing and help link, so check functions only say what they found.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from aiusage_doctor.core.models import Link, Status

if TYPE_CHECKING:
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.http import HttpClient


@dataclass(frozen=True)
class CheckSpec:
    """Catalog entry for one check id: the source of docs/checks.md and of report help links."""

    id: str
    title: str
    probes: str
    """What is asked of whom (endpoint, file, or 'offline'), in one sentence."""
    explains: str
    """What a failure usually means, for the help page."""
    remediation: tuple[Link, ...] = ()
    per: str = "run"
    """What the target is: run, token, key, enterprise, org, machine."""

    @property
    def anchor(self) -> str:
        return re.sub(r"[^a-z0-9_-]", "", self.id.replace(".", "-").lower())


class Catalog:
    """The ordered set of a provider's check specs. Declaration order is report order."""

    def __init__(self, provider: str, specs: Iterable[CheckSpec]) -> None:
        self.provider = provider
        self._specs: dict[str, CheckSpec] = {}
        for spec in specs:
            if spec.id in self._specs:
                raise ValueError(f"duplicate check id {spec.id}")
            self._specs[spec.id] = spec

    def __getitem__(self, check_id: str) -> CheckSpec:
        return self._specs[check_id]

    def __iter__(self):
        return iter(self._specs.values())

    def __contains__(self, check_id: object) -> bool:
        return check_id in self._specs


@dataclass
class Outcome:
    """What a check found. Remediation defaults to the spec's links when left empty
    for a non-pass status, so every problem carries at least one link."""

    status: Status
    summary: str
    details: list[str] = field(default_factory=list)
    remediation: list[Link] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def passed(cls, summary: str, **kw: Any) -> Outcome:
        return cls(Status.PASS, summary, **kw)

    @classmethod
    def warn(cls, summary: str, **kw: Any) -> Outcome:
        return cls(Status.WARN, summary, **kw)

    @classmethod
    def fail(cls, summary: str, **kw: Any) -> Outcome:
        return cls(Status.FAIL, summary, **kw)

    @classmethod
    def skip(cls, summary: str, **kw: Any) -> Outcome:
        return cls(Status.SKIP, summary, **kw)

    @classmethod
    def error(cls, summary: str, **kw: Any) -> Outcome:
        return cls(Status.ERROR, summary, **kw)


CheckKey = tuple[str, str]
"""(check id, target)."""


class CheckContext(Protocol):
    """What a running check may use. Implemented by the runner."""

    config: RunConfig
    http: HttpClient
    target: str
    facts: dict[str, Any]
    """Shared per run: what earlier checks learned (login, scopes, discovered orgs...)."""

    def schedule(self, checks: Sequence[PlannedCheck]) -> None:
        """Add checks discovered at run time (e.g. one set per discovered org)."""
        ...

    def result_of(self, check_id: str, target: str = ...) -> Any:
        """The finished CheckResult of a prerequisite, or None."""
        ...


CheckFn = Callable[["CheckContext"], Awaitable[Outcome]]


@dataclass
class PlannedCheck:
    """One check to run against one target, with the checks it waits for."""

    spec: CheckSpec
    fn: CheckFn
    target: str = "run"
    needs: tuple[CheckKey, ...] = ()
    """Prerequisites. If any ends in fail/error/skip, this check is skipped naming it."""
    after: tuple[CheckKey, ...] = ()
    """Checks to wait for whatever their outcome (evidence for a verdict, not prerequisites)."""
    params: dict[str, Any] = field(default_factory=dict)
    """Per-target inputs (e.g. {"org": "acme"}), available as ctx.params."""
    order_hint: int = 0
    """Position of the target among its siblings (config order), for a stable sort."""

    @property
    def key(self) -> CheckKey:
        return (self.spec.id, self.target)


class Provider(Protocol):
    """A provider module's public face."""

    name: str
    title: str
    catalog: Catalog

    def plan(self, config: RunConfig) -> list[PlannedCheck]:
        """The checks to run for this config, before any network call."""
        ...

    def is_configured(self, config: RunConfig) -> bool:
        ...


@dataclass
class ProviderDef:
    """A ready-made `Provider`: a provider module builds one from its catalog and planner."""

    name: str
    title: str
    catalog: Catalog
    planner: Callable[[RunConfig], list[PlannedCheck]]
    configured: Callable[[RunConfig], bool]

    def plan(self, config: RunConfig) -> list[PlannedCheck]:
        return self.planner(config)

    def is_configured(self, config: RunConfig) -> bool:
        return self.configured(config)
