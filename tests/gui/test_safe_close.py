"""Closing the window never silently throws away a run whose report wasn't saved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWizard

from aiusage_doctor.gui.pages import PageId


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_esc_on_results_does_not_quit(make_wizard, sim, run_to_results, qtbot):
    wizard = make_wizard()
    page = run_to_results(wizard, sim("healthy").demo_config())
    qtbot.keyClick(page.tree, Qt.Key.Key_Escape)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible() and wizard.currentId() == PageId.RESULTS
    assert wizard.close_box is None or not wizard.close_box.isVisible()


def test_close_on_results_asks_and_cancel_keeps_the_results(make_wizard, sim, run_to_results, qtbot):
    wizard = make_wizard()
    run_to_results(wizard, sim("sso-not-authorized").demo_config())
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    box = wizard.close_box
    assert box is not None and box.isVisible()
    assert "haven't been saved" in box.text()
    assert wizard.isVisible()
    click(qtbot, wizard.close_cancel)
    assert wizard.isVisible() and wizard.currentId() == PageId.RESULTS
    assert len(wizard.results) > 0


def test_esc_on_export_asks_and_close_without_saving_closes(make_wizard, sim, run_to_results, qtbot):
    wizard = make_wizard()
    run_to_results(wizard, sim("healthy").demo_config())
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentId() == PageId.EXPORT
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible() and wizard.close_box.isVisible()
    click(qtbot, wizard.close_discard)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=2000)


def test_window_close_button_asks_too(make_wizard, sim, run_to_results, qtbot):
    wizard = make_wizard()
    run_to_results(wizard, sim("healthy").demo_config())
    assert not wizard.close()  # the title bar's close button sends the same close event
    assert wizard.isVisible() and wizard.close_box.isVisible()


def test_save_report_from_the_question_opens_the_save_dialog_on_export(make_wizard, sim, run_to_results, qtbot):
    wizard = make_wizard()
    run_to_results(wizard, sim("healthy").demo_config())
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    click(qtbot, wizard.close_save)
    assert wizard.currentId() == PageId.EXPORT
    dialog = wizard.export_page._dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    dialog.close()


def test_after_saving_closing_asks_nothing(make_wizard, sim, run_to_results, qtbot, tmp_path):
    wizard = make_wizard()
    run_to_results(wizard, sim("healthy").demo_config())
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.export_page.save_to(str(tmp_path / "r.html"))
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=2000)
    assert wizard.close_box is None


def test_finish_on_export_asks_too(make_wizard, sim, run_to_results, qtbot):
    wizard = make_wizard()
    run_to_results(wizard, sim("healthy").demo_config())
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    assert wizard.isVisible() and wizard.close_box.isVisible()
    click(qtbot, wizard.close_discard)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=2000)


def test_arrow_keys_on_results_walk_the_checklist_not_the_filter(make_wizard, sim, run_to_results, qtbot):
    wizard = make_wizard()
    page = run_to_results(wizard, sim("healthy").demo_config())
    qtbot.waitUntil(page.tree.hasFocus, timeout=2000)
    first = page.selected_key()
    qtbot.keyClick(page.tree, Qt.Key.Key_Down)
    assert page.filter.currentIndex() == 0 and page.selected_key() != first


def _signal_handlers(window):
    """The handlers app._quit_on_signals installs for `window` (the test's own are put back)."""
    import signal

    from aiusage_doctor.gui.app import _quit_on_signals

    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        _quit_on_signals(window)
        return {sig: signal.getsignal(sig) for sig in saved}
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def test_sigterm_ends_the_app_even_with_unsaved_results(make_wizard, sim, run_to_results, qtbot):
    """SIGTERM (logout, shutdown, `kill`) asks the program to end: a question nobody may be
    there to answer kept the window, and the process, alive."""
    import signal

    wizard = make_wizard()
    run_to_results(wizard, sim("healthy").demo_config())
    assert wizard.unsaved_results()
    handlers = _signal_handlers(wizard)
    handlers[signal.SIGTERM](signal.SIGTERM, None)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5000)


def test_ctrl_c_asks_once_and_a_second_ctrl_c_ends_the_app(make_wizard, sim, run_to_results, qtbot):
    import signal

    wizard = make_wizard()
    run_to_results(wizard, sim("healthy").demo_config())
    handlers = _signal_handlers(wizard)
    handlers[signal.SIGINT](signal.SIGINT, None)
    qtbot.waitUntil(lambda: wizard.close_box is not None and wizard.close_box.isVisible(), timeout=5000)
    assert wizard.isVisible()  # the first Ctrl+C asks, like the Close button
    handlers[signal.SIGINT](signal.SIGINT, None)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5000)
