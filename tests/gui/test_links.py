"""Links that can't open say so, and no placeholder address reaches the About box."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QWizard

from aiusage_doctor.gui.dialogs import LinkDialog
from aiusage_doctor.gui.widgets import is_placeholder


def test_a_fix_link_without_a_browser_shows_the_address_with_copy(make_wizard, sim, run_to_results, qtbot,
                                                                  monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    wizard = make_wizard()
    page = run_to_results(wizard, sim("sso-not-authorized").demo_config())
    row = wizard.results.row(page.selected_key())
    link = next(link.url for link in row.result.remediation if link.url.startswith("https://github.com"))
    page.details.anchorClicked.emit(QUrl(link))
    dialogs = [d for d in wizard.findChildren(LinkDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    assert dialog.address.text() == link
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == link
    dialog.close()


def test_a_credential_page_link_without_a_browser_says_so(make_wizard, qtbot, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    wizard = make_wizard()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    wizard.github.token_links.linkActivated.emit("https://docs.github.com/some-page")
    shown = [d for d in wizard.findChildren(LinkDialog) if d.isVisible()]
    assert [d.address.text() for d in shown] == ["https://docs.github.com/some-page"]
    shown[0].close()


def test_the_about_box_shows_no_placeholder_address(make_wizard, qtbot, monkeypatch):
    monkeypatch.setattr("aiusage_doctor.core.branding.HOMEPAGE", "https://aiusage-doctor.example")
    monkeypatch.setattr("aiusage_doctor.core.branding.SUPPORT_EMAIL", "support@aiusage-doctor.example")
    wizard = make_wizard()
    box = wizard.show_about()
    assert ".example" not in box.text()
    assert "Support:" not in box.text()
    box.close()


def test_the_about_box_shows_real_addresses(make_wizard, monkeypatch):
    monkeypatch.setattr("aiusage_doctor.core.branding.HOMEPAGE", "https://vendor.com/doctor")
    monkeypatch.setattr("aiusage_doctor.core.branding.SUPPORT_EMAIL", "help@vendor.com")
    wizard = make_wizard()
    box = wizard.show_about()
    assert "https://vendor.com/doctor" in box.text() and "mailto:help@vendor.com" in box.text()
    box.close()


def test_placeholder_addresses_are_recognised():
    for address in ("", "https://aiusage-doctor.example", "support@aiusage-doctor.example",
                    "https://example.com/docs", "http://foo.invalid:8080/x", "https://a.test"):
        assert is_placeholder(address), address
    for address in ("https://docs.vendor.com/checks.md#x", "help@vendor.com", "https://github.com"):
        assert not is_placeholder(address), address
