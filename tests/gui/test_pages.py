"""Credential pages: live verdicts, pasted URLs, discovery, keyring, settings, keyboard, a11y."""

from __future__ import annotations

import threading

import keyring
import pytest
from keyring.backends import fail
from keyring.errors import KeyringLocked
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QTextBrowser,
    QWidget,
    QWizard,
)

from aiusage_doctor.core.secret_store import SERVICE
from aiusage_doctor.core.tokens import TokenKind, make_fake_secret, make_github_token
from aiusage_doctor.gui.pages import CURSOR_KEYS_URL, PageId
from aiusage_doctor.gui.widgets import LinkLabel


def next_button(wizard):
    return wizard.button(QWizard.WizardButton.NextButton)


def tick(qtbot, box):
    """Click a checkbox where its indicator is (its centre may be empty space)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.height() // 2, box.height() // 2))


def go_to(wizard, qtbot, page_id):
    while wizard.currentId() != page_id:
        qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)


def keyring_answered(wizard, qtbot):
    """Wait until the background keyring calls made so far have been answered."""
    qtbot.waitUntil(lambda: wizard.keyring_status is not None and wizard.keyring.pending == 0, timeout=30000)


# ------------------------------------------------------------------ provider choice


def test_next_needs_at_least_one_provider(make_wizard, qtbot):
    wizard = make_wizard()
    for box in wizard.welcome.checks.values():
        box.setChecked(False)
    assert not next_button(wizard).isEnabled()
    assert wizard.welcome.none_hint.isVisible()
    tick(qtbot, wizard.welcome.checks["cursor"])
    assert next_button(wizard).isEnabled()
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.CURSOR  # GitHub skipped


def test_only_claude_skips_to_claude_then_run(make_wizard, qtbot):
    wizard = make_wizard()
    for name, box in wizard.welcome.checks.items():
        box.setChecked(name == "anthropic")
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.CLAUDE
    assert wizard.nextId() == PageId.RUN


# ------------------------------------------------------------------ live verdicts


def test_github_token_verdict_as_you_type(make_wizard, qtbot):
    wizard = make_wizard()
    go_to(wizard, qtbot, PageId.GITHUB)
    field = wizard.github.secret
    assert field.edit.echoMode() == QLineEdit.EchoMode.Password
    assert not next_button(wizard).isEnabled()
    token = make_github_token()
    qtbot.keyClicks(field.edit, token[:20])
    assert field.level == "error" and "40" in field.message  # too short: names the expected length
    assert not next_button(wizard).isEnabled()
    qtbot.keyClicks(field.edit, token[20:])
    assert field.level == "ok"
    assert field.message == "GitHub personal access token (classic) — checksum OK"
    assert field.verdict_view.label.text() == field.message
    assert next_button(wizard).isEnabled()
    # One changed character breaks the checksum.
    broken = token[:-1] + ("A" if token[-1] != "A" else "B")
    field.set_text(broken)
    assert field.level == "error" and "checksum" in field.message.lower()
    assert not next_button(wizard).isEnabled()


def test_wrong_provider_key_is_named(make_wizard, qtbot):
    wizard = make_wizard()
    go_to(wizard, qtbot, PageId.GITHUB)
    wizard.github.secret.set_text(make_fake_secret(TokenKind.ANTHROPIC_ADMIN))
    assert wizard.github.secret.level == "error"
    assert "Anthropic" in wizard.github.secret.message and "not a GitHub token" in wizard.github.secret.message
    assert not next_button(wizard).isEnabled()


def test_show_hide_toggle(make_wizard, qtbot):
    wizard = make_wizard()
    go_to(wizard, qtbot, PageId.GITHUB)
    field = wizard.github.secret
    qtbot.mouseClick(field.toggle, Qt.MouseButton.LeftButton)
    assert field.edit.echoMode() == QLineEdit.EchoMode.Normal
    assert field.toggle.accessibleName() == "Hide GitHub token"
    qtbot.mouseClick(field.toggle, Qt.MouseButton.LeftButton)
    assert field.edit.echoMode() == QLineEdit.EchoMode.Password


def test_claude_page_explains_an_api03_key_at_once(make_wizard, qtbot):
    wizard = make_wizard()
    for name, box in wizard.welcome.checks.items():
        box.setChecked(name == "anthropic")
    go_to(wizard, qtbot, PageId.CLAUDE)
    page = wizard.claude
    page.local.setChecked(False)
    qtbot.keyClicks(page.secret.edit, make_fake_secret(TokenKind.ANTHROPIC_API))
    assert page.secret.level == "error"
    assert "not an Admin key" in page.secret.verdict_view.label.text()
    assert not next_button(wizard).isEnabled()
    page.secret.set_text(make_fake_secret(TokenKind.ANTHROPIC_ADMIN))
    assert next_button(wizard).isEnabled()


def test_claude_local_only_needs_no_admin_key(make_wizard, qtbot):
    wizard = make_wizard()
    for name, box in wizard.welcome.checks.items():
        box.setChecked(name == "anthropic")
    go_to(wizard, qtbot, PageId.CLAUDE)
    page = wizard.claude
    page.local.setChecked(False)
    assert not next_button(wizard).isEnabled()
    tick(qtbot, page.local)
    assert page.local.isChecked() and next_button(wizard).isEnabled()


def test_cursor_key_verdict_and_link(make_wizard, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr("aiusage_doctor.gui.widgets.open_url", lambda url: opened.append(url) or True)
    wizard = make_wizard()
    for name, box in wizard.welcome.checks.items():
        box.setChecked(name == "cursor")
    go_to(wizard, qtbot, PageId.CURSOR)
    wizard.cursor.secret.set_text(make_github_token())
    assert wizard.cursor.secret.level == "error" and "not a Cursor" in wizard.cursor.secret.message
    wizard.cursor.secret.set_text(make_fake_secret(TokenKind.CURSOR_KEY))
    assert wizard.cursor.secret.level == "ok"
    label = next(w for w in wizard.cursor.findChildren(LinkLabel) if CURSOR_KEYS_URL in w.text())
    label.linkActivated.emit(CURSOR_KEYS_URL)
    assert opened == [CURSOR_KEYS_URL]


# ------------------------------------------------------------------ slugs and URLs


def test_pasted_github_urls_become_slugs(make_wizard, qtbot):
    wizard = make_wizard()
    go_to(wizard, qtbot, PageId.GITHUB)
    page = wizard.github
    page.secret.set_text(make_github_token())
    page.enterprise_edit.setText("https://github.com/enterprises/Acme-Corp/settings")
    page.org_edit.setText("https://github.com/orgs/acme-web/people, @Acme-Mobile")
    assert next_button(wizard).isEnabled()
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.inputs.enterprises == ["acme-corp"]
    assert wizard.inputs.orgs == ["acme-web", "acme-mobile"]


def test_bad_slug_blocks_next_with_a_plain_message(make_wizard, qtbot):
    wizard = make_wizard()
    go_to(wizard, qtbot, PageId.GITHUB)
    page = wizard.github
    page.secret.set_text(make_github_token())
    page.org_edit.setText("https://github.com/enterprises/acme")
    assert not next_button(wizard).isEnabled()
    assert page.org_error.isVisible()
    assert "enterprise" in page.org_error.text()
    page.org_edit.setText("acme")
    assert next_button(wizard).isEnabled() and not page.org_error.isVisible()


def test_advanced_base_url_is_validated_and_drives_the_token_link(make_wizard, qtbot):
    wizard = make_wizard()
    go_to(wizard, qtbot, PageId.GITHUB)
    page = wizard.github
    page.secret.set_text(make_github_token())
    qtbot.mouseClick(page.advanced.button, Qt.MouseButton.LeftButton)
    assert page.url_edit.isVisible()
    page.url_edit.setText("http://api.octocorp.ghe.com")
    assert not next_button(wizard).isEnabled()
    assert "https" in page.url_error.text()
    page.url_edit.setText("https://api.octocorp.ghe.com")
    assert next_button(wizard).isEnabled()
    assert "https://octocorp.ghe.com/settings/tokens/new?scopes=read:org" in page.token_links.text()
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.inputs.github_api_url == "https://api.octocorp.ghe.com"


def test_a_pasted_ghe_com_web_address_becomes_its_api_address(make_wizard, qtbot):
    wizard = make_wizard()
    go_to(wizard, qtbot, PageId.GITHUB)
    page = wizard.github
    page.secret.set_text(make_github_token())
    page.advanced.set_expanded(True)
    page.url_edit.setText("octocorp.ghe.com")
    assert next_button(wizard).isEnabled()
    assert page.url_note.isVisible() and page.url_note.text() == "Will use https://api.octocorp.ghe.com"
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.inputs.github_api_url == "https://api.octocorp.ghe.com"


# ------------------------------------------------------------------------ discovery


def test_discover_lists_orgs_to_tick(make_wizard, sim, qtbot):
    simulator = sim("healthy")
    config = simulator.demo_config()
    wizard = make_wizard()
    go_to(wizard, qtbot, PageId.GITHUB)
    page = wizard.github
    page.secret.set_text(config.github.token.get_secret_value())
    page.url_edit.setText(config.github.api_url)
    page.org_edit.clear()
    assert page.discover_button.isEnabled()
    with qtbot.waitSignal(wizard.discovery.finished, timeout=60000) as blocker:
        qtbot.mouseClick(page.discover_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] == ["acme", "acme-labs"]
    assert [page.org_list.item(i).text() for i in range(page.org_list.count())] == ["acme", "acme-labs"]
    assert "can see 2 organizations" in page.discover_status.text()
    page.org_list.item(1).setCheckState(Qt.CheckState.Checked)
    assert page.org_edit.text() == "acme-labs"
    page.org_list.item(0).setCheckState(Qt.CheckState.Checked)
    page.org_list.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert page.org_edit.text() == "acme"


def test_discover_failure_is_explained(make_wizard, sim, qtbot):
    simulator = sim("healthy")
    config = simulator.demo_config()
    wizard = make_wizard()
    go_to(wizard, qtbot, PageId.GITHUB)
    page = wizard.github
    page.secret.set_text(make_github_token())  # well-formed, but the simulator doesn't know it
    page.url_edit.setText(config.github.api_url)
    with qtbot.waitSignal(wizard.discovery.failed, timeout=60000):
        qtbot.mouseClick(page.discover_button, Qt.MouseButton.LeftButton)
    assert "401" in page.discover_status.text() or "rejected" in page.discover_status.text()
    assert page.discover_button.isEnabled()


# -------------------------------------------------------------------------- keyring


def test_keyring_unavailable_disables_remember_with_reason(make_wizard, qtbot):
    keyring.set_keyring(fail.Keyring())
    wizard = make_wizard()
    go_to(wizard, qtbot, PageId.GITHUB)
    keyring_answered(wizard, qtbot)
    box = wizard.github.remember
    assert not box.isEnabled() and not box.isChecked()
    assert "keyring" in box.toolTip().lower()
    assert box.toolTip() == wizard.cursor.remember.toolTip()
    assert not wizard.github.forget.isEnabled()
    assert wizard.github.forget.toolTip() == box.toolTip()


def test_why_secrets_cant_be_remembered_is_shown_on_the_page_not_only_in_a_tooltip(make_wizard, qtbot):
    """A greyed-out 'Remember secrets' box with its reason only in a hover tooltip leaves a
    keyboard user (who can't focus a disabled box) guessing: the reason is on the page."""
    keyring.set_keyring(fail.Keyring())
    wizard = make_wizard()
    go_to(wizard, qtbot, PageId.GITHUB)
    keyring_answered(wizard, qtbot)
    page = wizard.github
    assert not page.remember.isEnabled()
    assert page.remember_note.isVisible() and page.remember_note.text() == page.remember.toolTip()
    assert "keyring" in page.remember_note.text().lower()


def test_no_reason_is_shown_when_secrets_can_be_remembered(make_wizard, qtbot):
    wizard = make_wizard()
    go_to(wizard, qtbot, PageId.GITHUB)
    keyring_answered(wizard, qtbot)
    assert wizard.github.remember.isEnabled() and not wizard.github.remember_note.isVisible()


def test_remember_secrets_round_trip(make_wizard, qtbot, memory_keyring, fill, sim, settings_path):
    simulator = sim("healthy")
    config = simulator.demo_config()
    wizard = make_wizard()
    go_to(wizard, qtbot, PageId.GITHUB)
    keyring_answered(wizard, qtbot)
    box = wizard.github.remember
    assert box.isEnabled() and not box.isChecked()  # off by default
    tick(qtbot, box)
    assert wizard.cursor.remember.isChecked()  # one setting shown on every page
    wizard.restart()
    with qtbot.waitSignal(wizard.run_finished, timeout=120000):
        fill(wizard, config, providers=("github", "cursor"))
    keyring_answered(wizard, qtbot)
    token = config.github.token.get_secret_value()
    assert token in memory_keyring.store.values()
    assert config.cursor.api_key.get_secret_value() in memory_keyring.store.values()
    # Never in QSettings.
    text = settings_path.read_text()
    assert token not in text and config.github.api_url in text
    wizard.close()

    again = make_wizard()
    go_to(again, qtbot, PageId.GITHUB)
    keyring_answered(again, qtbot)
    assert again.github.secret.text() == token
    tick(qtbot, again.github.remember)  # turning it off forgets
    keyring_answered(again, qtbot)
    assert not memory_keyring.store


def test_without_remember_nothing_reaches_the_keyring(make_wizard, qtbot, memory_keyring, fill, sim):
    wizard = make_wizard()
    with qtbot.waitSignal(wizard.run_finished, timeout=120000):
        fill(wizard, sim("healthy").demo_config(), providers=("cursor",))
    keyring_answered(wizard, qtbot)
    assert not memory_keyring.store


def test_settings_restore_non_secret_inputs(make_wizard, qtbot, fill, sim, settings_path):
    config = sim("healthy").demo_config()
    wizard = make_wizard()
    with qtbot.waitSignal(wizard.run_finished, timeout=120000):
        fill(wizard, config, providers=("github",))
    wizard.close()
    stored = QSettings(str(settings_path), QSettings.Format.IniFormat)
    assert config.github.token.get_secret_value() not in "".join(str(stored.value(k)) for k in stored.allKeys())
    again = make_wizard()
    assert [n for n, b in again.welcome.checks.items() if b.isChecked()] == ["github"]
    go_to(again, qtbot, PageId.GITHUB)
    assert again.github.enterprise_edit.text() == ", ".join(config.github.enterprises)
    assert again.github.url_edit.text() == config.github.api_url
    assert again.github.secret.text() == ""  # the token was not remembered


# ------------------------------------------------------------------------ keyboard


def test_keyboard_only_walk(make_wizard, qtbot):
    wizard = make_wizard()
    for name, box in wizard.welcome.checks.items():
        box.setChecked(name == "github")
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.GITHUB
    edit = wizard.github.secret.edit
    edit.setFocus()
    qtbot.keyClicks(edit, make_github_token())
    # Enter in the token field presses the default button (Next) once the token is valid.
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.RUN
    wizard.cancel_run()


@pytest.mark.parametrize(("provider", "page_id", "next_field"), [("github", PageId.GITHUB, "enterprise_edit"),
                                                                ("anthropic", PageId.CLAUDE, "local")])
def test_tab_goes_from_the_secret_to_the_next_field_before_any_link(make_wizard, qtbot, provider, page_id,
                                                                    next_field):
    """Typing, Tab, typing: the second text lands in the next field (the show/hide button is
    the only stop in between); the help links come after the page's inputs."""
    from PySide6.QtWidgets import QApplication

    from aiusage_doctor.gui.widgets import LinkLabel

    wizard = make_wizard()
    wizard.show()
    for name, box in wizard.welcome.checks.items():
        box.setChecked(name == provider)
    go_to(wizard, qtbot, page_id)
    page = wizard.page(page_id)
    wizard.activateWindow()
    page.secret.edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.secret.edit, timeout=3000)

    def tab() -> QWidget:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    assert tab() is page.secret.toggle
    assert tab() is getattr(page, next_field)
    visited = {tab() for _ in range(30)}  # the links are still reachable with Tab
    assert any(isinstance(w, LinkLabel) and page.isAncestorOf(w) for w in visited)


