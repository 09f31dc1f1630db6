"""Command line: `aiusage-doctor` starts the wizard, `aiusage-doctor check` runs headless.

Kept import-light on purpose: `--help`, `--version` and `check` never import Qt,
and the providers are imported only once a run starts, so scripts and support
staff get an answer fast. Secrets come from the environment or the keyring,
never from arguments (they would end up in shell history and process lists).

The parser is built in cli_parser.py and the run config in cli_config.py; this module
runs the commands.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from aiusage_doctor import APP_NAME
from aiusage_doctor.cli_config import _refuse_secret_arguments, build_config  # re-exported
from aiusage_doctor.cli_parser import (  # re-exported: scripts and tests import them from here
    ENV,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    UsageError,
    _build_parser,
    shown_safely,
)
from aiusage_doctor.core.labels import PROVIDER_LIST

# ------------------------------------------------------------------------ check


def _use_color(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


class _Progress:
    """A one-line 'Checking… 12/40' on an interactive stderr; silent otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.width = 0

    def __call__(self, event) -> None:
        if not self.enabled or event.kind != "finished":
            return
        line = f"Checking… {event.done}/{event.total}  {event.spec.title[:50]}"
        sys.stderr.write("\r" + line.ljust(self.width))
        sys.stderr.flush()
        self.width = len(line)

    def clear(self) -> None:
        if self.enabled and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()


def _utf8_streams() -> None:
    """Write stdout and stderr as UTF-8 when their encoding can't carry the report's marks.
    A report redirected to a file on Windows (cp1252) or under an ASCII locale would
    otherwise stop at the first ✓ with UnicodeEncodeError after the whole run, and
    replacing the marks with '?' would make a pass and a failure look the same."""
    import codecs

    for stream in (sys.stdout, sys.stderr):
        try:
            if codecs.lookup(stream.encoding or "ascii").name not in ("utf-8", "utf-16", "utf-32"):
                stream.reconfigure(encoding="utf-8")
        except (AttributeError, LookupError, ValueError, OSError):  # not a text stream we can change
            pass


def _secret_envs(providers: Sequence[str]) -> list[str]:
    """The environment variables holding the secrets of these providers, in their order."""
    return [ENV[pid, f] for pid in providers for f in PROVIDER_LIST[pid].secrets]


