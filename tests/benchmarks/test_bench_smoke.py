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


def test_report_benchmark_renders_all_three_formats(tmp_path):
    out = bench("bench_report.py", "--orgs", "3", "--teams", "2", "--out", str(tmp_path))
    for fmt in ("html", "markdown", "json"):
        assert re.search(rf"{fmt}\s+\d+ ms\s+[\d.]+ KiB", out)
    html = (tmp_path / "report.html").read_text()
    assert html.count("<details") >= 3  # a collapsible section per org at least


def test_startup_benchmark_measures_gui_cli_and_memory():
    out = bench("bench_startup.py", "--runs", "1", "--orgs", "2")
    assert re.search(r"GUI first window \(offscreen, warm, 1 runs\): median \d+ ms .* peak RSS \d+ MiB", out)
    assert re.search(r"CLI `check --help` .* peak RSS \d+ MiB", out)
    assert re.search(r"CLI run of benchmark 1 .* peak RSS \d+ MiB", out)


def test_responsiveness_benchmark_measures_heartbeat_gaps():
    out = bench("bench_responsiveness.py", "--orgs", "3", "--teams", "2", "--latency", "0.01")
    assert re.search(r"10 ms heartbeat: \d+ ticks, median gap [\d.]+ ms, p99 [\d.]+ ms, longest [\d.]+ ms", out)
