"""Start-up and whole-process speed, each against a reference measured in the same run.

Absolute times move with the machine and its load, so every figure is printed beside a
reference run in the same session, and the ratio is what counts. Reference and subject
runs are interleaved (reference, subject, subject, …, then again) so a load spike hits
both; each figure is the median of --runs fresh processes (after one warm-up round, so
the page cache and the bytecode cache are warm). Every process is started from this one with the same
interpreter and environment (QT_QPA_PLATFORM=offscreen unless set).

  wizard first paint     `aiusage-doctor` with AIUSAGE_EXIT_AFTER_FIRST_PAINT=1: process
                         start to the wizard's first paint event; then the same for
                         `aiusage-doctor-gui`, the command the desktop entry starts (it
                         skips the command-line parser of the headless commands)
      reference          benchmarks/bare_wizard.py, a bare 6-page QWizard, started the
                         same way: process start to its first paint        target ≤ 1.3×
  check, offline fail    `aiusage-doctor check` with a GitHub token that fails its offline
                         format check (nothing is sent): start to exit
      reference          `aiusage-doctor --version`: start to exit           target ≤ 2.5×
  first request leaves   `aiusage-doctor check` against a local server that answers 401:
                         start to the first request's arrival at that server
      reference          `aiusage-doctor --version`                          target ≤ 1.5×
  whole diagnosis        `aiusage-doctor check` of the simulator's enterprise-large at
                         orgs×teams (--diagnosis), --latency per request, the simulator in
                         a separate process: start to exit, report included
      reference          the lower bound max(critical path × latency, requests ÷ 8 in
                         flight × latency); requests are counted by the simulator, the
                         critical path by an in-process run             target ≤ 1.3
  peak RSS of every process, beside its reference's.
  floors                 benchmarks/floors.py, started the same way: the libraries the app
                         is built on (Qt's modern wizard style and `Qt` namespace; argparse,
                         asyncio, pydantic; httpx with truststore), used minimally, so
                         each start-up row shows the libraries' own ratio to its reference
                         and what the app adds above that floor

    python benchmarks/bench_startup.py                       # 5 runs, 60x5 and 100x20
    python benchmarks/bench_startup.py --runs 7 --diagnosis 60x5
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CLI = str(BIN / "aiusage-doctor")
GUI = str(BIN / "aiusage-doctor-gui")  # what the desktop entry (packaging/*.desktop) starts
BARE_WIZARD = str(Path(__file__).resolve().parent / "bare_wizard.py")
FLOORS = str(Path(__file__).resolve().parent / "floors.py")
CAP = 8  # the app's default requests in flight per host

sys.path.insert(0, str(ROOT))


@dataclass
class Sample:
    seconds: float  # start to exit
    rss_mib: float
    marks: dict[str, float] = field(default_factory=dict)  # named moments, seconds after start
    stdout: str = ""


def spawn(cmd: list[str], env: dict[str, str], *, ok: tuple[int, ...] = (0,), timeout: float = 900) -> Sample:
    """Run `cmd` as a fresh process; its wall time, its own peak RSS (wait4) and the
    `first-paint <unix time>` it may print on stderr."""
    with tempfile.TemporaryFile("w+") as err, tempfile.TemporaryFile("w+") as out:
        started = time.time()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.time() > deadline:
                proc.kill()
                raise SystemExit(f"{' '.join(cmd)} took longer than {timeout:.0f} s")
            time.sleep(0.002)
        ended = time.time()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        out.seek(0)
        stderr, stdout = err.read(), out.read()
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{stderr[-2000:]}")
    sample = Sample(ended - started, usage.ru_maxrss / 1024, stdout=stdout)  # ru_maxrss is KiB on Linux
    for line in stderr.splitlines():
        if line.startswith("first-paint "):
            sample.marks["paint"] = float(line.split()[1]) - started
    sample.marks["start"] = started
    return sample


def med(values: list[float]) -> float:
    return statistics.median(values)


def ms(values: list[float]) -> str:
    return f"{med(values) * 1000:5.0f} ms ({min(values) * 1000:.0f}–{max(values) * 1000:.0f})"


def row(what: str, subject: list[float], ref_name: str, reference: list[float], target: str,
        rss: list[float], ref_rss: list[float]) -> None:
    ratio = med(subject) / med(reference)
    print(f"  {what:22} {ms(subject):22}  reference {ref_name:26} {ms(reference):22}  "
          f"ratio {ratio:.2f}× (target {target}); peak RSS {max(rss):.0f} MiB (reference {max(ref_rss):.0f} MiB)")


def floor(what: str, floor: list[float], reference: list[float], subject: list[float]) -> None:
    """The libraries' own share of a row (benchmarks/floors.py) and what the app adds above it."""
    print(f"  {'':22} floor: {what} {ms(floor)} = {med(floor) / med(reference):.2f}× the reference; "
          f"the app takes {med(subject) / med(floor):.2f}× the floor")


# ---------------------------------------------------------------- a listening server


