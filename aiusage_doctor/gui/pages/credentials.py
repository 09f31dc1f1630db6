"""Pages 2-4: the GitHub, Cursor and Claude credentials, each with a live offline verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
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
    error_label,
    field_cell,
    hint_label,
    make_form,
    show_field_error,
)
from aiusage_doctor.gui.pages.credentials_base import CredentialPage  # re-exported: pages import it from here
from aiusage_doctor.gui.state import plural
from aiusage_doctor.gui.widgets import (
    LinkLabel,
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
