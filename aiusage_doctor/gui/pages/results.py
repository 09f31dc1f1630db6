"""Page 6: grouped results with details, fixes, filter and re-run."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QFont, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aiusage_doctor.gui import icons, widgets
from aiusage_doctor.gui.pages.base import TREE_KEY_ROLE, BasePage
from aiusage_doctor.gui.pages.results_details import details_html  # re-exported: pages/__init__ names it here
from aiusage_doctor.gui.pages.run import ChecklistTree, spin_running_rows
from aiusage_doctor.gui.state import (
    STATUS_WORDS,
    ProviderView,
    Row,
    check_details_text,
    plural,
    provider_title,
)
from aiusage_doctor.gui.theme import repolish
from aiusage_doctor.gui.widgets import IconLabel, icon_size, set_accessible

if TYPE_CHECKING:
    from aiusage_doctor.gui.wizard import DoctorWizard


BANNER_ICONS = {"ok": "pass", "warnings": "warn", "problems": "fail", "running": "running",
                "empty": "info", "readonly": "info"}


class MiddleElideDelegate(QStyledItemDelegate):
    """Elides in the middle: 'Organization acme-…-platform' keeps what tells rows apart."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class ResultsPage(BasePage):
    """Grouped results, failures first; details with clickable fixes; filter; re-run."""

    def __init__(self, wizard: DoctorWizard) -> None:
        super().__init__(wizard, "Results", "Select a check to see what went wrong and how to fix it.")
        self.banner = QFrame()
        self.banner.setObjectName("Banner")
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(12, 8, 12, 8)
        self.banner_icon = IconLabel(icons.icon("info"), factor=1.6)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        self.headline = QLabel()
        self.headline.setObjectName("BannerHeadline")
        self.headline.setWordWrap(True)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setVisible(False)
        texts.addWidget(self.headline)
        texts.addWidget(self.counts)
        texts.addWidget(self.source)
        banner_layout.addWidget(self.banner_icon, 0, Qt.AlignmentFlag.AlignVCenter)
        banner_layout.addLayout(texts, 1)
        self.banner.setAccessibleName("Summary")
        self.body.addWidget(self.banner)

        bar = QHBoxLayout()
        self.filter = QComboBox()
        self.filter.addItems(["All checks", "Problems only"])
        set_accessible(self.filter, "Show", "Show all checks or only the problems")
        self.filter.view().setAccessibleName("Show options")
        filter_label = QLabel("Sh&ow:")
        filter_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(lambda *_: self.refresh())
        self.rerun_one = QPushButton(icons.icon("refresh"), "Re-run &selected")
        set_accessible(self.rerun_one, "Re-run the selected check",
                       "Run the selected check again, with the checks it depends on")
        self.rerun_one.setToolTip("Run the selected check again (and the checks it depends on)")
        self.rerun_all = QPushButton(icons.icon("refresh"), "Re-run a&ll")
        set_accessible(self.rerun_all, "Re-run all checks")
        self.rerun_one.clicked.connect(self.rerun_selected)
        self.rerun_all.clicked.connect(lambda: self.doctor.start_run(rerun=True))
        bar.addWidget(filter_label)
        bar.addWidget(self.filter)
        bar.addStretch(1)
        bar.addWidget(self.rerun_one)
        bar.addWidget(self.rerun_all)
        self.body.addLayout(bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.tree = ChecklistTree(0.55)
        self.tree.setObjectName("ResultsTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Check", "Result"])
        self.tree.setUniformRowHeights(True)
        self.tree.setIconSize(icon_size(self.tree))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Long target and check names keep both ends ("Organization acme-…-platform"), so two
        # similar rows never look the same; the full text is in each row's tooltip.
        self.tree.setItemDelegateForColumn(0, MiddleElideDelegate(self.tree))
        set_accessible(self.tree, "Results", "Checks grouped by service and target, problems first")
        self.tree.currentItemChanged.connect(lambda *_: self.show_details())
        self.tree.itemActivated.connect(lambda *_: self.details.setFocus())
        details_box = QWidget()
        details_layout = QVBoxLayout(details_box)
        details_layout.setContentsMargins(0, 0, 0, 0)
        self.details = QTextBrowser()
        self.details.setObjectName("Details")
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(lambda url: widgets.open_link(url.toString(), self))
        set_accessible(self.details, "Details", "Cause, evidence and how to fix the selected check")
        self.copy_button = QPushButton(icons.icon("copy"), "Cop&y details")
        set_accessible(self.copy_button, "Copy details", "Copy the selected check's redacted details")
        self.copy_button.clicked.connect(self.copy_details)
        self.copy_button.setMinimumWidth(self.copy_button.sizeHint().width())  # "Copied" is shorter: no jump
        details_layout.addWidget(self.details, 1)
        details_layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignRight)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(details_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.body.addWidget(self.splitter, 1)
        self._items: dict[tuple[str, str], QTreeWidgetItem] = {}
        self._frame = 0
        self.spinner = QTimer(self)
        self.spinner.setInterval(90)
        self.spinner.timeout.connect(self._tick)

    NARROW_CHARS = 175
    """Below this page width (in average characters) the details go under the checklist, so
    the Result column keeps room to be read instead of being squeezed between two panes."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        narrow = self.width() < self.fontMetrics().averageCharWidth() * self.NARROW_CHARS
        wanted = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            total = self.width() if not narrow else max(self.splitter.height(), 2)
            share = 0.6 if not narrow else 0.5
            self.splitter.setSizes([int(total * share), total - int(total * share)])
            self.tree.fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.show_details()  # rich text picks up the new link colour

    def initializePage(self) -> None:
        read_only = self.doctor.report_mode
        self.rerun_one.setVisible(not read_only)
        self.rerun_all.setVisible(not read_only)
        self.refresh(select_first=True)
        # Arrow keys should walk the checklist, not change the filter above it; the wizard
        # moves the focus after this returns, so take it on the next turn of the loop.
        QTimer.singleShot(0, self.tree, self.tree.setFocus)

    def isComplete(self) -> bool:
        return not self.doctor.running

    @property
    def problems_only(self) -> bool:
        return self.filter.currentIndex() == 1

    def selected_key(self) -> tuple[str, str] | None:
        item = self.tree.currentItem()
        key = item.data(0, TREE_KEY_ROLE) if item is not None else None
        return tuple(key) if key else None  # type: ignore[return-value]

    def refresh(self, select_first: bool = False) -> None:
        """Rebuild the tree from the model, keeping the selection where possible."""
        model = self.doctor.results
        keep = self.selected_key()
        self._update_banner()
        self.tree.blockSignals(True)
        self.tree.clear()
        self._items.clear()
        first_problem: QTreeWidgetItem | None = None
        first_row: QTreeWidgetItem | None = None
        shown_under_cause: set[tuple[str, str]] = set()
        for cause in model.cause_groups():
            # One cause behind several rows: the cause on top, the rows it explains under it.
            top = QTreeWidgetItem([f"{cause.title} — {plural(len(cause.rows), 'check')} affected"])
            top.setIcon(0, icons.status_icon(cause.status))
            top.setToolTip(0, widgets.plain_tip(cause.title))
            top.setData(0, Qt.ItemDataRole.AccessibleTextRole,
                        f"Root cause, {STATUS_WORDS.get(cause.status, cause.status)}: {cause.title}")
            font = QFont(top.font(0))
            font.setBold(True)
            top.setFont(0, font)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for row in cause.rows:
                if self.problems_only and not row.is_problem:
                    continue
                item = QTreeWidgetItem()
                _fill_result_item(item, row, self._frame)
                top.addChild(item)
                self._items[row.key] = item
                shown_under_cause.add(row.key)
                if first_row is None:
                    first_row = item
                if first_problem is None and row.is_problem:
                    first_problem = item
        for group in model.groups(self.problems_only, exclude=shown_under_cause):
            top = self._provider_item(group)
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for target in group.targets:
                parent = top
                if len(group.targets) > 1 or target.target not in ("run", "token", "key"):
                    parent = QTreeWidgetItem([target.label])
                    if target.problems:
                        parent.setText(0, f"{target.label} — {plural(target.problems, 'problem')}")
                    parent.setIcon(0, icons.status_icon(target.status))
                    parent.setToolTip(0, widgets.plain_tip(parent.text(0)))
                    parent.setData(0, Qt.ItemDataRole.AccessibleTextRole,
                                   f"{STATUS_WORDS.get(target.status, target.status)}: {parent.text(0)}")
                    parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    top.addChild(parent)
                    parent.setFirstColumnSpanned(True)
                for row in target.rows:
                    item = QTreeWidgetItem()
                    _fill_result_item(item, row, self._frame)
                    parent.addChild(item)
                    self._items[row.key] = item
                    if first_row is None:
                        first_row = item
                    if first_problem is None and row.is_problem:
                        first_problem = item
        self.tree.expandAll()
        self.tree.fit_columns()
        target = self._items.get(keep) if keep else None
        if target is None and (select_first or keep):
            target = first_problem or first_row
        if target is not None:
            self.tree.setCurrentItem(target)
        self.tree.blockSignals(False)
        self.show_details()  # once: the selection above was made with signals blocked
        self.rerun_all.setEnabled(not self.doctor.running and not self.doctor.report_mode)
        if model.running():
            self.spinner.start()
        else:
            self.spinner.stop()
        self.completeChanged.emit()

    def _provider_item(self, group: ProviderView) -> QTreeWidgetItem:
        text = group.title
        if group.problems:
            text += f" — {plural(group.problems, 'problem')}"
        item = QTreeWidgetItem([text])
        item.setToolTip(0, widgets.plain_tip(text))
        item.setIcon(0, icons.provider_icon(group.provider))
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    def _update_banner(self) -> None:
        model = self.doctor.results
        banner = model.banner(running=self.doctor.running)
        opened = self.doctor.opened_report
        skipped = (opened.config.skipped_on_request if opened is not None else []) if model.source \
            else self.doctor.skipped_in_run
        if skipped:  # "Skip this provider" on its page: not checked, and the admin should see that
            note = "Skipped on request (not checked): " + ", ".join(provider_title(p) for p in skipped)
            banner = replace(banner, detail=" · ".join(filter(None, [banner.detail, note])))
        self.headline.setText(banner.headline)
        self.counts.setText(banner.detail)
        self.counts.setVisible(bool(banner.detail))
        level = banner.level
        # By icon name, as the field verdicts do: "info" is no check status (status_icon would
        # show the waiting circle for it).
        self.banner_icon.set_icon(icons.icon(BANNER_ICONS.get(level, "info")))
        if model.source:
            report = self.doctor.opened_report
            lines = [f"Read-only view of <b>{escape(model.source)}</b>."]
            if report is not None:
                from aiusage_doctor.gui.opened_report import environment_lines

                env = environment_lines(report)
                lines[0] += " " + escape(env[0])
                lines += [escape(line) for line in env[1:]]
            self.source.setText("<br>".join(lines))
            self.source.setToolTip("What the customer's run was made with and what it checked")
            self.source.setVisible(True)
        else:
            self.source.setVisible(False)
        self.banner.setAccessibleDescription(f"{banner.headline}. {banner.detail}")
        if self.banner.property("level") != level:  # restyle only when the level changes
            self.banner.setProperty("level", level)
            repolish(self.banner)

    def row_changed(self, row: Row) -> None:
        item = self._items.get(row.key)
        if item is not None:
            _fill_result_item(item, row, self._frame)
        self._update_banner()
        if row.key == self.selected_key():
            self.show_details()

    def run_started(self) -> None:
        self.rerun_one.setEnabled(False)
        self.rerun_all.setEnabled(False)
        self.spinner.start()
        self._update_banner()
        self.completeChanged.emit()

    def run_finished(self) -> None:
        self.spinner.stop()
        self.refresh()

    def _tick(self) -> None:
        self._frame += 1
        spin_running_rows(self._items, self.doctor.results.running(), self._frame)

    def rerun_selected(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.doctor.start_run(select={key}, rerun=True)

    def show_details(self) -> None:
        key = self.selected_key()
        row = self.doctor.results.row(key) if key else None
        self.copy_button.setEnabled(row is not None and row.result is not None)
        self.rerun_one.setEnabled(row is not None and not self.doctor.running and not self.doctor.report_mode)
        if row is None:
            if not len(self.doctor.results):
                text = "No checks to show."
            elif self.problems_only and not self._items:  # the filter left nothing to select
                text = ("No finished check has a warning, a failure or an error. Choose “All checks” "
                        "next to Show to see every check, the skipped ones too.")
            else:
                text = "Select a check to see its cause, the evidence and how to fix it."
            self.details.setHtml(f"<p>{text}</p>")
            return
        age = None
        if self.doctor.opened_report is not None:
            from aiusage_doctor.gui.opened_report import report_age

            age = report_age(self.doctor.opened_report)
        self.details.setHtml(details_html(row, age))

    def copy_details(self) -> None:
        key = self.selected_key()
        row = self.doctor.results.row(key) if key else None
        if row is None or row.result is None:
            return
        QGuiApplication.clipboard().setText(check_details_text(row.result))
        self.copy_button.setText("Copied")
        QTimer.singleShot(1500, self.copy_button, lambda: self.copy_button.setText("Cop&y details"))


def _fill_result_item(item: QTreeWidgetItem, row: Row, frame: int) -> None:
    word = STATUS_WORDS.get(row.status, row.status)
    item.setIcon(0, icons.status_icon(row.status, frame))
    item.setText(0, row.title)
    item.setText(1, row.summary)
    item.setToolTip(0, widgets.plain_tip(f"{word}: {row.title}"))
    item.setToolTip(1, widgets.plain_tip(row.summary))
    item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{word}: {row.title}")
    item.setData(0, TREE_KEY_ROLE, row.key)
