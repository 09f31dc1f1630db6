"""The lazy httpx stand-in shared by the modules of this package."""

from __future__ import annotations

from typing import Any


class LazyHttpx:
    """httpx, imported on first use: a check that fails before sending anything (a
    mistyped token) and `--help` don't pay for it. The first use replaces this stand-in
    with the real module (in the namespace of the module that holds it)."""

    def __init__(self, home: dict[str, Any]) -> None:
        self._home = home

    def __getattr__(self, name: str) -> Any:
        import httpx as module

        self._home["httpx"] = module
        return getattr(module, name)
