"""The shared part of every credential page (gui/pages/credentials.py, gui/pages/described.py):
the secret field, Advanced (base URL, proxy, extra CA file), "Skip this provider" and
"Remember"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from aiusage_doctor.gui.pages.base import (
    BasePage,
    error_label,
    field_cell,
    hint_label,
    make_form,
    show_field_error,
)
from aiusage_doctor.gui.widgets import (
    Disclosure,
    LinkLabel,
    SecretField,
    set_accessible,
)


class CredentialPage(BasePage):
    """Shared parts of the GitHub, Cursor and Claude pages: secret field, base URL, remember."""

    provider = ""
    url_attr = ""
    default_url = ""
    scrolls = True

    def _add_secret(self, label: str, noun: str, hint: str) -> SecretField:
        field = SecretField(self.provider, noun, hint)
        caption = QLabel(label)
        caption.setBuddy(field.edit)
        caption.setObjectName("SectionHeading")
        self.body.addWidget(caption)
        self.body.addWidget(field)
        field.verdict_changed.connect(lambda *_: self._changed())
        self.secret = field
        return field

    def _add_advanced(self, hint_html: str, default_url: str | None = None) -> None:
        """`default_url`: shown in the empty field (None: this page's `default_url`)."""
        box = QWidget()
        form = make_form(box)
        form.setContentsMargins(16, 0, 0, 0)
        default_url = self.default_url if default_url is None else default_url
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText(default_url)
        set_accessible(self.url_edit, "API base URL", f"Default {default_url}")
        url_label = QLabel("API base &URL:")
        url_label.setBuddy(self.url_edit)
        self.url_error = error_label()
        self.url_note = hint_label("")
        self.url_note.setVisible(False)
        hint = LinkLabel(hint_html)
        hint.setObjectName("Hint")
        form.addRow(url_label, field_cell(self.url_edit, self.url_error, self.url_note, hint))
        self.url_edit.textChanged.connect(lambda *_: self._changed())
        self._add_network_rows(form)
        self.advanced = Disclosure("Ad&vanced", box)
        self.body.addWidget(self.advanced)

    def _add_network_rows(self, form: QFormLayout) -> None:
        """Proxy and extra CA file: one setting for the whole run, shown on every page."""
        self.proxy_edit = QLineEdit()
        self.proxy_edit.setPlaceholderText("http://host:port (empty: the system's HTTPS_PROXY, if set)")
        set_accessible(self.proxy_edit, "Proxy URL", "A proxy for every vendor API; the same on every page")
        proxy_label = QLabel("Pro&xy URL:")
        proxy_label.setBuddy(self.proxy_edit)
        self.proxy_error = error_label()
        form.addRow(proxy_label, field_cell(self.proxy_edit, self.proxy_error))
        self.ca_edit = QLineEdit()
        self.ca_edit.setPlaceholderText("A PEM file with your proxy's or company's root certificate")
        set_accessible(self.ca_edit, "Extra CA file",
                       "Certificates to trust besides the system's; the same on every page")
        self.ca_browse = QPushButton("Bro&wse…")
        set_accessible(self.ca_browse, "Choose the extra CA file")
        self.ca_browse.clicked.connect(self.choose_ca_file)
        ca_row = QHBoxLayout()
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(self.ca_browse)
        ca_label = QLabel("Extra CA f&ile:")
        ca_label.setBuddy(self.ca_edit)
        self.ca_error = error_label()
        ca_hint = hint_label("Trusted in addition to this computer's certificates, which stay in use.")
        form.addRow(ca_label, field_cell(ca_row, self.ca_error, ca_hint))
        self.proxy_edit.textChanged.connect(lambda text: self.doctor.set_network("proxy_url", text, self))
        self.ca_edit.textChanged.connect(lambda text: self.doctor.set_network("ca_file", text, self))
        self._ca_dialog: QFileDialog | None = None

    def choose_ca_file(self) -> None:
        """A non-blocking file dialog (open(), never exec())."""
        import os

        start = self.ca_edit.text().strip() or os.path.expanduser("~")
        dialog = QFileDialog(self, "Choose the extra CA file", start,
                             "Certificates (*.pem *.crt *.cer);;All files (*)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.ca_edit.setText)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._ca_dialog = dialog
        dialog.open()

    def network_ok(self) -> bool:
        from aiusage_doctor.core.net_settings import ca_file_problem, proxy_problem

        proxy = proxy_problem(self.proxy_edit.text())
        ca = ca_file_problem(self.ca_edit.text())
        show_field_error(self.proxy_error, proxy)
        show_field_error(self.ca_error, ca)
        if (proxy or ca) and not self.advanced.expanded:
            self.advanced.set_expanded(True)
        return proxy is None and ca is None

    def _add_skip(self) -> None:
        self.skip_button = QPushButton("Skip t&his provider")
        set_accessible(self.skip_button, f"Skip {self.plain_title}",
                       f"Don't check {self.plain_title} this time and go on")
        self.skip_button.clicked.connect(self.skip)
        row = QHBoxLayout()
        row.addWidget(hint_label(f"Not using {self.plain_title}, or no credentials at hand?"), 1)
        row.addWidget(self.skip_button)
        self.body.addLayout(row)

    def skip(self) -> None:
        self.doctor.skip_provider(self.provider)

    def _add_remember(self) -> None:
        self.remember = QCheckBox("&Remember secrets on this computer")
        set_accessible(self.remember, "Remember secrets on this computer",
                       "Store tokens and keys in the operating system's keyring")
        self.remember.toggled.connect(self.doctor.set_remember)
        self.forget = QPushButton("Forget saved &secrets")
        set_accessible(self.forget, "Forget saved secrets",
                       "Delete every token and key this app saved in the operating system's keyring")
        self.forget.clicked.connect(self.doctor.forget_secrets)
        self.forget_note = QLabel()
        self.forget_note.setObjectName("Hint")
        # Why the box is greyed out, beside it: a disabled box can't take the keyboard focus,
        # so a tooltip alone is read only by someone who hovers over it.
        self.remember_note = hint_label("")
        self.remember_note.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.remember)
        row.addWidget(self.remember_note, 1)
        row.addStretch(0)  # takes the room while the note is hidden
        row.addWidget(self.forget_note)
        row.addWidget(self.forget)
        self.body.addLayout(row)

    def api_url(self) -> str | None:
        """The normalised base URL, or None (and an error shown) if it can't be used."""
        from aiusage_doctor.core.http import BadBaseUrl, normalize_base_url

        text = self.url_edit.text().strip() or self.default_url
        try:
            url = normalize_base_url(self.translate_url(text))
        except BadBaseUrl as exc:
            show_field_error(self.url_error, str(exc))
            self.url_note.setVisible(False)
            if not self.advanced.expanded:
                self.advanced.set_expanded(True)
            return None
        show_field_error(self.url_error, None)
        shown = url != text.rstrip("/")
        self.url_note.setText(f"Will use {url}" if shown else "")
        self.url_note.setVisible(shown)
        return url

    def translate_url(self, text: str) -> str:
        """Turn what was pasted into an API base URL (GitHub: web addresses -> API addresses)."""
        return text

    def _changed(self) -> None:
        self.completeChanged.emit()

    def stored_url(self) -> str:
        """The base URL kept in the inputs, "" when it is the provider's default."""
        url = getattr(self.doctor.inputs, self.url_attr)
        return "" if url == self.default_url else url

    def keep_url(self, url: str | None) -> None:
        setattr(self.doctor.inputs, self.url_attr, url or self.default_url)

    def initializePage(self) -> None:
        inputs = self.doctor.inputs
        url = self.stored_url()
        self.url_edit.setText(url)
        self.proxy_edit.setText(inputs.proxy_url)
        self.ca_edit.setText(inputs.ca_file)
        if url or inputs.proxy_url or inputs.ca_file:
            self.advanced.set_expanded(True)
        others = [p for p in inputs.providers if p != self.provider]
        self.skip_button.setEnabled(bool(others))
        self.skip_button.setToolTip("" if others else "This is the only service chosen: go Back to choose another")
        self.doctor.sync_remember(self.remember)
        self.offer_saved_secret(self.doctor.remembered_secret(self.provider))
        self.load()

    def offer_saved_secret(self, secret: str | None) -> None:
        """The keyring answered (in the background): fill the field unless the admin
        has typed or pasted something meanwhile."""
        if secret and not self.secret.text():
            self.secret.set_text(secret)

    def offer_saved(self, saved: dict[str, str]) -> None:
        """What the keyring remembered, by key (gui.provider_pages.keyring_entries)."""
        self.offer_saved_secret(saved.get(self.provider))

    def prefill(self) -> None:
        """Show what the inputs hold now (demo mode fills them from the scenario's config)."""
        from aiusage_doctor.gui.state import secret_for

        self.secret.set_text(secret_for(self.doctor.inputs, self.provider))
        self.url_edit.setText(self.stored_url())
        self.load()

    def load(self) -> None:  # page-specific extra fields
        pass

    def secret_ok(self) -> bool:
        return self.secret.valid

    def isComplete(self) -> bool:
        return self.secret_ok() and self.api_url() is not None and self.network_ok() and self.extra_ok()

    def extra_ok(self) -> bool:
        return True

    def validatePage(self) -> bool:
        if self.provider not in self.doctor.inputs.providers:
            return True  # skipped: nothing to check or keep
        if not self.isComplete():
            return False
        self.store()
        self.doctor.save_settings()
        return True

    def store(self) -> None:
        self.keep_url(self.api_url())
