"""One self-contained HTML page (inline CSS, no external assets) that opens anywhere, offline."""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from typing import Any

from aiusage_doctor.core.branding import APP_NAME, SUPPORT_EMAIL
from aiusage_doctor.core.catalog_docs import is_linkable_url
from aiusage_doctor.core.labels import plural, target_label
from aiusage_doctor.core.models import CheckResult, Link, Report, Status
from aiusage_doctor.core.render.common import (
    UNEXPECTED_NOTE,
    Causes,
    HelpIndex,
    affected,
    VERDICT_GLYPHS,
    ProviderGroup,
    TargetGroup,
    counts_line,
    evidence_json,
    facts,
    format_time,
    group_checks,
    inference_sentence,
    source_text,
    tally,
    verdict_look,
)
from aiusage_doctor.core.report import STATUS_GLYPHS, STATUS_WORDS, knowledge_line

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
.v-empty{border-left-color:var(--skip);background:var(--skip-bg)}
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
.help{font-size:.9em}.because{margin:.25rem 0;font-style:italic}
.causes{list-style:none;margin:0;padding:0}.cause{padding:.5rem .75rem;border:1px solid var(--line);
border-radius:.4rem;margin:.5rem 0}.md{padding:0 .75rem .75rem}.md h4{margin:.5rem 0 .25rem}
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
    "addEventListener('afterprint',function(){saved.forEach(function(p){p[0].open=p[1];});});"
    "d.querySelectorAll('a[href^=\"#help-\"]').forEach(function(a){a.onclick=function(){"
    "var t=d.getElementById(a.getAttribute('href').slice(1));if(t)t.open=true;};});})();"
)
"""Optional comfort: expand/collapse, a problems-only filter, opening everything for print, and
opening an embedded help section when a link to it is followed.
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


def _ref(link: Link, helps: HelpIndex) -> str:
    """A link to a published page, or to the help section embedded at the end of the page."""
    if not HelpIndex.linkable(link.url) and (found := helps.get(link.url)) is not None:
        return f'<a href="#help-{found[0]}">{_e(link.text)}</a>'
    return _html_link(link)


_MD_INLINE = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)")


def _md_inline(text: str) -> str:
    """Bold, code and links of the app's own help text; everything else is escaped."""
    out, pos = [], 0
    for m in _MD_INLINE.finditer(text):
        out.append(_e(text[pos:m.start()]))
        if m[1] is not None:
            out.append(f"<strong>{_e(m[1])}</strong>")
        elif m[2] is not None:
            out.append(f"<code>{_e(m[2])}</code>")
        else:
            out.append(_html_link(Link(text=m[3], url=m[4])) if HelpIndex.linkable(m[4]) else _e(m[3]))
        pos = m.end()
    out.append(_e(text[pos:]))
    return "".join(out)


def _md_block(markdown: str) -> str:
    """The help sections' Markdown as simple HTML: headings, lists, paragraphs, code blocks."""
    html: list[str] = []
    para: list[str] = []
    in_list = in_code = False

    def flush() -> None:
        nonlocal in_list
        if para:
            html.append(f"<p>{_md_inline(' '.join(para))}</p>")
            para.clear()
        if in_list:
            html.append("</ul>")
            in_list = False

    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            flush()
            html.append("</pre>" if in_code else "<pre>")
            in_code = not in_code
        elif in_code:
            html.append(_e(line) + "\n")
        elif not stripped:
            flush()
        elif heading := re.match(r"#{1,6}\s+(.*)", stripped):
            flush()
            html.append(f"<h4>{_md_inline(heading[1])}</h4>")
        elif item := re.match(r"[-*]\s+(.*)|\d+\.\s+(.*)", stripped):
            if para:
                html.append(f"<p>{_md_inline(' '.join(para))}</p>")
                para.clear()
            if not in_list:
                html.append("<ul>")
                in_list = True
            html.append(f"<li>{_md_inline(item[1] or item[2] or '')}</li>")
        else:
            para.append(stripped)
    flush()
    if in_code:
        html.append("</pre>")
    return "".join(html)


