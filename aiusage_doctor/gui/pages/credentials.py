"""Pages 2-4: the GitHub, Cursor and Claude credentials, each with a live offline verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from aiusage_doctor.core.vendors import (
    ANTHROPIC_ADMIN_KEYS_DOCS,
    ANTHROPIC_ADMIN_KEYS_URL,
    CURSOR_ADMIN_API_DOCS,
    CURSOR_KEYS_URL,
    GHE_COM_DOCS,
    GITHUB_TOKEN_DOCS,
)
from aiusage_doctor.gui import icons
from aiusage_doctor.gui.pages.base import (
    BasePage,
    error_label,
    field_cell,
    hint_label,
    make_form,
    show_field_error,
)
from aiusage_doctor.gui.state import plural
from aiusage_doctor.gui.widgets import (
    Disclosure,
    LinkLabel,
    SecretField,
    link_html,
    set_accessible,
)

if TYPE_CHECKING:
    from aiusage_doctor.gui.wizard import DoctorWizard


# The scopes the "create a token" link pre-ticks; the vendor pages themselves are in
# core/vendors.py, shared with the providers' remediation links.
GITHUB_SCOPES = ("read:org", "read:enterprise", "manage_billing:copilot")

def github_token_url(api_url: str) -> str:
    """'New classic token' page with the scopes pre-ticked, on github.com or the GHE.com host."""
    try:
        from aiusage_doctor.core.inputs import web_base

        web = web_base(api_url)
    except Exception:  # an unparsable URL still gets the github.com page
        web = "https://github.com"
    if not web.startswith("https://"):
        web = "https://github.com"
    return f"{web}/settings/tokens/new?scopes={','.join(GITHUB_SCOPES)}&description={quote('AI Usage Doctor')}"


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
        self.forget_note.setObjectName("hint")
        row = QHBoxLayout()
        row.addWidget(self.remember)
        row.addStretch(1)
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


class GitHubPage(CredentialPage):
    provider = "github"
    url_attr = "github_api_url"
    default_url = "https://api.github.com"

    def __init__(self, wizard: DoctorWizard) -> None:
        super().__init__(wizard, "GitHub Copilot",
                         "A personal access token of an enterprise owner, billing manager or org owner.")
        self._add_secret(
            "Personal access &token",
            "GitHub token",
            "Paste a personal access token (classic, starts with ghp_). It is checked on this "
            "computer as you type; nothing is sent until you run the checks.",
        )
        self.token_links = LinkLabel()
        self.body.addWidget(self.token_links)

        form = make_form()
        self.enterprise_edit = QLineEdit()
        self.enterprise_edit.setPlaceholderText("acme or https://github.com/enterprises/acme")
        set_accessible(self.enterprise_edit, "Enterprise slugs",
                       "One or more enterprise slugs or enterprise URLs, separated by commas")
        ent_label = QLabel("&Enterprises:")
        ent_label.setBuddy(self.enterprise_edit)
        self.enterprise_error = error_label()
        form.addRow(ent_label, field_cell(self.enterprise_edit, self.enterprise_error))

        self.org_edit = QLineEdit()
        self.org_edit.setPlaceholderText("acme-web, https://github.com/orgs/acme-mobile")
        set_accessible(self.org_edit, "Organizations",
                       "One or more organization names or URLs, separated by commas")
        org_label = QLabel("Or&ganizations:")
        org_label.setBuddy(self.org_edit)
        self.discover_button = QPushButton(icons.icon("search"), "&Discover")
        set_accessible(self.discover_button, "Discover organizations",
                       "List the organizations this token can see")
        self.discover_button.setToolTip("List the organizations this token can see")
        org_row = QHBoxLayout()
        org_row.setContentsMargins(0, 0, 0, 0)
        org_row.addWidget(self.org_edit, 1)
        org_row.addWidget(self.discover_button)
        self.org_error = error_label()
        self.discover_status = hint_label("")
        self.discover_status.setVisible(False)
        self.org_list = QListWidget()
        self.org_list.setVisible(False)
        set_accessible(self.org_list, "Discovered organizations", "Tick the organizations to check")
        form.addRow(org_label, field_cell(org_row, self.org_error, self.discover_status, self.org_list))
        self.body.addLayout(form)
        self.body.addWidget(hint_label("Paste names or GitHub addresses, separated by commas. Leave both "
                                  "empty to check every organization the token can see."))

        self._add_advanced(
            "For GitHub Enterprise Cloud with data residency (GHE.com) use "
            "<code>https://api.YOUR-SUBDOMAIN.ghe.com</code>. "
            + link_html("About GHE.com", GHE_COM_DOCS)
        )
        self.body.addStretch(1)
        self._add_skip()
        self._add_remember()
        self.order_links_last()

        self.enterprise_edit.textChanged.connect(lambda *_: self._changed())
        self.org_edit.textChanged.connect(lambda *_: self._changed())
        self.url_edit.textChanged.connect(lambda *_: self._update_links())
        self.discover_button.clicked.connect(self.discover)
        self.org_list.itemChanged.connect(self._org_ticked)
        wizard.discovery.finished.connect(self._discovered)
        wizard.discovery.failed.connect(self._discover_failed)
        self._update_links()

    def translate_url(self, text: str) -> str:
        """https://octocorp.ghe.com or github.com -> the matching API base. A plain http://
        address is left alone so that the user is told why it can't be used."""
        if text.lower().startswith("http://"):
            return text
        from aiusage_doctor.core.inputs import api_base

        try:
            return api_base(text)
        except ValueError:
            return text

    def _update_links(self) -> None:
        url = self.url_edit.text().strip() or self.default_url
        self.token_links.setText(
            link_html("Create a classic token with the right scopes", github_token_url(url))
            + " (read:org; read:enterprise or manage_billing:copilot for enterprises) · "
            + link_html("About tokens", GITHUB_TOKEN_DOCS)
        )

    def load(self) -> None:
        inputs = self.doctor.inputs
        if not self.enterprise_edit.text():
            self.enterprise_edit.setText(", ".join(inputs.enterprises))
        if not self.org_edit.text():
            self.org_edit.setText(", ".join(inputs.orgs))

    def prefill(self) -> None:
        super().prefill()
        self.enterprise_edit.setText(", ".join(self.doctor.inputs.enterprises))
        self.org_edit.setText(", ".join(self.doctor.inputs.orgs))

    def parsed(self) -> tuple[list[str] | None, list[str] | None]:
        from aiusage_doctor.core.inputs import InputError, parse_enterprise, parse_list, parse_org

        enterprises = orgs = None
        try:
            enterprises = parse_list(self.enterprise_edit.text(), parse_enterprise)
            show_field_error(self.enterprise_error, None)
        except InputError as exc:
            show_field_error(self.enterprise_error, str(exc))
        try:
            orgs = parse_list(self.org_edit.text(), parse_org)
            show_field_error(self.org_error, None)
        except InputError as exc:
            show_field_error(self.org_error, str(exc))
        return enterprises, orgs

    def extra_ok(self) -> bool:
        enterprises, orgs = self.parsed()
        return enterprises is not None and orgs is not None

    def isComplete(self) -> bool:
        usable = self.secret_ok() and self.api_url() is not None  # each worked out once per keystroke
        self.discover_button.setEnabled(usable and not self.doctor.discovery.running)
        return usable and self.network_ok() and self.extra_ok()

    def store(self) -> None:
        super().store()
        enterprises, orgs = self.parsed()
        self.doctor.inputs.github_token = self.secret.text()
        self.doctor.inputs.enterprises = enterprises or []
        self.doctor.inputs.orgs = orgs or []

    # -- discovery --

    def discover(self) -> None:
        if not self.secret_ok() or self.api_url() is None:
            return
        self.store()
        self.discover_button.setEnabled(False)
        self.discover_status.setText("Looking up the organizations this token can see…")
        self.discover_status.setVisible(True)
        self.doctor.discover_orgs()

    def _discovered(self, orgs: list[str]) -> None:
        self.discover_button.setEnabled(True)
        current = set(self.current_orgs())
        self.org_list.blockSignals(True)
        self.org_list.clear()
        for org in orgs:
            item = QListWidgetItem(org)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if org in current else Qt.CheckState.Unchecked)
            self.org_list.addItem(item)
        self.org_list.blockSignals(False)
        self.org_list.setVisible(bool(orgs))
        if orgs:
            rows = min(len(orgs), 6)
            frame = self.org_list.frameWidth() * 2
            self.org_list.setFixedHeight(self.org_list.sizeHintForRow(0) * rows + frame + 2)
        if orgs:
            self.discover_status.setText(
                f"This token can see {plural(len(orgs), 'organization')}. Tick the ones to check."
            )
        else:
            self.discover_status.setText(
                "This token can't see any organization. The token's owner may not be a member, "
                "or an organization may require SAML single sign-on authorization for the token."
            )
        self.completeChanged.emit()

    def _discover_failed(self, message: str) -> None:
        self.discover_button.setEnabled(True)
        self.discover_status.setText(f"✗ {message}")
        self.discover_status.setVisible(True)
        self.completeChanged.emit()

    def current_orgs(self) -> list[str]:
        from aiusage_doctor.core.inputs import InputError, parse_list, parse_org

        try:
            return parse_list(self.org_edit.text(), parse_org)
        except InputError:
            return []

    def _org_ticked(self, item: QListWidgetItem) -> None:
        orgs = self.current_orgs()
        name = item.text()
        if item.checkState() == Qt.CheckState.Checked and name not in orgs:
            orgs.append(name)
        elif item.checkState() != Qt.CheckState.Checked and name in orgs:
            orgs.remove(name)
        self.org_edit.setText(", ".join(orgs))


