"""Dead ends removed: a provider can be skipped from its own page, and Advanced has the
proxy URL and extra CA file that the network help tells admins to set."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWizard

from aiusage_doctor.gui.pages import PageId


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_skip_this_provider_goes_on_without_it(make_wizard, sim, qtbot):
    config = sim("healthy").demo_config()
    wizard = make_wizard()
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentId() == PageId.GITHUB
    click(qtbot, wizard.github.skip_button)  # nothing typed: skipping needs no token
    assert wizard.currentId() == PageId.CURSOR
    assert "github" not in wizard.inputs.providers
    assert not wizard.welcome.checks["github"].isChecked()
    wizard.cursor.secret.set_text(config.cursor.api_key.get_secret_value())
    wizard.cursor.url_edit.setText(config.cursor.api_url)
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    click(qtbot, wizard.claude.skip_button)
    assert wizard.currentId() == PageId.RUN
    assert wizard.last_config.providers == ["cursor"]
    qtbot.waitUntil(lambda: not wizard.running, timeout=120000)
    assert {row.provider for row in wizard.results.rows()} == {"cursor"}


def test_the_only_provider_cannot_be_skipped(make_wizard, qtbot):
    wizard = make_wizard()
    for name, box in wizard.welcome.checks.items():
        box.setChecked(name == "cursor")
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentId() == PageId.CURSOR
    assert not wizard.cursor.skip_button.isEnabled()
    assert "only service" in wizard.cursor.skip_button.toolTip()


def test_going_back_to_a_skipped_page_brings_the_provider_back(make_wizard, qtbot):
    wizard = make_wizard()
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    click(qtbot, wizard.github.skip_button)
    click(qtbot, wizard.button(QWizard.WizardButton.BackButton))
    assert wizard.currentId() == PageId.GITHUB
    assert "github" in wizard.inputs.providers


def _ca_file(tmp_path):
    import trustme

    path = tmp_path / "corp-root.pem"
    trustme.CA().cert_pem.write_to_path(str(path))
    return path


def test_proxy_and_ca_file_are_validated_applied_and_kept(make_wizard, sim, fill, qtbot, tmp_path, settings_path):
    config = sim("healthy").demo_config()
    wizard = make_wizard()
    fill(wizard, config, providers=("github", "anthropic"), start=False)
    page = wizard.claude
    assert wizard.currentId() == PageId.CLAUDE
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    page.advanced.set_expanded(True)
    page.proxy_edit.setText("http://user:secret@proxy:8080")
    assert not next_button.isEnabled()
    assert "plain text" in page.proxy_error.text() and page.proxy_error.isVisible()
    page.proxy_edit.setText("http://proxy.corp.com:3128")
    page.ca_edit.setText(str(tmp_path / "missing.pem"))
    assert not next_button.isEnabled() and "No such file" in page.ca_error.text()
    ca = _ca_file(tmp_path)
    page.ca_edit.setText(str(ca))
    assert next_button.isEnabled()
    # One setting for the run: the GitHub page shows the same values.
    assert wizard.github.proxy_edit.text() == "http://proxy.corp.com:3128"
    assert wizard.github.ca_edit.text() == str(ca)
    run_config = wizard.inputs.to_config()
    assert run_config.proxy_url == "http://proxy.corp.com:3128" and run_config.ca_file == str(ca)
    wizard.save_settings()
    stored = QSettings(str(settings_path), QSettings.Format.IniFormat)
    assert stored.value("network/proxy_url") == "http://proxy.corp.com:3128"
    assert stored.value("network/ca_file") == str(ca)


def test_kept_network_settings_are_back_on_the_next_start(make_wizard, qtbot, tmp_path, settings_path):
    ca = _ca_file(tmp_path)
    stored = QSettings(str(settings_path), QSettings.Format.IniFormat)
    stored.setValue("network/proxy_url", "http://proxy.corp.com:3128")
    stored.setValue("network/ca_file", str(ca))
    stored.sync()
    wizard = make_wizard()
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    page = wizard.github
    assert page.advanced.expanded
    assert page.proxy_edit.text() == "http://proxy.corp.com:3128" and page.ca_edit.text() == str(ca)
    assert wizard.inputs.to_config().ca_file == str(ca)
