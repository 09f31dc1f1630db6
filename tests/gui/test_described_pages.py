"""The Codex and Windsurf pages: drawn from their descriptors, reached from the welcome page,
with a live offline verdict per field that decides whether Next is enabled."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from aiusage_doctor.core.tokens import TokenKind, make_fake_secret
from aiusage_doctor.gui.pages import PageId


def go_to(wizard, qtbot, provider):
    wizard.welcome.checks[provider].setChecked(True)
    for other in ("github", "cursor", "anthropic"):
        wizard.welcome.checks[other].setChecked(False)
    qtbot.keyClick(wizard, Qt.Key.Key_Return)  # Next, from the keyboard
    page = wizard.described_pages[provider]
    assert wizard.currentPage() is page
    return page


def test_windsurf_page_verdict_is_live_and_gates_next(make_wizard, qtbot):
    wizard = make_wizard()
    page = go_to(wizard, qtbot, "windsurf")
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    field = page.fields["service_key"]
    assert field.level == "empty" and not next_button.isEnabled()
    assert "team_settings" in page.link.text() and "Enterprise" in page.intro.text()
    field.edit.setFocus()
    qtbot.keyClicks(field.edit, make_fake_secret(TokenKind.CURSOR_KEY))
    assert field.level == "error" and "Cursor" in field.view.label.text()
    assert not next_button.isEnabled()
    field.edit.clear()
    qtbot.keyClicks(field.edit, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
    assert field.level == "ok" and "checked online" in field.view.label.text()
    assert next_button.isEnabled()
    assert field.edit.echoMode() != field.edit.EchoMode.Normal  # a secret stays masked


def test_codex_page_accepts_undocumented_key_formats_and_checks_the_workspace(make_wizard, qtbot):
    wizard = make_wizard()
    page = go_to(wizard, qtbot, "codex")
    key, workspace = page.fields["api_key"], page.fields["workspace_id"]
    qtbot.keyClicks(key.edit, "abc123XYZabc123XYZabc123")
    assert key.level == "warn" and "sent anyway" in key.view.label.text()
    qtbot.keyClicks(workspace.edit, "ws 1")
    assert workspace.level == "error" and not page.isComplete()
    workspace.edit.clear()
    qtbot.keyClicks(workspace.edit, "ws-1234")
    assert page.isComplete() and wizard.nextId() == PageId.RUN
    assert page.validatePage()  # what Next stores (not clicked: the run page would start a real run)
    config = wizard.inputs.to_config()
    assert config.providers == ["codex"]
    assert config.more["codex"].values == {"workspace_id": "ws-1234"}
    assert config.more["codex"].secrets["api_key"].get_secret_value() == "abc123XYZabc123XYZabc123"


def test_remembered_codex_secret_round_trips_through_the_keyring(make_wizard, qtbot, memory_keyring, sim):
    from aiusage_doctor.sim import codex as sim_codex

    simulator = sim("healthy")
    creds = sim_codex.credentials()
    wizard = make_wizard()
    wizard.settings.remember_secrets = True
    page = go_to(wizard, qtbot, "codex")
    qtbot.waitUntil(lambda: wizard.keyring_status is not None and wizard.keyring.pending == 0, timeout=30000)
    page.advanced.set_expanded(True)
    page.url_edit.setText(simulator.base_urls["codex"])  # Advanced → API base URL
    qtbot.keyClicks(page.fields["api_key"].edit, creds["api_key"])
    qtbot.keyClicks(page.fields["workspace_id"].edit, creds["workspace_id"])
    with qtbot.waitSignal(wizard.run_finished, timeout=120000):
        qtbot.keyClick(wizard, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.keyring.pending == 0, timeout=30000)
    assert creds["api_key"] in memory_keyring.store.values()
    assert creds["workspace_id"] not in memory_keyring.store.values()  # not a secret: not in the keyring
    assert wizard.results.banner().level == "ok"
    wizard.close()

    again = make_wizard()
    again_page = go_to(again, qtbot, "codex")
    qtbot.waitUntil(lambda: again.keyring_status is not None and again.keyring.pending == 0, timeout=30000)
    assert again_page.fields["api_key"].text() == creds["api_key"]