def _html_causes(out: list[str], report: Report, causes: Causes, helps: HelpIndex) -> None:
    if not causes.grouped:
        return
    out.append('<section id="root-causes"><h2>Root causes</h2><ul class="causes">')
    for cause in causes.all:
        refs = [*cause.checks[1:], *cause.consequences]
        out.append(f'<li class="cause st-{cause.status.value}">{_html_status(cause.status)} '
                   f'<span class="title">{_e(cause.title)}</span> '
                   f'<span class="tally">({plural(affected(cause), "check")} affected)</span>')
        if cause.help is not None:
            out.append(f'<div class="help">Help: {_ref(cause.help, helps)}</div>')
        if refs:
            out.append(f'<details class="evidence"><summary>Because of it ({len(refs)})</summary><ul>')
            out.extend(f"<li>{_e(causes.label(report, r.id, r.target))}</li>" for r in refs)
            out.append("</ul></details>")
        out.append("</li>")
    out.append("</ul></section>")


def _html_help(out: list[str], helps: HelpIndex) -> None:
    """The help the report refers to, collapsed, so the page explains itself offline."""
    if not helps.topics:
        return
    out.append('<section id="help"><h2>Help</h2>')
    for n, topic in enumerate(helps.topics, 1):
        body = topic.markdown.strip().split("\n")
        if body and body[0].startswith("#"):
            body = body[1:]
        out.append(f'<details class="group help-topic" id="help-{n}"><summary>{_e(topic.title)}</summary>'
                   f'<div class="md">{_md_block(chr(10).join(body))}</div></details>')
    out.append("</section>")


def _html_check(out: list[str], check: CheckResult, causes: Causes, helps: HelpIndex) -> None:
    out.append(f'<li class="check st-{check.status.value}">{_html_status(check.status)}<div>'
               f'<div class="title">{_e(check.title)} <code>{_e(check.id)}</code></div>'
               f'<p class="summary">{_e(check.summary)}</p>')
    if (cause := causes.because(check)) is not None:
        out.append(f'<p class="because">Because of the root cause: <strong>{_e(cause.title)}</strong></p>')
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
        out.extend(f"<li>{_ref(link, helps)}</li>" for link in check.remediation)
        out.append("</ul></div>")
    if check.evidence:
        out.append('<details class="evidence"><summary>Evidence</summary><pre>'
                   f"{_e(evidence_json(check.evidence))}</pre></details>")
    if check.sources:
        items = "; ".join(f"{_html_link(Link(text=t, url=u))} ({_e(v)})" for t, u, v in source_text(check))
        out.append(f'<div class="help">Sources: {items}</div>')
    if check.help_url and check.help_url not in {link.url for link in check.remediation}:
        out.append(f'<div class="help">{_ref(Link(text="About this check", url=check.help_url), helps)}</div>')
    out.append("</div></li>")


def _html_target(out: list[str], target: TargetGroup, causes: Causes, helps: HelpIndex) -> None:
    problem = target.worst.is_problem
    out.append(f'<details class="group{"" if problem else " clean"}"{" open" if problem else ""}>'
               f"<summary>{_html_status(target.worst)} · {_e(target_label(target.target))} "
               f'<span class="tally">({_e(tally(target.checks))})</span></summary><ul class="checks">')
    for check in target.checks:
        _html_check(out, check, causes, helps)
    out.append("</ul></details>")


def _html_provider(out: list[str], group: ProviderGroup, causes: Causes, helps: HelpIndex) -> None:
    out.append(f'<section id="provider-{_e(group.provider)}"><h2>{_html_status(group.worst)} · '
               f'{_e(group.title)} <span class="tally">({_e(tally(group.checks))})</span></h2>')
    for target in group.targets:
        _html_target(out, target, causes, helps)
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
    verdict = verdict_look(report)
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
    causes, helps = Causes.of(report), HelpIndex(report)
    out.append("<main>")
    _html_causes(out, report, causes, helps)
    for group in group_checks(report.checks):
        _html_provider(out, group, causes, helps)
    _html_help(out, helps)
    out.append("</main>")
    support = ""
    if SUPPORT_EMAIL:  # only a vendor build's real address; never a made-up default
        support = " · support: " + _html_link(Link(text=SUPPORT_EMAIL, url=f"mailto:{SUPPORT_EMAIL}"))
    out.append(f"<footer>{_e(report.tool.name)} {_e(report.tool.version)} · "
               f"report schema v{report.schema_version}{support}</footer>")
    out.append(f"<script>{_SCRIPT}</script></body></html>\n")
    return "".join(out)
