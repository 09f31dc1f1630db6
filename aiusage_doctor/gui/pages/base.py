"""Page ids, the common page layout, and small layout helpers shared by the pages."""

from __future__ import annotations

from enum import IntEnum
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from aiusage_doctor.gui.widgets import set_accessible

if TYPE_CHECKING:
    from aiusage_doctor.gui.wizard import DoctorWizard


class PageId(IntEnum):
    WELCOME = 0
    GITHUB = 1
    CURSOR = 2
    CLAUDE = 3
    RUN = 4
    RESULTS = 5
    EXPORT = 6


PROVIDER_PAGES = {"github": PageId.GITHUB, "cursor": PageId.CURSOR, "anthropic": PageId.CLAUDE}

TREE_KEY_ROLE = Qt.ItemDataRole.UserRole + 1


def heading_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("SectionHeading")
    return label


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("Hint")
    label.setWordWrap(True)
    return label


def make_form(parent: QWidget | None = None) -> QFormLayout:
    form = QFormLayout(parent) if parent is not None else QFormLayout()
    # Let wrapped hint and error labels use the whole width (the platform default may not).
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return form


def field_cell(*parts: QWidget | QHBoxLayout) -> QWidget:
    """One form field made of a control and the messages under it (hidden ones take no space)."""
    cell = QWidget()
    layout = QVBoxLayout(cell)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(3)
    for part in parts:
        if isinstance(part, QHBoxLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    return cell


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("FieldError")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def show_field_error(label: QLabel, message: str | None) -> None:
    label.setText(f"<b>✗</b> {escape(message)}" if message else "")
    label.setVisible(bool(message))


class BasePage(QWizardPage):
    """Common layout: optional demo badge, then the page body."""

    scrolls = False
    """Pages of fields scroll when the window is too small for them (800×600 with Advanced
    open) instead of squeezing the fields over each other."""

    def __init__(self, wizard: DoctorWizard, title: str, subtitle: str) -> None:
        super().__init__()
        self.doctor = wizard
        self.plain_title = title
        self.setTitle(f"<span style='font-size:13pt'>{escape(title)}</span>")
        self.setSubTitle(subtitle)
        if self.scrolls:
            outer = QVBoxLayout(self)
            outer.setContentsMargins(0, 0, 0, 0)
            self.scroll_area = QScrollArea()
            self.scroll_area.setWidgetResizable(True)
            self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
            self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            content = QWidget()
            content.setObjectName("PageContent")
            self.scroll_area.setWidget(content)
            outer.addWidget(self.scroll_area)
            self.body = QVBoxLayout(content)
        else:
            self.body = QVBoxLayout(self)
        self.body.setSpacing(10)
        if wizard.demo_scenario:
            badge_row = QHBoxLayout()
            badge_row.addStretch(1)
            badge = QLabel("Demo — simulated data")
            badge.setObjectName("DemoBadge")
            badge.setToolTip(
                f"Scenario '{wizard.demo_scenario}': every answer comes from the built-in simulator, "
                "not from GitHub, Cursor or Anthropic."
            )
            set_accessible(badge, "Demo mode: simulated data")
            badge_row.addWidget(badge)
            self.body.addLayout(badge_row)
            self.demo_badge = badge

    def order_links_last(self) -> None:
        """Tab visits the page's fields and buttons first, in layout order, then its links.

        Qt puts each help link (a keyboard-accessible label) in the Tab chain where it sits,
        so an admin tabbing from the token to the next field would stop on two or three
        links first and type into nothing. Links stay reachable, after the inputs."""
        from aiusage_doctor.gui.widgets import LinkLabel

        chain: list[QWidget] = []
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self and len(chain) < 500:
            if self.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                chain.append(widget)
            widget = widget.nextInFocusChain()
        ordered = [w for w in chain if not isinstance(w, LinkLabel)] + [w for w in chain if isinstance(w, LinkLabel)]
        for first, second in zip(ordered, ordered[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def cleanupPage(self) -> None:
        """Keep what was typed when the user goes Back (the default would reset fields)."""
