"""The command line's arguments: the `aiusage-doctor` parser with its `check` and `sim`
commands, the exit codes and the AIUSAGE_* environment variables (see cli.py).

Import-light like cli.py: building the parser never imports Qt, pydantic or httpx.
"""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from aiusage_doctor import APP_NAME, __version__
from aiusage_doctor.core.formats import FORMAT_NAMES, OPENABLE
from aiusage_doctor.core.labels import PROVIDER_LIST, described_env

ENV = {(pid, f): described_env(pid, f) for pid, d in PROVIDER_LIST.items() for f in (*d.secrets, *d.values)}
"""Environment variables of every provider's inputs, by (provider, field): AIUSAGE_GITHUB_TOKEN, …"""

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130
"""Ctrl+C (SIGINT): the run stopped early; the partial report was still printed. 128 + SIGINT,
as shells report it, so a script can tell an interrupted run from a finished one."""


class UsageError(Exception):
    """Bad input from the command line: printed as one line, exit code 2."""


def shown_safely(message: str) -> str:
    """A usage error as it may be printed: argparse and the input parsers quote what was
    typed, and a token pasted into the wrong place must not reach the terminal (or a CI log)
    whole, so token-shaped text is masked (the engine is loaded only on this error path)."""
    from aiusage_doctor.core.redact import redact

    return redact(message)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {shown_safely(message)} (see --help)\n")


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
    out.add_argument("--format", choices=FORMAT_NAMES, default=None, type=str.lower,
                     help="default: the one --output's extension names (.html, .md, .json, .txt), else text")
    out.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout ('-': stdout)")
    out.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    out.add_argument("--verbose", "-v", action="store_true", help="log requests (never credentials) to stderr")
    run = check.add_argument_group("Run")
    run.add_argument("--provider", action="append", choices=tuple(PROVIDER_LIST), default=None, type=str.lower,
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
