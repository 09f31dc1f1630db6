"""The words people see for statuses and targets, shared by the app and every report
format so a support engineer reading a report sees what the admin saw on screen.

Plain strings and no imports: the wizard's view-model uses this before anything heavier
(pydantic, the providers) is loaded, to keep the first window fast.
"""

from __future__ import annotations

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
}


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