class FirstRequest:
    """A tiny local HTTP server that answers every request 401 and remembers when the
    first one of each run arrived."""

    def __init__(self) -> None:
        arrivals: list[float] = []
        self.arrivals = arrivals

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                arrivals.append(time.time())
                body = b'{"message": "Bad credentials"}'
                self.send_response(401)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_HEAD = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def first_after(self, started: float) -> float:
        later = [t for t in self.arrivals if t >= started]
        if not later:
            raise SystemExit("no request reached the local server")
        first = min(later)
        self.arrivals.clear()
        return first - started

    def close(self) -> None:
        self.server.shutdown()


# -------------------------------------------------------- the simulator, out of process

SIM_CHILD = """
import json, sys
from aiusage_doctor.sim import Simulator
sim = Simulator('enterprise-large', orgs=int(sys.argv[1]), teams=int(sys.argv[2]), latency=float(sys.argv[3]))
sim.start()
c = sim.demo_config()
print(json.dumps({"url": c.github.api_url, "token": sim.secrets["github"],
                  "enterprises": list(c.github.enterprises), "orgs": list(c.github.orgs)}), flush=True)
for line in sys.stdin:
    print(sim.request_count, flush=True)
sim.stop()
"""


class SimProcess:
    def __init__(self, orgs: int, teams: int, latency: float, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", SIM_CHILD, str(orgs), str(teams), str(latency)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        assert self.proc.stdout is not None and self.proc.stdin is not None
        self.info = json.loads(self.proc.stdout.readline())

    def requests(self) -> int:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("count\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline())

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(30)


def critical_path(orgs: int, teams: int) -> int:
    """The longest chain of requests that must follow one another, from an in-process run
    without latency (the request graph doesn't depend on the latency)."""
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.runner import Runner
    from aiusage_doctor.sim import Simulator

    with Simulator("enterprise-large", orgs=orgs, teams=teams, latency=0.0) as sim:
        runner = Runner(sim.demo_config(RunConfig(providers=["github"], timeout=300)))
        asyncio.run(runner.run())
    assert runner.stats is not None
    return runner.stats.critical_path


def diagnosis(orgs: int, teams: int, latency: float, runs: int, env: dict[str, str], report: str,
              variants: list[tuple[str, dict[str, str]]]) -> None:
    critical = critical_path(orgs, teams)
    sim = SimProcess(orgs, teams, latency, env)
    walls: dict[str, list[float]] = {label: [] for label, _ in variants}
    rss: dict[str, list[float]] = {label: [] for label, _ in variants}
    requests: set[int] = set()
    try:
        info = sim.info
        cmd = [CLI, "check", "--provider", "github", "--github-api-url", info["url"], "--no-claude-local",
               "--format", "json", "--output", report]
        for enterprise in info["enterprises"]:
            cmd += ["--github-enterprise", enterprise]
        for org in info["orgs"]:
            cmd += ["--github-org", org]
        for _label, extra in variants:
            spawn(cmd, dict(env, AIUSAGE_GITHUB_TOKEN=info["token"], **extra), ok=(0, 1))  # warm-up
        for _ in range(runs):
            for label, extra in variants:
                before = sim.requests()
                s = spawn(cmd, dict(env, AIUSAGE_GITHUB_TOKEN=info["token"], **extra), ok=(0, 1))
                requests.add(sim.requests() - before)
                walls[label].append(s.seconds)
                rss[label].append(s.rss_mib)
    finally:
        sim.close()
    n = max(requests)
    bound = max(critical * latency, n / CAP * latency)
    for label, _extra in variants:
        ratio = med(walls[label]) / bound
        print(f"  {orgs}×{teams} at {latency * 1000:.0f} ms  {ms(walls[label]):22}  reference lower bound "
              f"max({critical} × {latency:g} s, {n} requests ÷ {CAP} × {latency:g} s) = {bound:.2f} s  "
              f"ratio {ratio:.2f} (target ≤ 1.3); peak RSS {max(rss[label]):.0f} MiB{label}"
              + ("" if len(requests) == 1 else f" (request counts varied: {sorted(requests)})"))


# ------------------------------------------------------------------------------ main


def interleave(runs: int, steps: list[Callable[[], None]]) -> None:
    for step in steps:  # warm-up round
        step()
    for _ in range(runs):
        for step in steps:
            step()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--diagnosis", default="60x5,100x20", metavar="ORGSxTEAMS,…",
                        help="whole-process diagnosis sizes ('' to skip)")
    parser.add_argument("--latency", type=float, default=0.1, help="simulated seconds per request")
    parser.add_argument("--compare-with", metavar="DIR", default=None,
                        help="another checkout of the project (e.g. a worktree of main): its code is run "
                        "too, interleaved, through PYTHONPATH, against the same references")
    args = parser.parse_args(argv)
    from aiusage_doctor.core.tokens import make_github_token

    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("AIUSAGE_EXIT_AFTER_FIRST_PAINT", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its bytecode cached: so do we, after warm-up
    for var in ("AIUSAGE_GITHUB_TOKEN", "AIUSAGE_CURSOR_API_KEY", "AIUSAGE_ANTHROPIC_ADMIN_KEY"):
        env.pop(var, None)
    state = tempfile.mkdtemp(prefix="bench-startup-")
    env.update(XDG_STATE_HOME=state, XDG_CONFIG_HOME=state, XDG_CACHE_HOME=state)
    gui_env = dict(env, AIUSAGE_EXIT_AFTER_FIRST_PAINT="1")
    bad_token_env = dict(env, AIUSAGE_GITHUB_TOKEN="ghp_" + "x" * 12)  # too short: fails offline
    server = FirstRequest()
    good_token_env = dict(env, AIUSAGE_GITHUB_TOKEN=make_github_token())
    report = os.path.join(state, "report.json")  # a real file: the report is written as a user's would be
    first_cmd = [CLI, "check", "--provider", "github", "--github-api-url", server.url, "--no-claude-local",
                 "--format", "json", "--output", report]

    variants = [("", {})]
    if args.compare_with:
        other = str(Path(args.compare_with).resolve())
        variants.append((f" [{other}]", {"PYTHONPATH": other}))
    got: dict[str, list[Sample]] = {"bare": [], "version": [], "floor-wizard": [], "floor-offline": [],
                                    "floor-request": []}
    firsts: dict[str, list[float]] = {"floor": []}

    def floor_request() -> None:
        s = spawn([sys.executable, FLOORS, "request", server.url], env)
        firsts["floor"].append(server.first_after(s.marks["start"]))
        got["floor-request"].append(s)

    steps: list[Callable[[], None]] = [
        lambda: got["bare"].append(spawn([sys.executable, BARE_WIZARD], gui_env)),
        lambda: got["version"].append(spawn([CLI, "--version"], env)),
        lambda: got["floor-wizard"].append(spawn([sys.executable, FLOORS, "wizard"], gui_env)),
        lambda: got["floor-offline"].append(spawn([sys.executable, FLOORS, "offline"], env)),
        floor_request,
    ]
    for label, extra in variants:
        for key in ("wizard", "wizard-gui", "offline", "first"):
            got[key + label] = []
        firsts[label] = []

        def first(label: str = label, extra: dict[str, str] = extra) -> None:
            s = spawn(first_cmd, dict(good_token_env, **extra), ok=(1,))
            firsts[label].append(server.first_after(s.marks["start"]))
            got["first" + label].append(s)

        steps += [
            lambda label=label, extra=extra: got["wizard" + label].append(spawn([CLI], dict(gui_env, **extra))),
            lambda label=label, extra=extra: got["wizard-gui" + label].append(spawn([GUI], dict(gui_env, **extra))),
            lambda label=label, extra=extra: got["offline" + label].append(spawn(
                [CLI, "check", "--provider", "github", "--no-claude-local"], dict(bad_token_env, **extra), ok=(1,))),
            first,
        ]
    try:
        interleave(args.runs, steps)
    finally:
        server.close()
    for samples in (*got.values(), *firsts.values()):
        del samples[0]  # the warm-up round

    def paints(key: str) -> list[float]:
        return [s.marks["paint"] for s in got[key]]

    def rss(key: str) -> list[float]:
        return [s.rss_mib for s in got[key]]

    def walls(key: str) -> list[float]:
        return [s.seconds for s in got[key]]

    print(f"Start-up ({env['QT_QPA_PLATFORM']}, warm, median of {args.runs} interleaved runs, min–max):")
    for label, _extra in variants:
        if label:
            print(f"  the same commands running{label}:")
        row("wizard first paint", paints("wizard" + label), "bare 6-page QWizard", paints("bare"), "≤ 1.3×",
            rss("wizard" + label), rss("bare"))
        row("  from the desktop entry", paints("wizard-gui" + label), "bare 6-page QWizard", paints("bare"),
            "≤ 1.3×", rss("wizard-gui" + label), rss("bare"))
        floor("bare QWizard + modern style + Qt namespace", paints("floor-wizard"), paints("bare"),
              paints("wizard" + label))
        row("check, offline failure", walls("offline" + label), "--version", walls("version"), "≤ 2.5×",
            rss("offline" + label), rss("version"))
        floor("argparse + asyncio + one pydantic model", walls("floor-offline"), walls("version"),
              walls("offline" + label))
        row("first request leaves", firsts[label], "--version", walls("version"), "≤ 1.5×",
            rss("first" + label), rss("version"))
        floor("the same + one httpx/truststore GET", firsts["floor"], walls("version"), firsts[label])

    sizes = [s for s in args.diagnosis.split(",") if s.strip()]
    if sizes:
        print(f"Whole-process diagnosis (enterprise-large, simulator in its own process, median of {args.runs}):")
    for size in sizes:
        orgs, teams = (int(x) for x in size.lower().split("x"))
        diagnosis(orgs, teams, args.latency, args.runs, env, report, variants)
    return 0


if __name__ == "__main__":
    sys.exit(main())
