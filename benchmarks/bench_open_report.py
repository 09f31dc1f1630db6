"""Opening a crafted report at the size cap in the wizard, to its first paint.

Writes report files of about MAX_REPORT_BYTES in the shapes that cost the most (the
most checks allowed, each with text up to the field cap; fields of one unbroken run;
deep-but-allowed evidence), opens each with the wizard (offscreen), and measures from
`open_report()` to the results page having painted. A small report (3 checks),
opened the same way in the same run, is the reference; the ratio is printed with the
target (under 2 s to first paint for any report up to the cap).

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_open_report.py [--runs 3] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from aiusage_doctor.core.config import RunConfig  # noqa: E402
from aiusage_doctor.core.models import CheckResult, Link, Status  # noqa: E402
from aiusage_doctor.core.render import render  # noqa: E402
from aiusage_doctor.core.report import build_report  # noqa: E402
from aiusage_doctor.core.report_file import MAX_REPORT_BYTES, MAX_REPORT_CHECKS  # noqa: E402
from aiusage_doctor.core.untrusted import MAX_FIELD_CHARS  # noqa: E402

TARGET_S = 2.0


def _report(n: int, summary: str, details: list[str], evidence: dict) -> dict:
    checks = [  # every text unique, so nothing is cheaper for being repeated
        CheckResult(id=f"github.org.check{i}", provider="github", target=f"org:org{i % 200}",
                    title=f"Check {i}", status=(Status.FAIL, Status.PASS, Status.WARN)[i % 3],
                    summary=f"{i} {summary}"[: len(summary)],
                    details=details, evidence=evidence,
                    remediation=[Link(text="Docs", url="https://docs.github.com/en")])
        for i in range(n)
    ]
    # Rendered as saved (JSON), without the report's own redaction pass: the file is crafted.
    return json.loads(render(build_report(RunConfig(), checks[:1]), "json")) | {
        "checks": [c.model_dump(mode="json") for c in checks]}


def _fill(shape: str, budget: int) -> bytes:
    """A report of about `budget` bytes in one of the costly shapes."""
    if shape == "small":
        return json.dumps(_report(3, "Fine.", ["one"], {"status": 200})).encode()
    if shape == "many checks":
        per = budget // MAX_REPORT_CHECKS
        data = _report(MAX_REPORT_CHECKS, "x " * max(1, (per - 400) // 2), ["seen"], {"status": 403})
    elif shape == "unbroken runs":
        n = max(1, budget // (3 * MAX_FIELD_CHARS + 600))
        run = "A" * MAX_FIELD_CHARS
        data = _report(n, run, [run], {"body": run})
    else:  # "wide evidence": a long list in each check
        n = max(1, budget // 12_000)
        data = _report(n, "Forbidden.", ["seen"], {"items": list(range(2000))})
    raw = json.dumps(data).encode()
    return raw[: budget] if len(raw) <= budget else _trim(data, budget)


def _trim(data: dict, budget: int) -> bytes:
    while True:
        raw = json.dumps(data).encode()
        if len(raw) <= budget or len(data["checks"]) <= 1:
            return raw
        data["checks"] = data["checks"][: max(1, int(len(data["checks"]) * budget / len(raw) * 0.98))]


def _open_to_first_paint(app, path: Path) -> float:
    from PySide6.QtCore import QSettings

    from aiusage_doctor.gui.wizard import DoctorWizard

    settings = QSettings(str(path.with_suffix(".ini")), QSettings.Format.IniFormat)
    wizard = DoctorWizard(settings=settings)
    wizard.show()
    app.processEvents()
    started = time.perf_counter()
    assert wizard.open_report(str(path)), "the report did not open"
    page = wizard.results_page
    page.repaint()  # paints synchronously: the tree and the details pane
    page.tree.viewport().repaint()
    page.details.viewport().repaint()
    app.processEvents()
    elapsed = time.perf_counter() - started
    wizard.close()
    wizard.deleteLater()
    app.processEvents()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the size cap (for a quick check)")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bench-open-report"])
    budget = int(MAX_REPORT_BYTES * args.scale)
    with tempfile.TemporaryDirectory() as tmp:
        times: dict[str, float] = {}
        warm = Path(tmp) / "warm-up.json"  # first use imports the loader, pydantic models, Qt pages
        warm.write_bytes(_fill("small", budget))
        _open_to_first_paint(app, warm)
        for shape in ("small", "many checks", "unbroken runs", "wide evidence"):
            path = Path(tmp) / f"{shape.replace(' ', '-')}.json"
            path.write_bytes(_fill(shape, budget))
            size = path.stat().st_size
            runs = [_open_to_first_paint(app, path) for _ in range(args.runs)]
            times[shape] = statistics.median(runs)
            print(f"{shape:14} {size / 1024 / 1024:6.2f} MiB  open to first paint: median "
                  f"{times[shape] * 1000:7.0f} ms over {args.runs} runs")
        worst = max(v for k, v in times.items() if k != "small")
        print(f"worst at the cap: {worst * 1000:.0f} ms, {worst / times['small']:.1f}× the small report "
              f"({times['small'] * 1000:.0f} ms); target under {TARGET_S:g} s: "
              f"{'met' if worst < TARGET_S else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
