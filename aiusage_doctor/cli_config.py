"""`check`'s run config from the parsed arguments, the environment and (with --use-keyring)
the OS keyring; secrets passed as arguments are refused (see cli.py).

The engine's modules are imported inside the functions, so `--help` stays fast.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aiusage_doctor.cli_parser import ENV, UsageError
from aiusage_doctor.core.labels import PROVIDER_LIST, keyring_account, vendor_name


def _refuse_secret_arguments(argv: Sequence[str]) -> None:
    from aiusage_doctor.core.tokens import KIND_LABEL, KIND_PROVIDER, TokenKind, classify, find_tokens

    not_secret = (TokenKind.EMPTY, TokenKind.UNKNOWN, TokenKind.GITHUB_LEGACY_HEX)
    for arg in argv:
        kind = classify(arg.split("=", 1)[-1]).kind
        if kind in not_secret:
            # A token inside a longer value ("acme ghp_…", an address with the token in its
            # path or query) is just as exposed, and the usage error would quote it.
            kind = next((k for _, _, k in find_tokens(arg) if k is not TokenKind.UNKNOWN), kind)
        if kind not in not_secret:
            provider, label = KIND_PROVIDER.get(kind), KIND_LABEL[kind]
            entry = PROVIDER_LIST.get(provider or "")
            env = ENV[provider, entry.secrets[0]] if entry else "the matching AIUSAGE_* variable"
            raise UsageError(
                f"a {label} was passed on the command line; secrets are only read from the "
                f"environment (set {env}) so they don't end up in shell history"
            )


def build_config(args: argparse.Namespace, env: dict[str, str] | None = None):  # -> RunConfig
    """Turn parsed arguments and the environment into a RunConfig, or raise UsageError.
    Every provider's inputs are read the same way, from core.labels.PROVIDER_LIST."""
    from aiusage_doctor.core.config import PROVIDER_ORDER, RunConfig
    from aiusage_doctor.core.http import BadBaseUrl, ca_file_problem, normalize_base_url
    from aiusage_doctor.core.inputs import InputError

    env = dict(os.environ if env is None else env)
    try:
        options = _provider_options(args)
        urls = {pid: normalize_base_url(url, what=f"{vendor_name(pid)} API URL")
                for pid in PROVIDER_LIST if (url := getattr(args, f"{pid}_api_url", None))}
    except (InputError, BadBaseUrl) as exc:
        raise UsageError(str(exc)) from None
    _refuse_other_github_host(args, urls.get("github"))
    if not (math.isfinite(args.timeout) and args.timeout > 0):  # "nan" and "inf" parse as floats
        raise UsageError("--timeout must be more than 0 seconds (and finite)")
    if not 1 <= args.concurrency <= 64:
        raise UsageError("--concurrency must be between 1 and 64")
    if args.ca_file and not Path(args.ca_file).is_file():
        raise UsageError(f"--ca-file: no such file: {args.ca_file}")
    if args.ca_file and (problem := ca_file_problem(args.ca_file)):
        raise UsageError(f"--ca-file: {problem}")

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


def _refuse_other_github_host(args: argparse.Namespace, api_url: str | None) -> None:
    """An org or enterprise pasted as an address on another GitHub (a GHE.com subdomain, a
    GitHub Enterprise Server) while the API URL points elsewhere: the name alone would be
    looked up on the wrong GitHub and reported as not found. Say which --github-api-url to add."""
    from urllib.parse import urlsplit

    from aiusage_doctor.core.config import DEFAULT_GITHUB_API
    from aiusage_doctor.core.inputs import api_base, web_base

    api = api_base(api_url or DEFAULT_GITHUB_API)
    ours = {urlsplit(api).hostname, urlsplit(web_base(api)).hostname, "github.com", "www.github.com"}
    for raw in [*args.github_org, *args.github_enterprise]:
        for item in _listed(raw):
            text = item.strip().strip("\"'<>")
            if "://" not in text and not text.lower().split("/", 1)[0].endswith(".ghe.com"):
                continue
            try:
                host = urlsplit(text if "://" in text else "https://" + text).hostname or ""
            except ValueError:
                continue
            if not host or host in ours or host.endswith(".github.com"):
                continue
            if host.endswith(".ghe.com"):
                raise UsageError(f"'{text}' is on {host}, but the GitHub API URL is {api}; add "
                                 f"--github-api-url {api_base(f'https://{host}')} to check it there")
            raise UsageError(f"'{text}' is on {host}, but the GitHub API URL is {api}; if {host} is your "
                             f"GitHub Enterprise Server, add --github-api-url https://{host}/api/v3, "
                             "otherwise give the name alone")


def _listed(value: str) -> list[str]:
    """The items of a comma- or semicolon-separated flag value (spaces are not separators)."""
    return value.replace(";", ",").split(",")


def _provider_options(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """The providers' own flags (GitHub's enterprises and orgs, --claude-local), each list
    item cleaned by its core.inputs parser (InputError on a bad one)."""
    from aiusage_doctor.core import inputs

    options: dict[str, dict[str, Any]] = {}
    for pid, entry in PROVIDER_LIST.items():
        for option in entry.options:
            value = getattr(args, option.dest)
            if option.kind == "list" and option.parse:
                # "--github-org acme,acme-labs" as the wizard's field takes it; spaces are not
                # separators here, so "Acme Corp" is still refused as one name with a space.
                parse = getattr(inputs, option.parse)
                pieces = [piece for item in value for piece in _listed(item)]
                items = [piece for piece in pieces if piece.strip()] or pieces  # "" still says what's missing
                value = list(dict.fromkeys(parse(item) for item in items))
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
