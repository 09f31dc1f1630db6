"""The data every other part exchanges: check results and the report.

These models are the contract between the runner, the renderers, the GUI and any
support engineer who reads an exported JSON file, so the report keeps a fixed shape
with a `schema_version` (no dynamic keys) and nothing in it may carry a secret.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from aiusage_doctor.core.labels import SEVERITY


class Status(StrEnum):
    """Outcome of one check. `error` means the check could not reach a verdict (network, crash)."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"
    ERROR = "error"

    @property
    def is_passing(self) -> bool:
        """A verdict that lets dependent checks go ahead (a warning doesn't block them)."""
        return self in (Status.PASS, Status.WARN)

    @property
    def is_problem(self) -> bool:
        return self in (Status.WARN, Status.FAIL, Status.ERROR)

    @property
    def severity(self) -> int:
        """Higher is worse; used to sort failures first."""
        return SEVERITY[self.value]


class Link(BaseModel):
    """A remediation step: what to do, and the page where it is done."""

    model_config = ConfigDict(frozen=True)

    text: str
    url: str


class SourceRef(BaseModel):
    """A vendor page or OpenAPI path a verdict rests on, and when it was last checked."""

    model_config = ConfigDict(frozen=True)

    title: str
    url: str
    verified: date = Field(description="The day the vendor text was last checked")


class AlternativeCause(BaseModel):
    """Another cause that fits the same answer, with where to fix it."""

    cause: str
    links: list[Link] = Field(default_factory=list)


class InferenceInfo(BaseModel):
    """A reasoned verdict: most likely `likely`, because `because`; otherwise the alternatives."""

    likely: str
    because: str
    alternatives: list[AlternativeCause] = Field(default_factory=list)


class CheckRef(BaseModel):
    """Points at one result of the same report: its check id and target."""

    model_config = ConfigDict(frozen=True)

    id: str
    target: str


class CheckResult(BaseModel):
    """One verdict about one target (a token, an enterprise, an org, this computer)."""

    id: str = Field(description="Stable dotted id, e.g. github.org.sso")
    provider: str = Field(description="github | cursor | anthropic (Claude Code, incl. this computer's login)")
    target: str = Field(description="What was checked, e.g. org:acme, enterprise:acme, token")
    title: str
    status: Status
    summary: str = Field(description="One plain-language line")
    details: list[str] = Field(default_factory=list)
    remediation: list[Link] = Field(default_factory=list)
    evidence: dict[str, Any] = Field(default_factory=dict, description="Redacted HTTP evidence")
    duration_ms: int = 0
    sources: list[SourceRef] = Field(default_factory=list, description="Vendor sources of this verdict")
    inference: InferenceInfo | None = Field(
        default=None, description="Set when the verdict is an inference rather than an observation"
    )
    unexpected: bool = Field(
        default=False, description="The vendor's answer matched no documented shape (its API may have changed)"
    )
    diagnosis: str | None = Field(default=None, description="The diagnosis-table row that produced the verdict")
    help_url: str | None = Field(
        default=None,
        description="The help section for this result: the check's section in docs/checks.md, or the "
        "docs/network.md section when the check could not reach a server. Its text is in `Report.help`.",
    )
    blocked_by: CheckRef | None = Field(
        default=None, description="The prerequisite whose result stopped this check from running"
    )
    cancelled: bool = Field(default=False, description="The run was cancelled before this check finished")
    cause: str | None = Field(
        default=None,
        description="The underlying cause in words, shared by results it explains (e.g. one disabled "
        "policy behind several failures), so a report counts and names it once",
    )

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.target)


class ToolInfo(BaseModel):
    name: str
    version: str


class Environment(BaseModel):
    """Where the run happened. Never usernames, host names or home paths."""

    os: str
    python: str
    app_version: str
    proxy_in_use: bool
    simulated: bool = False


class ConfigSummary(BaseModel):
    """What was checked. Never secrets: only which credentials were present."""

    providers: list[str] = Field(default_factory=list)
    enterprises: list[str] = Field(default_factory=list)
    orgs: list[str] = Field(default_factory=list)
    base_urls: dict[str, str] = Field(default_factory=dict)
    credentials_present: dict[str, bool] = Field(default_factory=dict)
    claude_local: bool = False
    demo_scenario: str | None = None
    skipped_on_request: list[str] = Field(default_factory=list)
    """Providers the admin skipped in the wizard: not checked at all."""


Verdict = Literal["ok", "warnings", "problems", "empty"]
"""'empty': nothing reached a verdict (every check skipped, or none ran) — never a pass."""


class RunState(BaseModel):
    """Whether the run finished. A report without it (older versions) was a finished run."""

    completed: bool = True
    cancelled: bool = False
    checks_planned: int | None = Field(default=None, description="Checks scheduled when the run ended")
    checks_finished: int | None = Field(default=None, description="Of those, checks that reached a verdict")

    @property
    def stopped_early(self) -> bool:
        """Cancelled, or ended before every planned check reached a verdict: either way the
        results prove nothing about what wasn't checked."""
        return self.cancelled or not self.completed

    @property
    def checks_not_run(self) -> int:
        if self.checks_planned is None or self.checks_finished is None:
            return 0
        return max(self.checks_planned - self.checks_finished, 0)


class RootCause(BaseModel):
    """One underlying problem and the results it explains.

    `checks` are the results that show the cause itself (e.g. every check that failed
    to look up the same host); `consequences` are results that could not run, or
    failed, only because of it (their prerequisite is one of `checks`).
    """

    key: str = Field(description="network:dns:api.github.com, cause:<key> or check:<id>@<target>")
    kind: Literal["network", "shared", "check"]
    title: str = Field(description="The cause in one plain line")
    status: Status
    providers: list[str] = Field(default_factory=list)
    checks: list[CheckRef] = Field(default_factory=list)
    consequences: list[CheckRef] = Field(default_factory=list)
    help: Link | None = Field(default=None, description="Where the cause is explained (network help for network causes)")


class Summary(BaseModel):
    counts: dict[str, int]
    verdict: Verdict
    headline: str
    providers_with_problems: list[str] = Field(default_factory=list)
    root_causes: int | None = Field(
        default=None, description="Distinct problems (failures and errors) after grouping by root cause"
    )


class HelpTopic(BaseModel):
    """A help section a result refers to, embedded so the report is complete offline."""

    ref: str = Field(description="The `help_url` (or fix link) that refers to this section")
    title: str
    markdown: str


class Report(BaseModel):
    """The exported report. Shape is fixed; bump `schema_version` on breaking changes."""

    schema_version: Literal[1] = 1
    tool: ToolInfo
    generated_at: datetime
    environment: Environment
    config: ConfigSummary
    checks: list[CheckResult]
    summary: Summary
    knowledge_verified: date | None = Field(
        default=None, description="Oldest verification date of the vendor facts behind this report's verdicts"
    )
    knowledge_stale: bool = Field(
        default=False, description="The vendor facts were verified more than 90 days before the run"
    )
    run: RunState = Field(default_factory=RunState)
    root_causes: list[RootCause] = Field(default_factory=list)
    help: list[HelpTopic] = Field(default_factory=list)
