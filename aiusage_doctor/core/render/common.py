"""What every report format shares: grouping and ordering, the facts table, count lines.

All formats share one ordering: providers in the app's order, then per provider the
targets that have problems first, then within a target the worst checks first. So
whatever a reader opens, the thing to fix is at the top.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiusage_doctor.core.catalog_docs import is_linkable_url
from aiusage_doctor.core.labels import is_run_target, plural, provider_rank, provider_title, rollup, target_label
from aiusage_doctor.core.models import CheckResult, HelpTopic, Report, RootCause, Status
from aiusage_doctor.core.report import STATUS_GLYPHS, STATUS_WORDS, cancelled_headline, knowledge_line
from aiusage_doctor.core.rootcause import cause_of, is_grouped

MARKDOWN_EVIDENCE_LIMIT = 4000
"""Characters of evidence per check in Markdown: tickets have size limits; the JSON has it all."""

VERDICT_GLYPHS = {"ok": "✓", "warnings": "!", "problems": "✗", "empty": "–"}


def verdict_look(report: Report) -> str:
    """The verdict as shown: 'ok' only when something was checked and nothing is wrong;
    'empty' (a neutral mark, never a pass mark) when no check reached a verdict."""
    verdict = report.summary.verdict
    if verdict == "ok" and not any(c.status is not Status.SKIP for c in report.checks):
        return "empty"
    return verdict

STATUS_ORDER = sorted(Status, key=lambda s: -s.severity)
"""Statuses worst first, for count lines."""


# --- shared grouping ------------------------------------------------------------------


@dataclass
class TargetGroup:
    """The checks about one target (token, enterprise, org...) of one provider, worst first."""

    target: str
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def problems(self) -> list[CheckResult]:
        return [c for c in self.checks if c.status.is_problem]

    @property
    def others(self) -> list[CheckResult]:
        return [c for c in self.checks if not c.status.is_problem]

    @property
    def worst(self) -> Status:
        """The group's status: the worst check, but a skip never outranks a pass."""
        worst = rollup("cancelled" if c.cancelled else c.status.value for c in self.checks)
        return Status.SKIP if worst == "cancelled" else Status(worst)


@dataclass
class ProviderGroup:
    """One provider's target groups, problem targets first."""

    provider: str
    targets: list[TargetGroup] = field(default_factory=list)

    @property
    def title(self) -> str:
        return provider_title(self.provider)

    @property
    def checks(self) -> list[CheckResult]:
        return [c for t in self.targets for c in t.checks]

    @property
    def worst(self) -> Status:
        worst = rollup("cancelled" if c.cancelled else c.status.value for c in self.checks)
        return Status.SKIP if worst == "cancelled" else Status(worst)


def group_checks(checks: list[CheckResult]) -> list[ProviderGroup]:
    """Providers in app order; targets with problems first (else run order); checks worst first.

    Targets with problems keep their run order among themselves, so a token failure
    (the usual root cause) stays above the org failures it causes.
    """
    by_provider: dict[str, dict[str, TargetGroup]] = {}
    for check in checks:
        targets = by_provider.setdefault(check.provider, {})
        targets.setdefault(check.target, TargetGroup(check.target)).checks.append(check)
    groups: list[ProviderGroup] = []
    for provider in sorted(by_provider, key=provider_rank):
        targets = sorted(by_provider[provider].values(), key=lambda t: not t.worst.is_problem)
        for target in targets:
            target.checks.sort(key=lambda c: -c.status.severity)
        groups.append(ProviderGroup(provider, targets))
    return groups


def format_time(moment: datetime) -> str:
    """Minutes are enough for support; aware times are shown in UTC so readers need no zone math."""
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def counts_line(report: Report) -> str:
    """'✗ 2 Fail · ✓ 10 Pass' — statuses that occurred, worst first."""
    counts = report.summary.counts
    parts = [f"{STATUS_GLYPHS[s]} {counts.get(s.value, 0)} {STATUS_WORDS[s]}"
             for s in STATUS_ORDER if counts.get(s.value, 0)]
    return " · ".join(parts) or "no checks"


COMPACT_EVIDENCE_WIDTH = 100


def evidence_json(evidence: dict[str, Any]) -> str:
    """Evidence as JSON: one line when short (a status and a URL), indented when it is not."""
    flat = json.dumps(evidence, ensure_ascii=False, default=str)
    if len(flat) <= COMPACT_EVIDENCE_WIDTH:
        return flat
    return json.dumps(evidence, indent=2, ensure_ascii=False, default=str)


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def inference_sentence(check: CheckResult) -> str | None:
    """'This is an inference: most likely …, because ….' — None for an observed verdict."""
    inf = check.inference
    if inf is None:
        return None
    likely = inf.likely.rstrip(".")
    first = likely.split(" ", 1)[0].rstrip("'’s,")
    if first[1:].islower() and first not in _NAMES:  # "The key …" → "the key …", never "claude Code …"
        likely = likely[:1].lower() + likely[1:]
    return f"This is an inference, not something the vendor said: most likely {likely}, because {inf.because.rstrip('.')}."


