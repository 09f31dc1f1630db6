"""The wizard's view-model: what the user entered and what the checks found. No Qt here.

Widgets stay thin: they copy input into `WizardInputs`, feed runner events into
`ResultsModel`, and draw what `ResultsModel.groups()` and `banner()` return. All
ordering, filtering, merging of re-run results and the wording of the summary banner
live here so they can be tested without a display.

Core modules (pydantic models, config) are imported inside functions so that
importing this module costs nothing at startup: the first window must paint fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aiusage_doctor.core.labels import (
    DESCRIBED, PROVIDER_ORDER, SEVERITY, plural, provider_rank, provider_title, rollup, target_label,
)
from aiusage_doctor.core.labels import STATUS_WORDS as _CHECK_STATUS_WORDS

if TYPE_CHECKING:
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.models import CheckResult, Report, RootCause, RunState

PROVIDERS = PROVIDER_ORDER
STATUS_WORDS = {**_CHECK_STATUS_WORDS, "running": "Running", "pending": "Waiting"}


class Phase(StrEnum):
    """Where a checklist row is in its life."""

    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"


def provider_of(check_id: str) -> str:
    """Best guess of a check's provider from its id, for rows planned before a result exists."""
    head = check_id.split(".", 1)[0]
    if head in ("claude", "claude_local", "anthropic"):
        return "anthropic"
    return head


# ----------------------------------------------------------------------------- inputs


@dataclass
class WizardInputs:
    """Everything the credential pages collect. Secrets live only here, in memory."""

    providers: list[str] = field(default_factory=lambda: list(PROVIDERS))
    github_token: str = field(default="", repr=False)
    enterprises: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    github_api_url: str = "https://api.github.com"
    cursor_key: str = field(default="", repr=False)
    cursor_api_url: str = "https://api.cursor.com"
    anthropic_key: str = field(default="", repr=False)
    anthropic_api_url: str = "https://api.anthropic.com"
    claude_local: bool = False
    proxy_url: str = ""
    """Advanced: a proxy for the vendor APIs ("" = the system's HTTPS_PROXY, if any)."""
    ca_file: str = ""
    """Advanced: extra CA certificates to trust besides the system's (a PEM file)."""
    demo_scenario: str | None = None
    timeout: float | None = None
    described: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    """Inputs of the descriptor-built providers (core.labels.DESCRIBED): provider -> field -> value."""
    described_urls: dict[str, str] = field(default_factory=dict)
    """Base URL overrides of those providers (the simulator's in demo mode)."""

    def to_config(self) -> RunConfig:
        """The RunConfig for a run. Only chosen providers carry their secrets."""
        from pydantic import SecretStr

        from aiusage_doctor.core.config import AnthropicConfig, CursorConfig, GitHubConfig, RunConfig

        def secret(value: str, provider: str) -> SecretStr | None:
            value = value.strip()
            return SecretStr(value) if value and provider in self.providers else None

        kw: dict[str, Any] = {}
        if self.timeout is not None:
            kw["timeout"] = self.timeout
        from aiusage_doctor.core.config import ProviderSettings

        more = {
            pid: ProviderSettings(
                secrets={f: SecretStr(v) for f in d.secrets if (v := self.described.get(pid, {}).get(f, "").strip())},
                values={f: v for f in d.values if (v := self.described.get(pid, {}).get(f, "").strip())},
                api_url=self.described_urls.get(pid),
            )
            for pid, d in DESCRIBED.items() if pid in self.providers
        }
        return RunConfig(
            providers=[p for p in (*PROVIDERS, *DESCRIBED) if p in self.providers],
            more=more,
            github=GitHubConfig(
                token=secret(self.github_token, "github"),
                enterprises=list(self.enterprises),
                orgs=list(self.orgs),
                api_url=self.github_api_url,
            ),
            cursor=CursorConfig(api_key=secret(self.cursor_key, "cursor"), api_url=self.cursor_api_url),
            anthropic=AnthropicConfig(
                admin_key=secret(self.anthropic_key, "anthropic"),
                api_url=self.anthropic_api_url,
                claude_local=self.claude_local and "anthropic" in self.providers,
            ),
            proxy_url=self.proxy_url.strip() or None,
            ca_file=self.ca_file.strip() or None,
            demo_scenario=self.demo_scenario,
            **kw,
        )

    @classmethod
    def from_config(cls, config: RunConfig) -> WizardInputs:
        """Prefill the wizard from a ready config (demo mode)."""

        def reveal(value: Any) -> str:
            return value.get_secret_value() if value is not None else ""

        described = {
            pid: {**{f: reveal(v) for f, v in s.secrets.items()}, **s.values} for pid, s in config.more.items()
        }
        return cls(
            providers=[p for p in (*PROVIDERS, *DESCRIBED) if p in config.providers],
            described=described,
            described_urls={pid: s.api_url for pid, s in config.more.items() if s.api_url},
            github_token=reveal(config.github.token),
            enterprises=list(config.github.enterprises),
            orgs=list(config.github.orgs),
            github_api_url=config.github.api_url,
            cursor_key=reveal(config.cursor.api_key),
            cursor_api_url=config.cursor.api_url,
            anthropic_key=reveal(config.anthropic.admin_key),
            anthropic_api_url=config.anthropic.api_url,
            claude_local=config.anthropic.claude_local,
            proxy_url=config.proxy_url or "",
            ca_file=config.ca_file or "",
            demo_scenario=config.demo_scenario,
            timeout=config.timeout,
        )


