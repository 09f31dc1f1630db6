"""Shared test setup: offscreen Qt, an in-memory keyring, and no real home directory."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import keyring.backend
import pytest


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives in a dict, so tests never touch the OS keychain."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring():
    """Every test gets a fresh in-memory keyring; tests that need a broken one swap it."""
    old = keyring.get_keyring()
    kr = MemoryKeyring()
    keyring.set_keyring(kr)
    yield kr
    keyring.set_keyring(old)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Point HOME (and the platform dirs) at a temporary folder so no test reads or
    writes the real home directory (Claude Code config, logs, settings)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("CLAUDE_CONFIG_DIR", raising=False)
    for var in ("AIUSAGE_GITHUB_TOKEN", "AIUSAGE_CURSOR_API_KEY", "AIUSAGE_ANTHROPIC_ADMIN_KEY"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture(autouse=True)
def fresh_secret_registry():
    """The redaction registry is process-wide: a secret one test registers (say a made-up
    key of forty x's) must not mask another test's text in the same worker process."""
    from aiusage_doctor.core.redact import REGISTRY

    saved = set(REGISTRY._secrets)
    REGISTRY.clear()
    yield REGISTRY
    with REGISTRY._lock:
        REGISTRY._secrets.clear()
        REGISTRY._secrets |= saved
