"""The results half of the wizard's view-model: checklist rows, their grouping (by provider
and target, and by root cause), and the summary banner. No Qt here.

Widgets feed runner events into `ResultsModel` and draw what `groups()`, `cause_groups()`
and `banner()` return, so ordering, filtering, merging of re-run results and the banner's
wording can be tested without a display. Core modules are imported inside functions so
importing this costs nothing at startup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from aiusage_doctor.core.labels import SEVERITY, plural, provider_rank, provider_title, rollup, target_label

if TYPE_CHECKING:
    from aiusage_doctor.core.models import CheckResult, Report, RootCause, RunState


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
        self._loaded_run: RunState | None = None
        """An opened report's own run state (a run can end early without being cancelled)."""

    # -- feeding ------------------------------------------------------------

    def clear(self) -> None:
        self._rows.clear()
        self._seq = 0
        self.source = None
        self.cancelled = False
        self.planned_checks = self.finished_checks = None
        self._loaded_run = None

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

        if self._loaded_run is not None:
            return self._loaded_run
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
        run = getattr(report, "run", None)  # a report without it was a finished run
        if run is not None:
            self.cancelled = run.stopped_early
            self.planned_checks = run.checks_planned
            self.finished_checks = run.checks_finished
            self._loaded_run = run

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

    def _knowledge_note(self) -> str:
        """A warning when the vendor rules behind these verdicts were verified more than 90
        days ago: the vendors' APIs may have changed since."""
        from datetime import UTC, datetime

        from aiusage_doctor.core.report import knowledge_is_stale, knowledge_verified

        verified = knowledge_verified(self.results())
        if not knowledge_is_stale(verified, datetime.now(UTC)):
            return ""
        return f"! Vendor rules verified as of {verified}: they may be out of date, update the app"

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
        detail = " · ".join(filter(None, [detail, self._knowledge_note()]))
        headline = summary.headline.rstrip(".")
        if summary.headline == NOTHING_CHECKED:
            return Banner("empty", headline, detail)
        return Banner(summary.verdict, headline, detail)