def mnemonic(text: str) -> str | None:
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].lower() if i >= 0 else None


@pytest.mark.parametrize("page_id", list(PageId))
def test_mnemonics_are_unique_on_each_page(make_wizard, page_id):
    wizard = make_wizard()
    page = wizard.page(page_id)
    owners: dict[str, list[str]] = {}
    labelled = [w.text() for w in page.findChildren(QAbstractButton)]
    labelled += [w.text() for w in page.findChildren(QLabel) if w.buddy() is not None]
    # The wizard's own buttons share the page's Alt keys: About's Alt+A took Alt+A from 'Re-run all'.
    labelled += [wizard.buttonText(b) for b in (QWizard.WizardButton.NextButton, QWizard.WizardButton.BackButton,
                                                 QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton,
                                                 QWizard.WizardButton.CustomButton1)]
    for text in labelled:
        key = mnemonic(text)
        if key:
            owners.setdefault(key, []).append(text)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
    # Every field label leads to its field.
    for label in page.findChildren(QLabel):
        if label.buddy() is not None:
            assert "&" in label.text()


def test_escape_closes_the_window_and_cancels_a_run(make_wizard, sim, fill, qtbot):
    wizard = make_wizard()
    fill(wizard, sim("slow").demo_config())
    qtbot.waitUntil(lambda: bool(wizard.results.running()), timeout=30000)
    with qtbot.waitSignal(wizard.run_finished, timeout=60000) as blocker:
        qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert blocker.args == [True]
    assert not wizard.isVisible()


