"""Render a `Report` as JSON, Markdown (tickets), one self-contained HTML page, or terminal text.

One module per format (markdown.py, html.py, text.py) over the grouping they share
(common.py). Renderers only format: the report they get is already redacted
(core.report.build_report for a run, redact_report for an opened file), and they add no
text of their own beyond fixed labels and the app's own help, so a 500-check report is
not scanned for secrets a second time here.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Literal

from aiusage_doctor.core.formats import FORMAT_NAMES, REPORT_FORMATS, renderer

if TYPE_CHECKING:
    from aiusage_doctor.core.models import Report
    from aiusage_doctor.core.render.common import counts_line, format_time, group_checks
    from aiusage_doctor.core.render.html import render_html
    from aiusage_doctor.core.render.markdown import render_markdown
    from aiusage_doctor.core.render.text import render_text

Format = Literal["json", "markdown", "html", "text"]
FORMATS: tuple[Format, ...] = FORMAT_NAMES  # type: ignore[assignment]
"""Every format, from the one list in core.formats."""

__all__ = ["FORMATS", "Format", "counts_line", "format_time", "group_checks", "render",
           "render_html", "render_json", "render_markdown", "render_text"]


def render_json(report: Report) -> str:
    """The report as the JSON that `--open-report` reads back (docs/report.schema.json)."""
    return report.model_dump_json(indent=2)


_LAZY = {"counts_line": "common", "format_time": "common", "group_checks": "common",
         "render_html": "html", "render_markdown": "markdown", "render_text": "text"}
"""Where each re-exported name lives. A format's module is imported when it is first used,
so printing a terminal report doesn't load the HTML and Markdown renderers (CLI start-up)."""


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render(report: Report, fmt: Format, *, color: bool = False) -> str:
    """The (already redacted) report in the requested format (core.formats.REPORT_FORMATS)."""
    function = renderer(fmt)
    return function(report, color=color) if REPORT_FORMATS[fmt].color else function(report)
