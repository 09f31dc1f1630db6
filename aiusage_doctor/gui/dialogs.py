"""The app's small dialogs: the friendly error dialog with redacted 'copy details', and
the address of a link that would not open, with a Copy button.

A module of its own so their Qt types load when a dialog is first shown, not before
the window's first paint. Every dialog is shown with `open()`, never `exec()`.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aiusage_doctor.gui import icons
from aiusage_doctor.gui.widgets import IconLabel, set_accessible


def dialog_buttons(dialog: QDialog, *actions: QPushButton) -> tuple[QDialogButtonBox, QPushButton]:
    """A dialog's button row: its action buttons and Close, which (like Esc) rejects the
    dialog. Returns the row and the Close button."""
    buttons = QDialogButtonBox()
    for action in actions:
        buttons.addButton(action, QDialogButtonBox.ButtonRole.ActionRole)
    close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
    set_accessible(close, "Close")
    buttons.rejected.connect(dialog.reject)
    return buttons, close


class ErrorDialog(QDialog):
    """A friendly message for something that went wrong, with redacted 'copy details'.

    Always shown with `open()` (window-modal, non-blocking), never `exec()`, so it is
    safe to raise from inside a coroutine.
    """

    def __init__(self, title: str, message: str, details: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from aiusage_doctor.core.redact import redact

        self.setWindowTitle(title)
        self.setObjectName("ErrorDialog")
        self.details_text = redact(details)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(IconLabel(icons.icon("error"), factor=2.0))
        self.message = QLabel(f"<p style='font-weight:600'>{escape(title)}</p>"
                              + escape(message).replace("\n", "<br>"))
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setWordWrap(True)
        self.message.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)
        top.addWidget(self.message, 1)
        layout.addLayout(top)
        self.details = QPlainTextEdit(self.details_text)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        set_accessible(self.details, "Technical details", "Redacted details for support")
        self.copy_button = QPushButton(icons.icon("copy"), "&Copy details")
        set_accessible(self.copy_button, "Copy details", "Copy the redacted technical details")
        self.show_button = QPushButton("&Show details")
        self.show_button.setCheckable(True)
        set_accessible(self.show_button, "Show details")
        buttons, self.close_button = dialog_buttons(self, self.copy_button, self.show_button)
        self.copy_button.setEnabled(bool(self.details_text))
        self.show_button.setEnabled(bool(self.details_text))
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.copy_button.clicked.connect(self.copy_details)
        self.show_button.toggled.connect(self.details.setVisible)
        self.close_button.setDefault(True)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text)
        self.copy_button.setText("Copied")
        QTimer.singleShot(1500, self.copy_button, lambda: self.copy_button.setText("&Copy details"))


class LinkDialog(QDialog):
    """'This link could not be opened': the address, selectable, with a Copy button.
    Shown with open() (never exec()), like every dialog in the app."""

    def __init__(self, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.url = url
        mail = url.lower().startswith("mailto:")
        self.setWindowTitle("No mail program opened" if mail else "No browser opened")
        self.setObjectName("LinkDialog")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(IconLabel(icons.icon("warn"), factor=2.0))
        what = "a mail program" if mail else "a web browser"
        self.message = QLabel(f"This computer could not start {what} for this link. "
                              "Copy the address and open it yourself:")
        self.message.setWordWrap(True)
        self.message.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)
        top.addWidget(self.message, 1)
        layout.addLayout(top)
        self.address = QLineEdit(url)
        self.address.setReadOnly(True)
        self.address.setCursorPosition(0)
        set_accessible(self.address, "Address", "The address that could not be opened")
        layout.addWidget(self.address)
        self.copy_button = QPushButton(icons.icon("copy"), "&Copy address")
        set_accessible(self.copy_button, "Copy address", "Copy the address to the clipboard")
        buttons, _close = dialog_buttons(self, self.copy_button)
        self.copy_button.clicked.connect(self.copy_address)
        layout.addWidget(buttons)
        self.copy_button.setDefault(True)

    def copy_address(self) -> None:
        QGuiApplication.clipboard().setText(self.url)
        self.copy_button.setText("Copied")


def show_error(parent: QWidget | None, title: str, message: str, details: str = "") -> ErrorDialog:
    """Open an ErrorDialog without blocking; it deletes itself when closed."""
    dialog = ErrorDialog(title, message, details, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


