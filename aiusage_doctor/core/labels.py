"""The words people see for providers, statuses and targets, and the order they come in,
shared by the app and every report format so a support engineer reading a report sees
what the admin saw on screen.

Plain strings and no imports: the wizard's view-model uses this before anything heavier
(pydantic, the providers) is loaded, to keep the first window fast.
"""

from __future__ import annotations

from typing import NamedTuple

class Option(NamedTuple):
    """A provider input that is neither a secret nor a plain value: a repeatable list
    (GitHub's enterprises and orgs) or an on/off switch (Claude Code's local login). Flag
    only, no environment variable; `field` is the attribute of the provider's config."""

    flag: str
    field: str
    kind: str
    """'list' (repeatable flag) or 'switch' (--flag / --no-flag)."""
    metavar: str = ""
    help: str = ""
    parse: str = ""
    """Name of the function in core.inputs that cleans each list item ('' = as given); its
    InputError becomes a usage error."""
    before_url: bool = True
    """Listed before the provider's --<id>-api-url in --help (else after it)."""

    @property
    def dest(self) -> str:
        """The argparse attribute: '--github-org' -> 'github_org'."""
        return self.flag.lstrip("-").replace("-", "_")


class Described(NamedTuple):
    title: str
    secrets: tuple[str, ...]
    """Secret inputs (environment or keyring only, masked, redacted)."""
    values: tuple[str, ...]
    """Plain inputs (a workspace id): flag or environment."""
    blurb: str
    """One line for the welcome page: what is checked."""
    api_url: str = ""
    """Default API base URL ('' = the descriptor's)."""
    api_url_help: str = "API base URL override"
    vendor: str = ""
    """Who runs the API, for messages such as 'Anthropic API URL' ('' = the title)."""
    options: tuple[Option, ...] = ()
    link_domains: tuple[str, ...] = ()
    """Sites the provider's remediation links point to (subdomains included): its docs,
    settings and status pages. Links to them open in the browser; links elsewhere are
    shown with their address and a Copy button (core.links)."""
    custom_page: bool = False
    """Hand-built wizard pages and config model (core.config GitHubConfig, …) instead of the
    generic described page and `RunConfig.more`; true for the first three providers. Their
    secret is kept as given (the provider's own format check reports stray spaces), is
    called a token in messages, lives in the keyring under the account 'default', and they
    are always part of the default run."""


PROVIDER_LIST: dict[str, Described] = {
    "github": Described(
        "GitHub Copilot", ("token",), (), "Copilot usage metrics and seats for your enterprise or organizations.",
        api_url="https://api.github.com", vendor="GitHub", custom_page=True,
        link_domains=("github.com", "githubstatus.com", "github.blog", "ghe.com"),
        api_url_help="REST API base (default https://api.github.com; GHE.com: https://api.SUBDOMAIN.ghe.com)",
        options=(
            Option("--github-enterprise", "enterprises", "list", "SLUG",
                   "enterprise slug or URL (repeatable, or comma-separated)", parse="parse_enterprise"),
            Option("--github-org", "orgs", "list", "ORG", "organization name or URL (repeatable, or comma-separated); "
                   "with no org and no enterprise, the orgs the token can see are discovered", parse="parse_org"),
        )),
    "cursor": Described("Cursor", ("api_key",), (), "Team members and daily usage through Cursor's Admin API, "
                        "and the Enterprise Analytics API.",
                        api_url="https://api.cursor.com", api_url_help="default https://api.cursor.com",
                        custom_page=True, link_domains=("cursor.com",)),
    "anthropic": Described(
        "Claude Code", ("admin_key",), (), "Claude Code usage through the Anthropic Admin API, and "
        "optionally this computer's Claude Code login.",
        api_url="https://api.anthropic.com", api_url_help="default https://api.anthropic.com", vendor="Anthropic",
        custom_page=True, link_domains=("anthropic.com", "claude.com", "claude.ai"),
        options=(Option("--claude-local", "claude_local", "switch", "",
                        "also inspect this computer's Claude Code login (default: off)", before_url=False),)),
    "codex": Described("OpenAI Codex", ("api_key",), ("workspace_id",),
                       "Codex usage of a ChatGPT Enterprise workspace through OpenAI's Codex Analytics API.",
                       link_domains=("openai.com", "chatgpt.com", "getdx.com")),
    "windsurf": Described("Windsurf", ("service_key",), (),
                          "Team usage through the Windsurf Analytics API (Enterprise plans), with each "
                          "endpoint's permission.", link_domains=("windsurf.com", "codeium.com")),
}
"""Every provider, in report order: the ONE list a new provider is added to. The CLI
(flags, environment variables, `--provider` choices, keyring reads, default run), the run
config, the secret store and the simulator loop over it; everything else (checks, wizard
page, simulator routes) comes from the provider's descriptor (core/descriptor.py) and its
simulator module. Names follow one convention: environment AIUSAGE_<ID>_<FIELD>, flags
--<id>-<field> (plain values only) and --<id>-api-url, provider module
aiusage_doctor.providers.<id>, simulator module aiusage_doctor.sim.<id>. Kept here,
import-free, so `--help` and the first window don't load the providers to learn their
names."""

