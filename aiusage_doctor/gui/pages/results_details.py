"""The results page's details pane as HTML: cause, what was seen, fixes (links), evidence
(see gui/pages/results.py). No widgets here."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from aiusage_doctor.gui.readable import detail_groups, readable_lines
from aiusage_doctor.gui.state import STATUS_WORDS, Row, provider_title, target_label
from aiusage_doctor.gui.widgets import link_html

if TYPE_CHECKING:
    from datetime import timedelta

    from aiusage_doctor.core.models import CheckResult, Link


LINK_HEADINGS = {"pass": "Learn more", "skip": "What to do"}


def details_html(row: Row, report_age: timedelta | None = None) -> str:
    """The details pane for one row: cause, what was seen, fixes (links), evidence.
    `report_age` is set for an opened report: links that have expired since are not offered."""
    result = row.result
    title = escape(row.title)
    where = escape(f"{provider_title(row.provider)} · {target_label(row.target)}")
    if result is None:
        return f"<h3>{title}</h3><p>{where}</p><p>{escape(row.summary)}</p>"
    word = STATUS_WORDS.get(row.status, row.status)
    parts = [
        f"<h3 style='margin-bottom:2px'>{escape(word)} — {title}</h3>",
        f"<p style='margin-top:0'>{where} · <code>{escape(result.id)}</code></p>",
        f"<p><b>{escape(result.summary)}</b></p>",
    ]
    parts += _basis_html(result)
    from aiusage_doctor.core.help_docs import local_help_target

    links = [link for link in result.remediation  # web links, and sections of the shipped help
             if link.url.lower().startswith(("http://", "https://", "mailto:")) or local_help_target(link.url)]
    if links:
        heading = LINK_HEADINGS.get(row.status, "How to fix")  # a passing check has nothing to fix
        parts.append(f"<p style='margin-bottom:0'><b>{heading}</b></p><ul style='margin-top:2px'>")
        parts += [f"<li>{_link_item(link, report_age)}</li>" for link in links]
        parts.append("</ul>")
    for heading, items in detail_groups(list(result.details)):
        parts.append(f"<p style='margin-bottom:0'><b>{escape(heading or 'What was seen')}</b></p>")
        if items:
            parts.append("<ul style='margin-top:2px'>" + "".join(f"<li>{escape(d)}</li>" for d in items) + "</ul>")
    from aiusage_doctor.providers.registry import spec_for  # loaded with the first result

    own_help = result.help_url is None or "network.md" not in result.help_url
    if own_help and (spec := spec_for(result.id)) is not None:  # the help page's text, readable offline
        parts.append("<p style='margin-bottom:0'><b>About this check</b></p><ul style='margin-top:2px'>"
                     f"<li>What it probes: {escape(spec.probes)}</li>"
                     f"<li>When it fails: {escape(spec.explains)}</li></ul>")
    if result.evidence:
        body = "\n".join(readable_lines(result.evidence))
        if len(body) > 6000:
            body = body[:6000] + "\n… (the exported JSON report has it all)"
        parts.append(f"<p><b>Evidence</b></p><pre style='white-space:pre-wrap'>{escape(body)}</pre>")
    footer = []
    if result.help_url:
        footer.append(link_html("Network help" if "network.md" in result.help_url else "Help page",
                                result.help_url))
    if result.duration_ms:
        footer.append(f"took {result.duration_ms} ms")
    if footer:
        parts.append("<p>" + " · ".join(footer) + "</p>")
    return "".join(parts)


def _basis_html(result: CheckResult) -> list[str]:
    """What the verdict rests on: an inference says so and lists the other causes with
    their links; an answer of unknown shape says the vendor's API may have changed; the
    vendor sources are named with the day they were verified."""
    from aiusage_doctor.core.render.common import UNEXPECTED_NOTE, inference_sentence

    parts: list[str] = []
    if result.unexpected:
        parts.append(f"<p><i>{escape(UNEXPECTED_NOTE)}</i></p>")
    sentence = inference_sentence(result)
    if sentence is not None and result.inference is not None:
        parts.append(f"<p><i>{escape(sentence)}</i></p>")
        if result.inference.alternatives:
            parts.append("<p style='margin-bottom:0'><b>Other possible causes, most likely first</b></p>"
                         "<ul style='margin-top:2px'>")
            for alt in result.inference.alternatives:
                links = "; ".join(link_html(link.text, link.url) for link in alt.links)
                parts.append(f"<li>{escape(alt.cause)}{' — ' + links if links else ''}</li>")
            parts.append("</ul>")
    if result.sources:
        items = "".join(f"<li>{link_html(s.title, s.url)} — verified {s.verified.isoformat()}</li>"
                        for s in result.sources)
        parts.append(f"<p style='margin-bottom:0'><b>Sources</b></p><ul style='margin-top:2px'>{items}</ul>")
    return parts


def _link_item(link: Link, report_age: timedelta | None) -> str:
    from aiusage_doctor.gui.opened_report import EXPIRED_ADVICE, age_text, is_expired

    if report_age is None or not is_expired(link, report_age):
        return link_html(link.text, link.url)
    return (f"<s>{escape(link.text)}</s> — <b>expired</b>: this link was only valid for a short time and "
            f"the report was made {escape(age_text(report_age))}; {EXPIRED_ADVICE}.")