def secret_for(inputs: WizardInputs, provider: str) -> str:
    """The secret of one of the three built-in providers ('' for the descriptor-built ones,
    whose secrets are per field: `described_secrets`)."""
    return {"github": inputs.github_token, "cursor": inputs.cursor_key,
            "anthropic": inputs.anthropic_key}.get(provider, "")


def described_secrets(inputs: WizardInputs) -> dict[tuple[str, str], str]:
    """The chosen descriptor-built providers' secrets by (provider, field), for the keyring."""
    return {(pid, f): v for pid, d in DESCRIBED.items() if pid in inputs.providers for f in d.secrets
            if (v := inputs.described.get(pid, {}).get(f, "").strip())}


# ---------------------------------------------------------------------------- results


@dataclass
class Row:
    """One line of the checklist: a (check id, target) pair and what is known about it."""

    key: tuple[str, str]
    provider: str
    title: str
    phase: Phase = Phase.PENDING
    result: CheckResult | None = None
    seq: int = 0

    @property
    def check_id(self) -> str:
        return self.key[0]

    @property
    def target(self) -> str:
        return self.key[1]

    @property
    def status(self) -> str:
        """pass/warn/fail/skip/error once finished; pending before; running while running,
        even when a re-run row still holds its previous result (the icon shows a spinner)."""
        if self.phase is Phase.RUNNING:
            return "running"
        if self.result is None:
            return "pending"
        return str(self.result.status.value)

    @property
    def severity(self) -> int:
        """The result's severity; -1 while waiting or running (sorted after every verdict)."""
        if self.phase is Phase.RUNNING or self.result is None:
            return -1
        return self.result.status.severity

    @property
    def is_problem(self) -> bool:
        return self.result is not None and self.result.status.is_problem

    @property
    def rollup_status(self) -> str:
        """What this row contributes to its group's status: a check a cancelled run left
        unfinished counts as 'cancelled' (it outranks a pass; see labels.ROLLUP_RANK)."""
        if self.result is not None and self.result.cancelled and self.phase is Phase.DONE:
            return "cancelled"
        return self.status

    @property
    def summary(self) -> str:
        if self.result is not None:
            return self.result.summary
        return "Running…" if self.phase is Phase.RUNNING else "Waiting…"


