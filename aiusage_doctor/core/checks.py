"""How providers declare checks, and what a check function gets and returns.

A provider module reads like a table: one `CheckSpec` per check id (title, what it
probes, default remediation links) in a single `CATALOG`, and one async function per
check that turns an HTTP answer into an `Outcome`. The runner adds the id, target,
timing and help link, so check functions only say what they found.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from aiusage_doctor.core.models import Link, Status

if TYPE_CHECKING:
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.http import HttpClient


@dataclass(frozen=True)
class Source:
    """Where a diagnosis comes from, and the day its vendor text was last checked.

    A verdict is only as good as the vendor fact behind it, and vendors change their
    APIs: naming the page (or OpenAPI path and description version) and the date lets
    a support engineer see what the verdict rests on and how old that knowledge is.
    """

    title: str
    url: str
    verified: date


@dataclass(frozen=True)
class Alternative:
    """Another cause that fits the same answer, with the page where it is fixed."""

    cause: str
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Inference:
    """A verdict that was reasoned, not observed: "most likely X, because Y; otherwise …".

    Vendors rarely say *why* they refuse. When the product can only rule causes out,
    it says so and keeps the other candidates, ranked, each with its own fix.
    """

    likely: str
    because: str
    alternatives: tuple[Alternative, ...] = ()


_LIKELY = "most likely "
_CLAUSE_ENDS = (". ", ": ", "; ")


def likely_cause(verdict: str) -> str:
    """The cause a verdict names: the clause holding its last "most likely" (from the previous
    sentence, ":" or ";" to the next one), without those two words; else the whole verdict."""
    at = verdict.lower().rfind(_LIKELY)
    if at < 0:
        return verdict.strip().rstrip(".")
    start = max((verdict.rfind(end, 0, at) + len(end) for end in _CLAUSE_ENDS if verdict.rfind(end, 0, at) >= 0),
                default=0)
    rest = verdict[at + len(_LIKELY):]
    stops = [i for i in (rest.find(end) for end in _CLAUSE_ENDS) if i >= 0]
    if stops:
        rest = rest[:min(stops)]
    return f"{verdict[start:at]}{rest}".strip().rstrip(".")


@dataclass(frozen=True)
class Diagnosis:
    """One row of a provider's diagnosis table: probe → answer → verdict → link → source.

    Rows are declared next to their check (and listed in its `CheckSpec.diagnoses`),
    so docs/checks.md can print the table with its sources and verification dates,
    and the check function only picks the row that matches the answer it got.
    """

    key: str
    probe: str
    answer: str
    verdict: str
    status: Status
    links: tuple[Link, ...] = ()
    sources: tuple[Source, ...] = ()
    because: str | None = None
    """Set when the verdict is an inference: why this cause is the most likely one."""
    alternatives: tuple[Alternative, ...] = ()
    """For an inference: the other causes that fit the same answer, most likely first."""
    cause: str | None = None
    """The cause this row shares with rows of other checks (see `Outcome.cause`)."""

    @property
    def inference(self) -> Inference | None:
        if self.because is None:
            return None
        return Inference(likely=likely_cause(self.verdict), because=self.because, alternatives=self.alternatives)

    def outcome(
        self,
        summary: str | None = None,
        *,
        details: Iterable[str] = (),
        remediation: Iterable[Link] = (),
        evidence: Mapping[str, Any] | None = None,
        **fmt: Any,
    ) -> Outcome:
        """This row's verdict as an `Outcome`: its status, its summary (the verdict
        formatted with `fmt`, unless a summary is given), `remediation` before the row's
        own links, its sources and, for an inference, the inference with its alternatives."""
        verdict = self.verdict.format(**fmt) if fmt else self.verdict
        text = summary if summary is not None else verdict
        links = list(remediation)
        links += [link for link in self.links if link not in links]
        inference = None
        if self.because is not None:
            # The likely cause comes from the row's verdict, not from a summary that may
            # also quote the vendor: reports print "most likely <cause>, because <because>".
            because = self.because.format(**fmt) if fmt else self.because
            inference = Inference(likely=likely_cause(verdict), because=because,
                                  alternatives=self.alternatives)
        return Outcome(
            self.status,
            text,
            details=list(details),
            remediation=links,
            evidence=dict(evidence or {}),
            sources=list(self.sources),
            inference=inference,
            diagnosis=self.key,
            cause=self.cause,
        )


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
    sources: tuple[Source, ...] = ()
    """The vendor pages the check as a whole rests on (rows may add their own)."""
    diagnoses: tuple[Diagnosis, ...] = ()
    """The check's diagnosis table, in the order docs/checks.md lists it."""

    def all_sources(self) -> list[Source]:
        """The check's sources and its rows', each once, in declaration order."""
        seen: dict[tuple[str, str], Source] = {}
        for source in (*self.sources, *(s for row in self.diagnoses for s in row.sources)):
            seen.setdefault((source.title, source.url), source)
        return list(seen.values())

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

    @property
    def verified(self) -> date | None:
        """The oldest verification date among the catalog's sources: how fresh the
        provider's vendor knowledge is as a whole. None when no source is declared."""
        dates = [source.verified for spec in self for source in spec.all_sources()]
        return min(dates) if dates else None


@dataclass
class Outcome:
    """What a check found. Remediation defaults to the spec's links when left empty
    for a non-pass status, so every problem carries at least one link."""

    status: Status
    summary: str
    details: list[str] = field(default_factory=list)
    remediation: list[Link] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    """Where this verdict comes from; the runner falls back to the spec's sources."""
    inference: Inference | None = None
    """Set when the verdict is reasoned rather than observed."""
    unexpected: bool = False
    """The answer matched no documented shape: the vendor's API may have changed."""
    diagnosis: str | None = None
    """The `Diagnosis.key` of the table row that produced this outcome."""
    cause: str | None = None
    """The underlying cause in a few words, shared with other outcomes it explains (e.g.
    "The 'Copilot usage metrics' policy is off" on an enterprise and its organizations), so
    reports count that cause once and name it. Set it only where the same fix applies."""

    @classmethod
    def unexpected_answer(
        cls,
        vendor: str,
        what: str,
        *,
        evidence: Mapping[str, Any] | None = None,
        details: Iterable[str] = (),
        remediation: Iterable[Link] = (),
        sources: Iterable[Source] = (),
    ) -> Outcome:
        """Drift as a verdict of its own: the vendor answered in a shape its documentation
        doesn't describe, so no rule applies and guessing would mislead.

        `what` says what was off ("status 418", "no `download_links` field").
        """
        return cls(
            Status.ERROR,
            f"Unexpected answer from {vendor}: its API may have changed ({what}).",
            details=[
                *details,
                f"The answer matches none of the shapes {vendor}'s documentation describes, so no "
                "diagnosis is given. Send this report to support: the evidence shows what came back.",
            ],
            remediation=list(remediation),
            evidence=dict(evidence or {}),
            sources=list(sources),
            unexpected=True,
            diagnosis="unexpected",
        )

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