def run_check(args: argparse.Namespace) -> int:
    import asyncio

    from aiusage_doctor.core.logs import setup_logging
    from aiusage_doctor.core.runner import Runner

    setup_logging(verbose=args.verbose)
    config = build_config(args)
    if args.output == "-":  # the usual name for stdout
        args.output = None
    if args.format is None:  # `-o report.html` means an HTML page, not text in a .html file
        from aiusage_doctor.core.formats import format_for_path

        args.format = (format_for_path(args.output) if args.output else None) or "text"
    if args.output is not None:
        from aiusage_doctor.core.private_files import output_problem

        problem = output_problem(args.output)
        if problem:  # found now, not after the whole run
            raise UsageError(f"--output: {problem}")
    simulator = None
    if args.demo:
        simulator = _demo_simulator(args.demo)
        simulator.start()
        config = simulator.demo_config(config)

    progress = _Progress(enabled=sys.stderr.isatty() and not args.verbose)

    runner = Runner(config, on_event=progress)

    async def diagnose():
        from aiusage_doctor.core import crash

        # A failed task or callback nobody awaited gets a crash report too.
        asyncio.get_running_loop().set_exception_handler(crash.asyncio_handler)
        try:
            return await runner.run()
        except asyncio.CancelledError:
            # Ctrl+C: asyncio cancels this task; the runner has recorded what finished.
            # Returning (instead of re-raising) lets the partial report be printed.
            runner.cancelled = True
            return runner.results()

    _resume_gc()
    try:
        results = asyncio.run(diagnose())
    finally:
        progress.clear()
        if simulator is not None:
            simulator.stop()
    # The report and its renderers are loaded after the run, not before its first request.
    from aiusage_doctor.core.models import Status
    from aiusage_doctor.core.render import render
    from aiusage_doctor.core.report import build_report

    run_state = runner.state()
    report = build_report(config, results, run=run_state)
    color = args.output is None and args.format == "text" and _use_color(sys.stdout)
    text = render(report, args.format, color=color)
    if args.output:
        from aiusage_doctor.core.private_files import write_private

        try:
            write_private(args.output, text)
        except OSError as exc:  # the folder changed during the run: don't lose the results
            print(f"aiusage-doctor: error: --output: could not write {args.output}: "
                  f"{exc.strerror or exc}; the report follows on stdout", file=sys.stderr)
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            return EXIT_USAGE
        print(f"{report.summary.headline} Report written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")

    if run_state.cancelled:
        print(f"aiusage-doctor: interrupted: {report.summary.headline}", file=sys.stderr)
        return EXIT_INTERRUPTED
    verdict = report.summary.verdict
    if verdict == "problems" or (args.strict and verdict == "warnings"):
        return EXIT_PROBLEMS
    if verdict == "empty" or (report.checks and all(c.status is Status.SKIP for c in report.checks)):
        # A script must not read "nothing was checked" as "all is well".
        names = _secret_envs(args.provider or list(PROVIDER_LIST))
        other = ("the keyring held none of them either; or use --demo" if args.use_keyring
                 else "or use --use-keyring or --demo")
        print(f"aiusage-doctor: nothing was checked: set {', '.join(names)} ({other}).", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _demo_simulator(arg: str) -> Any:
    """The simulator for a `SCENARIO[:param=value,…]` argument (not started yet); a name or a
    parameter that doesn't exist is a usage error, for `check --demo` and `sim --serve` alike."""
    from aiusage_doctor.sim import Simulator, parse_scenario_arg, scenario_names

    try:
        name, params = parse_scenario_arg(arg)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if name not in scenario_names():
        raise UsageError(f"unknown demo scenario '{name}'; choose one of: {', '.join(scenario_names())}")
    try:
        return Simulator(name, **params)
    except ValueError as exc:  # a parameter's value the scenario can't take
        raise UsageError(str(exc)) from None


def run_sim(args: argparse.Namespace) -> int:
    from aiusage_doctor.sim import list_scenarios

    if args.serve:
        with _demo_simulator(args.serve) as sim:
            for provider, url in sim.base_urls.items():
                print(f"{provider:10} {url}")
            print(_sim_instructions(sim), flush=True)
            print("Serving until Ctrl+C…", file=sys.stderr)
            try:
                import time

                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                return EXIT_OK
    for info in list_scenarios():
        print(f"{info.name:28} {info.title}")
    return EXIT_OK


def _option_args(option: Any, value: Any) -> list[str]:
    """The command-line words that give a provider option this value."""
    if option.kind == "list":
        return [word for item in value for word in (option.flag, item)]
    return [option.flag if value else "--no-" + option.flag.removeprefix("--")]


def _sim_instructions(sim: Any) -> str:
    """How to point the CLI (or the app's fields) at a served scenario: its made-up demo
    credentials, which only this simulator accepts, and the matching command line."""
    import shlex

    config = sim.demo_config()
    exports: list[str] = []
    command = ["aiusage-doctor", "check"]
    for pid, entry in PROVIDER_LIST.items():
        if pid not in config.providers:
            continue
        given = config.inputs(pid)
        exports += [f"  export {ENV[pid, f]}={shlex.quote(v.get_secret_value())}" for f, v in given.secrets.items()]
        for option in (o for o in entry.options if o.before_url):
            command += _option_args(option, getattr(getattr(config, pid), option.field))
        if given.api_url:
            command += [f"--{pid}-api-url", given.api_url]
        for option in (o for o in entry.options if not o.before_url):
            command += _option_args(option, getattr(getattr(config, pid), option.field))
        for name, value in given.values.items():
            command += [f"--{pid}-{name.replace('_', '-')}", value]
    return "\n".join([
        "",
        f"Scenario '{sim.label}' — {sim.info.title}.",
        "Its demo credentials are made up and only work here; in another shell:",
        *exports,
        "  " + shlex.join(command),
        "(or paste the same values and API base URLs into the app's fields).",
    ])


# ------------------------------------------------------------------------- main


def _on_crash(summary: str, path: Path | None) -> None:
    where = f"A crash report (secrets removed) was written to {path}" if path else "No crash report could be written"
    print(f"aiusage-doctor: unexpected error ({summary}). This is a bug in {APP_NAME}. {where}; "
          "please attach it to a support request.", file=sys.stderr)


def _install_crash_handler() -> None:
    """Uncaught exceptions become a redacted crash report and one line on stderr, never a
    raw traceback (which could carry a secret)."""
    from aiusage_doctor.core import crash

    crash.install()
    crash.remove_listener(_on_crash)
    crash.add_listener(_on_crash)


def _exit_now(code: int) -> NoReturn:
    """End a finished `check` without tearing the interpreter down module by module (a
    fifth of a short run's time): the report is written, so flush the logs and the
    streams and go."""
    import logging

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # a closed pipe: nothing more can be said anyway
            pass
    os._exit(code)


_gc_paused = False


def _pause_gc() -> None:
    """Start-up makes some 50,000 container objects that live until exit (modules, classes,
    pydantic schemas), and the cyclic garbage collector would walk them over and over while
    they are made. Pause it until the run starts (`_resume_gc`)."""
    global _gc_paused
    if gc.isenabled():
        gc.disable()
        _gc_paused = True


def _resume_gc() -> None:
    """Turn the collector back on before the run, after moving what start-up made out of its
    sight (`gc.freeze`): it lives until exit anyway, and the run's own garbage is collected
    as usual."""
    global _gc_paused
    if _gc_paused:
        gc.freeze()
        gc.enable()
        _gc_paused = False


def main(argv: Sequence[str] | None = None) -> int:
    """The program. Run as a process (`argv` None), it also installs the process-wide crash
    hooks for the headless commands; a caller passing `argv` keeps its own hooks."""
    as_program = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _build_parser()
    args = parser.parse_args(argv)
    if as_program and args.command == "check":
        _pause_gc()
    if as_program and args.command in ("check", "sim"):
        _install_crash_handler()
    if args.command in ("check", "sim"):
        _utf8_streams()
    try:
        if args.command == "check":
            _refuse_secret_arguments(argv)
            code = run_check(args)
            if as_program:
                _exit_now(code)
            return code
        if args.command == "sim":
            return run_sim(args)
    except UsageError as exc:
        # One line, even when the message quotes a value pasted with line breaks.
        message = shown_safely(str(exc)).replace("\r", "\\r").replace("\n", "\\n")
        print(f"aiusage-doctor: error: {message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("aiusage-doctor: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED

    from aiusage_doctor.gui.app import main as gui_main  # the only path that imports Qt

    gui_argv: list[str] = []
    if args.demo:
        gui_argv += ["--demo", args.demo]
    if args.open_report:
        gui_argv += ["--open-report", args.open_report]
    return gui_main(gui_argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
