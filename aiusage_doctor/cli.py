"""Command line: `aiusage-doctor` starts the wizard, `aiusage-doctor check` runs headless.

Kept import-light on purpose: `--help`, `--version` and `check` never import Qt,
and the providers are imported only once a run starts, so scripts and support
staff get an answer fast. Secrets come from the environment or the keyring,
never from arguments (they would end up in shell history and process lists).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from aiusage_doctor import APP_NAME, __version__
from aiusage_doctor.core.formats import FORMAT_NAMES, OPENABLE
from aiusage_doctor.core.labels import PROVIDER_LIST, described_env, keyring_account, vendor_name

ENV = {(pid, f): described_env(pid, f) for pid, d in PROVIDER_LIST.items() for f in (*d.secrets, *d.values)}
"""Environment variables of every provider's inputs, by (provider, field): AIUSAGE_GITHUB_TOKEN, …"""

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130
"""Ctrl+C (SIGINT): the run stopped early; the partial report was still printed. 128 + SIGINT,
as shells report it, so a script can tell an interrupted run from a finished one."""


class UsageError(Exception):
    """Bad input from the command line: printed as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="aiusage-doctor",
        description=f"{APP_NAME}: find out why GitHub Copilot, Cursor and Claude Code usage data "
        "can't be read, and how to fix it. Without a command, the desktop wizard starts.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--demo", nargs="?", const="healthy", metavar="SCENARIO",
        help="start the wizard against the built-in simulator (no credentials needed)",
    )
    parser.add_argument("--open-report", metavar="FILE",
                        help=f"open an exported {' or '.join(f.label for f in OPENABLE)} report read-only")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser(
        "check",
        help="run the diagnosis without a window",
        description="Run every check headless. Secrets are read from the environment "
        f"({', '.join(ENV.values())}) or, with --use-keyring, from the secrets the app saved. "
        "Exit code: 0 no problems, 1 a check failed or errored (or warned, with --strict), 2 usage error "
        "or nothing was checked, 130 interrupted with Ctrl+C (the partial report is still printed and "
        "says the run did not finish).",
    )
    for pid, entry in PROVIDER_LIST.items():  # one group per provider
        group = check.add_argument_group(entry.title)
        for option in (o for o in entry.options if o.before_url):
            _add_option(group, option)
        group.add_argument(f"--{pid}-api-url", default=None, metavar="URL", help=entry.api_url_help)
        for option in (o for o in entry.options if not o.before_url):
            _add_option(group, option)
        for name in entry.values:
            group.add_argument(f"--{pid}-{name.replace('_', '-')}", default=None, metavar="VALUE",
                               help=f"default: ${described_env(pid, name)}")
    out = check.add_argument_group("Output")
    out.add_argument("--format", choices=FORMAT_NAMES, default="text")
    out.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    out.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    out.add_argument("--verbose", "-v", action="store_true", help="log requests (never credentials) to stderr")
    run = check.add_argument_group("Run")
    run.add_argument("--provider", action="append", choices=tuple(PROVIDER_LIST), default=None,
                     help="check only this provider (repeatable; default: all)")
    run.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="per-check time limit (default 30)")
    run.add_argument("--concurrency", type=int, default=8, metavar="N", help="requests in flight per host (default 8)")
    run.add_argument("--ca-file", metavar="PEM", help="extra CA certificate(s) to trust, e.g. your proxy's root")
    run.add_argument("--use-keyring", action="store_true",
                     help="read secrets the app saved in the OS keyring when the environment has none")
    run.add_argument("--demo", metavar="SCENARIO", nargs="?", const="healthy", default=None,
                     help="run against the built-in simulator: SCENARIO from `aiusage-doctor sim --list` "
                     "(default: healthy)")

    sim = sub.add_parser("sim", help="the built-in provider simulator")
    sim.add_argument("--list", action="store_true", help="list the demo scenarios")
    sim.add_argument("--serve", metavar="SCENARIO", help="serve a scenario on localhost until Ctrl+C")
    return parser


def _add_option(group: Any, option: Any) -> None:
    """A provider's own flag (core.labels.Option): a repeatable list or an on/off switch."""
    if option.kind == "list":
        group.add_argument(option.flag, action="append", default=[], metavar=option.metavar, help=option.help)
    else:
        group.add_argument(option.flag, action=argparse.BooleanOptionalAction, default=False, help=option.help)


# ----------------------------------------------------------------------- config


def _refuse_secret_arguments(argv: Sequence[str]) -> None:
    from aiusage_doctor.core.tokens import TokenKind, classify

    for arg in argv:
        value = arg.split("=", 1)[-1]
        info = classify(value)
        if info.kind not in (TokenKind.EMPTY, TokenKind.UNKNOWN) and info.kind is not TokenKind.GITHUB_LEGACY_HEX:
            entry = PROVIDER_LIST.get(info.provider or "")
            env = ENV[info.provider, entry.secrets[0]] if entry else "the matching AIUSAGE_* variable"
            raise UsageError(
                f"a {info.label} was passed on the command line; secrets are only read from the "
                f"environment (set {env}) so they don't end up in shell history"
            )


