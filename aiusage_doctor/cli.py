"""Command line: `aiusage-doctor` starts the wizard, `aiusage-doctor check` runs headless.

Kept import-light on purpose: `--help`, `--version` and `check` never import Qt,
and the providers are imported only once a run starts, so scripts and support
staff get an answer fast. Secrets come from the environment or the keyring,
never from arguments (they would end up in shell history and process lists).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from aiusage_doctor import APP_NAME, __version__
from aiusage_doctor.core.labels import DESCRIBED, described_env

ENV_SECRETS = {
    "github": "AIUSAGE_GITHUB_TOKEN",
    "cursor": "AIUSAGE_CURSOR_API_KEY",
    "anthropic": "AIUSAGE_ANTHROPIC_ADMIN_KEY",
}
DESCRIBED_ENV = {(pid, f): described_env(pid, f) for pid, d in DESCRIBED.items()
                 for f in (*d.secrets, *d.values)}
"""Environment variables of the descriptor-built providers' inputs, by (provider, field)."""

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
    parser.add_argument("--open-report", metavar="FILE", help="open an exported JSON report read-only")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser(
        "check",
        help="run the diagnosis without a window",
        description="Run every check headless. Secrets are read from the environment "
        f"({', '.join([*ENV_SECRETS.values(), *DESCRIBED_ENV.values()])}) or, with --use-keyring, from the secrets the app saved. "
        "Exit code: 0 no problems, 1 a check failed or errored (or warned, with --strict), 2 usage error "
        "or nothing was checked, 130 interrupted with Ctrl+C (the partial report is still printed and "
        "says the run did not finish).",
    )
    gh = check.add_argument_group("GitHub Copilot")
    gh.add_argument("--github-enterprise", action="append", default=[], metavar="SLUG",
                    help="enterprise slug or URL (repeatable)")
    gh.add_argument("--github-org", action="append", default=[], metavar="ORG",
                    help="organization name or URL (repeatable); with no org and no enterprise, "
                    "the orgs the token can see are discovered")
    gh.add_argument("--github-api-url", default=None, metavar="URL",
                    help="REST API base (default https://api.github.com; GHE.com: https://api.SUBDOMAIN.ghe.com)")
    cu = check.add_argument_group("Cursor")
    cu.add_argument("--cursor-api-url", default=None, metavar="URL", help="default https://api.cursor.com")
    an = check.add_argument_group("Claude Code")
    an.add_argument("--anthropic-api-url", default=None, metavar="URL", help="default https://api.anthropic.com")
    an.add_argument("--claude-local", action=argparse.BooleanOptionalAction, default=False,
                    help="also inspect this computer's Claude Code login (default: off)")
    for pid, (title, _secrets, values, _blurb) in DESCRIBED.items():
        group = check.add_argument_group(title)
        group.add_argument(f"--{pid}-api-url", default=None, metavar="URL", help="API base URL override")
        for name in values:
            group.add_argument(f"--{pid}-{name.replace('_', '-')}", default=None, metavar="VALUE",
                               help=f"default: ${described_env(pid, name)}")
    out = check.add_argument_group("Output")
    out.add_argument("--format", choices=("text", "json", "markdown", "html"), default="text")
    out.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    out.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    out.add_argument("--verbose", "-v", action="store_true", help="log requests (never credentials) to stderr")
    run = check.add_argument_group("Run")
    run.add_argument("--provider", action="append", choices=(*ENV_SECRETS, *DESCRIBED), default=None,
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


# ----------------------------------------------------------------------- config


def _refuse_secret_arguments(argv: Sequence[str]) -> None:
    from aiusage_doctor.core.tokens import TokenKind, classify

    for arg in argv:
        value = arg.split("=", 1)[-1]
        info = classify(value)
        if info.kind not in (TokenKind.EMPTY, TokenKind.UNKNOWN) and info.kind is not TokenKind.GITHUB_LEGACY_HEX:
            env = ENV_SECRETS.get(info.provider or "", "the matching AIUSAGE_* variable")
            raise UsageError(
                f"a {info.label} was passed on the command line; secrets are only read from the "
                f"environment (set {env}) so they don't end up in shell history"
            )


def build_config(args: argparse.Namespace, env: dict[str, str] | None = None):  # -> RunConfig
    """Turn parsed arguments and the environment into a RunConfig, or raise UsageError."""
    from pydantic import SecretStr

    from aiusage_doctor.core.config import (
        DEFAULT_ANTHROPIC_API, DEFAULT_CURSOR_API, DEFAULT_GITHUB_API, PROVIDER_ORDER, RunConfig,
    )
    from aiusage_doctor.core.http import BadBaseUrl, normalize_base_url
    from aiusage_doctor.core.inputs import InputError, parse_enterprise, parse_org
    from aiusage_doctor.core.tokens import MAX_PASTE

    env = dict(os.environ if env is None else env)
    try:
        enterprises = [parse_enterprise(e) for e in args.github_enterprise]
        orgs = [parse_org(o) for o in args.github_org]
        urls = {
            "github": normalize_base_url(args.github_api_url or DEFAULT_GITHUB_API, what="GitHub API URL"),
            "cursor": normalize_base_url(args.cursor_api_url or DEFAULT_CURSOR_API, what="Cursor API URL"),
            "anthropic": normalize_base_url(args.anthropic_api_url or DEFAULT_ANTHROPIC_API, what="Anthropic API URL"),
        }
    except (InputError, BadBaseUrl) as exc:
        raise UsageError(str(exc)) from None
    if args.timeout <= 0:
        raise UsageError("--timeout must be more than 0 seconds")
    if not 1 <= args.concurrency <= 64:
        raise UsageError("--concurrency must be between 1 and 64")
    if args.ca_file and not Path(args.ca_file).is_file():
        raise UsageError(f"--ca-file: no such file: {args.ca_file}")

    secrets = {p: env.get(var) or None for p, var in ENV_SECRETS.items()}
    for provider, var in ENV_SECRETS.items():
        size = len((secrets[provider] or "").strip())
        if size > MAX_PASTE:  # a pasted file or log, not a token (and slow to redact everywhere)
            raise UsageError(f"{var} is {size:,} characters long, far longer than any token; "
                             "set it to the token alone")
    more = _described_settings(args, env)
    if args.use_keyring:
        _read_keyring(secrets, more)

    def secret(provider: str) -> SecretStr | None:
        value = secrets[provider]
        return SecretStr(value) if value else None

    configured = [pid for pid, s in more.items() if s.has_secret()]
    return RunConfig(
        providers=list(dict.fromkeys(args.provider or [*PROVIDER_ORDER, *configured])),
        more=more,
        github={"token": secret("github"), "enterprises": enterprises, "orgs": orgs, "api_url": urls["github"]},
        cursor={"api_key": secret("cursor"), "api_url": urls["cursor"]},
        anthropic={"admin_key": secret("anthropic"), "api_url": urls["anthropic"], "claude_local": args.claude_local},
        timeout=args.timeout,
        concurrency=args.concurrency,
        ca_file=args.ca_file,
    )


def _warn(message: str) -> None:
    print(f"aiusage-doctor: warning: {message}", file=sys.stderr)


def _described_settings(args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    """Settings of the descriptor-built providers: secrets from the environment only,
    plain values from their flag or environment variable, base URL from its flag."""
    from pydantic import SecretStr

    from aiusage_doctor.core.config import ProviderSettings
    from aiusage_doctor.core.http import BadBaseUrl, normalize_base_url
    from aiusage_doctor.core.tokens import MAX_PASTE

    more: dict[str, Any] = {}
    for pid, (title, secrets, values, _blurb) in DESCRIBED.items():
        found = {f: (env.get(DESCRIBED_ENV[pid, f]) or "").strip() for f in secrets}
        for f, value in found.items():
            if len(value) > MAX_PASTE:
                raise UsageError(f"{DESCRIBED_ENV[pid, f]} is {len(value):,} characters long, far longer "
                                 "than any key; set it to the key alone")
        url = getattr(args, f"{pid}_api_url", None)
        try:
            url = normalize_base_url(url, what=f"{title} API URL") if url else None
        except BadBaseUrl as exc:
            raise UsageError(str(exc)) from None
        settings = ProviderSettings(
            secrets={f: SecretStr(v) for f, v in found.items() if v},
            values={f: v for f in values if (v := getattr(args, f"{pid}_{f}", None) or env.get(DESCRIBED_ENV[pid, f]))},
            api_url=url,
        )
        if settings.secrets or settings.values or url:  # nothing given: not part of the run config
            more[pid] = settings
    return more


def _read_keyring(secrets: dict[str, str | None], more: dict[str, Any] | None = None) -> None:
    """Fill the secrets the environment lacks from the keyring. A keyring that is missing,
    locked or broken only costs the remembered secrets: say so on stderr and go on."""
    from aiusage_doctor.core.secret_store import SecretStore

    store = SecretStore()
    status = store.status()
    if not status.available:
        _warn(f"--use-keyring: {status.reason} Using the environment only.")
        return

    for provider, value in secrets.items():
        if value is not None:
            continue
        secrets[provider], result = store.read(provider)
        if not result.available:  # locked or broken: don't ask again (and prompt again) per provider
            _warn(f"--use-keyring: Couldn't read the saved {provider} secret: {result.reason}")
            return
    if more is None:
        return
    from pydantic import SecretStr

    from aiusage_doctor.core.config import ProviderSettings

    for pid, described in DESCRIBED.items():
        for name in described.secrets:
            if pid in more and name in more[pid].secrets:
                continue
            value, result = store.read(pid, name)
            if not result.available:
                _warn(f"--use-keyring: Couldn't read the saved {pid} {name}: {result.reason}")
                return
            if value:
                more.setdefault(pid, ProviderSettings()).secrets[name] = SecretStr(value)


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
    names: list[str] = []
    for pid in providers:
        if pid in ENV_SECRETS:
            names.append(ENV_SECRETS[pid])
        elif pid in DESCRIBED:
            names += [described_env(pid, f) for f in DESCRIBED[pid].secrets]
    return names


def run_check(args: argparse.Namespace) -> int:
    import asyncio

    from aiusage_doctor.core.logs import setup_logging
    from aiusage_doctor.core.render import render
    from aiusage_doctor.core.models import Status
    from aiusage_doctor.core.report import build_report
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

    try:
        results = asyncio.run(diagnose())
    finally:
        progress.clear()
        if simulator is not None:
            simulator.stop()
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
        names = _secret_envs(args.provider or [*ENV_SECRETS, *DESCRIBED])
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


def _sim_instructions(sim: Any) -> str:
    """How to point the CLI (or the app's fields) at a served scenario: its made-up demo
    credentials, which only this simulator accepts, and the matching command line."""
    import shlex

    config = sim.demo_config()
    exports = [f"  export {ENV_SECRETS[p]}={shlex.quote(sim.secrets[p])}" for p in ENV_SECRETS]
    command = ["aiusage-doctor", "check", "--github-api-url", config.github.api_url,
               "--cursor-api-url", config.cursor.api_url, "--anthropic-api-url", config.anthropic.api_url,
               "--no-claude-local"]
    for enterprise in config.github.enterprises:
        command += ["--github-enterprise", enterprise]
    for org in config.github.orgs:
        command += ["--github-org", org]
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


def main(argv: Sequence[str] | None = None) -> int:
    """The program. Run as a process (`argv` None), it also installs the process-wide crash
    hooks for the headless commands; a caller passing `argv` keeps its own hooks."""
    as_program = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _build_parser()
    args = parser.parse_args(argv)
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
