"""Opening a report file someone sent: bounded in size, depth, length and layout cost.

Support staff open customers' JSON reports in the wizard. The file is hostile input
like any server answer: it is read up to a size cap (never whole when bigger), parsed
with bounded nesting, and every string in it is cleaned of control and bidi characters
(`core.untrusted`), cut to a sane length, and has very long unbroken runs elided, since
laying out one megabyte without a space takes minutes. Lists and maps inside a check
are cut too, so the details of one check lay out in bounded time.
"""

from __future__ import annotations

import re
from pathlib import Path

from aiusage_doctor.core.formats import EXPORT_FORMAT_NAMES, REPORT_FORMATS
from aiusage_doctor.core.models import Report
from aiusage_doctor.core.untrusted import MAX_FIELD_CHARS, MAX_JSON_DEPTH, TooDeep, clean_text, parse_json

MAX_REPORT_BYTES = 4 * 1024 * 1024
"""Largest report file opened: a 200-organization run writes about 1.4 MiB of JSON
(benchmarks/bench_report.py --orgs 200), so this leaves room for more than twice that."""
MAX_REPORT_CHECKS = 2500
"""Most checks a report may hold (a 200-organization run has about 1,000)."""
MAX_ITEMS = 200
"""Most entries kept in one list or map inside a check (details, evidence)."""
MAX_RUN = 400
"""Longest run of characters without a space kept as it is; longer ones are elided
(start … end), which keeps text layout linear."""

_UNOPENABLE = " and ".join(REPORT_FORMATS[n].label.removesuffix(" page") for n in EXPORT_FORMAT_NAMES
                           if not REPORT_FORMATS[n].opens)
"""'HTML and Markdown': exports that are for people, not for opening again (core.formats)."""

_LONG_RUN_RE = re.compile(rf"\S{{{MAX_RUN + 1},}}")


class ReportFileError(Exception):
    """A report file that can't be opened: `title` and a plain message for a dialog."""

    def __init__(self, title: str, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.title = title
        self.message = message
        self.detail = detail


def elide_runs(text: str) -> str:
    """Runs longer than MAX_RUN characters without a space, shortened to their start,
    an ellipsis and their end. Linear time."""
    if len(text) <= MAX_RUN:
        return text
    return _LONG_RUN_RE.sub(lambda m: m.group()[: MAX_RUN - 41] + "…" + m.group()[-40:], text)


def _not_a_report(name: str, detail: str = "") -> ReportFileError:
    return ReportFileError(
        "Not an AI Usage Doctor report",
        f"“{clean_text(name, 200)}” is not a JSON report exported by AI Usage Doctor (or it is "
        f"damaged). Ask for the .json export; {_UNOPENABLE} exports can't be opened here.",
        clean_text(detail, 2000, newlines=True),
    )


def parse_report(data: bytes, name: str = "report") -> Report:
    """A Report from the bytes of a file, bounded as described above; raises ReportFileError."""
    if len(data) > MAX_REPORT_BYTES:
        raise _too_big(name, len(data))
    try:  # checks (depth 2) and everything in them keep at most MAX_ITEMS entries per list or map
        obj = parse_json(data.decode("utf-8"), MAX_FIELD_CHARS, max_items=MAX_ITEMS, items_from_depth=2,
                         finish=elide_runs)
    except TooDeep as exc:
        raise _not_a_report(name, f"Its JSON is {exc} (a report has fewer than {MAX_JSON_DEPTH}).") from None
    except ValueError as exc:  # broken JSON, or not UTF-8
        raise _not_a_report(name, str(exc)) from None
    if not isinstance(obj, dict):
        raise _not_a_report(name, "It is not a JSON object.")
    checks = obj.get("checks")
    if isinstance(checks, list) and len(checks) > MAX_REPORT_CHECKS:
        raise ReportFileError(
            "Report too large",
            f"“{clean_text(name, 200)}” has {len(checks):,} checks; reports with at most "
            f"{MAX_REPORT_CHECKS:,} can be opened here.",
        )
    from pydantic import ValidationError

    try:
        report = Report.model_validate(obj)
    except (ValidationError, ValueError, TypeError) as exc:
        raise _not_a_report(name, str(exc)) from None
    return _rederived(report)


def _rederived(report: Report) -> Report:
    """The report with its verdict, headline, root causes and help worked out again from its
    checks and run state, as the run that wrote it did: a file's own summary is only a
    claim (an edited "No problems found" over failed checks or a cancelled run must not
    be what the reader sees), and the help it shows is the app's own text, not the file's
    (which could tell the reader anything under the app's name)."""
    from aiusage_doctor.core.report import build_summary, help_topics
    from aiusage_doctor.core.rootcause import root_causes

    causes = root_causes(report.checks)
    return report.model_copy(update={"summary": build_summary(report.checks, report.run, causes),
                                     "root_causes": causes, "help": help_topics(report.checks, causes)})


def _too_big(name: str, size: int) -> ReportFileError:
    return ReportFileError(
        "Report too large",
        f"“{clean_text(name, 200)}” is larger than {MAX_REPORT_BYTES // (1024 * 1024)} MiB"
        + (f" ({size / (1024 * 1024):,.0f} MiB)" if size > MAX_REPORT_BYTES + 1 else "")
        + "; reports this tool writes are far smaller, so it was not opened.",
    )


def load_report_file(path: str | Path) -> Report:
    """Read at most MAX_REPORT_BYTES (+1, to notice a bigger file) and parse it."""
    file = Path(path)
    if file.exists() and not file.is_file():  # a folder, a pipe, a device: never read those
        raise ReportFileError("Can't open the report", f"“{clean_text(file.name, 200)}” is not a file.")
    try:
        with open(file, "rb") as handle:
            data = handle.read(MAX_REPORT_BYTES + 1)
            size = max(len(data), file.stat().st_size)
    except OSError as exc:
        raise ReportFileError("Can't open the report",
                              f"The file could not be read: {exc.strerror or exc}.") from None
    if size > MAX_REPORT_BYTES:
        raise _too_big(file.name, size)
    return parse_report(data, file.name)
