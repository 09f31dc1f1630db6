"""Remember credentials in the operating system's keyring, and degrade quietly when it can't.

Remembering is a convenience, never a requirement: a headless Linux box has no Secret
Service, a GNOME keyring may be locked, a corporate Mac may refuse access. None of that
may crash the GUI or CLI, so every call here catches the backend's exceptions and turns
them into a plain sentence (`StoreStatus.reason`) the user can act on — or ignore and
paste the secret each time. Secrets are never written anywhere else (no config file
fallback).

Entries live under service `SERVICE` with user name `"{provider}:{account}"`; the account
of each provider's secret comes from core.labels.keyring_account. Every
secret that passes through here is added to the redaction registry.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import keyring
import keyring.backend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked, NoKeyringError, PasswordDeleteError

from aiusage_doctor.core.labels import PROVIDER_LIST, PROVIDER_ORDER, keyring_account
from aiusage_doctor.core.redact import REGISTRY, redact

__all__ = ["PROVIDERS", "SERVICE", "SecretStore", "StoreStatus"]

SERVICE = "aiusage-doctor"
PROVIDERS = PROVIDER_ORDER
"""The providers whose single secret is saved under the account 'default'."""

log = logging.getLogger(__name__)

NO_BACKEND = (
    "No keyring backend is available on this system (no Secret Service / D-Bus session), "
    "so secrets can't be remembered."
)
DISABLED = (
    "Secret storage is turned off (the keyring is set to its 'null' backend), "
    "so secrets can't be remembered."
)
LOCKED = (
    "The system keyring is locked, so the secret couldn't be saved or read. Unlock it "
    "(for example by logging in to your desktop session) and try again, "
    "or paste the secret each time."
)

_FRIENDLY_NAMES = {
    "macOS Keyring": "the macOS Keychain",
    "Windows WinVaultKeyring": "Windows Credential Manager",
    "SecretService Keyring": "the Secret Service keyring (GNOME Keyring / KeePassXC)",
    "libsecret Keyring": "the Secret Service keyring (libsecret)",
    "kwallet DBusKeyring": "KWallet",
}


@dataclass(frozen=True)
class StoreStatus:
    """Can secrets be remembered here, and if not, why (one plain sentence)."""

    available: bool
    reason: str


def _backend_name(kr: keyring.backend.KeyringBackend) -> str:
    name = getattr(kr, "name", type(kr).__name__)
    return _FRIENDLY_NAMES.get(name, f"the system keyring ({name})")


def _failure(exc: BaseException, secret: str | None = None) -> StoreStatus:
    """Turn a backend exception into a status. Backend messages are redacted: some
    echo what they were given."""
    if isinstance(exc, KeyringLocked):
        return StoreStatus(False, LOCKED)
    if isinstance(exc, NoKeyringError):
        return StoreStatus(False, NO_BACKEND)
    detail = redact(str(exc), [secret] if secret else ()) or type(exc).__name__
    return StoreStatus(
        False,
        f"The system keyring refused the request ({detail}), so the secret wasn't remembered.",
    )


class SecretStore:
    """A thin keyring wrapper whose methods never raise."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    @staticmethod
    def _username(provider: str, account: str) -> str:
        return f"{provider}:{account}"

    def status(self) -> StoreStatus:
        """Whether a usable backend is configured, decided without touching any entry.

        A locked keyring can only be discovered by using it; `set` reports that."""
        try:
            kr = keyring.get_keyring()
        except Exception as exc:  # a broken keyring configuration file, a bad plugin
            return _failure(exc)
        if isinstance(kr, fail.Keyring):
            return StoreStatus(False, NO_BACKEND)
        if isinstance(kr, null.Keyring):
            return StoreStatus(False, DISABLED)
        if isinstance(kr, chainer.ChainerBackend):
            try:
                backends = list(kr.backends)
            except Exception as exc:
                return _failure(exc)
            if not backends:
                return StoreStatus(False, NO_BACKEND)
        return StoreStatus(True, f"Secrets are remembered in {_backend_name(kr)}.")

    def get(self, provider: str, account: str = "default") -> str | None:
        """The remembered secret, or None if there is none or the keyring can't be read."""
        return self.read(provider, account)[0]

    def read(self, provider: str, account: str = "default") -> tuple[str | None, StoreStatus]:
        """The remembered secret (or None) and whether the keyring could be read, with the
        reason when it couldn't (locked, broken) — for callers that tell the user why."""
        status = self.status()
        if not status.available:
            return None, status
        try:
            value = keyring.get_password(self.service, self._username(provider, account))
        except Exception as exc:  # KeyringError or anything a backend raises
            failure = _failure(exc)
            log.warning("Couldn't read the saved %s secret: %s", provider, failure.reason)
            return None, failure
        if value:
            REGISTRY.add(value)
        return value or None, status

    def set(self, provider: str, secret: str, account: str = "default") -> StoreStatus:
        """Remember `secret` (an empty one forgets the entry). Never raises."""
        if secret:
            REGISTRY.add(secret)
        status = self.status()
        if not status.available:
            return status
        if not secret:
            self.delete(provider, account)
            return StoreStatus(True, "Nothing to remember; any saved secret was forgotten.")
        try:
            keyring.set_password(self.service, self._username(provider, account), secret)
        except Exception as exc:
            return _failure(exc, secret)
        return StoreStatus(True, f"Remembered in {_backend_name(keyring.get_keyring())}.")

    def delete(self, provider: str, account: str = "default") -> bool:
        """Forget one entry. True if something was there and is now gone."""
        if not self.status().available:
            return False
        username = self._username(provider, account)
        try:
            existed = keyring.get_password(self.service, username) is not None
            keyring.delete_password(self.service, username)
        except PasswordDeleteError:  # nothing was stored
            return False
        except Exception:  # KeyringError (locked, no backend) or anything a backend raises
            return False
        return existed

    def forget_all(self) -> list[str]:
        """Forget every provider's saved secrets (core.labels.PROVIDER_LIST); the providers
        that had one. The first three keep one entry (account 'default'), the others one
        per secret field (account = field name)."""
        deleted = []
        for pid, entry in PROVIDER_LIST.items():
            if [f for f in entry.secrets if self.delete(pid, keyring_account(pid, f))]:
                deleted.append(pid)
        return deleted
