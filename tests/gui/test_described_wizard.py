"""The Codex and Windsurf pages have what the built-in credential pages have: "Skip this
provider", an Advanced API base URL checked like theirs, the workspace ID remembered
across launches (never the key), and a walk that works from the keyboard alone."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWizard

from aiusage_doctor.gui.pages import PageId
from aiusage_doctor.gui.provider_pages import page_id
from aiusage_doctor.sim import codex as sim_codex
from aiusage_doctor.sim import windsurf as sim_windsurf

WINDSURF_KEY = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"


def choose(wizard, qtbot, *providers):
    for name, box in wizard.welcome.checks.items():
        box.setChecked(name in providers)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_skipping_codex_goes_on_to_windsurf_and_the_results_say_codex_was_not_checked(make_wizard, sim, qtbot,
                                                                                    tmp_path):
    simulator = sim("healthy")
    wizard = make_wizard()
    choose(wizard, qtbot, "codex", "windsurf")
    assert wizard.currentId() == page_id("codex")
    codex = wizard.described_pages["codex"]
    assert codex.skip_button.isVisible() and codex.skip_button.isEnabled()
    click(qtbot, codex.skip_button)  # nothing typed: skipping needs no key
    assert wizard.currentId() == page_id("windsurf")
    assert not wizard.welcome.checks["codex"].isChecked()
    windsurf = wizard.described_pages["windsurf"]
    assert not windsurf.skip_button.isEnabled()  # now the only service chosen
    assert "only service" in windsurf.skip_button.toolTip()
    qtbot.keyClicks(windsurf.fields["service_key"].edit, sim_windsurf.credentials()["service_key"])
    windsurf.advanced.set_expanded(True)
    windsurf.url_edit.setText(simulator.base_urls["windsurf"])
    with qtbot.waitSignal(wizard.run_finished, timeout=120000):
        click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.last_config.providers == ["windsurf"]
    assert {row.provider for row in wizard.results.rows()} == {"windsurf"}
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentId() == PageId.RESULTS
    assert "Skipped on request (not checked): OpenAI Codex" in wizard.results_page.counts.text()
    from aiusage_doctor.core.render import render

    report = wizard.current_report()
    text = render(report, "markdown")
    # Not checked, and the exported report says so: its absence is not a clean bill.
    assert "| Skipped on request (not checked) | OpenAI Codex |" in text
    assert "| Providers | Windsurf |" in text
    assert "<dt>Skipped on request (not checked)</dt><dd>OpenAI Codex</dd>" in render(report, "html")
    # A support engineer who opens that report's JSON file sees it on the results page too.
    saved = tmp_path / "customer.json"
    saved.write_text(render(report, "json"), encoding="utf-8")
    engineer = make_wizard()
    assert engineer.open_report(str(saved))
    assert engineer.currentId() == PageId.RESULTS
    assert "Skipped on request (not checked): OpenAI Codex" in engineer.results_page.counts.text()


def test_going_back_to_a_skipped_codex_page_brings_codex_back(make_wizard, qtbot):
    wizard = make_wizard()
    choose(wizard, qtbot, "codex", "windsurf")
    click(qtbot, wizard.described_pages["codex"].skip_button)
    click(qtbot, wizard.button(QWizard.WizardButton.BackButton))
    assert wizard.currentId() == page_id("codex")
    assert "codex" in wizard.inputs.providers and wizard.welcome.checks["codex"].isChecked()


def test_windsurf_base_url_is_checked_like_the_built_in_pages_and_reaches_the_run(make_wizard, qtbot):
    wizard = make_wizard()
    choose(wizard, qtbot, "windsurf")
    page = wizard.described_pages["windsurf"]
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.keyClicks(page.fields["service_key"].edit, WINDSURF_KEY)
    assert next_button.isEnabled()
    assert page.url_edit.placeholderText() == "https://server.codeium.com/api/v1"  # the documented default
    page.advanced.set_expanded(True)
    page.url_edit.setText("http://windsurf-gateway.corp.internal/api/v1")
    assert not next_button.isEnabled()
    assert page.url_error.isVisible() and "plain http://" in page.url_error.text()
    page.url_edit.setText("server.codeium.com/api/v1")
    assert not next_button.isEnabled() and "no scheme" in page.url_error.text()
    page.url_edit.setText("https://windsurf-gateway.corp.internal/api/v1/")
    assert next_button.isEnabled() and not page.url_error.isVisible()
    assert page.validatePage()  # what Next keeps (not clicked: that would start a real run)
    assert wizard.inputs.to_config().more["windsurf"].api_url == "https://windsurf-gateway.corp.internal/api/v1"


def test_a_bad_url_already_kept_opens_advanced_and_says_why(make_wizard, qtbot):
    wizard = make_wizard()
    wizard.inputs.described_urls["codex"] = "ftp://codex.corp.internal"
    choose(wizard, qtbot, "codex")
    page = wizard.described_pages["codex"]
    qtbot.keyClicks(page.fields["api_key"].edit, "abc123XYZabc123XYZabc123")
    qtbot.keyClicks(page.fields["workspace_id"].edit, "ws-1234")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert page.advanced.expanded and "https://" in page.url_error.text()
    assert not page.validatePage()


def test_codex_workspace_id_and_base_url_are_remembered_but_never_the_key(make_wizard, sim, qtbot, settings_path):
    simulator = sim("healthy")
    creds = sim_codex.credentials()
    wizard = make_wizard()
    choose(wizard, qtbot, "codex")
    page = wizard.described_pages["codex"]
    qtbot.keyClicks(page.fields["api_key"].edit, creds["api_key"])
    qtbot.keyClicks(page.fields["workspace_id"].edit, creds["workspace_id"])
    page.advanced.set_expanded(True)
    page.url_edit.setText(simulator.base_urls["codex"])
    with qtbot.waitSignal(wizard.run_finished, timeout=120000):
        click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    wizard.close()
    assert creds["api_key"] not in settings_path.read_text(encoding="utf-8")

    again = make_wizard()
    assert again.welcome.checks["codex"].isChecked() and not again.welcome.checks["github"].isChecked()
    click(qtbot, again.button(QWizard.WizardButton.NextButton))
    again_page = again.described_pages["codex"]
    assert again.currentId() == page_id("codex")
    assert again_page.fields["workspace_id"].text() == creds["workspace_id"]
    assert again_page.fields["workspace_id"].level == "ok"
    assert again_page.url_edit.text() == simulator.base_urls["codex"]
    assert again_page.fields["api_key"].text() == ""  # not remembered: the keyring was not asked to
    assert QSettings(str(settings_path), QSettings.Format.IniFormat).value("codex/api_key") is None


def test_keyboard_only_walk_reaches_codex_and_windsurf_and_runs_them(make_wizard, sim, qtbot):
    """Tab goes from field to field, Space ticks the welcome page's choices and opens
    Advanced, Enter is Next. (Alt+letter mnemonics need an active window, which the offscreen
    platform doesn't give: scripts/keyboard_walk.sh walks them in a real window under Xvfb.)"""
    simulator = sim("healthy")
    wizard = make_wizard()
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=3000)

    def key(k, mod=Qt.KeyboardModifier.NoModifier):
        qtbot.keyClick(QApplication.focusWidget() or wizard, k, mod)

    def tab_to(widget):
        for _ in range(60):
            if QApplication.focusWidget() is widget:
                return
            key(Qt.Key.Key_Tab)
        raise AssertionError(f"Tab never reached {widget.accessibleName()}")

    for provider, box in wizard.welcome.checks.items():
        tab_to(box)
        if box.isChecked() != (provider in ("codex", "windsurf")):
            key(Qt.Key.Key_Space)
    assert wizard.welcome.chosen() == ["codex", "windsurf"]
    key(Qt.Key.Key_Return)

    def fill(provider, values):
        page = wizard.described_pages[provider]
        assert wizard.currentPage() is page
        qtbot.waitUntil(lambda: page.isAncestorOf(QApplication.focusWidget()), timeout=3000)
        for name, value in values.items():
            tab_to(page.fields[name].edit)
            qtbot.keyClicks(QApplication.focusWidget(), value)
            assert page.fields[name].level in ("ok", "warn")
        tab_to(page.advanced.button)
        key(Qt.Key.Key_Space)
        assert page.advanced.expanded
        tab_to(page.url_edit)
        qtbot.keyClicks(page.url_edit, simulator.base_urls[provider])
        return page

    fill("codex", sim_codex.credentials())
    key(Qt.Key.Key_Return)
    fill("windsurf", sim_windsurf.credentials())
    with qtbot.waitSignal(wizard.run_finished, timeout=120000):
        key(Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.RUN
    assert {row.provider for row in wizard.results.rows()} == {"codex", "windsurf"}
    assert wizard.results.banner().level == "ok"


def test_mnemonics_are_unique_on_the_described_pages(make_wizard):
    from PySide6.QtWidgets import QAbstractButton, QLabel

    wizard = make_wizard()
    for page in wizard.described_pages.values():
        texts = [w.text() for w in page.findChildren(QAbstractButton)]
        texts += [w.text() for w in page.findChildren(QLabel) if w.buddy() is not None]
        texts += [wizard.buttonText(b) for b in (QWizard.WizardButton.NextButton, QWizard.WizardButton.BackButton,
                                                  QWizard.WizardButton.CustomButton1)]
        keys = [t.replace("&&", "").split("&", 1)[1][:1].lower() for t in texts if "&" in t.replace("&&", "")]
        assert len(keys) == len(set(keys)), texts
        assert all("&" in field.heading.text() for field in page.fields.values())  # Alt+letter reaches each field


def test_the_described_pages_links_open_and_every_descriptor_link_is_allowed(make_wizard, qtbot):
    """The "create a key" link of each page is a real link (not text the app refuses to open),
    and so is every link a descriptor gives its diagnoses."""
    from aiusage_doctor.core.links import openable_url
    from aiusage_doctor.providers.registry import all_descriptors

    wizard = make_wizard()
    choose(wizard, qtbot, "codex", "windsurf")
    codex, windsurf = wizard.described_pages["codex"], wizard.described_pages["windsurf"]
    assert wizard.currentPage() is codex and '<a href="https://' in codex.link.text()
    click(qtbot, codex.skip_button)
    assert wizard.currentPage() is windsurf and '<a href="https://' in windsurf.link.text()
    refused = [(d.id, link.url) for d in all_descriptors() for link in d.links.values() if not openable_url(link.url)]
    assert refused == []


def test_the_welcome_privacy_notice_names_every_vendor_a_secret_can_go_to(make_wizard):
    from PySide6.QtWidgets import QLabel

    wizard = make_wizard()
    texts = [label.text() for label in wizard.welcome.findChildren(QLabel) if "stay on this computer" in label.text()]
    assert len(texts) == 1
    for vendor in ("GitHub", "Cursor", "Anthropic", "OpenAI Codex", "Windsurf"):
        assert vendor in texts[0]


def test_codex_and_windsurf_have_their_own_marks_and_an_unknown_provider_a_neutral_one(qapp):
    from aiusage_doctor.gui import icons

    def pixels(icon):
        return icon.pixmap(24, 24).toImage()

    marks = {p: pixels(icons.provider_icon(p)) for p in ("github", "cursor", "anthropic", "codex", "windsurf")}
    neutral = pixels(icons.provider_icon("no-such-provider"))
    assert neutral == pixels(icons.icon("info"))
    for provider, image in marks.items():
        assert not image.isNull() and image != neutral, provider
    assert marks["codex"] != marks["windsurf"]


def test_the_described_pages_headings_are_written_like_the_built_in_pages(make_wizard):
    """'API key:' and 'Workspace ID:' on the Codex page, 'Admin API key' on the Cursor page:
    the secret's heading above its field reads the same way on every page (no colon)."""
    wizard = make_wizard()
    wizard.ensure_pages()
    built_in = wizard.cursor.findChild(QLabel, "SectionHeading").text()
    assert not built_in.endswith(":")
    for page in wizard.described_pages.values():
        for field in page.fields.values():
            assert not field.heading.text().endswith(":"), field.heading.text()