def test_window_geometry_is_remembered(make_wizard, qtbot):
    wizard = make_wizard()
    screen = wizard.screen().availableGeometry()
    size = (wizard.minimumWidth() + 37, min(screen.height() - 80, wizard.minimumHeight() + 41))
    wizard.resize(*size)
    wizard.close()
    again = make_wizard()
    assert (again.width(), again.height()) == size


@pytest.mark.parametrize("page_id", list(PageId))
def test_every_control_has_an_accessible_name(make_wizard, page_id):
    wizard = make_wizard()
    page = wizard.page(page_id)
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit, QTextBrowser, QProgressBar)
    missing = [
        f"{type(w).__name__}:{getattr(w, 'text', lambda: '')()}"
        for w in page.findChildren(QWidget)
        if isinstance(w, kinds) and not w.accessibleName() and w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and type(w).__name__ not in ("QScrollBar",)
        and not (isinstance(w, QAbstractButton) and w.parent() is not None
                 and type(w.parent()).__name__ == "QLineEdit")  # the line edit's own clear button
    ]
    assert missing == []
    for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.BackButton,
                  QWizard.WizardButton.CancelButton):
        assert wizard.button(which).accessibleName()


def test_forget_saved_secrets_deletes_them_from_the_keyring(make_wizard, qtbot, memory_keyring, fill, sim):
    config = sim("healthy").demo_config()
    wizard = make_wizard()
    go_to(wizard, qtbot, PageId.GITHUB)
    keyring_answered(wizard, qtbot)
    tick(qtbot, wizard.github.remember)
    wizard.restart()
    with qtbot.waitSignal(wizard.run_finished, timeout=120000):
        fill(wizard, config, providers=("github", "cursor"))
    keyring_answered(wizard, qtbot)
    assert len(memory_keyring.store) == 2
    wizard.close()

    again = make_wizard()
    go_to(again, qtbot, PageId.GITHUB)
    keyring_answered(again, qtbot)
    page = again.github
    assert page.forget.isEnabled() and page.forget.accessibleName() == "Forget saved secrets"
    qtbot.mouseClick(page.forget, Qt.MouseButton.LeftButton)
    keyring_answered(again, qtbot)
    assert not memory_keyring.store
    assert page.forget_note.text() == "Deleted: GitHub Copilot, Cursor."
    assert not page.remember.isChecked() and not again.cursor.remember.isChecked()


