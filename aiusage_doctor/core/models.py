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
    help_url: str | None = Field(default=None, description="This check's section in docs/checks.md")
    sources: list[SourceRef] = Field(default_factory=list, description="Vendor sources of this verdict")
    inference: InferenceInfo | None = Field(
        default=None, description="Set when the verdict is an inference rather than an observation"
    )
    unexpected: bool = Field(
        default=False, description="The vendor's answer matched no documented shape (its API may have changed)"
    )
    diagnosis: str | None = Field(default=None, description="The diagnosis-table row that produced the verdict")

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


Verdict = Literal["ok", "warnings", "problems"]


class Summary(BaseModel):
    counts: dict[str, int]
    verdict: Verdict
    headline: str
    providers_with_problems: list[str] = Field(default_factory=list)


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