PROVIDER_ORDER = tuple(pid for pid, d in PROVIDER_LIST.items() if d.custom_page)
"""The providers with hand-built wizard pages (GitHub, Cursor, Claude Code)."""
PROVIDER_TITLES = {pid: d.title for pid, d in PROVIDER_LIST.items()}

DESCRIBED: dict[str, Described] = {pid: d for pid, d in PROVIDER_LIST.items() if not d.custom_page}
"""Providers built entirely from a `ProviderDescriptor` (generic wizard page, settings in
`RunConfig.more`), in report order after the three above."""


def keyring_account(provider: str, field: str) -> str:
    """The keyring account a secret is saved under: 'default' for the single secret of the
    first three providers (as the app always saved it), the field name for the others."""
    return "default" if PROVIDER_LIST[provider].custom_page else field


def vendor_name(provider: str) -> str:
    """'Anthropic' for 'anthropic': who runs the API ('GitHub', 'OpenAI Codex')."""
    d = PROVIDER_LIST[provider]
    return d.vendor or d.title


def described_env(provider: str, field: str) -> str:
    """AIUSAGE_CODEX_API_KEY for ('codex', 'api_key')."""
    return f"AIUSAGE_{provider}_{field}".upper()

SEVERITY = {"error": 4, "fail": 3, "warn": 2, "skip": 1, "pass": 0}
"""Higher is worse: failures sort first, and counts are listed in this order."""

ROLLUP_RANK = {"error": 5, "fail": 4, "warn": 3, "cancelled": 2, "pass": 1, "skip": 0}
"""How a group (a provider, a target) takes its status from its checks: like SEVERITY,
except that a skip (not applicable, not configured) never outranks a pass. A group reads
as skipped only when nothing in it ran, or when a cancelled run left a check unfinished
('cancelled' outranks a pass: the group was not fully checked)."""

STATUS_WORDS = {
    "pass": "Pass",
    "warn": "Warning",
    "fail": "Fail",
    "skip": "Skipped",
    "error": "Could not check",
}

_TARGET_KINDS = {
    "org": "Organization",
    "enterprise": "Enterprise",
    "team": "Team",
    "workspace": "Workspace",
    "host": "Download host",
}
_TARGET_WORDS = {
    "": "General",
    "run": "General",
    "token": "Token",
    "key": "API key",
    "machine": "This computer",
    "local": "This computer",
    "org": "Organization",
    "team": "Team",
    "workspace": "Workspace",
}


def rollup(statuses) -> str | None:
    """The status a group of checks shows (see ROLLUP_RANK); None for an empty group.
    Unknown values (a row still running) rank below everything."""
    return max(statuses, key=lambda s: ROLLUP_RANK.get(s, -1), default=None)


def plural(n: int, word: str) -> str:
    """'1 provider', '2 providers'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def provider_title(provider: str) -> str:
    """Human name of a provider id; unknown ids are shown as they are rather than dropped."""
    return PROVIDER_TITLES.get(provider, provider)


def provider_rank(provider: str) -> int:
    """Sort key that puts providers in the app's usual order and unknown ones last."""
    order = tuple(PROVIDER_LIST)
    return order.index(provider) if provider in order else len(order)


def is_run_target(target: str) -> bool:
    """'run' means a check about the whole run, so there is no target worth naming."""
    return not target or target == "run"


def target_label(target: str) -> str:
    """'org:acme' -> 'Organization acme', 'token' -> 'Token'; unknown shapes as they are."""
    if target in _TARGET_WORDS:
        return _TARGET_WORDS[target]
    kind, sep, name = target.partition(":")
    if sep and kind in _TARGET_KINDS:
        return f"{_TARGET_KINDS[kind]} {name}"
    return target
