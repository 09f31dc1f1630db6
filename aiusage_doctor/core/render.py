"""Render a `Report` as JSON, Markdown (tickets), one self-contained HTML page, or terminal text.

All formats share one ordering: providers in the app's order, then per provider the
targets that have problems first, then within a target the worst checks first. So
whatever a reader opens, the thing to fix is at the top. Renderers only format: the
report they get is already redacted (core.report.build_report for a run,
redact_report for an opened file), and they add no text of their own beyond fixed
labels, so a 500-check report is not scanned for secrets a second time here.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from typing import Any, Literal

from aiusage_doctor.core.branding import APP_NAME, SUPPORT_EMAIL
from aiusage_doctor.core.catalog_docs import (
    is_linkable_url,
    md_code,
    md_escape,
    md_fence,
    md_link,
)
from aiusage_doctor.core.models import CheckResult, Link, Report, Status
from aiusage_doctor.core.labels import is_run_target, provider_rank, provider_title, target_label
from aiusage_doctor.core.report import STATUS_GLYPHS, STATUS_WORDS, knowledge_line, status_label

Format = Literal["json", "markdown", "html", "text"]
FORMATS: tuple[Format, ...] = ("json", "markdown", "html", "text")

MARKDOWN_EVIDENCE_LIMIT = 4000
"""Characters of evidence per check in Markdown: tickets have size limits; the JSON has it all."""

VERDICT_GLYPHS = {"ok": "✓", "warnings": "!", "problems": "✗"}
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
        return max((c.status for c in self.checks), key=lambda s: s.severity)


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
        return max((t.worst for t in self.targets), key=lambda s: s.severity)


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
    return f"This is an inference, not something the vendor said: most likely {likely[:1].lower()}{likely[1:]}, because {inf.because.rstrip('.')}."


def source_text(check: CheckResult) -> list[tuple[str, str, str]]:
    """(title, url, 'verified YYYY-MM-DD') per vendor source of a verdict."""
    return [(s.title, s.url, f"verified {s.verified.isoformat()}") for s in check.sources]


UNEXPECTED_NOTE = "The vendor's answer matched no documented shape: its API may have changed."


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
        ("Enterprises", ", ".join(cfg.enterprises) or "none"),
        ("Organizations", ", ".join(cfg.orgs) or "none (discovered)"),
        ("Credentials", present or "none"),
        ("API base URLs", ", ".join(f"{provider_title(p)}: {u}" for p, u in cfg.base_urls.items())),
        ("Claude Code on this computer", _yes_no(cfg.claude_local)),
        ("Results", counts_line(report)),
        ("Vendor knowledge", knowledge_line(report)),
    ]
    return rows


# --- markdown ---------------------------------------------------------------------------


def _md_check(check: CheckResult) -> list[str]:
    lines = [
        f"**{status_label(check.status)} — {md_escape(check.title)}** ({md_code(check.id)})",
        "",
        md_escape(check.summary),
        "",
    ]
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
        lines += [f"- {md_link(link.text, link.url)}" for link in check.remediation] + [""]
    if check.evidence:
        body = evidence_json(check.evidence)
        if len(body) > MARKDOWN_EVIDENCE_LIMIT:
            body = body[:MARKDOWN_EVIDENCE_LIMIT] + "\n… (truncated; the JSON report has it all)"
        lines += ["Evidence:", "", md_fence(body, "json"), ""]
    if check.sources:
        lines += ["Sources: " + "; ".join(f"{md_link(t, u)} ({v})" for t, u, v in source_text(check)), ""]
    if check.help_url:
        lines += [md_link("About this check", check.help_url), ""]
    return lines


def _md_facts(report: Report) -> list[str]:
    lines = ["| | |", "|---|---|"]
    lines += [f"| {md_escape(k)} | {md_escape(v)} |" for k, v in facts(report)]
    return lines + [""]


def _md_problems(groups: list[ProviderGroup]) -> list[str]:
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
                lines += _md_check(check)
    if not found:
        lines += ["None.", ""]
    return lines


def _md_others(groups: list[ProviderGroup]) -> list[str]:
    lines = ["## Passed and skipped", ""]
    rows = [
        f"- {status_label(c.status)} · {md_escape(g.title)}"
        f"{'' if is_run_target(t.target) else ' · ' + md_escape(target_label(t.target))} · "
        f"{md_escape(c.title)} — {md_escape(c.summary)}"
        for g in groups for t in g.targets for c in t.others
    ]
    return lines + (rows or ["None."]) + [""]


def render_markdown(report: Report) -> str:
    """For support tickets: problems with their fixes and evidence first, passes as a short list."""
    groups = group_checks(report.checks)
    verdict = report.summary.verdict
    lines = [
        f"# {md_escape(APP_NAME)} report",
        "",
        f"**{VERDICT_GLYPHS[verdict]} {md_escape(report.summary.headline)}**",
        "",
    ]
    if report.knowledge_stale:
        lines += [f"**! {md_escape(knowledge_line(report))}**", ""]
    lines += _md_facts(report) + _md_problems(groups) + _md_others(groups)
    return "\n".join(lines).rstrip("\n") + "\n"


# --- html ---------------------------------------------------------------------------------

_CSS = """
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;
--pass:#1a7f37;--warn:#9a6700;--fail:#d1242f;--skip:#59636e;--error:#bc4c00;--link:#0969da;
--pass-bg:#dafbe1;--warn-bg:#fff8c5;--fail-bg:#ffebe9;--error-bg:#fff1e5;--skip-bg:#eff2f5}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;
--card:#151b23;--pass:#3fb950;--warn:#d29922;--fail:#f85149;--skip:#9198a1;--error:#f0883e;
--link:#4493f8;--pass-bg:#12261e;--warn-bg:#272115;--fail-bg:#2d1517;--error-bg:#2c1a0e;--skip-bg:#1b2029}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1.5rem;background:var(--bg);color:var(--fg);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--link)}
h1{font-size:1.5rem;margin:0 0 .75rem}
h2{font-size:1.2rem;margin:1.75rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:var(--card);border:1px solid var(--line);padding:.5rem;overflow:auto;max-height:24rem;
white-space:pre-wrap;word-break:break-word}
.banner{border:1px solid var(--line);border-left-width:.4rem;border-radius:.4rem;padding:.75rem 1rem;
margin-bottom:1rem}
.banner .headline{font-size:1.15rem;font-weight:600;margin:0}
.banner .counts{margin:.25rem 0 0;color:var(--muted)}
.v-ok{border-left-color:var(--pass);background:var(--pass-bg)}
.v-warnings{border-left-color:var(--warn);background:var(--warn-bg)}
.v-problems{border-left-color:var(--fail);background:var(--fail-bg)}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0}
.facts dt{color:var(--muted)}.facts dd{margin:0;word-break:break-word}
.meta,.group{border:1px solid var(--line);border-radius:.4rem;margin:.5rem 0;background:var(--bg)}
.meta>summary,.group>summary{cursor:pointer;padding:.5rem .75rem;font-weight:600}
.meta>.facts{padding:0 .75rem .75rem}
.tally{font-weight:400;color:var(--muted);font-size:.9em}
.checks{list-style:none;margin:0;padding:0}
.check{display:grid;grid-template-columns:7.5rem 1fr;gap:.75rem;padding:.5rem .75rem;
border-top:1px solid var(--line)}
.status{font-weight:600;white-space:nowrap}
.s-pass{color:var(--pass)}.s-warn{color:var(--warn)}.s-fail{color:var(--fail)}
.s-skip{color:var(--skip)}.s-error{color:var(--error)}
.st-warn{background:var(--warn-bg)}.st-fail{background:var(--fail-bg)}.st-error{background:var(--error-bg)}
.title{font-weight:600}.title code{font-weight:400;color:var(--muted)}
.summary{margin:.1rem 0}
.details,.fix ul{margin:.25rem 0;padding-left:1.25rem}
.inference{font-style:italic;margin:.25rem 0}
.fix{margin:.25rem 0}.fix>span{font-weight:600}
.evidence>summary{cursor:pointer;color:var(--muted)}
.help{font-size:.9em}
.tools{margin:.5rem 0}.tools button{font:inherit;margin-right:.5rem}
body.only-problems .check.st-pass,body.only-problems .check.st-skip,
body.only-problems .group.clean{display:none}
footer{margin-top:2rem;color:var(--muted);font-size:.9em}
@media (max-width:40rem){.check{grid-template-columns:1fr;gap:.1rem}}
@media print{:root{--bg:#fff;--fg:#000;--muted:#444;--line:#bbb;--card:#fff;--link:#000;
--pass-bg:#fff;--warn-bg:#fff;--fail-bg:#fff;--error-bg:#fff;--skip-bg:#fff}
body{max-width:none;padding:0;font-size:11pt}.tools{display:none}
.group,.check,.banner{break-inside:avoid}pre{max-height:none}
.fix a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em;word-break:break-all}}
"""
_CSS_PRINT_DETAILS = "@media print{details::details-content{content-visibility:visible;display:contents}}"
"""Kept separate: browsers without ::details-content drop the whole rule, not the stylesheet."""

_SCRIPT = (
    "(function(){var d=document,b=d.getElementById('tools');if(!b)return;b.hidden=false;"
    "function all(o){d.querySelectorAll('details.group').forEach(function(x){x.open=o;});}"
    "d.getElementById('expand').onclick=function(){all(true);};"
    "d.getElementById('collapse').onclick=function(){all(false);};"
    "d.getElementById('only').onchange=function(e){d.body.classList.toggle('only-problems',e.target.checked);};"
    "var saved=[];addEventListener('beforeprint',function(){saved=[];"
    "d.querySelectorAll('details').forEach(function(x){saved.push([x,x.open]);x.open=true;});});"
    "addEventListener('afterprint',function(){saved.forEach(function(p){p[0].open=p[1];});});})();"
)
"""Optional comfort: expand/collapse, a problems-only filter, and opening everything for print.
The page works without it; the CSP below allows exactly this script and nothing else."""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
_CSP = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{_SCRIPT_HASH}'; "
        "img-src data:; base-uri 'none'; form-action 'none'")


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def _html_link(link: Link) -> str:
    """A real link for http(s)/mailto; anything else is shown as text so it cannot be clicked."""
    if is_linkable_url(link.url):
        return (f'<a href="{_e(link.url)}" rel="noopener noreferrer" target="_blank">'
                f"{_e(link.text)}</a>")
    return f"{_e(link.text)}: <code>{_e(link.url)}</code>"


def _html_status(status: Status) -> str:
    return (f'<span class="status s-{status.value}"><span aria-hidden="true">{STATUS_GLYPHS[status]}'
            f"</span> {STATUS_WORDS[status]}</span>")


def _html_check(out: list[str], check: CheckResult) -> None:
    out.append(f'<li class="check st-{check.status.value}">{_html_status(check.status)}<div>'
               f'<div class="title">{_e(check.title)} <code>{_e(check.id)}</code></div>'
               f'<p class="summary">{_e(check.summary)}</p>')
    if check.unexpected:
        out.append(f'<p class="inference">{_e(UNEXPECTED_NOTE)}</p>')
    inference = inference_sentence(check)
    if inference is not None and check.inference is not None:
        out.append(f'<p class="inference">{_e(inference)}</p>')
        if check.inference.alternatives:
            out.append('<div class="fix"><span>Other possible causes, most likely first:</span><ul>')
            for alt in check.inference.alternatives:
                links = "; ".join(_html_link(link) for link in alt.links)
                out.append(f"<li>{_e(alt.cause)}{' — ' + links if links else ''}</li>")
            out.append("</ul></div>")
    if check.details:
        out.append('<ul class="details">')
        out.extend(f"<li>{_e(d)}</li>" for d in check.details)
        out.append("</ul>")
    if check.remediation:
        out.append('<div class="fix"><span>How to fix:</span><ul>')
        out.extend(f"<li>{_html_link(link)}</li>" for link in check.remediation)
        out.append("</ul></div>")
    if check.evidence:
        out.append('<details class="evidence"><summary>Evidence</summary><pre>'
                   f"{_e(evidence_json(check.evidence))}</pre></details>")
    if check.sources:
        items = "; ".join(f"{_html_link(Link(text=t, url=u))} ({_e(v)})" for t, u, v in source_text(check))
        out.append(f'<div class="help">Sources: {items}</div>')
    if check.help_url:
        out.append(f'<div class="help">{_html_link(Link(text="About this check", url=check.help_url))}</div>')
    out.append("</div></li>")


def _tally(checks: list[CheckResult]) -> str:
    statuses = [c.status for c in checks]
    parts = [f"{statuses.count(s)} {STATUS_WORDS[s].lower()}" for s in STATUS_ORDER if s in statuses]
    return ", ".join(parts)


def _html_target(out: list[str], target: TargetGroup) -> None:
    problem = target.worst.is_problem
    out.append(f'<details class="group{"" if problem else " clean"}"{" open" if problem else ""}>'
               f"<summary>{_html_status(target.worst)} · {_e(target_label(target.target))} "
               f'<span class="tally">({_e(_tally(target.checks))})</span></summary><ul class="checks">')
    for check in target.checks:
        _html_check(out, check)
    out.append("</ul></details>")


def _html_provider(out: list[str], group: ProviderGroup) -> None:
    out.append(f'<section id="provider-{_e(group.provider)}"><h2>{_html_status(group.worst)} · '
               f'{_e(group.title)} <span class="tally">({_e(_tally(group.checks))})</span></h2>')
    for target in group.targets:
        _html_target(out, target)
    out.append("</section>")


def _html_head(out: list[str], report: Report) -> None:
    out.append(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="color-scheme" content="light dark">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_e(APP_NAME)} report — {_e(report.summary.headline)}</title>"
        f"<style>{_CSS}{_CSS_PRINT_DETAILS}</style></head><body>"
    )


def _html_banner(out: list[str], report: Report) -> None:
    verdict = report.summary.verdict
    out.append(
        f"<header><h1>{_e(APP_NAME)} report</h1>"
        f'<div class="banner v-{verdict}" role="status"><p class="headline">'
        f'<span aria-hidden="true">{VERDICT_GLYPHS[verdict]}</span> {_e(report.summary.headline)}</p>'
        f'<p class="counts">{_e(counts_line(report))} · generated {_e(format_time(report.generated_at))}'
        f"</p>{_stale_html(report)}</div></header>"
    )


def _stale_html(report: Report) -> str:
    if not report.knowledge_stale:
        return ""
    return f'<p class="counts"><strong>! {_e(knowledge_line(report))}</strong></p>'


def _html_facts(out: list[str], report: Report) -> None:
    out.append('<details class="meta"><summary>Environment and configuration</summary><dl class="facts">')
    out.extend(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts(report))
    out.append("</dl></details>")


def _html_tools(out: list[str]) -> None:
    out.append('<div class="tools" id="tools" hidden><button type="button" id="expand">Expand all</button>'
               '<button type="button" id="collapse">Collapse all</button>'
               '<label><input type="checkbox" id="only"> Only problems</label></div>')


def render_html(report: Report) -> str:
    """One self-contained page (inline CSS, no external assets) that opens anywhere, offline.

    Built as a list of fragments joined once, so a report with a thousand checks
    renders in milliseconds; every piece of report text goes through html.escape.
    """
    out: list[str] = []
    _html_head(out, report)
    _html_banner(out, report)
    _html_facts(out, report)
    _html_tools(out)
    out.append("<main>")
    for group in group_checks(report.checks):
        _html_provider(out, group)
    out.append("</main>")
    support = Link(text=SUPPORT_EMAIL, url=f"mailto:{SUPPORT_EMAIL}")
    out.append(f"<footer>{_e(report.tool.name)} {_e(report.tool.version)} · "
               f"report schema v{report.schema_version} · support: {_html_link(support)}</footer>")
    out.append(f"<script>{_SCRIPT}</script></body></html>\n")
    return "".join(out)


# --- text ---------------------------------------------------------------------------------

_ANSI = {
    Status.PASS: "\x1b[32m",
    Status.WARN: "\x1b[33m",
    Status.FAIL: "\x1b[31m",
    Status.SKIP: "\x1b[2m",
    Status.ERROR: "\x1b[35m",
}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"
_VERDICT_STATUS = {"ok": Status.PASS, "warnings": Status.WARN, "problems": Status.FAIL}


class _Painter:
    """Wraps text in ANSI codes only when colour was asked for (a TTY), never in files or pipes."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def status(self, status: Status, text: str) -> str:
        return f"{_ANSI[status]}{text}{_RESET}" if self.color else text

    def bold(self, text: str) -> str:
        return f"{_BOLD}{text}{_RESET}" if self.color else text


