"""Render a `Report` as JSON, Markdown (tickets), one self-contained HTML page, or terminal text.

One module per format (markdown.py, html.py, text.py) over the grouping they share
(common.py). Renderers only format: the report they get is already redacted
(core.report.build_report for a run, redact_report for an opened file), and they add no
text of their own beyond fixed labels and the app's own help, so a 500-check report is
not scanned for secrets a second time here.
"""

from __future__ import annotations

from typing import Literal

from aiusage_doctor.core.models import Report
from aiusage_doctor.core.render.common import counts_line, format_time, group_checks
from aiusage_doctor.core.render.html import render_html
from aiusage_doctor.core.render.markdown import render_markdown
from aiusage_doctor.core.render.text import render_text

Format = Literal["json", "markdown", "html", "text"]
FORMATS: tuple[Format, ...] = ("json", "markdown", "html", "text")

__all__ = ["FORMATS", "Format", "counts_line", "format_time", "group_checks", "render",
           "render_html", "render_markdown", "render_text"]


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