def test_a_keyring_waiting_for_an_unlock_prompt_never_freezes_the_window(make_wizard, qtbot, memory_keyring,
                                                                        monkeypatch):
    first = make_wizard()
    go_to(first, qtbot, PageId.GITHUB)
    keyring_answered(first, qtbot)
    tick(qtbot, first.github.remember)
    first.close()
    token = make_github_token()
    memory_keyring.store[(SERVICE, "github:default")] = token
    unlocked = threading.Event()
    read = memory_keyring.get_password

    def behind_an_unlock_prompt(service, username):  # like a Secret Service asking for a password
        unlocked.wait(10)
        return read(service, username)

    monkeypatch.setattr(memory_keyring, "get_password", behind_an_unlock_prompt)

    wizard = make_wizard()
    go_to(wizard, qtbot, PageId.GITHUB)
    box = wizard.github.remember
    # The window keeps working while the keyring is busy: timers fire, typing goes in.
    ticks = []
    timer = QTimer(wizard)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    # Progress, not speed: the timer keeps firing while the keyring call is still blocked.
    qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=60000)
    assert not unlocked.is_set()
    assert not box.isEnabled() and "Checking" in box.toolTip()
    assert wizard.github.secret.text() == ""
    unlocked.set()
    qtbot.waitUntil(lambda: wizard.github.secret.text() == token, timeout=30000)
    assert box.isEnabled() and box.isChecked()


def test_a_locked_keyring_says_why_the_saved_secrets_are_missing(make_wizard, qtbot, memory_keyring, monkeypatch):
    first = make_wizard()
    go_to(first, qtbot, PageId.GITHUB)
    keyring_answered(first, qtbot)
    tick(qtbot, first.github.remember)
    first.close()

    def locked(*_args):
        raise KeyringLocked("Failed to unlock the collection!")

    monkeypatch.setattr(memory_keyring, "get_password", locked)
    wizard = make_wizard()
    go_to(wizard, qtbot, PageId.GITHUB)
    keyring_answered(wizard, qtbot)
    assert wizard.github.secret.text() == ""
    assert "keyring is locked" in wizard.github.forget_note.text()
