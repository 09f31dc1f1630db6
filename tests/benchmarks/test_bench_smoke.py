"""Keep the benchmark scripts from rotting: each runs end to end on a tiny workload and
prints the figures it promises. (The full benchmarks are not part of the test suite.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def bench(script: str, *args: str, timeout: float = 300) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args],
                          capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_scale_benchmark_reports_requests_wall_time_and_ratio():
    out = bench("bench_scale.py", "--orgs", "3", "--teams", "2", "--latency", "0.01")
    assert re.search(r"cap  8: \d+ requests, 0 repeated, wall [\d.]+ s, lower bound [\d.]+ s, ratio [\d.]+", out)
    assert re.search(r"critical path: \d+ requests", out)
    assert re.search(r"speed-up at cap 8 over one request at a time: [\d.]+×", out)


def test_report_benchmark_renders_all_three_formats_against_a_reference(tmp_path):
    out = bench("bench_report.py", "--orgs", "3", "--teams", "2", "--runs", "1", "--out", str(tmp_path))
    assert re.search(r"reference json.dumps of the same data\s+\d+ ms", out)
    for fmt in ("html", "markdown", "json"):
        assert re.search(rf"render {fmt}\s+\d+ ms .*KiB", out)
        assert re.search(rf"build \+ {fmt}\s+\d+ ms, ratio [\d.]+× the reference", out)
    html = (tmp_path / "report.html").read_text()
    assert html.count("<details") >= 3  # a collapsible section per org at least


def test_startup_benchmark_prints_each_figure_beside_its_reference_and_ratio():
    out = bench("bench_startup.py", "--runs", "1", "--diagnosis", "2x1", "--latency", "0.01")
    ratio = r"ratio [\d.]+× \(target ≤ [\d.]+×\); peak RSS \d+ MiB \(reference \d+ MiB\)"
    assert re.search(r"wizard first paint\s+\d+ ms .* reference bare 6-page QWizard\s+\d+ ms .* " + ratio, out)
    assert re.search(r"from the desktop entry\s+\d+ ms .* reference bare 6-page QWizard\s+\d+ ms .* " + ratio, out)
    assert re.search(r"check, offline failure\s+\d+ ms .* reference --version\s+\d+ ms .* " + ratio, out)
    assert re.search(r"first request leaves\s+\d+ ms .* reference --version\s+\d+ ms .* " + ratio, out)
    # Each start-up row also shows the floor its libraries set, in the same run.
    floors = re.findall(r"floor: (.+?)\s+\d+ ms \(\d+–\d+\) = [\d.]+× the reference; the app takes [\d.]+× the floor",
                        out)
    assert floors == ["bare QWizard + modern style + Qt namespace", "argparse + asyncio + one pydantic model",
                      "the same + one httpx/truststore GET"]
    assert re.search(r"2×1 at 10 ms\s+\d+ ms .* reference lower bound max\(\d+ × 0.01 s, \d+ requests ÷ 8 × 0.01 s\)"
                     r" = [\d.]+ s\s+ratio [\d.]+ \(target ≤ 1.3\); peak RSS \d+ MiB", out)


def test_responsiveness_benchmark_measures_heartbeat_gaps_against_the_idle_window():
    out = bench("bench_responsiveness.py", "--orgs", "3", "--teams", "2", "--latency", "0.01")
    assert re.search(r"10 ms heartbeat: \d+ ticks, median gap [\d.]+ ms, p99 [\d.]+ ms, longest [\d.]+ ms", out)
    assert re.search(r"reference, the same heartbeat with the window idle .* longest [\d.]+ ms; "
                     r"longest gap during the run [\d.]+ ms = [\d.]+× the idle longest", out)
