"""Start-up: how fast the wizard paints its first window and `check --help` answers,
and how much memory each (and a full enterprise-scale CLI run) takes.

For each command, N runs (after one warm-up run, so the page cache is warm) from a
fresh process:
  GUI   `aiusage-doctor` with AIUSAGE_EXIT_AFTER_FIRST_PAINT=1 (offscreen): time from
        just before the process is started to the wizard's first paint event
  CLI   `aiusage-doctor check --help`: time until the process has exited
  peak RSS of each, and of `aiusage-doctor check --demo enterprise-large:…` (benchmark 1
        as a CLI run; the simulator runs in the same process there, so it is included).

    python benchmarks/bench_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CLI = str(BIN / "aiusage-doctor")

# Runs a command as a child and prints the child's peak RSS (KiB on Linux).
RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.run(sys.argv[1:]).returncode\n"
    "print('maxrss', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(rc)\n"
)


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float | None]:
    """(seconds until exit, peak RSS MiB, seconds until first paint or None)."""
    started = time.time()
    proc = subprocess.run([sys.executable, "-c", RSS_WRAPPER, *cmd], env=env, capture_output=True, text=True, timeout=900)
    ended = time.time()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    rss = paint = None
    for line in proc.stderr.splitlines():
        if line.startswith("maxrss "):
            rss = int(line.split()[1]) / 1024
        elif line.startswith("first-paint "):
            paint = float(line.split()[1]) - started
    assert rss is not None
    return ended - started, rss, paint


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.0f} ms (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--orgs", type=int, default=100)
    args = parser.parse_args(argv)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))

    gui_env = dict(env, AIUSAGE_EXIT_AFTER_FIRST_PAINT="1")
    run([CLI], gui_env)  # warm-up
    gui = [run([CLI], gui_env) for _ in range(args.runs)]
    paints = [p for _, _, p in gui if p is not None]
    print(f"GUI first window ({env['QT_QPA_PLATFORM']}, warm, {args.runs} runs): {summary(paints)}; "
          f"peak RSS {max(r for _, r, _ in gui):.0f} MiB")

    run([CLI, "check", "--help"], env)
    helps = [run([CLI, "check", "--help"], env) for _ in range(args.runs)]
    print(f"CLI `check --help` (warm, {args.runs} runs): {summary([t for t, _, _ in helps])}; "
          f"peak RSS {max(r for _, r, _ in helps):.0f} MiB")

    scenario = f"enterprise-large:orgs={args.orgs},teams=20,latency=0.1"
    seconds, rss, _ = run([CLI, "check", "--demo", scenario, "--provider", "github", "--format", "json",
                           "--output", os.devnull], env)
    print(f"CLI run of benchmark 1 ({scenario}): {seconds:.1f} s, peak RSS {rss:.0f} MiB "
          "(simulator in the same process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
