"""Export page (each format, redacted, preview == file), clipboard, email, and open-a-report."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWizard

from aiusage_doctor.core.models import Report
from aiusage_doctor.gui.pages import PageId
from aiusage_doctor.gui.dialogs import ErrorDialog


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture
def exported(make_wizard, sim, run_to_results, qtbot):
    """A wizard on the Export page after a run with a problem, plus the secrets it used."""
    config = sim("sso-not-authorized").demo_config()
    wizard = make_wizard()
    run_to_results(wizard, config)
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentId() == PageId.EXPORT
    return wizard, config.secrets()


@pytest.mark.parametrize(("fmt", "marker"), [("html", "<!DOCTYPE html>"), ("markdown", "# AI Usage Doctor report"),
                                             ("json", '"schema_version": 1')])
def test_each_format_previews_exactly_what_is_saved_without_secrets(exported, qtbot, tmp_path, fmt, marker):
    wizard, secrets = exported
    page = wizard.export_page
    click(qtbot, page.format_buttons[fmt])
    preview = page.preview.toPlainText()
    assert marker in preview
    assert "acme-labs" in preview  # the failing org is in the report
    for secret in secrets:
        assert secret not in preview
    path = tmp_path / f"report.{fmt}"
    with qtbot.waitSignal(page.saved):
        assert page.save_to(str(path))
    assert path.read_text(encoding="utf-8") == preview
    assert str(path) in page.status.label.text()
    if fmt == "json":
        report = Report.model_validate_json(path.read_text(encoding="utf-8"))
        assert report.summary.verdict == "problems"
    assert wizard.settings.export_format == fmt


def test_html_and_markdown_are_previewed_as_the_reader_will_see_them(exported, qtbot):
    wizard, secrets = exported
    page = wizard.export_page
    for fmt in ("html", "markdown"):
        click(qtbot, page.format_buttons[fmt])
        assert page.laid_out() and page.rendered.isVisible()
        shown = page.rendered.toPlainText()
        assert wizard.current_report().summary.headline in shown and "acme-labs" in shown
        assert "<!DOCTYPE" not in shown and "# AI Usage Doctor" not in shown  # laid out, not markup
        assert "Expand all" not in shown  # the page's script buttons stay hidden, as in a browser
        assert not any(secret in shown for secret in secrets)
    # 'Show source' shows the file's exact text; JSON is always shown that way.
    page.source_box.setChecked(True)
    assert not page.laid_out() and page.preview.toPlainText().startswith("# AI Usage Doctor report")
    page.source_box.setChecked(False)
    click(qtbot, page.format_buttons["json"])
    assert not page.laid_out() and not page.source_box.isEnabled()


def test_save_uses_a_non_blocking_dialog(exported, qtbot, tmp_path):
    wizard, _ = exported
    page = wizard.export_page
    click(qtbot, page.format_buttons["markdown"])
    click(qtbot, page.save_button)  # returns at once: the dialog is open(), not exec()
    dialog = page._dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert dialog.defaultSuffix() == "md"
    assert dialog.selectedFiles()[0].endswith(".md")
    target = tmp_path / "chosen.md"
    with qtbot.waitSignal(page.saved):
        dialog.fileSelected.emit(str(target))
    dialog.reject()
    assert target.exists()


def test_save_error_is_reported_not_raised(exported, tmp_path):
    wizard, _ = exported
    page = wizard.export_page
    assert not page.save_to(str(tmp_path / "missing-folder" / "r.html"))
    assert "Could not save" in page.status.label.text()


def test_copy_summary_puts_a_redacted_summary_on_the_clipboard(exported, qtbot):
    wizard, secrets = exported
    click(qtbot, wizard.export_page.copy_button)
    text = QGuiApplication.clipboard().text()
    assert text.startswith(wizard.current_report().summary.headline)
    assert "acme-labs" in text
    assert all(secret not in text for secret in secrets)


def test_email_support_opens_a_mailto_with_summary(exported, qtbot, monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr("aiusage_doctor.gui.widgets.open_url", lambda url: opened.append(url) or True)
    wizard, secrets = exported
    page = wizard.export_page
    page.support_edit.setText("helpdesk@corp.com")
    page.save_to(str(tmp_path / "aiusage-report.html"))
    click(qtbot, page.email_button)
    url = urlsplit(opened[0])
    assert url.scheme == "mailto" and url.path == "helpdesk@corp.com"
    query = parse_qs(url.query)
    assert query["subject"][0].startswith("AI Usage Doctor report: ")
    body = query["body"][0]
    assert wizard.current_report().summary.headline in body
    assert "aiusage-report.html" in body
    assert all(secret not in opened[0] for secret in secrets)


def test_support_address_is_configurable_and_remembered(exported, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr("aiusage_doctor.gui.widgets.open_url", lambda url: opened.append(url) or True)
    wizard, _ = exported
    page = wizard.export_page
    page.support_edit.setText("helpdesk@corp.com")
    click(qtbot, page.email_button)
    assert urlsplit(opened[0]).path == "helpdesk@corp.com"
    assert wizard.settings.support_email == "helpdesk@corp.com"


def test_no_placeholder_support_address_is_ever_offered(exported, monkeypatch):
    wizard, _ = exported
    monkeypatch.setattr("aiusage_doctor.core.branding.SUPPORT_EMAIL", "support@aiusage-doctor.example")
    assert wizard.settings.support_email == ""
    wizard.export_page.initializePage()
    assert wizard.export_page.support_edit.text() == ""


def test_email_support_asks_for_the_address_the_first_time_and_remembers_it(exported, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr("aiusage_doctor.gui.widgets.open_url", lambda url: opened.append(url) or True)
    monkeypatch.setattr("aiusage_doctor.core.branding.SUPPORT_EMAIL", "")
    wizard, _ = exported
    page = wizard.export_page
    page.initializePage()
    assert page.support_edit.text() == ""
    click(qtbot, page.email_button)
    ask = page.ask_dialog
    assert ask is not None and ask.isVisible() and not opened
    ask.setTextValue("not an address")
    ask.accept()
    again = page.ask_dialog
    assert again is not ask and again.isVisible()
    assert "not an email address" in again.labelText()
    assert again.textValue() == "not an address"  # kept, to correct
    again.setTextValue("support@aiusage-doctor.example")
    again.accept()
    third = page.ask_dialog
    assert "example address" in third.labelText() and not opened
    third.setTextValue("helpdesk@corp.com")
    third.accept()
    assert urlsplit(opened[0]).path == "helpdesk@corp.com"
    assert wizard.settings.support_email == "helpdesk@corp.com"
    assert page.support_edit.text() == "helpdesk@corp.com"
    page.initializePage()  # next time: no question
    click(qtbot, page.email_button)
    assert len(opened) == 2 and page.ask_dialog is third


def test_branding_can_preset_the_support_address(exported, monkeypatch):
    monkeypatch.setattr("aiusage_doctor.core.branding.SUPPORT_EMAIL", "help@vendor.com")
    wizard, _ = exported
    wizard.export_page.initializePage()
    assert wizard.export_page.support_edit.text() == "help@vendor.com"


# ----------------------------------------------------------------------------- open a report


@pytest.fixture
def saved_report(exported, tmp_path):
    wizard, secrets = exported
    path = tmp_path / "customer-report.json"
    wizard.export_page.format_buttons["json"].setChecked(True)
    wizard.export_page.save_to(str(path))
    return path, wizard.current_report()


def test_open_a_report_shows_it_read_only(make_wizard, saved_report, qtbot):
    path, original = saved_report
    wizard = make_wizard()
    with qtbot.waitSignal(wizard.report_opened):
        assert wizard.open_report(str(path))
    assert wizard.currentId() == PageId.RESULTS
    page = wizard.results_page
    assert not page.rerun_all.isVisible() and not page.rerun_one.isVisible()
    assert "customer-report.json" in page.source.text() and page.source.isVisible()
    assert ("simulated data" in page.source.text()) == original.environment.simulated
    assert page.headline.text() == original.summary.headline.rstrip(".")
    assert len(wizard.results) == len(original.checks)
    # Export re-renders the opened report, e.g. for a ticket in Markdown.
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentId() == PageId.EXPORT
    click(qtbot, wizard.export_page.format_buttons["json"])
    assert json.loads(wizard.export_page.preview.toPlainText())["checks"] == json.loads(
        original.model_dump_json())["checks"]
    # Back to the start leaves report mode.
    wizard.back()
    wizard.back()
    assert wizard.currentId() == PageId.WELCOME
    assert not wizard.report_mode and len(wizard.results) == 0


def test_an_opened_report_is_redacted_before_it_is_shown_or_exported(make_wizard, saved_report, qtbot):
    from aiusage_doctor.core.tokens import make_github_token

    path, _original = saved_report
    token = make_github_token()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["checks"][0]["summary"] = f"someone pasted {token} here"
    path.write_text(json.dumps(data), encoding="utf-8")
    wizard = make_wizard()
    with qtbot.waitSignal(wizard.report_opened):
        assert wizard.open_report(str(path))
    assert all(token not in r.summary for r in wizard.results.results())
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    for fmt, button in wizard.export_page.format_buttons.items():
        click(qtbot, button)
        assert token not in wizard.export_page.preview.toPlainText(), fmt


def test_open_report_button_uses_a_non_blocking_dialog(make_wizard, saved_report, qtbot):
    path, _ = saved_report
    wizard = make_wizard()
    click(qtbot, wizard.welcome.open_button)
    dialog = wizard.welcome._dialog
    assert dialog.isVisible()
    with qtbot.waitSignal(wizard.report_opened):
        dialog.fileSelected.emit(str(path))
    dialog.reject()
    assert wizard.currentId() == PageId.RESULTS


@pytest.mark.parametrize("content", ["<html>not json</html>", '{"schema_version": 1}', ""])
def test_opening_something_else_explains_instead_of_crashing(make_wizard, tmp_path, qtbot, content):
    path = tmp_path / "report.json"
    path.write_text(content)
    wizard = make_wizard()
    assert not wizard.open_report(str(path))
    dialog = wizard.findChild(ErrorDialog)
    assert dialog is not None and dialog.isVisible()
    assert "not a JSON report exported by AI Usage Doctor" in dialog.message.text()
    assert wizard.currentId() == PageId.WELCOME and not wizard.report_mode
    dialog.close()


def test_opening_a_missing_file(make_wizard, tmp_path):
    wizard = make_wizard()
    assert not wizard.open_report(str(tmp_path / "nope.json"))
    assert "could not be read" in wizard.findChild(ErrorDialog).message.text()


def test_an_opened_demo_report_says_it_is_simulated(make_wizard, tmp_path):
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.models import CheckResult, Status
    from aiusage_doctor.core.report import build_report

    result = CheckResult(id="github.token.format", provider="github", target="token", title="Token format",
                         status=Status.PASS, summary="Fine.")
    report = build_report(RunConfig(demo_scenario="healthy"), [result])
    path = tmp_path / "demo.json"
    path.write_text(report.model_dump_json(), encoding="utf-8")
    wizard = make_wizard()
    assert wizard.open_report(str(path))
    assert "demo run: simulated data" in wizard.results_page.source.text()
    assert wizard.results_page.headline.text() == "No problems found in 1 provider"


def test_a_large_report_is_prepared_off_the_gui_thread(exported, qtbot, monkeypatch):
    """Past BACKGROUND_FROM_CHECKS the preview is rendered in a worker thread: the page says
    so, its actions wait, and the result is the same text a direct render gives."""
    from aiusage_doctor.core.render import render
    from aiusage_doctor.gui.pages.export import ExportPage

    wizard, secrets = exported
    page = wizard.export_page
    monkeypatch.setattr(ExportPage, "BACKGROUND_FROM_CHECKS", 1)
    click(qtbot, page.format_buttons["markdown"])
    click(qtbot, page.format_buttons["json"])
    page._rendered.clear()
    click(qtbot, page.format_buttons["markdown"])
    assert page.preview.toPlainText() == "Preparing the report…"
    assert not page.save_button.isEnabled()
    qtbot.waitUntil(lambda: page.save_button.isEnabled(), timeout=60000)
    assert page.preview.toPlainText() == render(wizard.current_report(), "markdown")
    assert all(secret not in page.preview.toPlainText() for secret in secrets)


def test_going_back_and_forth_keeps_the_prepared_report(exported, qtbot):
    wizard, _secrets = exported
    page = wizard.export_page
    before = page.text()
    click(qtbot, wizard.button(QWizard.WizardButton.BackButton))
    assert wizard.currentId() == PageId.RESULTS
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentId() == PageId.EXPORT
    assert page.text() is before  # not rendered again: the report did not change


def test_the_html_preview_shows_what_a_browser_shows_first():
    from aiusage_doctor.gui.pages.export import reader_view_html

    page = ('<!DOCTYPE html><html><body><div id="tools" hidden><button>Expand all</button></div>'
            '<details class="group" open><summary>Organization acme</summary><p>SSO &amp; scopes</p>'
            '<details class="evidence"><summary>Evidence</summary><pre>{"status": 403}</pre>'
            '<details><summary>Inner</summary>deep</details>after</details>'
            '<p>still in acme<br>next line</p></details><p>end</p></body></html>')
    view = reader_view_html(page)
    assert "Expand all" not in view
    assert "▾ Organization acme" in view and "SSO &amp; scopes" in view
    assert "▸ Evidence" in view and "403" not in view and "deep" not in view and "Inner" not in view
    assert "after" not in view
    assert "still in acme<br>next line" in view and "<p>end</p>" in view
    assert view.startswith("<!DOCTYPE html>")


def test_the_export_page_offers_every_listed_export_format_with_its_file_type(exported, qtbot, tmp_path,
                                                                              monkeypatch):
    from aiusage_doctor.core.formats import EXPORT_FORMAT_NAMES, REPORT_FORMATS
    from aiusage_doctor.core.render import render
    from aiusage_doctor.core.report_file import load_report_file

    wizard, _secrets = exported
    page = wizard.export_page
    assert list(page.format_buttons) == list(EXPORT_FORMAT_NAMES)
    dialogs = []
    monkeypatch.setattr(QFileDialog, "open", lambda self: dialogs.append(self))
    for fmt in EXPORT_FORMAT_NAMES:
        spec = REPORT_FORMATS[fmt]
        click(qtbot, page.format_buttons[fmt])
        assert page.format_buttons[fmt].text() == spec.mnemonic
        assert page.default_path().endswith("." + spec.extension)
        page.choose_file()
        assert dialogs[-1].nameFilters() == [spec.file_filter] and dialogs[-1].defaultSuffix() == spec.extension
        path = tmp_path / f"report.{spec.extension}"
        with qtbot.waitSignal(page.saved):
            assert page.save_to(str(path))
        assert path.read_text(encoding="utf-8") == render(wizard.current_report(), fmt)
        if spec.opens:
            assert load_report_file(path).summary.verdict == "problems"
        assert wizard.settings.export_format == fmt


def test_the_open_dialog_offers_every_format_that_can_be_opened_again(make_wizard):
    from aiusage_doctor.core.formats import OPENABLE

    wizard = make_wizard()
    wizard.welcome.choose_report()
    dialog = wizard.welcome._dialog
    try:
        first = dialog.nameFilters()[0]
        assert all(f"*.{f.extension}" in first for f in OPENABLE) and "*.json" in first
        assert dialog.nameFilters()[-1] == "All files (*)"
    finally:
        dialog.close()
