"""The wizard's window chrome: the About box, error and crash dialogs, and closing the
window without losing a finished run's unsaved results.

Mixed into DoctorWizard (gui/wizard.py), which owns the state these methods read.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QMessageBox, QWizard

from aiusage_doctor import APP_NAME
from aiusage_doctor.gui import icons
from aiusage_doctor.gui.pages.base import PageId
from aiusage_doctor.gui.widgets import is_placeholder, link_html, set_accessible

if TYPE_CHECKING:
    from aiusage_doctor.gui.dialogs import ErrorDialog


class WindowMixin:
    """Mixed into DoctorWizard (before QWizard, so `super()` reaches the QWizard methods),
    which provides `settings`, `results`, `controller`, `last_config`, `demo_scenario`,
    `report_mode`, `export_page`, the `crash_reported` signal and `shutdown()`, and sets
    `about_box`, `close_box`, `_close_confirmed`, `exported` and `_error_dialog` up in
    its constructor."""

    about_box: QMessageBox | None
    close_box: QMessageBox | None
    _close_confirmed: bool
    exported: bool
    _error_dialog: ErrorDialog | None
    settings: Any
    results: Any
    controller: Any
    last_config: Any
    demo_scenario: str | None
    crash_reported: Any

    # ------------------------------------------------------------------ about

    def _custom_button(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value:
            self.show_about()

    def show_about(self) -> QMessageBox:
        """A non-modal About box (opened, never exec()'d, so a running check keeps going).
        It names the homepage and support address only when they are real ones: a build
        without them (or with branding.json's placeholders) shows neither."""
        from aiusage_doctor import __version__
        from aiusage_doctor.core.branding import HOMEPAGE

        if self.about_box is None:
            box = QMessageBox(self)
            box.setWindowTitle(f"About {APP_NAME}")
            box.setIconPixmap(icons.app_icon().pixmap(QSize(64, 64), self.devicePixelRatioF()))
            box.setTextFormat(Qt.TextFormat.RichText)
            box.setStandardButtons(QMessageBox.StandardButton.Close)
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            set_accessible(box, f"About {APP_NAME} {__version__}")
            self.about_box = box
        contact = []
        if not is_placeholder(HOMEPAGE):
            contact.append(link_html(HOMEPAGE, HOMEPAGE))
        support = self.settings.support_email
        if support:
            contact.append("Support: " + link_html(support, f"mailto:{support}"))
        from aiusage_doctor.core.labels import PROVIDER_LIST, provider_title

        *first, last = [provider_title(p) for p in PROVIDER_LIST]  # every product the app checks
        self.about_box.setText(
            f"<h3>{APP_NAME} {__version__}</h3>"
            f"<p>Finds out why {escape(', '.join(first))} and {escape(last)} usage data can't be "
            "read, and how to fix it.</p>"
            + (f"<p>{'<br>'.join(contact)}</p>" if contact else "")
        )
        self.about_box.open()
        return self.about_box

    # --------------------------------------------------------------- errors, closing

    def _show_error(self, title: str, message: str, details: str = "") -> None:
        from aiusage_doctor.core.redact import redact
        from aiusage_doctor.gui.dialogs import show_error

        # The message can name a file or quote an answer: masked like the details.
        self._error_dialog = show_error(self, redact(title), redact(message), details)

    def watch_crashes(self) -> None:
        """Show core.crash reports (from any thread) as a friendly dialog."""
        from aiusage_doctor.core import crash

        self.crash_reported.connect(self._show_crash, Qt.ConnectionType.QueuedConnection)
        self._crash_listener = lambda summary, path: self.crash_reported.emit(summary, path)
        crash.add_listener(self._crash_listener)

    def _show_crash(self, summary: str, path: Path | None) -> None:
        details = summary
        if path is not None:
            try:
                details = Path(path).read_text(encoding="utf-8")
            except OSError:
                pass
        where = f"\n\nA crash report was saved to {path}." if path is not None else ""
        self._show_error(
            "Something went wrong",
            "Something unexpected went wrong in AI Usage Doctor. Your settings are safe and you can "
            f"keep working. If it happens again, copy the details and send them to support.{where}",
            details,
        )

    def report_problem(self, message: str, exc: BaseException) -> None:
        from aiusage_doctor.gui.controller import _redacted_traceback

        secrets = self.last_config.secrets() if self.last_config is not None else []
        self._show_error("Something went wrong", message, _redacted_traceback(exc, secrets))

    # The window closes through reject() on Esc, the Close button and the title bar's close
    # button alike (QDialog.closeEvent calls it), so that is where unsaved results are guarded.

    def _exported(self, _path: str) -> None:
        self.exported = True

    def unsaved_results(self) -> bool:
        """A finished run of this admin's own whose report hasn't been saved yet (a demo run
        of simulated data is not worth a question)."""
        return (not self.report_mode and not self.demo_scenario and not self.exported and not self.controller.running
                and self.currentId() in (PageId.RESULTS, PageId.EXPORT) and bool(self.results.results()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc on Results is too easy to press while reading the checklist: it never quits there.
        if (event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier
                and self.currentId() == PageId.RESULTS):
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self._close_confirmed or not self.unsaved_results():
            super().reject()
            return
        self.ask_before_closing()

    def accept(self) -> None:
        """Finish on the Export page loses an unsaved run just like Close does: ask too."""
        if self._close_confirmed or not self.unsaved_results():
            super().accept()
            return
        self.ask_before_closing()

    def ask_before_closing(self) -> QMessageBox:
        """'Close without saving the report?' — opened, never exec()'d."""
        if self.close_box is None:
            box = QMessageBox(self)
            box.setObjectName("CloseBox")
            box.setIcon(QMessageBox.Icon.Question)
            box.setWindowTitle("Unsaved results")
            box.setText("<b>The results of this run haven't been saved.</b>")
            box.setInformativeText("If you close now they are lost, and support will ask you to run "
                                   "the checks again. Save a report first?")
            self.close_save = box.addButton("&Save report…", QMessageBox.ButtonRole.AcceptRole)
            self.close_discard = box.addButton("&Close without saving", QMessageBox.ButtonRole.DestructiveRole)
            self.close_cancel = box.addButton(QMessageBox.StandardButton.Cancel)
            set_accessible(self.close_save, "Save report")
            set_accessible(self.close_discard, "Close without saving")
            box.setDefaultButton(self.close_save)
            box.setEscapeButton(self.close_cancel)
            box.buttonClicked.connect(self._close_answered)
            self.close_box = box
        self.close_box.open()
        return self.close_box

    def _close_answered(self, button: Any) -> None:
        if button is self.close_discard:
            self._close_confirmed = True
            super().reject()
        elif button is self.close_save:
            if self.currentId() != PageId.EXPORT:
                self.next()
            self.export_page.choose_file()

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)  # asks first when results would be lost (see reject)
        if event.isAccepted():
            self.shutdown()