class CursorPage(CredentialPage):
    provider = "cursor"
    url_attr = "cursor_api_url"
    default_url = "https://api.cursor.com"

    def __init__(self, wizard: DoctorWizard) -> None:
        super().__init__(wizard, "Cursor", "An admin API key of your Cursor team.")
        self._add_secret(
            "Admin API &key",
            "Cursor admin API key",
            "Paste a Cursor admin API key (starts with key_ or crsr_). It is checked on this "
            "computer as you type.",
        )
        self.body.addWidget(LinkLabel(
            link_html("Create an admin API key", CURSOR_KEYS_URL)
            + " (Cursor dashboard → Settings → Advanced → Admin API Keys; team admins only) · "
            + link_html("About the Admin API", CURSOR_ADMIN_API_DOCS)
        ))
        self._add_advanced("Change this only if your company routes Cursor's API through a gateway.")
        self.body.addStretch(1)
        self._add_skip()
        self._add_remember()
        self.order_links_last()

    def store(self) -> None:
        super().store()
        self.doctor.inputs.cursor_key = self.secret.text()


class ClaudePage(CredentialPage):
    provider = "anthropic"
    url_attr = "anthropic_api_url"
    default_url = "https://api.anthropic.com"

    def __init__(self, wizard: DoctorWizard) -> None:
        super().__init__(wizard, "Claude Code",
                         "An Anthropic Admin API key, and optionally this computer's Claude Code login.")
        self._add_secret(
            "Admin API &key",
            "Anthropic Admin API key",
            "Paste an Admin API key (starts with sk-ant-admin01-). Ordinary API keys "
            "(sk-ant-api03-) can't read organization usage.",
        )
        self.body.addWidget(LinkLabel(
            link_html("Create an Admin key", ANTHROPIC_ADMIN_KEYS_URL)
            + " (Claude Console → Settings → Admin keys; organization admins only) · "
            + link_html("About Admin keys", ANTHROPIC_ADMIN_KEYS_DOCS)
        ))
        self.local = QCheckBox("Also check this &computer's Claude Code login")
        set_accessible(self.local, "Also check this computer's Claude Code login",
                       "Look at how Claude Code on this computer signs in")
        self.local.toggled.connect(lambda *_: self._changed())
        if wizard.demo_scenario:
            self.local.setEnabled(False)
            self.local.setToolTip("Not part of the demo: the simulator plays the vendors' APIs, "
                                  "not this computer's Claude Code login.")
        self.body.addWidget(self.local)
        self.body.addWidget(hint_label(
            "Shows whether Claude Code here uses a Console (API) login whose usage the Admin API "
            "can see, or a subscription login it can't. The login itself is never shown or exported. "
            "With this ticked, the Admin key is optional."
        ))
        self._add_advanced("Change this only if your company routes Anthropic's API through a gateway.")
        self.body.addStretch(1)
        self._add_skip()
        self._add_remember()
        self.order_links_last()

    def load(self) -> None:
        self.local.setChecked(self.doctor.inputs.claude_local)

    def secret_ok(self) -> bool:
        if self.secret.level == "empty":
            return self.local.isChecked()
        return self.secret.valid

    def store(self) -> None:
        super().store()
        self.doctor.inputs.anthropic_key = self.secret.text()
        self.doctor.inputs.claude_local = self.local.isChecked()