def _text_check(lines: list[str], check: CheckResult, paint: _Painter) -> None:
    where = "" if is_run_target(check.target) else f" · {target_label(check.target)}"
    mark = paint.status(check.status, f"[{STATUS_GLYPHS[check.status]}]")
    lines.append(f"    {mark} {check.title}{where} — {check.summary}")
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
    lines.extend(f"        → {link.text}: {link.url}" for link in check.remediation)
    lines.extend(f"        § Source: {t} ({v}): {u}" for t, u, v in source_text(check))
    if check.help_url:
        lines.append(f"        → About this check: {check.help_url}")


def render_text(report: Report, *, color: bool = False) -> str:
    """Terminal output in the style of `flutter doctor`: a line per provider, a line per check."""
    paint = _Painter(color)
    lines: list[str] = []
    if report.environment.simulated:
        scenario = f" (demo scenario {report.config.demo_scenario})" if report.config.demo_scenario else ""
        lines += [f"Simulated run{scenario}: answers came from the built-in simulator, not the real services.", ""]
    for group in group_checks(report.checks):
        mark = paint.status(group.worst, f"[{STATUS_GLYPHS[group.worst]}]")
        lines.append(f"{mark} {paint.bold(group.title)} ({_tally(group.checks)})")
        for target in group.targets:
            for check in target.checks:
                _text_check(lines, check, paint)
        lines.append("")
    verdict = report.summary.verdict
    headline = f"{VERDICT_GLYPHS[verdict]} {report.summary.headline}"
    lines.append(paint.status(_VERDICT_STATUS[verdict], headline) if color else headline)
    if report.knowledge_stale:
        lines.append(f"! {knowledge_line(report)}")
    return "\n".join(lines) + "\n"


# --- entry point ------------------------------------------------------------------------------


def render(report: Report, fmt: Format, *, color: bool = False) -> str:
    """The (already redacted) report in the requested format."""
    if fmt == "json":
        text = report.model_dump_json(indent=2)
    elif fmt == "markdown":
        text = render_markdown(report)
    elif fmt == "html":
        text = render_html(report)
    elif fmt == "text":
        text = render_text(report, color=color)
    else:
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return text