def build_config(args: argparse.Namespace, env: dict[str, str] | None = None):  # -> RunConfig
    """Turn parsed arguments and the environment into a RunConfig, or raise UsageError.
    Every provider's inputs are read the same way, from core.labels.PROVIDER_LIST."""
    from aiusage_doctor.core.config import PROVIDER_ORDER, RunConfig
    from aiusage_doctor.core.http import BadBaseUrl, normalize_base_url
    from aiusage_doctor.core.inputs import InputError

    env = dict(os.environ if env is None else env)
    try:
        options = _provider_options(args)
        urls = {pid: normalize_base_url(url, what=f"{vendor_name(pid)} API URL")
                for pid in PROVIDER_LIST if (url := getattr(args, f"{pid}_api_url", None))}
    except (InputError, BadBaseUrl) as exc:
        raise UsageError(str(exc)) from None
    if args.timeout <= 0:
        raise UsageError("--timeout must be more than 0 seconds")
    if not 1 <= args.concurrency <= 64:
        raise UsageError("--concurrency must be between 1 and 64")
    if args.ca_file and not Path(args.ca_file).is_file():
        raise UsageError(f"--ca-file: no such file: {args.ca_file}")

    inputs = _provider_inputs(args, env, urls)
    if args.use_keyring:
        _read_keyring(inputs)
    # The first three are always part of the default run (their skip says what's missing);
    # the others join it once they have a secret.
    configured = [pid for pid, s in inputs.items() if pid not in PROVIDER_ORDER and s.has_secret()]
    return RunConfig.assemble(
        inputs, options,
        providers=list(dict.fromkeys(args.provider or [*PROVIDER_ORDER, *configured])),
        timeout=args.timeout,
        concurrency=args.concurrency,
        ca_file=args.ca_file,
    )


def _provider_options(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """The providers' own flags (GitHub's enterprises and orgs, --claude-local), each list
    item cleaned by its core.inputs parser (InputError on a bad one)."""
    from aiusage_doctor.core import inputs

    options: dict[str, dict[str, Any]] = {}
    for pid, entry in PROVIDER_LIST.items():
        for option in entry.options:
            value = getattr(args, option.dest)
            if option.kind == "list" and option.parse:
                value = [getattr(inputs, option.parse)(item) for item in value]
            options.setdefault(pid, {})[option.field] = value
    return options


def _warn(message: str) -> None:
    print(f"aiusage-doctor: warning: {message}", file=sys.stderr)


def _provider_inputs(args: argparse.Namespace, env: dict[str, str], urls: dict[str, str]) -> dict[str, Any]:
    """Every provider's inputs: secrets from the environment only, plain values from their
    flag or environment variable, the base URL from its flag (already normalised).

    The first three providers' secrets are kept as given (their own format check reports
    stray spaces and says it removed them) and are called tokens in messages."""
    from pydantic import SecretStr

    from aiusage_doctor.core.config import ProviderSettings
    from aiusage_doctor.core.tokens import MAX_PASTE

    found: dict[str, Any] = {}
    for pid, entry in PROVIDER_LIST.items():
        noun = "token" if entry.custom_page else "key"
        secrets: dict[str, SecretStr] = {}
        for f in entry.secrets:
            raw = env.get(ENV[pid, f]) or ""
            value = raw if entry.custom_page else raw.strip()
            if len(raw.strip()) > MAX_PASTE:  # a pasted file or log, not a key (and slow to redact everywhere)
                raise UsageError(f"{ENV[pid, f]} is {len(raw.strip()):,} characters long, far longer than "
                                 f"any {noun}; set it to the {noun} alone")
            if value:
                secrets[f] = SecretStr(value)
        found[pid] = ProviderSettings(
            secrets=secrets,
            values={f: v for f in entry.values if (v := getattr(args, f"{pid}_{f}", None) or env.get(ENV[pid, f]))},
            api_url=urls.get(pid),
        )
    return found


def _read_keyring(inputs: dict[str, Any]) -> None:
    """Fill the secrets the environment lacks from the keyring. A keyring that is missing,
    locked or broken only costs the remembered secrets: say so on stderr and go on."""
    from pydantic import SecretStr

    from aiusage_doctor.core.secret_store import SecretStore

    store = SecretStore()
    status = store.status()
    if not status.available:
        _warn(f"--use-keyring: {status.reason} Using the environment only.")
        return
    for pid, entry in PROVIDER_LIST.items():
        for name in entry.secrets:
            if name in inputs[pid].secrets:
                continue
            account = keyring_account(pid, name)
            value, result = store.read(pid, account)
            if not result.available:  # locked or broken: don't ask again (and prompt again) per secret
                what = f"{pid} secret" if account == "default" else f"{pid} {name}"
                _warn(f"--use-keyring: Couldn't read the saved {what}: {result.reason}")
                return
            if value:
                inputs[pid].secrets[name] = SecretStr(value)


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


def _secret_envs(providers: Sequence[str]) -> list[str]:
    """The environment variables holding the secrets of these providers, in their order."""
    return [ENV[pid, f] for pid in providers for f in PROVIDER_LIST[pid].secrets]


def run_check(args: argparse.Namespace) -> int:
    import asyncio

    from aiusage_doctor.core.logs import setup_logging
    from aiusage_doctor.core.runner import Runner

    setup_logging(verbose=args.verbose)
    config = build_config(args)
    if args.output is not None:
        from aiusage_doctor.core.private_files import output_problem

        problem = output_problem(args.output)
        if problem:  # found now, not after the whole run
            raise UsageError(f"--output: {problem}")
    simulator = None
    if args.demo:
        from aiusage_doctor.sim import Simulator, parse_scenario_arg, scenario_names

        try:
            name, params = parse_scenario_arg(args.demo)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        if name not in scenario_names():
            raise UsageError(f"unknown demo scenario '{name}'; choose one of: {', '.join(scenario_names())}")
        simulator = Simulator(name, **params)
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
        print(f"aiusage-doctor: nothing was checked: set {', '.join(names)} "
              "(or use --use-keyring or --demo).", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def run_sim(args: argparse.Namespace) -> int:
    from aiusage_doctor.sim import Simulator, list_scenarios, parse_scenario_arg

    if args.serve:
        name, params = parse_scenario_arg(args.serve)
        with Simulator(name, **params) as sim:
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
        message = str(exc).replace("\r", "\\r").replace("\n", "\\n")
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