_NAMES = frozenset({"Claude", "Cursor", "Codex", "Copilot", "Windsurf", "Anthropic", "Console"})


def source_text(check: CheckResult) -> list[tuple[str, str, str]]:
    """(title, url, 'verified YYYY-MM-DD') per vendor source of a verdict."""
    return [(s.title, s.url, f"verified {s.verified.isoformat()}") for s in check.sources]


UNEXPECTED_NOTE = "The vendor's answer matched no documented shape: its API may have changed."


def run_line(report: Report) -> str:
    """'finished', or how far a cancelled or unfinished run got."""
    if report.run.stopped_early:
        return cancelled_headline(report.run)
    return "finished" if report.run.completed else "did not finish"


# --- root causes and embedded help ---------------------------------------------------------


@dataclass
class Causes:
    """The report's root causes, and which cause each result shows or follows from."""

    all: list[RootCause]
    by_check: dict[tuple[str, str], RootCause]
    titles: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def of(cls, report: Report) -> Causes:
        return cls(report.root_causes, cause_of(report.root_causes), {c.key: c.title for c in report.checks})

    @property
    def grouped(self) -> bool:
        """Worth a section of its own: some cause explains more than one result."""
        return any(is_grouped(c) for c in self.all)

    def because(self, check: CheckResult) -> RootCause | None:
        """The cause a result follows from when it is not that cause's first result
        (a consequence, or one more check that failed the same way)."""
        cause = self.by_check.get(check.key)
        if cause is None or not is_grouped(cause):
            return None
        first = cause.checks[0] if cause.checks else None
        if first is not None and (first.id, first.target) == check.key:
            return None
        return cause

    def repeats(self, check: CheckResult) -> bool:
        """Whether this result's details and fixes only repeat its root cause's: a consequence,
        or one more check that failed to reach the same host. A shared cause seen on several
        targets keeps each target's own fix (each organization has its own settings page)."""
        cause = self.because(check)
        if cause is None:
            return False
        return cause.kind != "shared" or any((r.id, r.target) == check.key for r in cause.consequences)

    def label(self, report: Report, ref_id: str, target: str) -> str:
        title = self.titles.get((ref_id, target), ref_id)
        where = "" if is_run_target(target) else f" · {target_label(target)}"
        return f"{title}{where}"


def affected(cause: RootCause) -> int:
    return len(cause.checks) + len(cause.consequences)


class HelpIndex:
    """The help sections embedded in a report, numbered for in-page references."""

    def __init__(self, report: Report) -> None:
        self.topics: list[HelpTopic] = list(report.help)
        self._by_ref = {topic.ref: (i + 1, topic) for i, topic in enumerate(self.topics)}

    def get(self, ref: str | None) -> tuple[int, HelpTopic] | None:
        return self._by_ref.get(ref) if ref else None

    @staticmethod
    def linkable(url: str | None) -> bool:
        """Only a published help page is linked; the shipped copy is embedded instead."""
        return bool(url) and is_linkable_url(url)


def facts(report: Report) -> list[tuple[str, str]]:
    """The environment and configuration rows shown at the top of Markdown and HTML."""
    env, cfg = report.environment, report.config
    present = ", ".join(f"{provider_title(p)}: {'present' if ok else 'missing'}"
                        for p, ok in cfg.credentials_present.items())
    rows = [
        ("Generated", format_time(report.generated_at)),
        ("App version", f"{report.tool.name} {report.tool.version}"),
        ("Operating system", env.os),
        ("Python", env.python),
        ("Proxy in use", _yes_no(env.proxy_in_use)),
        ("Simulated run", f"yes ({cfg.demo_scenario})" if env.simulated and cfg.demo_scenario
         else _yes_no(env.simulated)),
        ("Providers", ", ".join(provider_title(p) for p in cfg.providers) or "none"),
        *([("Skipped on request (not checked)", ", ".join(provider_title(p) for p in cfg.skipped_on_request))]
          if cfg.skipped_on_request else []),
        ("Enterprises", ", ".join(cfg.enterprises) or "none"),
        ("Organizations", ", ".join(cfg.orgs) or "none (discovered)"),
        ("Credentials", present or "none"),
        ("API base URLs", ", ".join(f"{provider_title(p)}: {u}" for p, u in cfg.base_urls.items())),
        ("Claude Code on this computer", _yes_no(cfg.claude_local)),
        ("Run", run_line(report)),
        ("Results", counts_line(report)),
        ("Vendor knowledge", knowledge_line(report)),
    ]
    return rows




def tally(checks: list[CheckResult]) -> str:
    statuses = [c.status for c in checks]
    # "2 warnings"; the other words ("7 pass", "3 skipped", "1 could not check") read as they are.
    parts = [plural(statuses.count(s), "warning") if s is Status.WARN else f"{statuses.count(s)} {STATUS_WORDS[s].lower()}"
             for s in STATUS_ORDER if s in statuses]
    return ", ".join(parts)

