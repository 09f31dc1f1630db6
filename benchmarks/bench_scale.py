"""Diagnosis at scale: an enterprise of N orgs × M teams behind L seconds of latency.

Prints, for the default per-host cap and for one request at a time (what a
hand-written script does):
  requests made, requests repeated, wall time, and the ratio of wall time to the
  lower bound  max(critical-path requests × L, total requests ÷ per-host cap × L).

The critical path (the longest chain of requests that must happen one after
another) is measured, not assumed: the HTTP adapter counts, for every request, how
many requests had to finish before it could start (carried from each check's
prerequisites into the check). Requests fanned out inside one check are not chained
to each other, so this can only under-count: the bound stays a true lower bound.

    python benchmarks/bench_scale.py                      # 100 orgs × 20 teams, 100 ms
    python benchmarks/bench_scale.py --orgs 10 --no-serial
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiusage_doctor.core.config import RunConfig  # noqa: E402
from aiusage_doctor.core.runner import Runner  # noqa: E402
from aiusage_doctor.sim import Simulator  # noqa: E402


@dataclass
class Measurement:
    cap: int
    wall: float
    requests: int
    repeated: int
    critical: int
    statuses: Counter[str]


def measure(orgs: int, teams: int, latency: float, cap: int, timeout: float) -> Measurement:
    with Simulator("enterprise-large", orgs=orgs, teams=teams, latency=latency) as sim:
        config = sim.demo_config(RunConfig(providers=["github"], concurrency=cap, timeout=timeout))
        runner = Runner(config)
        started = time.perf_counter()
        results = asyncio.run(runner.run())
        wall = time.perf_counter() - started
        stats = runner.stats
        assert stats is not None
        return Measurement(cap, wall, stats.total, len(stats.repeated), stats.critical_path, Counter(r.status.value for r in results))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=100)
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--cap", type=int, default=8, help="per-host concurrency (the app's default is 8)")
    parser.add_argument("--no-serial", action="store_true", help="skip the one-request-at-a-time run")
    args = parser.parse_args(argv)
    L = args.latency

    print(f"enterprise-large: {args.orgs} orgs × {args.teams} teams, {L * 1000:.0f} ms latency per request")
    default = measure(args.orgs, args.teams, L, args.cap, timeout=600)
    critical = default.critical
    bound = max(critical * L, default.requests / args.cap * L)
    print(f"  checks: {sum(default.statuses.values())} ({dict(default.statuses)})")
    print(f"  critical path: {critical} requests one after another")
    print(f"  cap {args.cap:>2}: {default.requests} requests, {default.repeated} repeated, "
          f"wall {default.wall:.2f} s, lower bound {bound:.2f} s, ratio {default.wall / bound:.2f}")
    if not args.no_serial:
        serial = measure(args.orgs, args.teams, L, 1, timeout=3600)
        serial_bound = max(critical * L, serial.requests * L)
        print(f"  cap  1: {serial.requests} requests, {serial.repeated} repeated, wall {serial.wall:.2f} s, "
              f"lower bound {serial_bound:.2f} s, ratio {serial.wall / serial_bound:.2f}")
        print(f"  speed-up at cap {args.cap} over one request at a time: {serial.wall / default.wall:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
