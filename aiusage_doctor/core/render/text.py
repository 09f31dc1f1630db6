"""Terminal output in the style of `flutter doctor`: a line per provider, a line per check."""

from __future__ import annotations

from aiusage_doctor.core.labels import is_run_target, target_label
from aiusage_doctor.core.models import CheckResult, Report, Status
from aiusage_doctor.core.rootcause import shorten
from aiusage_doctor.core.render.common import (
    UNEXPECTED_NOTE,
    Causes,
    HelpIndex,
    affected,
    VERDICT_GLYPHS,
    group_checks,
    inference_sentence,
    source_text,
    tally,
    verdict_look,
)
from aiusage_doctor.core.branding import LOCAL_DOCS_BASE
from aiusage_doctor.core.report import STATUS_GLYPHS, cancelled_headline, knowledge_line

_ANSI = {
    Status.PASS: "\x1b[32m",
    Status.WARN: "\x1b[33m",
    Status.FAIL: "\x1b[31m",
    Status.SKIP: "\x1b[2m",
    Status.ERROR: "\x1b[35m",
}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"
_VERDICT_STATUS = {"ok": Status.PASS, "warnings": Status.WARN, "problems": Status.FAIL, "empty": Status.SKIP}


class _Painter:
    """Wraps text in ANSI codes only when colour was asked for (a TTY), never in files or pipes."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def status(self, status: Status, text: str) -> str:
        return f"{_ANSI[status]}{text}{_RESET}" if self.color else text

    def bold(self, text: str) -> str:
        return f"{_BOLD}{text}{_RESET}" if self.color else text


def _link_line(text: str, url: str) -> str:
    """A published page as its address; the help shipped with the app as where to find it."""
    if HelpIndex.linkable(url) or not url.startswith(LOCAL_DOCS_BASE):
        return f"{text}: {url}"
    # Not "in this report": the text report doesn't carry the help; HTML and Markdown do.
    return f"{text}: {url} (in the app's help, and in HTML and Markdown reports: --format html)"


def _text_causes(lines: list[str], causes: Causes, paint: _Painter) -> None:
    """Root causes before the per-provider list: each cause once, with how much it explains."""
    if not causes.grouped:
        return
    lines.append(paint.bold(f"Root causes ({len(causes.all)}):"))
    for cause in causes.all:
        mark = paint.status(cause.status, f"[{STATUS_GLYPHS[cause.status]}]")
        lines.append(f"    {mark} {cause.title} — {affected(cause)} check{'s' if affected(cause) != 1 else ''} affected")
        if cause.help is not None:
            lines.append(f"        → {_link_line(cause.help.text, cause.help.url)}")
    lines.append("")


def _text_check(lines: list[str], check: CheckResult, paint: _Painter, causes: Causes) -> None:
    where = "" if is_run_target(check.target) else f" · {target_label(check.target)}"
    mark = paint.status(check.status, f"[{STATUS_GLYPHS[check.status]}]")
    lines.append(f"    {mark} {check.title}{where} — {check.summary}")
    if (cause := causes.because(check)) is not None:
        lines.append(f"        ↳ because of the root cause: {shorten(cause.title)}")
        if causes.repeats(check):  # its details and fixes are the root cause's, shown once above
            return
    if not check.status.is_problem:  # a pass or a skip says all in its one line; the files have the rest
        return
    if check.unexpected:
        lines.append(f"        ? {UNEXPECTED_NOTE}")
    inference = inference_sentence(check)
    if inference is not None and check.inference is not None:
        lines.append(f"        ? {inference}")
        for alt in check.inference.alternatives:
            lines.append(f"          otherwise: {alt.cause}")
            lines.extend(f"            → {link.text}: {link.url}" for link in alt.links)
    lines.extend(f"        • {detail}" for detail in check.details)
    lines.extend(f"        → {_link_line(link.text, link.url)}" for link in check.remediation)
    lines.extend(f"        § Source: {t} ({v}): {u}" for t, u, v in source_text(check))
    if check.help_url and check.help_url not in {link.url for link in check.remediation}:
        lines.append(f"        → {_link_line('About this check', check.help_url)}")


def render_text(report: Report, *, color: bool = False) -> str:
    """Terminal output in the style of `flutter doctor`: a line per provider, a line per check."""
    paint = _Painter(color)
    lines: list[str] = []
    if report.environment.simulated:
        scenario = f" (demo scenario {report.config.demo_scenario})" if report.config.demo_scenario else ""
        lines += [f"Simulated run{scenario}: answers came from the built-in simulator, not the real services.", ""]
    if report.run.stopped_early:
        lines += [paint.status(Status.WARN, f"! {cancelled_headline(report.run)} Partial results:"), ""]
    causes = Causes.of(report)
    _text_causes(lines, causes, paint)
    for group in group_checks(report.checks):
        mark = paint.status(group.worst, f"[{STATUS_GLYPHS[group.worst]}]")
        lines.append(f"{mark} {paint.bold(group.title)} ({tally(group.checks)})")
        for target in group.targets:
            for check in target.checks:
                _text_check(lines, check, paint, causes)
        lines.append("")
    verdict = verdict_look(report)
    headline = f"{VERDICT_GLYPHS[verdict]} {report.summary.headline}"
    lines.append(paint.status(_VERDICT_STATUS[verdict], headline) if color else headline)
    if report.knowledge_stale:
        lines.append(f"! {knowledge_line(report)}")
    return "\n".join(lines) + "\n"
