"""Page 7: preview the redacted report, save it, copy a summary, email support."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QTextOption
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QInputDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTextBrowser,
)

from aiusage_doctor.core.formats import REPORT_FORMATS
from aiusage_doctor.gui import icons, widgets
from aiusage_doctor.gui.pages.base import BasePage
from aiusage_doctor.gui.pages.export_preview import reader_view_html  # re-exported
from aiusage_doctor.gui.state import EXPORT_FORMATS, default_report_name, mailto_url
from aiusage_doctor.gui.widgets import Notice, set_accessible

_REPORT_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report")
"""Builds and renders large reports off the GUI thread."""

RENDER_LIMIT = 400_000
"""Characters up to which HTML and Markdown are shown laid out, as the reader will see them;
Qt lays out rich text on the GUI thread, and a larger report would freeze the window."""

if TYPE_CHECKING:
    from aiusage_doctor.gui.wizard import DoctorWizard


class ExportPage(BasePage):
    """Preview the exact redacted file, save it, copy a summary, or email support."""

    saved = Signal(str)

    def __init__(self, wizard: DoctorWizard) -> None:
        super().__init__(wizard, "Export a report for support",
                         "Preview exactly what will be saved. Tokens and keys are already removed.")
        self.setFinalPage(True)
        formats = QHBoxLayout()
        formats.addWidget(QLabel("Format:"))
        self.format_group = QButtonGroup(self)
        self.format_buttons: dict[str, QRadioButton] = {}
        for fmt in EXPORT_FORMATS:  # core.formats, the one list of formats
            spec = REPORT_FORMATS[fmt]
            button = QRadioButton(spec.mnemonic or spec.label)
            button.setToolTip(spec.hint)
            set_accessible(button, f"{spec.label} format", spec.hint)
            self.format_group.addButton(button)
            self.format_buttons[fmt] = button
            formats.addWidget(button)
            button.toggled.connect(self._format_toggled)
        formats.addStretch(1)
        self.source_box = QCheckBox("Show s&ource")
        set_accessible(self.source_box, "Show source", "Show the file's text instead of how it will look")
        self.source_box.toggled.connect(lambda _on: self._show_preview())
        formats.addWidget(self.source_box)
        self.body.addLayout(formats)

        self.preview = QPlainTextEdit()
        self.preview.setObjectName("Preview")
        self.preview.setReadOnly(True)
        self.preview.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        set_accessible(self.preview, "Preview", "The exact text that will be saved, with secrets removed")
        self.rendered = QTextBrowser()
        self.rendered.setObjectName("RenderedPreview")
        self.rendered.setOpenLinks(False)
        self.rendered.document().setDefaultStyleSheet("pre { white-space: pre-wrap; }")
        self.rendered.anchorClicked.connect(lambda url: widgets.open_link(url.toString(), self))
        set_accessible(self.rendered, "Preview", "The report as the reader will see it, with secrets removed")
        self.preview_stack = QStackedWidget()
        self.preview_stack.addWidget(self.preview)
        self.preview_stack.addWidget(self.rendered)
        # The status sits above the preview, which gives up the room: the buttons under the
        # preview stay where they are when a message appears.
        self.status = Notice("", "info", "info")
        self.status.setVisible(False)
        self.body.addWidget(self.status)
        self.body.addWidget(self.preview_stack, 1)

        support = QHBoxLayout()
        self.support_edit = QLineEdit()
        self.support_edit.setPlaceholderText("Asked for when you first use Email support")
        set_accessible(self.support_edit, "Support email address")
        support_label = QLabel("Support a&ddress:")
        support_label.setBuddy(self.support_edit)
        support.addWidget(support_label)
        support.addWidget(self.support_edit, 1)
        self.body.addLayout(support)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(icons.icon("save"), "&Save report…")
        set_accessible(self.save_button, "Save report", "Save the report in the chosen format")
        self.copy_button = QPushButton(icons.icon("copy"), "&Copy summary")
        set_accessible(self.copy_button, "Copy summary", "Copy a short redacted summary to the clipboard")
        self.email_button = QPushButton(icons.icon("mail"), "&Email support…")
        set_accessible(self.email_button, "Email support",
                       "Open your mail program with the summary; attach the saved file")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.email_button)
        buttons.addStretch(1)
        self.body.addLayout(buttons)

        self.save_button.clicked.connect(self.choose_file)
        self.copy_button.clicked.connect(self.copy_summary)
        self.email_button.clicked.connect(self.email_support)
        self.support_edit.editingFinished.connect(self._support_changed)
        self.saved_path: str | None = None
        self._dialog: QFileDialog | None = None
        self.ask_dialog: QInputDialog | None = None
        self._rendered: dict[str, str] = {}
        self._jobs: dict[str, asyncio.Future[None]] = {}
        self._rendered_from: object | None = None
        self._shown_in_rendered: tuple[str, int] | None = None

    def initializePage(self) -> None:
        # Coming back to this page after a re-run shows the new report; after Back/Next
        # alone the rendered texts are still exact and are not prepared again.
        if self.doctor.built_report is None or self.doctor.built_report is not self._rendered_from:
            self._rendered.clear()
        self.saved_path = None
        self.status.setVisible(False)
        self.support_edit.setText(self.doctor.settings.support_email)
        fmt = self.doctor.settings.export_format
        button = self.format_buttons[fmt]
        if button.isChecked():
            self.update_preview()
        else:
            button.setChecked(True)

    def fmt(self) -> str:
        for fmt, button in self.format_buttons.items():
            if button.isChecked():
                return fmt
        return "html"

    def _format_toggled(self, on: bool) -> None:
        if on:
            self.doctor.settings.export_format = self.fmt()
            self.update_preview()

    def text(self, fmt: str | None = None) -> str:
        """The exact file content for `fmt` (cached per page visit)."""
        fmt = fmt or self.fmt()
        if fmt not in self._rendered:
            from aiusage_doctor.core.render import render

            report = self.doctor.current_report()
            self._rendered[fmt] = render(report, fmt)  # type: ignore[arg-type]
            self._rendered_from = report
        return self._rendered[fmt]

    # Building and rendering a report of a few hundred checks takes most of a second of
    # redaction and formatting, so large reports are prepared off the GUI thread (the
    # window keeps painting); small ones, the usual case, appear at once.
    BACKGROUND_FROM_CHECKS = 150

    def update_preview(self) -> None:
        fmt = self.fmt()
        if fmt not in self._rendered and len(self.doctor.results) >= self.BACKGROUND_FROM_CHECKS:
            self._prepare_in_background(fmt)
            return
        try:
            text = self.text()
        except Exception as exc:  # never crash on a malformed opened report
            self.doctor.report_problem("The report could not be prepared.", exc)
            return
        self._show_text(text)
        self._set_actions_enabled(True)

    def _show_text(self, text: str) -> None:
        self.preview.setPlainText(text)
        self._shown_in_rendered = None
        self._show_preview()

    def laid_out(self) -> bool:
        """Whether the preview shows the report laid out (HTML, Markdown) rather than its text."""
        return self.preview_stack.currentWidget() is self.rendered

    def _show_preview(self) -> None:
        """Laid out as the reader will see it (HTML, Markdown), or the file's text (JSON, the
        'Show source' box, a report too large to lay out here)."""
        fmt = self.fmt()
        text = self._rendered.get(fmt)
        can_lay_out = fmt in ("html", "markdown") and text is not None and len(text) <= RENDER_LIMIT
        self.source_box.setEnabled(can_lay_out)
        if fmt == "json":
            self.source_box.setToolTip("JSON is always shown as it is saved")
        elif text is not None and len(text) > RENDER_LIMIT:
            self.source_box.setToolTip("This report is too large to lay out here; its text is shown")
        else:
            self.source_box.setToolTip("")
        if not can_lay_out or self.source_box.isChecked():
            self.preview_stack.setCurrentWidget(self.preview)
            return
        if self._shown_in_rendered != (fmt, id(text)):
            if fmt == "html":
                self.rendered.setHtml(reader_view_html(text))
            else:
                self.rendered.setMarkdown(text)
            self._shown_in_rendered = (fmt, id(text))
        self.preview_stack.setCurrentWidget(self.rendered)

    def _set_actions_enabled(self, enabled: bool) -> None:
        for button in (self.save_button, self.copy_button, self.email_button):
            button.setEnabled(enabled)

    def _prepare_in_background(self, fmt: str) -> None:
        self.preview.setPlainText("Preparing the report…")
        self.preview_stack.setCurrentWidget(self.preview)
        self._set_actions_enabled(False)
        if fmt not in self._jobs:  # switching formats back and forth doesn't start it twice
            self._jobs[fmt] = asyncio.ensure_future(self._render_off_thread(fmt))

    async def _render_off_thread(self, fmt: str) -> None:
        from aiusage_doctor.core.render import render

        loop = asyncio.get_running_loop()
        try:
            # One worker, so the report is built once even when two formats are asked for at
            # once (the second job finds it cached); a plain Python thread, not qasync's
            # QThread executor, which the loop would have to shut down before the process ends.
            report = await loop.run_in_executor(_REPORT_WORKER, self.doctor.current_report)
            text = await loop.run_in_executor(_REPORT_WORKER, render, report, fmt)
        except Exception as exc:  # never crash on a malformed report
            self.doctor.report_problem("The report could not be prepared.", exc)
            return
        finally:
            self._jobs.pop(fmt, None)
        if report is not self.doctor.built_report:
            return  # the checks were re-run meanwhile: this text is already out of date
        self._rendered_from = report
        self._rendered[fmt] = text
        if self.fmt() == fmt and self.isVisible():
            self._show_text(text)
            self._set_actions_enabled(True)

    def _support_changed(self) -> None:
        address = self.support_edit.text().strip()
        if widgets.email_problem(address) is None:
            self.doctor.settings.support_email = address

    def ask_support_address(self, problem: str | None = None, typed: str | None = None) -> QInputDialog:
        """Ask where Email support should write (first use, or an unusable address), without
        blocking; a valid answer is remembered and the email is then written."""
        dialog = QInputDialog(self)
        dialog.setObjectName("SupportAddressDialog")
        dialog.setWindowTitle("Support address")
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        intro = "Where should the email go? Enter your support team's address; it is remembered."
        dialog.setLabelText(f"{problem}\n\n{intro}" if problem else intro)
        dialog.setTextValue(typed if typed is not None else self.support_edit.text().strip())
        dialog.setOkButtonText("&Write email")
        dialog.textValueSelected.connect(self._support_given)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ask_dialog = dialog
        dialog.open()
        return dialog

    def _support_given(self, address: str) -> None:
        problem = widgets.email_problem(address)
        if problem is not None:
            self.ask_support_address(problem, address.strip())  # keep it, to correct
            return
        self.support_edit.setText(address.strip())
        self._support_changed()
        self.email_support()

    def default_path(self) -> str:
        import os

        report = self.doctor.current_report()
        name = default_report_name(self.fmt(), report.generated_at.strftime("%Y-%m-%d"))
        folder = self.doctor.settings.last_dir or os.path.expanduser("~")
        return os.path.join(folder, name)

    def choose_file(self) -> None:
        """Ask where to save, without blocking (dialog.open(), never exec())."""
        fmt = self.fmt()
        _, suffix, pattern = EXPORT_FORMATS[fmt]
        dialog = QFileDialog(self, "Save the report", self.default_path(), pattern)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(suffix)
        dialog.fileSelected.connect(self.save_to)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialog = dialog
        dialog.open()

    def save_to(self, path: str) -> bool:
        import os

        try:
            text = self.text()
            from aiusage_doctor.core.private_files import write_private

            write_private(path, text)  # 0600, via a temporary file: never through a symlink
        except OSError as exc:
            self.status.set_text(f"<b>Could not save the report:</b> {escape(exc.strerror or str(exc))} "
                                 f"({escape(path)}). Choose another folder.", "error", "fail")
            self.status.setVisible(True)
            return False
        self.saved_path = path
        self.doctor.settings.last_dir = os.path.dirname(path)
        self.status.set_text(f"<b>Saved</b> to {escape(path)}. Attach this file when you write to support.",
                             "ok", "pass")
        self.status.setVisible(True)
        self.saved.emit(path)
        return True

    def summary(self) -> str:
        from aiusage_doctor.core.report import summary_text

        return summary_text(self.doctor.current_report())

    def copy_summary(self) -> None:
        QGuiApplication.clipboard().setText(self.summary())
        self.status.set_text("<b>Summary copied</b> to the clipboard (no secrets in it).", "ok", "pass")
        self.status.setVisible(True)

    def email_support(self) -> None:
        import os

        address = self.support_edit.text().strip() or self.doctor.settings.support_email
        problem = widgets.email_problem(address)
        if problem is not None:
            self.ask_support_address(problem if address else None)
            return
        self.support_edit.setText(address)
        self._support_changed()
        report = self.doctor.current_report()
        subject = f"AI Usage Doctor report: {report.summary.headline}"
        attachment = os.path.basename(self.saved_path) if self.saved_path else None
        url = mailto_url(address, subject, self.summary(), attachment)
        opened = widgets.open_url(url)
        if not opened:
            self.status.set_text("No mail program opened. Copy the summary and send it, with the saved "
                                 f"report attached, to {escape(address)}.", "warn", "warn")
        elif self.saved_path:
            self.status.set_text(f"Your mail program should open now. Attach <b>{escape(self.saved_path)}</b>.",
                                 "info", "mail")
        else:
            self.status.set_text("Your mail program should open now. Save the report first (Save report…) "
                                 "and attach the file to the email.", "info", "mail")
        self.status.setVisible(True)
