"""The wizard's side of the OS keyring: whether secrets can be remembered, reading them
back, saving them after a run, and the "Remember" / "Forget" controls of every provider page.

Every keyring call runs on the KeyringWorker's thread (see keyring_worker.py); the GUI
thread only reads what the last answer left in `_store_status` and `_saved`. Which entries
exist comes from the provider page list (gui/provider_pages.keyring_entries), so a new
provider's secrets are remembered without an edit here.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from aiusage_doctor.gui.provider_pages import keyring_entries, secrets_to_keep
from aiusage_doctor.gui.state import provider_title

if TYPE_CHECKING:
    from PySide6.QtWidgets import QCheckBox

log = logging.getLogger(__name__)

KEYRING_CHECKING = "Checking whether the system keyring can remember secrets…"
KEYRING_BROKEN = "The system keyring could not be used (see the log), so secrets can't be remembered."


class KeyringMixin:
    """Mixed into DoctorWizard, which provides `keyring` (a KeyringWorker), `settings`,
    `inputs`, `demo_scenario`, `provider_pages` and the `keyring_checked` signal, and sets
    `_store`, `_store_status`, `_keyring_probing` and `_saved` up in its constructor."""

    _store: Any
    _store_status: Any
    _keyring_probing: bool
    _saved: dict[str, str]
    keyring: Any
    settings: Any
    inputs: Any
    demo_scenario: str | None
    provider_pages: dict[str, Any]
    keyring_checked: Any

    def _secret_store(self) -> Any:
        """The store, created on first use. Called on the keyring thread only."""
        if self._store is None:
            from aiusage_doctor.core.secret_store import SecretStore

            self._store = SecretStore()
        return self._store

    @property
    def keyring_status(self) -> Any:
        """Whether secrets can be remembered here (`available`, `reason`); None while unknown."""
        return self._store_status

    def check_keyring(self) -> None:
        """Find out once, in the background, whether secrets can be remembered, and read the
        remembered ones. Until the answer arrives the checkboxes say so and stay disabled."""
        if self._store_status is not None or self._keyring_probing:
            return
        if self.demo_scenario:
            from types import SimpleNamespace

            self._keyring_probed((SimpleNamespace(
                available=False, reason="Demo mode uses made-up keys, so nothing is remembered."), {}, None))
            return
        self._keyring_probing = True
        remember = self.settings.remember_secrets

        def probe() -> tuple[Any, dict[str, str], str | None]:
            store = self._secret_store()
            status = store.status()
            saved: dict[str, str] = {}
            problem = None
            if status.available and remember:
                for key, provider, account in keyring_entries():
                    secret, read = store.read(provider, account)
                    if secret:
                        saved[key] = secret
                    elif not read.available and account == "default":
                        problem = read.reason
            return status, saved, problem

        self.keyring.submit(probe, self._keyring_probed)
        self._sync_all_remember()

    def _keyring_probed(self, result: tuple[Any, dict[str, str], str | None] | None) -> None:
        self._keyring_probing = False
        if result is None:
            from types import SimpleNamespace

            result = (SimpleNamespace(available=False, reason=KEYRING_BROKEN), {}, None)
        status, saved, problem = result
        self._store_status = status
        self._saved = dict(saved)
        self.keyring_checked.emit(bool(status.available))
        self._sync_all_remember()
        for page in self.provider_pages.values():
            page.offer_saved(saved)
            if problem:
                page.forget_note.setText(f"Saved secrets couldn't be read: {problem}")

    def _sync_all_remember(self) -> None:
        for page in self.provider_pages.values():
            self.sync_remember(page.remember)

    def sync_remember(self, box: QCheckBox) -> None:
        status = self._store_status
        usable = status is not None and status.available
        reason = status.reason if status is not None else KEYRING_CHECKING
        box.blockSignals(True)
        box.setEnabled(usable)
        box.setChecked(usable and self.settings.remember_secrets)
        box.setToolTip(reason)
        box.setAccessibleDescription(reason)
        box.blockSignals(False)
        for page in self.provider_pages.values():
            if page.remember is box:
                page.remember_note.setText(reason)
                page.remember_note.setVisible(status is not None and not usable)
                page.forget.setEnabled(usable)
                page.forget.setToolTip(reason if not usable else
                                       "Delete the tokens and keys this app saved in the keyring")

    def forget_secrets(self) -> None:
        """'Forget saved secrets': delete every saved credential and stop remembering."""
        status = self._store_status
        if status is None or not status.available:
            return
        self.settings.remember_secrets = False
        self.settings.sync()
        self._saved.clear()
        self._sync_all_remember()
        for page in self.provider_pages.values():
            page.forget.setEnabled(False)
            page.forget_note.setText("Deleting the saved secrets…")
        self.keyring.submit(lambda: self._secret_store().forget_all(), self._forgotten)

    def _forgotten(self, deleted: list[str] | None) -> None:
        if deleted is None:
            note = KEYRING_BROKEN
        elif deleted:
            note = "Deleted: " + ", ".join(provider_title(p) for p in deleted) + "."
        else:
            note = "No saved secrets to delete."
        self._sync_all_remember()
        for page in self.provider_pages.values():
            page.forget_note.setText(note)

    def set_remember(self, on: bool) -> None:
        """The checkbox on any credential page: one setting, shown on every page."""
        status = self._store_status
        if status is None or not status.available:
            return
        was_on = self.settings.remember_secrets
        self.settings.remember_secrets = on
        self.settings.sync()
        self._sync_all_remember()
        if was_on and not on:
            self._saved.clear()
            self.keyring.submit(lambda: self._secret_store().forget_all())

    def remembered_secret(self, provider: str) -> str | None:
        """The secret remembered for `provider`, if the keyring has answered by now."""
        if self.demo_scenario or not self.settings.remember_secrets:
            return None
        return self._saved.get(provider)

    def remembered_secrets(self) -> dict[str, str]:
        """Every secret the keyring has remembered so far, by key ('github', 'codex.api_key')."""
        if self.demo_scenario or not self.settings.remember_secrets:
            return {}
        return dict(self._saved)

    def _store_secrets(self) -> None:
        status = self._store_status
        if self.demo_scenario or not self.settings.remember_secrets or status is None or not status.available:
            return
        kept = secrets_to_keep(self.inputs)
        self._saved.update({key: secret for key, _, _, secret in kept})

        def save() -> None:
            store = self._secret_store()
            for _, provider, account, secret in kept:
                result = store.set(provider, secret, account)
                if not result.available:
                    log.warning("secret not remembered: %s", result.reason)

        self.keyring.submit(save)
