"""Non-secret preferences in QSettings, and secrets in the OS keyring (only when asked).

QSettings holds the chosen providers, slugs, orgs, base URLs, the plain (non-secret) fields
of the descriptor-built providers (a Codex workspace ID), the support address and window
geometry: never a token. Lists are stored as JSON text because QSettings' INI
backend turns a one-element list into a plain string.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from aiusage_doctor.core.labels import DESCRIBED
from aiusage_doctor.gui.state import PROVIDERS, WizardInputs

_LIST_KEYS = ("providers", "github/enterprises", "github/orgs")
_TEXT_KEYS = {
    "github/api_url": "github_api_url",
    "cursor/api_url": "cursor_api_url",
    "anthropic/api_url": "anthropic_api_url",
    "network/proxy_url": "proxy_url",
    "network/ca_file": "ca_file",
}


class AppSettings:
    """Typed access to the app's QSettings. `store=None` keeps everything in memory (demo)."""

    def __init__(self, store: QSettings | None = None, *, persist: bool = True) -> None:
        self._qs = store if store is not None else QSettings()
        self.persist = persist
        self._memory: dict[str, Any] = {}

    # -- raw values -------------------------------------------------------------

    def value(self, key: str, default: Any = None) -> Any:
        if key in self._memory:
            return self._memory[key]
        return self._qs.value(key, default)

    def set_value(self, key: str, value: Any) -> None:
        if self.persist:
            self._qs.setValue(key, value)
        else:
            self._memory[key] = value

    def _list(self, key: str) -> list[str] | None:
        raw = self.value(key)
        if raw in (None, ""):
            return None
        import json  # only when something was saved: a first start paints without it

        try:
            items = json.loads(raw) if isinstance(raw, str) else list(raw)
        except (ValueError, TypeError):
            return None
        return [str(i) for i in items] if isinstance(items, list) else None

    def _bool(self, key: str, default: bool = False) -> bool:
        raw = self.value(key, default)
        if isinstance(raw, str):
            return raw.lower() in ("1", "true", "yes")
        return bool(raw)

    # -- inputs -----------------------------------------------------------------

    def load_inputs(self, inputs: WizardInputs) -> WizardInputs:
        """Fill `inputs` with the remembered non-secret values."""
        providers = self._list("providers")
        if providers is not None:
            inputs.providers = [p for p in (*PROVIDERS, *DESCRIBED) if p in providers]
        inputs.enterprises = self._list("github/enterprises") or inputs.enterprises
        inputs.orgs = self._list("github/orgs") or inputs.orgs
        for key, attr in _TEXT_KEYS.items():
            text = self.value(key)
            if isinstance(text, str) and text.strip():
                setattr(inputs, attr, text.strip())
        inputs.claude_local = self._bool("anthropic/claude_local", inputs.claude_local)
        for pid, described in DESCRIBED.items():
            url = self.value(f"{pid}/api_url")
            if isinstance(url, str) and url.strip():
                inputs.described_urls[pid] = url.strip()
            for name in described.values:  # plain fields only: secrets are never in QSettings
                text = self.value(f"{pid}/{name}")
                if isinstance(text, str) and text.strip():
                    inputs.described.setdefault(pid, {})[name] = text.strip()
        return inputs

    def save_inputs(self, inputs: WizardInputs) -> None:
        """Remember the non-secret part of `inputs` (secrets are deliberately not touched)."""
        import json

        self.set_value("providers", json.dumps(list(inputs.providers)))
        self.set_value("github/enterprises", json.dumps(list(inputs.enterprises)))
        self.set_value("github/orgs", json.dumps(list(inputs.orgs)))
        for key, attr in _TEXT_KEYS.items():
            self.set_value(key, getattr(inputs, attr))
        self.set_value("anthropic/claude_local", bool(inputs.claude_local))
        for pid, described in DESCRIBED.items():
            self.set_value(f"{pid}/api_url", inputs.described_urls.get(pid, ""))
            for name in described.values:
                self.set_value(f"{pid}/{name}", inputs.described.get(pid, {}).get(name, ""))
        self.sync()

    # -- preferences --------------------------------------------------------------

    @property
    def remember_secrets(self) -> bool:
        return self._bool("remember_secrets", False)

    @remember_secrets.setter
    def remember_secrets(self, on: bool) -> None:
        self.set_value("remember_secrets", bool(on))

    @property
    def support_email(self) -> str:
        """The address Email support writes to: the one the user gave, else a real one preset
        in branding.json, else "" (then Email support asks for it; never a placeholder)."""
        from aiusage_doctor.gui.widgets import email_problem

        text = self.value("export/support_email")
        if isinstance(text, str) and email_problem(text) is None:
            return text.strip()
        from aiusage_doctor.core.branding import SUPPORT_EMAIL

        return SUPPORT_EMAIL.strip() if email_problem(SUPPORT_EMAIL or "") is None else ""

    @support_email.setter
    def support_email(self, address: str) -> None:
        self.set_value("export/support_email", address.strip())

    @property
    def export_format(self) -> str:
        from aiusage_doctor.gui.state import EXPORT_FORMATS  # core.formats' list of exports

        text = self.value("export/format", "html")
        return text if text in EXPORT_FORMATS else "html"

    @export_format.setter
    def export_format(self, fmt: str) -> None:
        self.set_value("export/format", fmt)

    @property
    def last_dir(self) -> str:
        text = self.value("export/last_dir", "")
        return text if isinstance(text, str) else ""

    @last_dir.setter
    def last_dir(self, path: str) -> None:
        self.set_value("export/last_dir", path)

    def geometry(self) -> QByteArray | None:
        raw = self.value("window/geometry")
        return raw if isinstance(raw, QByteArray) and not raw.isEmpty() else None

    def set_geometry(self, data: QByteArray) -> None:
        # Geometry is harmless to keep even in demo mode.
        self._qs.setValue("window/geometry", data)

    def sync(self) -> None:
        if self.persist:
            self._qs.sync()