@dataclass
class TargetView:
    target: str
    rows: list[Row]

    @property
    def label(self) -> str:
        return target_label(self.target)

    @property
    def problems(self) -> int:
        return sum(1 for r in self.rows if r.is_problem)

    @property
    def status(self) -> str:
        """The group's status: its worst row, but 'not applicable' never outranks a pass."""
        return group_status(self.rows)


def group_status(rows: Iterable[Row]) -> str:
    """A group's icon status (see labels.ROLLUP_RANK); 'skip' for one a cancelled run left
    unfinished, 'pending' while nothing in it has a verdict yet."""
    worst = rollup(r.rollup_status for r in rows)
    if worst is None or worst in ("pending", "running"):
        return worst or "pending"
    return "skip" if worst == "cancelled" else worst


@dataclass
class CauseView:
    """A root cause that explains several rows: the rows showing it first, then its consequences."""

    cause: RootCause
    rows: list[Row]

    @property
    def title(self) -> str:
        return self.cause.title

    @property
    def status(self) -> str:
        return str(self.cause.status.value)


@dataclass
class ProviderView:
    provider: str
    targets: list[TargetView]

    @property
    def title(self) -> str:
        return provider_title(self.provider)

    @property
    def rows(self) -> list[Row]:
        return [r for t in self.targets for r in t.rows]

    @property
    def problems(self) -> int:
        return sum(t.problems for t in self.targets)


@dataclass(frozen=True)
class Banner:
    """The one-line verdict above the results: level is ok / warnings / problems / running / empty."""

    level: str
    headline: str
    detail: str


