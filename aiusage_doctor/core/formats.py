"""The report formats, in one list: what `check --format` accepts, what `render()` can
produce, what the export page offers and its save dialog filters on, and which exports can
be opened again.

A new format is one entry here plus its renderer. Plain strings and no imports, so
`--help` (which lists the choices) and the first window stay fast; the renderer is named
by its dotted path and imported only when a report is rendered.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, NamedTuple


class ReportFormat(NamedTuple):
    name: str
    """The value of `check --format`, of the export setting and of `render(report, name)`."""
    label: str
    """What people call it: 'HTML page'."""
    extension: str
    """File extension without the dot, used for default file names and the save dialog."""
    mime: str
    """Media type of the file (for an attachment or a download)."""
    file_filter: str
    """The save dialog's filter: 'HTML files (*.html *.htm)'."""
    renderer: str
    """'module:function' taking the (already redacted) report and returning the text."""
    export_rank: int | None = None
    """Position on the export page (None: not offered there, e.g. terminal text)."""
    mnemonic: str = ""
    """The export page's button text with its keyboard accelerator: '&HTML page'."""
    hint: str = ""
    """One line on the export page: who the format is for."""
    color: bool = False
    """The renderer takes `color=` (terminal colours, only when writing to a terminal)."""
    opens: bool = False
    """An exported file of this format can be opened again read-only (`--open-report`)."""


REPORT_FORMATS: dict[str, ReportFormat] = {f.name: f for f in (
    ReportFormat("text", "Plain text", "txt", "text/plain", "Text files (*.txt)",
                 "aiusage_doctor.core.render.text:render_text", color=True),
    ReportFormat("json", "JSON", "json", "application/json", "JSON files (*.json)",
                 "aiusage_doctor.core.render:render_json", export_rank=2, mnemonic="&JSON",
                 hint="Full detail for support tools", opens=True),
    ReportFormat("markdown", "Markdown", "md", "text/markdown", "Markdown files (*.md)",
                 "aiusage_doctor.core.render.markdown:render_markdown", export_rank=1, mnemonic="&Markdown",
                 hint="Paste into a support ticket"),
    ReportFormat("html", "HTML page", "html", "text/html", "HTML files (*.html *.htm)",
                 "aiusage_doctor.core.render.html:render_html", export_rank=0, mnemonic="&HTML page",
                 hint="Opens in any browser; best for people"),
)}
"""Every report format, in the order `check --format` lists them."""

FORMAT_NAMES: tuple[str, ...] = tuple(REPORT_FORMATS)
EXPORT_FORMAT_NAMES: tuple[str, ...] = tuple(sorted(
    (f.name for f in REPORT_FORMATS.values() if f.export_rank is not None),
    key=lambda name: REPORT_FORMATS[name].export_rank or 0))
"""The formats the export page offers, in its order."""
OPENABLE: tuple[ReportFormat, ...] = tuple(f for f in REPORT_FORMATS.values() if f.opens)
"""The exports that can be opened again."""


def open_filter() -> str:
    """The open dialog's filter for reports that can be opened again."""
    patterns = " ".join(f"*.{f.extension}" for f in OPENABLE)
    return f"AI Usage Doctor reports ({patterns});;All files (*)"


def format_for_path(path: str) -> str | None:
    """The format a file name asks for by its extension ('report.html' -> 'html'), from the
    save dialog's patterns; None when the extension names no format."""
    suffix = path.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rpartition(".")[2].lower()
    for f in REPORT_FORMATS.values():
        if f"*.{suffix}" in f.file_filter.lower().split("(", 1)[-1].rstrip(")").split():
            return f.name
    return None


def renderer(name: str) -> Any:
    """The function that renders format `name`; ValueError for an unknown one."""
    if name not in REPORT_FORMATS:
        raise ValueError(f"unknown report format {name!r}; expected one of {', '.join(FORMAT_NAMES)}")
    module, _, function = REPORT_FORMATS[name].renderer.partition(":")
    return getattr(import_module(module), function)
