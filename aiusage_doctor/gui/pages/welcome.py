"""Page 1: what the tool checks, the privacy promise, provider choice, and Open a report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from aiusage_doctor.gui import icons
from aiusage_doctor.gui.pages.base import BasePage, heading_label, hint_label
from aiusage_doctor.core.labels import DESCRIBED, PROVIDER_LIST, vendor_name
from aiusage_doctor.gui.state import PROVIDERS, provider_title
from aiusage_doctor.gui.widgets import Notice, icon_size, set_accessible

if TYPE_CHECKING:
    from aiusage_doctor.gui.wizard import DoctorWizard


PROVIDER_BLURBS = {
    "github": ("&GitHub Copilot", "Copilot usage metrics and seats for your enterprise or organizations."),
    "cursor": ("C&ursor", "Team members and daily usage through Cursor's Admin API, and the "
                          "Enterprise Analytics API."),
    "anthropic": ("Claude Co&de", "Claude Code usage through the Anthropic Admin API, and optionally "
                                  "this computer's Claude Code login."),
}


class WelcomePage(BasePage):
    scrolls = True  # in the smallest window its wrapped sentences would otherwise be cut off

    def __init__(self, wizard: DoctorWizard) -> None:
        super().__init__(
            wizard,
            "Check access to AI usage data",
            "Find out why usage data for your AI coding tools can't be read, and how to fix it.",
        )
        lead = QLabel(
            "AI Usage Doctor tries the credentials your company uses to read usage data, "
            "checks each step against the vendor's real API, and ends with a checklist that "
            "explains every problem in plain language with a link to the fix."
        )
        lead.setObjectName("PageLead")
        lead.setWordWrap(True)
        self.body.addWidget(lead)

        vendors = ", ".join(vendor_name(p) for p in PROVIDER_LIST)  # every provider the app can check
        privacy = Notice(
            "<b>Your secrets stay on this computer.</b> Tokens and keys are sent only to each "
            f"vendor's own API ({vendors}), are never written to disk unless you "
            "ask, and are removed from every report you export.",
            "info",
            "lock",
        )
        privacy.setAccessibleName("Privacy: secrets stay on this computer")
        self.body.addWidget(privacy)

        self.body.addWidget(heading_label("What do you want to check?"))
        self.checks: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        for i, provider in enumerate(PROVIDERS):
            text, blurb = PROVIDER_BLURBS[provider]
            box = QCheckBox(text)
            box.setIcon(icons.provider_icon(provider))
            box.setIconSize(icon_size(box, 1.25))
            set_accessible(box, f"Check {provider_title(provider)}", blurb)
            box.setToolTip(blurb)
            box.toggled.connect(self.completeChanged)
            hint = hint_label(blurb)
            grid.addWidget(box, i, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(hint, i, 1, Qt.AlignmentFlag.AlignVCenter)
            self.checks[provider] = box
        for i, (provider, described) in enumerate(DESCRIBED.items(), start=len(PROVIDERS)):
            box = QCheckBox(described.title)
            box.setIcon(icons.provider_icon(provider))
            box.setIconSize(icon_size(box, 1.25))
            set_accessible(box, f"Check {described.title}", described.blurb)
            box.setToolTip(described.blurb)
            box.toggled.connect(self.completeChanged)
            grid.addWidget(box, i, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(hint_label(described.blurb), i, 1, Qt.AlignmentFlag.AlignVCenter)
            self.checks[provider] = box
        self.body.addLayout(grid)
        self.none_hint = hint_label("Choose at least one service to continue.")
        self.body.addWidget(self.none_hint)

        self.body.addStretch(1)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        self.body.addWidget(line)
        support = QHBoxLayout()
        support_text = QVBoxLayout()
        support_text.addWidget(heading_label("For support staff"))
        support_text.addWidget(hint_label("Open a JSON report a customer exported earlier. It is shown read-only; "
                                     "nothing is checked again."))
        support.addLayout(support_text, 1)
        self.open_button = QPushButton(icons.icon("open"), "&Open a report…")
        set_accessible(self.open_button, "Open a report", "Open an exported JSON report read-only")
        self.open_button.clicked.connect(self.choose_report)
        support.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.body.addLayout(support)
        self._dialog: QFileDialog | None = None

    def initializePage(self) -> None:
        self.load()

    def load(self) -> None:
        for provider, box in self.checks.items():
            box.setChecked(provider in self.doctor.inputs.providers)

    def chosen(self) -> list[str]:
        return [p for p, box in self.checks.items() if box.isChecked()]

    def isComplete(self) -> bool:
        ok = bool(self.chosen()) or self.doctor.report_mode
        self.none_hint.setVisible(not ok)
        return ok

    def validatePage(self) -> bool:
        self.doctor.ensure_pages()  # Next pressed before the pages after this one were all built
        if not self.doctor.report_mode:
            self.doctor.inputs.providers = self.chosen()
            self.doctor.save_settings()
        return True

    def choose_report(self) -> None:
        """A non-blocking file dialog (no exec()): `fileSelected` opens the report."""
        from aiusage_doctor.core.formats import open_filter

        dialog = QFileDialog(self, "Open an AI Usage Doctor report", self.doctor.settings.last_dir, open_filter())
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.fileSelected.connect(self.doctor.open_report)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialog = dialog
        dialog.open()
