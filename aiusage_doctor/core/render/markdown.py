"""Markdown for support tickets: problems with their fixes and evidence first, passes as a short list."""

from __future__ import annotations

from aiusage_doctor.core.branding import APP_NAME
from aiusage_doctor.core.catalog_docs import md_code, md_escape, md_fence, md_link
from aiusage_doctor.core.labels import is_run_target, target_label
from aiusage_doctor.core.models import CheckResult, Report, RunState
from aiusage_doctor.core.render.common import (
    MARKDOWN_EVIDENCE_LIMIT,
    Causes,
    HelpIndex,
    affected,
    UNEXPECTED_NOTE,
    VERDICT_GLYPHS,
    ProviderGroup,
    evidence_json,
    facts,
    group_checks,
    inference_sentence,
    source_text,
    verdict_look,
)
from aiusage_doctor.core.report import STATUS_GLYPHS, knowledge_line, status_label

CONSEQUENCES_SHOWN = 20
"""Consequences listed under a root cause; the rest are counted (each is listed below anyway)."""


def _ref(text: str, url: str, helps: HelpIndex) -> str:
    """A link when the page is published; else a pointer to the help embedded at the end."""
    if not HelpIndex.linkable(url) and (found := helps.get(url)) is not None:
        return f"{md_escape(text)} (see “{md_escape(found[1].title)}” under *Help* at the end)"
    return md_link(text, url)


def _md_causes(report: Report, causes: Causes, helps: HelpIndex) -> list[str]:
    """Root causes first: what to fix, and what each one explains."""
    if not causes.grouped:
        return []
    lines = ["## Root causes", ""]
    for cause in causes.all:
        lines.append(f"- **{STATUS_GLYPHS[cause.status]} {md_escape(cause.title)}** — "
                     f"{affected(cause)} check{'s' if affected(cause) != 1 else ''} affected")
        if cause.help is not None:
            lines.append(f"  - Help: {_ref(cause.help.text, cause.help.url, helps)}")
        refs = [*cause.checks[1:], *cause.consequences]
        for ref in refs[:CONSEQUENCES_SHOWN]:
            lines.append(f"  - Because of it: {md_escape(causes.label(report, ref.id, ref.target))}")
        if len(refs) > CONSEQUENCES_SHOWN:
            lines.append(f"  - … and {len(refs) - CONSEQUENCES_SHOWN} more")
    return lines + [""]


def _md_help(helps: HelpIndex) -> list[str]:
    """The help the report refers to, collapsed, so the ticket explains itself offline."""
    if not helps.topics:
        return []
    lines = ["## Help", ""]
    for topic in helps.topics:
        body = topic.markdown.strip().split("\n")
        if body and body[0].startswith("#"):
            body = body[1:]  # the summary line carries the title
        lines += ["<details>", f"<summary>{md_escape(topic.title)}</summary>", "", *body, "", "</details>", ""]
    return lines

def _md_check(check: CheckResult, causes: Causes, helps: HelpIndex) -> list[str]:
    lines = [
        f"**{status_label(check.status)} — {md_escape(check.title)}** ({md_code(check.id)})",
        "",
        md_escape(check.summary),
        "",
    ]
    if (cause := causes.because(check)) is not None:
        lines += [f"Because of the root cause: **{md_escape(cause.title)}**", ""]
    if check.unexpected:
        lines += [f"_{md_escape(UNEXPECTED_NOTE)}_", ""]
    inference = inference_sentence(check)
    if inference is not None and check.inference is not None:
        lines += [f"_{md_escape(inference)}_", ""]
        if check.inference.alternatives:
            lines += ["Other possible causes, most likely first:", ""]
            for alt in check.inference.alternatives:
                links = "; ".join(md_link(link.text, link.url) for link in alt.links)
                lines.append(f"- {md_escape(alt.cause)}" + (f" — {links}" if links else ""))
            lines.append("")
    if check.details:
        lines += [f"- {md_escape(d)}" for d in check.details] + [""]
    if check.remediation:
        lines += ["How to fix:", ""]
        lines += [f"- {_ref(link.text, link.url, helps)}" for link in check.remediation] + [""]
    if check.evidence:
        body = evidence_json(check.evidence)
        if len(body) > MARKDOWN_EVIDENCE_LIMIT:
            body = body[:MARKDOWN_EVIDENCE_LIMIT] + "\n… (truncated; the JSON report has it all)"
        lines += ["Evidence:", "", md_fence(body, "json"), ""]
    if check.sources:
        lines += ["Sources: " + "; ".join(f"{md_link(t, u)} ({v})" for t, u, v in source_text(check)), ""]
    if check.help_url and check.help_url not in {link.url for link in check.remediation}:
        lines += [_ref("About this check", check.help_url, helps), ""]
    return lines


def _md_facts(report: Report) -> list[str]:
    lines = ["| | |", "|---|---|"]
    lines += [f"| {md_escape(k)} | {md_escape(v)} |" for k, v in facts(report)]
    return lines + [""]


def _md_problems(groups: list[ProviderGroup], causes: Causes, helps: HelpIndex,
                 run: RunState | None = None) -> list[str]:
    lines: list[str] = ["## Problems", ""]
    found = False
    for group in groups:
        targets = [t for t in group.targets if t.problems]
        if not targets:
            continue
        found = True
        lines += [f"### {md_escape(group.title)}", ""]
        for target in targets:
            if not is_run_target(target.target):
                lines += [f"#### {md_escape(target_label(target.target))}", ""]
            for check in target.problems:
                lines += _md_check(check, causes, helps)
    if not found:
        # A run that stopped early did not look everywhere: "None." would read as a clean bill of health.
        if run is None or not run.stopped_early:
            lines += ["None.", ""]
        else:
            lines += [f"None found before the run {'was cancelled' if run.cancelled else 'stopped'}.", ""]
    return lines


def _md_others(groups: list[ProviderGroup], causes: Causes) -> list[str]:
    lines = ["## Passed and skipped", ""]

    def because(check: CheckResult) -> str:
        cause = causes.because(check)
        return f" (because: {md_escape(cause.title)})" if cause is not None else ""

    rows = [
        f"- {status_label(c.status)} · {md_escape(g.title)}"
        f"{'' if is_run_target(t.target) else ' · ' + md_escape(target_label(t.target))} · "
        f"{md_escape(c.title)} — {md_escape(c.summary)}{because(c)}"
        for g in groups for t in g.targets for c in t.others
    ]
    return lines + (rows or ["None."]) + [""]


def render_markdown(report: Report) -> str:
    """For support tickets: problems with their fixes and evidence first, passes as a short list."""
    groups = group_checks(report.checks)
    lines = [
        f"# {md_escape(APP_NAME)} report",
        "",
        f"**{VERDICT_GLYPHS[verdict_look(report)]} {md_escape(report.summary.headline)}**",
        "",
    ]
    if report.knowledge_stale:
        lines += [f"**! {md_escape(knowledge_line(report))}**", ""]
    causes, helps = Causes.of(report), HelpIndex(report)
    lines += _md_facts(report) + _md_causes(report, causes, helps)
    lines += _md_problems(groups, causes, helps, report.run) + _md_others(groups, causes) + _md_help(helps)
    return "\n".join(lines).rstrip("\n") + "\n"
