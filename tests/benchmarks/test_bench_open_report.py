"""Keep the report-opening benchmark from rotting: it runs on a small fraction of the size
cap and prints the figures it promises (the target itself is measured by the benchmark)."""

from __future__ import annotations

import re

from .test_bench_smoke import bench


def test_open_report_benchmark_prints_times_and_a_ratio_to_a_small_report():
    out = bench("bench_open_report.py", "--runs", "1", "--scale", "0.05")
    for shape in ("small", "many checks", "unbroken runs", "wide evidence"):
        assert re.search(rf"{shape}\s+[\d.]+ MiB  open to first paint: median\s+\d+ ms", out)
    assert re.search(r"worst at the cap: \d+ ms, [\d.]+× the small report \(\d+ ms\); target under 2 s: (met|NOT met)", out)
