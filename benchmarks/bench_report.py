"""Report size: render the 100-org enterprise report to HTML, Markdown and JSON.

Prints the render time and file size of each format. The HTML keeps one
collapsible <details> section per provider and target, so a 100-org report stays
navigable (problems open, passes folded).

    python benchmarks/bench_report.py [--orgs 100] [--teams 20] [--out DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiusage_doctor.core.config import RunConfig  # noqa: E402
from aiusage_doctor.core.render import render  # noqa: E402
from aiusage_doctor.core.report import build_report  # noqa: E402
from aiusage_doctor.core.runner import Runner  # noqa: E402
from aiusage_doctor.sim import Simulator  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=100)
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--out", type=Path, default=None, help="also write the files here")
    args = parser.parse_args(argv)

    with Simulator("enterprise-large", orgs=args.orgs, teams=args.teams, latency=0.0) as sim:
        config = sim.demo_config(RunConfig(providers=["github"], timeout=120))
        results = asyncio.run(Runner(config).run())
    started = time.perf_counter()
    report = build_report(config, results)
    build_ms = (time.perf_counter() - started) * 1000
    print(f"{len(results)} checks for {args.orgs} orgs; building the redacted report took {build_ms:.0f} ms")
    for fmt, suffix in (("html", "html"), ("markdown", "md"), ("json", "json")):
        started = time.perf_counter()
        text = render(report, fmt)
        ms = (time.perf_counter() - started) * 1000
        size = len(text.encode("utf-8"))
        extra = f", {text.count('<details')} collapsible sections" if fmt == "html" else ""
        print(f"  {fmt:8} {ms:7.0f} ms  {size / 1024:8.1f} KiB{extra}")
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"report.{suffix}").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
