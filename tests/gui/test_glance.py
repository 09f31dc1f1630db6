"""Reading at a glance: the Result column has room, long names keep both ends, the window
fits the screen, the Export buttons stay put, and the title names the app once."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyleOptionViewItem, QWizard

from aiusage_doctor import APP_NAME
from aiusage_doctor.core.models import CheckResult, Status
from aiusage_doctor.gui.pages import PageId
from aiusage_doctor.gui.widgets import plain_tip


def _long_target_report():
    results = []
    for org, status in (("acme-platform-engineering-europe-west-sso-enforced", Status.FAIL),
                        ("acme-platform-engineering-europe-west-sso-optional", Status.PASS)):
        results.append(CheckResult(
            id="github.org.sso", provider="github", target=f"org:{org}", title="Single sign-on (SAML) authorization",
            status=status, summary=f"Organization {org}: single sign-on " + ("blocks the token." if status is Status.FAIL
                                                                                else "does not block the token.")))
    return type("R", (), {"checks": results})()


def test_long_target_names_elide_in_the_middle_with_the_full_name_in_a_tooltip(make_wizard, qtbot):
    wizard = make_wizard()
    wizard.resize(800, 600)
    wizard.results.load_report(_long_target_report(), "r.json")
    page = wizard.results_page
    page.refresh(select_first=True)
    tree = page.tree
    top = tree.topLevelItem(0)
    targets = [top.child(i) for i in range(top.childCount())]
    assert len(targets) == 2
    for item in targets:
        # The tooltip shows the full name as plain text (escaped inside <qt>).
        assert item.toolTip(0) == plain_tip(item.text(0)) and "sso-" in item.text(0)
    index = tree.indexFromItem(targets[0], 0)
    option = QStyleOptionViewItem()
    tree.itemDelegateForIndex(index).initStyleOption(option, index)
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle
    width = tree.fontMetrics().averageCharWidth() * 30
    shown = [option.fontMetrics.elidedText(t.text(0), option.textElideMode, width) for t in targets]
    assert shown[0] != shown[1]  # the ends that tell them apart stay visible


def _result_column_room(wizard, qtbot, sim, run_to_results, size):
    wizard.resize(*size)
    page = run_to_results(wizard, sim("sso-not-authorized").demo_config())
    qtbot.waitUntil(lambda: page.tree.viewport().width() > 0)
    tree = page.tree
    tree.fit_columns()
    viewport = tree.viewport().width()
    start = tree.columnViewportPosition(1)
    return viewport, start, tree.columnWidth(1)


def test_the_result_column_has_room_at_800_by_600(make_wizard, sim, run_to_results, qtbot):
    wizard = make_wizard()
    viewport, start, width = _result_column_room(wizard, qtbot, sim, run_to_results, (800, 600))
    chars = wizard.fontMetrics().averageCharWidth()
    assert start + width <= viewport + 1  # the column ends inside the tree, no sideways scrolling
    assert width >= chars * 45  # room for a sentence, not a couple of words


def test_the_default_window_fits_the_screen(make_wizard):
    wizard = make_wizard()
    available = wizard.screen().availableGeometry()
    assert wizard.width() <= available.width() and wizard.height() <= available.height()
    assert wizard.minimumWidth() <= available.width() and wizard.minimumHeight() <= available.height()


def test_export_buttons_do_not_move_when_a_status_appears(make_wizard, sim, run_to_results, qtbot):
    wizard = make_wizard()
    run_to_results(wizard, sim("healthy").demo_config())
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    page = wizard.export_page
    assert wizard.currentId() == PageId.EXPORT
    before = page.save_button.mapTo(page, QPoint(0, 0))
    assert not page.status.isVisible()
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.status.isVisible)
    qtbot.wait(20)
    assert page.save_button.mapTo(page, QPoint(0, 0)) == before


def test_the_window_title_names_the_app_once(make_wizard):
    for kw in ({}, {"demo_scenario": "healthy"}):
        wizard = make_wizard(**kw)
        title = wizard.windowTitle()
        # Qt adds the application display name to a title that doesn't already end with it.
        assert title.endswith(APP_NAME) and title.count(APP_NAME) == 1, title


def test_fields_scroll_rather_than_squeeze_at_800_by_600(make_wizard, qtbot):
    """With Advanced open the GitHub page has more fields than 600 pixels hold: the page
    scrolls, so the window never needs to be taller than an 800×600 screen."""
    wizard = make_wizard()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    page = wizard.github
    page.advanced.set_expanded(True)
    qtbot.wait(50)
    assert page.minimumSizeHint().height() <= 300  # the rest of 600 px: title, buttons, frame
    assert page.proxy_edit.isVisibleTo(page) and page.ca_edit.isVisibleTo(page)


def test_the_welcome_page_scrolls_rather_than_clip_its_text_in_the_smallest_window(make_wizard, qtbot, qapp):
    """At the smallest window (800×600 screens) with the app's stylesheet, the welcome page's
    wrapped sentences (the lead, each provider's line) had less height than their lines need:
    the second line of 'Claude Code … login.' was cut in half. The page scrolls instead."""
    from PySide6.QtWidgets import QLabel

    from aiusage_doctor.gui.theme import stylesheet

    qapp.setStyleSheet(stylesheet())  # as the app starts (the lead text is 11 pt)
    try:
        wizard = make_wizard(demo_scenario="healthy")
        wizard.resize(wizard.minimumSize())
        qtbot.waitUntil(lambda: wizard.welcome.height() < 420)
        qtbot.wait(50)
        page = wizard.welcome
        wrapped = [label for label in page.findChildren(QLabel) if label.wordWrap() and label.isVisibleTo(page)]
        assert len(wrapped) >= 7  # the lead, the privacy notice, five providers' lines
        clipped = [label.text()[:40] for label in wrapped if label.height() < label.heightForWidth(label.width())]
        assert clipped == []
    finally:
        qapp.setStyleSheet("")


def test_copy_details_keeps_its_place_when_it_says_copied(make_wizard, sim, run_to_results, qtbot):
    """'Copy details' turned into the shorter 'Copied' for a moment: the right-aligned button
    shrank and jumped under the pointer."""
    wizard = make_wizard()
    page = run_to_results(wizard, sim("sso-not-authorized").demo_config())
    qtbot.waitUntil(page.copy_button.isEnabled)
    before = page.copy_button.geometry()
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert page.copy_button.text() == "Copied"
    qtbot.wait(20)
    assert page.copy_button.geometry() == before
