"""Report: build the redacted report of a large run and render it to HTML, Markdown and JSON.

Runs the simulator's enterprise-large scenario (100 orgs × 20 teams: about 500 checks)
once, then times, --runs times each (median, min–max):
  build       build_report(): assemble the report and redact every string in it — the
              one redaction boundary (renderers only format)
  html/markdown/json   render() of that report
  reference   json.dumps() of the same report's plain data (model_dump): the least any
              export of these checks costs, measured in the same run
and prints build + render against the reference (ratio) and the target (≤ 150 ms for
build + HTML). The HTML keeps one collapsible <details> section per provider and target,
so a 100-org report stays navigable (problems open, passes folded).

    python benchmarks/bench_report.py [--orgs 100] [--teams 20] [--runs 5] [--out DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiusage_doctor.core.config import RunConfig  # noqa: E402
from aiusage_doctor.core.render import render  # noqa: E402
from aiusage_doctor.core.report import build_report  # noqa: E402
from aiusage_doctor.core.runner import Runner  # noqa: E402
from aiusage_doctor.sim import Simulator  # noqa: E402

TARGET_MS = 150


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn()
    return (time.perf_counter() - started) * 1000, value


def ms(values: list[float]) -> str:
    return f"{statistics.median(values):6.0f} ms ({min(values):.0f}–{max(values):.0f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=100)
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None, help="also write the files here")
    args = parser.parse_args(argv)

    with Simulator("enterprise-large", orgs=args.orgs, teams=args.teams, latency=0.0) as sim:
        config = sim.demo_config(RunConfig(providers=["github"], timeout=120))
        results = asyncio.run(Runner(config).run())

    formats = ("html", "markdown", "json")
    times: dict[str, list[float]] = {k: [] for k in ("reference", "build", *formats)}
    texts: dict[str, str] = {}
    for _ in range(args.runs):  # interleaved, so a load spike hits every row alike
        report = build_report(config, results)
        data = report.model_dump(mode="json")
        t, _ = timed(lambda: json.dumps(data, indent=2))
        times["reference"].append(t)
        t, report = timed(lambda: build_report(config, results))
        times["build"].append(t)
        for fmt in formats:
            t, text = timed(lambda fmt=fmt: render(report, fmt))  # type: ignore[misc]
            times[fmt].append(t)
            texts[fmt] = str(text)

    ref = statistics.median(times["reference"])
    print(f"{len(results)} checks for {args.orgs} orgs × {args.teams} teams; median of {args.runs} runs (min–max)")
    print(f"  reference json.dumps of the same data {ms(times['reference'])}")
    print(f"  build (redact once)                   {ms(times['build'])}")
    for fmt in formats:
        text = texts[fmt]
        extra = f", {text.count('<details')} collapsible sections" if fmt == "html" else ""
        print(f"  render {fmt:8}                       {ms(times[fmt])}  {len(text.encode('utf-8')) / 1024:8.1f} KiB{extra}")
    for fmt in formats:
        total = [b + r for b, r in zip(times["build"], times[fmt])]
        target = f"; target ≤ {TARGET_MS} ms" if fmt == "html" else ""
        print(f"  build + {fmt:8} {statistics.median(total):6.0f} ms, ratio {statistics.median(total) / ref:.1f}× "
              f"the reference{target}")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for fmt, suffix in (("html", "html"), ("markdown", "md"), ("json", "json")):
            (args.out / f"report.{suffix}").write_text(texts[fmt], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
