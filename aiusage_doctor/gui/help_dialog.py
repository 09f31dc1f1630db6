"""The app's help pages, shown in the app.

A "Help page" link in a result, or a network failure's "how to fix" link, points into
the published docs; `widgets.open_url` hands such links here so they open from the copy
shipped with the app (see core/help_docs.py): the section for this version, offline.
"Open in browser" still goes to the published page.
"""

from __future__ import annotations

from urllib.parse import urljoin

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from aiusage_doctor.core.help_docs import HelpSection
from aiusage_doctor.gui import icons
from aiusage_doctor.gui.dialogs import LinkDialog, dialog_buttons
from aiusage_doctor.gui.widgets import set_accessible


class HelpDialog(QDialog):
    """One help section at a time; links to other sections replace it in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HelpDialog")
        self.section: HelpSection | None = None
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        set_accessible(self.browser, "Help text")
        layout.addWidget(self.browser, 1)
        self.online_button = QPushButton(icons.icon("link"), "Open in &browser")
        set_accessible(self.online_button, "Open in browser", "Open the published version of this help page")
        buttons, close = dialog_buttons(self, self.online_button)
        close.setDefault(True)
        self.online_button.clicked.connect(self._open_online)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 80, metrics.height() * 30)

    def show_section(self, section: HelpSection) -> None:
        from aiusage_doctor.gui import widgets

        self.section = section
        self.setWindowTitle(f"Help — {section.title}")
        self.browser.setMarkdown(section.markdown)
        self.online_button.setToolTip(section.url)
        # Only a published web page can be opened in a browser: not a placeholder, and not the
        # shipped copy's own reference (docs/…), which has no address.
        self.online_button.setVisible(not widgets.is_placeholder(section.url)
                                      and section.url.lower().startswith(("http://", "https://")))

    def _follow(self, url: QUrl) -> None:
        from aiusage_doctor.gui import widgets

        href = url.toString()
        if self.section is not None and "://" not in href and not href.startswith("mailto:"):
            href = urljoin(self.section.url, href)  # a relative link between help pages
        widgets.open_link(href, self)

    def _open_online(self) -> None:
        from aiusage_doctor.gui import widgets

        if self.section is not None and not widgets.is_placeholder(self.section.url):
            if not QDesktopServices.openUrl(QUrl(self.section.url)):
                dialog = LinkDialog(self.section.url, self)
                dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                dialog.open()


def show_help(section: HelpSection) -> HelpDialog:
    """Show `section` in the window's help dialog (reused while it is open; never modal,
    so the checklist stays usable next to it)."""
    active = QApplication.activeWindow()
    if isinstance(active, HelpDialog):
        dialog = active
    else:
        owner = active if active is not None else _main_window()
        dialog = owner.findChild(HelpDialog) if owner is not None else None
        if dialog is None:
            dialog = HelpDialog(owner)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show_section(section)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def _main_window() -> QWidget | None:
    windows = [w for w in QApplication.topLevelWidgets() if w.isVisible() and not isinstance(w, QDialog)]
    return windows[0] if windows else None