class ResultsModel:
    """Checklist rows keyed by (check id, target), in the order the runner planned them."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], Row] = {}
        self._seq = 0
        self.source: str | None = None
        """Set when the results come from an opened report file (read-only view)."""
        self.cancelled = False
        """The last run was cancelled: the banner and the report must say it did not finish."""
        self.planned_checks: int | None = None
        self.finished_checks: int | None = None

    # -- feeding ------------------------------------------------------------

    def clear(self) -> None:
        self._rows.clear()
        self._seq = 0
        self.source = None
        self.cancelled = False
        self.planned_checks = self.finished_checks = None

    def end_run(self, cancelled: bool, partial: bool = False) -> None:
        """Record whether the run that just ended finished, and how far it got. Call it after
        `merge()` and before `drop_unfinished()`: rows that never got a result count as planned.
        A `partial` re-run (some checks only) that finished leaves the earlier state as it was:
        re-running one check does not complete a cancelled run."""
        if partial and not cancelled:
            return
        self.cancelled = cancelled
        if cancelled:
            self.planned_checks = len(self._rows)
            self.finished_checks = sum(1 for r in self._rows.values()
                                       if r.result is not None and not r.result.cancelled)
        else:
            self.planned_checks = self.finished_checks = None

    def run_state(self) -> RunState:
        """The RunState a report of these results carries."""
        from aiusage_doctor.core.models import RunState

        if not self.cancelled:
            return RunState()
        return RunState(completed=False, cancelled=True, checks_planned=self.planned_checks,
                        checks_finished=self.finished_checks)

    def _row(self, key: tuple[str, str], title: str, provider: str | None = None) -> Row:
        row = self._rows.get(key)
        if row is None:
            self._seq += 1
            row = Row(key=key, provider=provider or provider_of(key[0]), title=title, seq=self._seq)
            self._rows[key] = row
        elif provider:
            row.provider = provider
        return row

    def planned(self, key: tuple[str, str], title: str, provider: str | None = None) -> Row:
        row = self._row(key, title, provider)
        if row.phase is Phase.DONE and row.result is not None:
            # A re-run: keep the old verdict visible until the new one arrives.
            row.phase = Phase.PENDING
        return row

    def started(self, key: tuple[str, str], title: str, provider: str | None = None) -> Row:
        row = self._row(key, title, provider)
        row.phase = Phase.RUNNING
        return row

    def finished(self, result: CheckResult) -> Row:
        row = self._row(result.key, result.title, result.provider)
        row.title = result.title
        row.provider = result.provider
        row.result = result
        row.phase = Phase.DONE
        return row

    def merge(self, results: Iterable[CheckResult]) -> None:
        """Take the results of a (partial) re-run: replace those keys, keep everything else."""
        for result in results:
            self.finished(result)
        self.settle()

    def settle(self) -> None:
        """After a run ends (or is cancelled) nothing is running any more."""
        for row in self._rows.values():
            row.phase = Phase.DONE if row.result is not None else Phase.PENDING

    def drop_unfinished(self) -> None:
        """Remove rows that never got a result (a cancelled first run)."""
        for key in [k for k, r in self._rows.items() if r.result is None]:
            del self._rows[key]

    def retain(self, keys: set[tuple[str, str]]) -> None:
        """After a full re-run: drop rows the new run no longer has (e.g. an org was removed)."""
        for key in [k for k in self._rows if k not in keys]:
            del self._rows[key]

    def load_report(self, report: Report, source: str) -> None:
        self.clear()
        for result in report.checks:
            self.finished(result)
        self.source = source
        self.cancelled = report.run.cancelled
        self.planned_checks = report.run.checks_planned
        self.finished_checks = report.run.checks_finished

    # -- reading ------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._rows)

    def rows(self) -> list[Row]:
        return list(self._rows.values())

    def row(self, key: tuple[str, str]) -> Row | None:
        return self._rows.get(key)

    def results(self) -> list[CheckResult]:
        """Finished results in run order (the order the report keeps)."""
        return [r.result for r in self._rows.values() if r.result is not None]

    def progress(self) -> tuple[int, int]:
        """(finished, total) over rows of the current run."""
        total = len(self._rows)
        done = sum(1 for r in self._rows.values() if r.phase is Phase.DONE)
        return done, total

    def running(self) -> list[Row]:
        return [r for r in self._rows.values() if r.phase is Phase.RUNNING]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITY, 0)
        for row in self._rows.values():
            if row.result is not None:
                counts[row.result.status.value] += 1
        return counts

    def root_causes(self) -> list[RootCause]:
        """Root causes of the finished results (core/rootcause.py): empty while nothing finished."""
        results = self.results()
        if not results:
            return []
        from aiusage_doctor.core.rootcause import root_causes

        return root_causes(results)

    def cause_groups(self) -> list[CauseView]:
        """Causes that explain more than one row, each with its rows: the rows that show the
        cause, then the rows that only failed or were skipped because of it."""
        if self.running():
            return []
        from aiusage_doctor.core.rootcause import is_grouped

        views = []
        for cause in self.root_causes():
            if not is_grouped(cause):
                continue
            rows = [self._rows[(ref.id, ref.target)] for ref in (*cause.checks, *cause.consequences)
                    if (ref.id, ref.target) in self._rows]
            views.append(CauseView(cause, rows))
        return views

    def groups(self, problems_only: bool = False, exclude: set[tuple[str, str]] | None = None
               ) -> list[ProviderView]:
        """Providers in app order; within each, targets with problems first (else run order);
        within a target, the worst checks first. `problems_only` keeps warn/fail/error rows;
        `exclude` leaves out rows shown elsewhere (under their root cause)."""
        by_provider: dict[str, dict[str, list[Row]]] = {}
        for row in self._rows.values():
            if problems_only and not row.is_problem:
                continue
            if exclude and row.key in exclude:
                continue
            by_provider.setdefault(row.provider, {}).setdefault(row.target, []).append(row)
        views: list[ProviderView] = []
        for provider in sorted(by_provider, key=provider_rank):
            targets = [
                TargetView(target, sorted(rows, key=lambda r: (-r.severity, r.seq)))
                for target, rows in by_provider[provider].items()
            ]
            targets.sort(key=lambda t: (0 if t.problems else 1, min(r.seq for r in t.rows)))
            views.append(ProviderView(provider, targets))
        return views

    def banner(self, running: bool = False) -> Banner:
        """The report's own headline (root cause named, cancelled runs said so), plus a line of
        counts; progress while `running`."""
        if running:
            done, total = self.progress()
            return Banner("running", f"Checking… {done} of {total} done", "")
        rows = [r for r in self._rows.values() if r.result is not None]
        if not rows and not self.cancelled:
            return Banner("empty", "No checks were run.", "")
        counts = self.counts()
        parts = []
        for status, word in (("fail", "failed"), ("error", "could not be checked"),
                             ("warn", "warning"), ("pass", "passed"), ("skip", "skipped")):
            n = counts[status]
            if n:
                parts.append(plural(n, word) if status == "warn" else f"{n} {word}")
        detail = " · ".join(parts)
        from aiusage_doctor.core.report import NOTHING_CHECKED, build_summary

        summary = build_summary(self.results(), self.run_state())
        headline = summary.headline.rstrip(".")
        if summary.headline == NOTHING_CHECKED:
            return Banner("empty", headline, detail)
        return Banner(summary.verdict, headline, detail)


# ------------------------------------------------------------------------- export


EXPORT_FORMATS = {
    "html": ("HTML page", "html", "HTML files (*.html *.htm)"),
    "markdown": ("Markdown", "md", "Markdown files (*.md)"),
    "json": ("JSON", "json", "JSON files (*.json)"),
}
MAILTO_BODY_LIMIT = 1500
"""Mail clients (Outlook on Windows especially) truncate or refuse longer mailto: URLs."""


def default_report_name(fmt: str, when: str) -> str:
    """'aiusage-doctor-report-2025-03-01.html' (`when` is the report date, YYYY-MM-DD)."""
    return f"aiusage-doctor-report-{when}.{EXPORT_FORMATS[fmt][1]}"


def mailto_url(address: str, subject: str, body: str, attachment_hint: str | None) -> str:
    """A mailto: URL with subject and body; the body ends with a reminder to attach the file.

    mailto: cannot attach files, so the user is asked to attach the saved report.
    """
    if len(body) > MAILTO_BODY_LIMIT:
        body = body[: MAILTO_BODY_LIMIT - 1].rstrip() + "…"
    note = (
        f"\n\nPlease find the full report attached ({attachment_hint})."
        if attachment_hint
        else "\n\nI will attach the full report saved from AI Usage Doctor."
    )
    body = body + note
    return (
        f"mailto:{quote(address.strip(), safe='@.+-_')}"
        f"?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
    )


def check_details_text(result: CheckResult) -> str:
    """Plain text of one check for 'Copy details' (already-redacted fields, redacted again)."""
    import json

    from aiusage_doctor.core.redact import redact

    lines = [
        f"{STATUS_WORDS.get(result.status.value, result.status.value)}: {result.title}",
        f"Check: {result.id} · {provider_title(result.provider)} · {target_label(result.target)}",
        "",
        result.summary,
    ]
    from aiusage_doctor.gui.readable import detail_groups

    for heading, items in detail_groups(list(result.details)):
        lines += ["", *([f"{heading}:"] if heading else []), *(f"- {d}" for d in items)]
    if result.remediation:
        heading = {"pass": "Learn more:", "skip": "What to do:"}.get(result.status.value, "How to fix:")
        lines += ["", heading, *(f"- {link.text}: {link.url}" for link in result.remediation)]
    if result.evidence:
        lines += ["", "Evidence:", json.dumps(result.evidence, indent=2, ensure_ascii=False, default=str)]
    if result.help_url:
        lines += ["", f"About this check: {result.help_url}"]
    return redact("\n".join(lines))
