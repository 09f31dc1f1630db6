"""The words people see for providers, statuses and targets, and the order they come in,
shared by the app and every report format so a support engineer reading a report sees
what the admin saw on screen.

Plain strings and no imports: the wizard's view-model uses this before anything heavier
(pydantic, the providers) is loaded, to keep the first window fast.
"""

from __future__ import annotations

from typing import NamedTuple

PROVIDER_ORDER = ("github", "cursor", "anthropic")
PROVIDER_TITLES = {"github": "GitHub Copilot", "cursor": "Cursor", "anthropic": "Claude Code"}

class Described(NamedTuple):
    title: str
    secrets: tuple[str, ...]
    """Secret inputs (environment or keyring only, masked, redacted)."""
    values: tuple[str, ...]
    """Plain inputs (a workspace id): flag or environment."""
    blurb: str
    """One line for the welcome page: what is checked."""


DESCRIBED: dict[str, Described] = {
    "codex": Described("OpenAI Codex", ("api_key",), ("workspace_id",),
                       "Codex usage of a ChatGPT Enterprise workspace through OpenAI's Codex Analytics API."),
    "windsurf": Described("Windsurf", ("service_key",), (),
                          "Team usage through the Windsurf Analytics API (Enterprise plans), with each "
                          "endpoint's permission."),
}
"""Providers built from a `ProviderDescriptor` (core/descriptor.py), in report order after
the three above. The ONE list a new
provider is added to; everything else (CLI flags, environment variables, keyring entries,
config, simulator routes and scenarios, wizard page) is derived from it and the
provider's descriptor. Names follow one convention: environment AIUSAGE_<ID>_<FIELD>,
flags --<id>-<field> (plain values only) and --<id>-api-url, provider module
aiusage_doctor.providers.<id>, simulator module aiusage_doctor.sim.<id>. Kept here, import-free,
so `--help` and the first window don't load the providers to learn their names."""
PROVIDER_TITLES.update({pid: d.title for pid, d in DESCRIBED.items()})


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
    order = PROVIDER_ORDER + tuple(DESCRIBED)
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
