"""The keyring wrapper: remembers secrets when it can, explains plainly when it can't, never raises."""

from __future__ import annotations

import random

import keyring
import keyring.backend
import pytest
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked, PasswordSetError

from aiusage_doctor.core.redact import REGISTRY, redact
from aiusage_doctor.core.secret_store import PROVIDERS, SERVICE, SecretStore
from aiusage_doctor.core.tokens import TokenKind, make_fake_secret, make_github_token


@pytest.fixture(autouse=True)
def empty_registry():
    REGISTRY.clear()
    yield
    REGISTRY.clear()


class RaisingKeyring(keyring.backend.KeyringBackend):
    """A backend whose every call raises `exc` (a locked keychain, a broken D-Bus...)."""

    priority = -1  # type: ignore[assignment]  # never picked or chained by keyring itself

    def __init__(self, exc: Exception | None = None) -> None:
        super().__init__()
        self.exc = exc or RuntimeError("unavailable")

    def get_password(self, service, username):
        raise self.exc

    def set_password(self, service, username, password):
        raise self.exc

    def delete_password(self, service, username):
        raise self.exc


class EmptyChainer(chainer.ChainerBackend):
    backends = ()  # type: ignore[assignment]


@pytest.fixture
def token() -> str:
    return make_github_token(rng=random.Random(42))


def test_remembers_and_reads_back_under_provider_and_account(memory_keyring, token) -> None:
    store = SecretStore()
    assert store.status().available
    status = store.set("github", token)
    assert status.available
    assert memory_keyring.store[(SERVICE, "github:default")] == token
    assert store.get("github") == token
    store.set("github", "other-secret-value", account="work")
    assert memory_keyring.store[(SERVICE, "github:work")] == "other-secret-value"
    assert store.get("github") == token


def test_missing_entry_is_none() -> None:
    assert SecretStore().get("cursor") is None


def test_a_custom_service_name_is_used(memory_keyring, token) -> None:
    SecretStore(service="aiusage-doctor-test").set("github", token)
    assert ("aiusage-doctor-test", "github:default") in memory_keyring.store
    assert SecretStore().get("github") is None


def test_remembered_and_loaded_secrets_are_known_to_the_redactor(memory_keyring) -> None:
    key = make_fake_secret(TokenKind.UNKNOWN, random.Random(1))
    memory_keyring.store[(SERVICE, "anthropic:default")] = key
    assert SecretStore().get("anthropic") == key
    assert key not in redact(f"server said {key}")
    other = make_fake_secret(TokenKind.UNKNOWN, random.Random(2))
    SecretStore().set("cursor", other)
    assert other not in redact(f"server said {other}")


def test_delete_and_forget_all_report_what_was_there(memory_keyring, token) -> None:
    store = SecretStore()
    store.set("github", token)
    store.set("anthropic", make_fake_secret(TokenKind.ANTHROPIC_ADMIN, random.Random(3)))
    assert store.delete("cursor") is False
    assert store.forget_all() == ["github", "anthropic"]
    assert memory_keyring.store == {}
    assert store.forget_all() == []
    assert PROVIDERS == ("github", "cursor", "anthropic")


def test_setting_an_empty_secret_forgets_the_old_one(memory_keyring, token) -> None:
    store = SecretStore()
    store.set("github", token)
    assert store.set("github", "").available
    assert store.get("github") is None


def test_no_backend_degrades_with_a_plain_reason(token) -> None:
    keyring.set_keyring(fail.Keyring())
    store = SecretStore()
    status = store.status()
    assert not status.available
    assert status.reason == (
        "No keyring backend is available on this system (no Secret Service / D-Bus session), "
        "so secrets can't be remembered."
    )
    assert store.set("github", token) == status
    assert store.get("github") is None
    assert store.delete("github") is False
    assert store.forget_all() == []


def test_chainer_with_nothing_to_chain_is_no_backend() -> None:
    keyring.set_keyring(EmptyChainer())
    status = SecretStore().status()
    assert not status.available and "No keyring backend" in status.reason


def test_null_backend_is_reported_as_turned_off(token) -> None:
    keyring.set_keyring(null.Keyring())
    store = SecretStore()
    assert not store.status().available
    assert "turned off" in store.status().reason
    assert not store.set("github", token).available


def test_locked_keyring_degrades_with_a_reason(token) -> None:
    keyring.set_keyring(RaisingKeyring(KeyringLocked("Failed to unlock the collection!")))
    store = SecretStore()
    assert store.status().available  # a lock only shows up on use
    assert store.get("github") is None
    status = store.set("github", token)
    assert not status.available
    assert status.reason.startswith("The system keyring is locked, so the secret couldn't be saved or read.")
    assert store.delete("github") is False
    assert store.forget_all() == []


def test_backend_errors_never_escape_and_never_echo_the_secret(token) -> None:
    keyring.set_keyring(RaisingKeyring(PasswordSetError(f"refused to store {token}")))
    store = SecretStore()
    status = store.set("github", token)
    assert not status.available
    assert token not in status.reason and token[4:16] not in status.reason
    assert status.reason.startswith("The system keyring refused the request (refused to store ghp_…")

    keyring.set_keyring(RaisingKeyring(RuntimeError("D-Bus went away")))
    assert store.get("github") is None
    assert not store.set("github", token).available
    assert store.delete("github") is False
