"""Page 5: the live checklist while the checks run."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from aiusage_doctor.gui import icons, widgets
from aiusage_doctor.gui.pages.base import TREE_KEY_ROLE, BasePage
from aiusage_doctor.gui.state import STATUS_WORDS, Row, provider_title, target_label
from aiusage_doctor.gui.widgets import Notice, icon_size, set_accessible

if TYPE_CHECKING:
    from aiusage_doctor.gui.wizard import DoctorWizard


def _fill_row_item(item: QTreeWidgetItem, row: Row, frame: int) -> None:
    item.setIcon(0, icons.status_icon(row.status, frame))
    item.setText(0, row.title)
    item.setText(1, target_label(row.target))
    item.setText(2, row.summary)
    word = STATUS_WORDS.get(row.status, row.status)
    item.setToolTip(0, widgets.plain_tip(f"{word}: {row.title}"))
    item.setToolTip(2, widgets.plain_tip(row.summary))
    item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{word}: {row.title}, {target_label(row.target)}")
    item.setData(0, TREE_KEY_ROLE, row.key)


def _shown_as(row: Row) -> tuple[str, str, str]:
    """What a row's item shows (besides the spinner frame): unchanged, it needn't be refilled."""
    return row.status, row.title, row.summary


def spin_running_rows(items: dict[Any, QTreeWidgetItem], running: Iterable[Row], frame: int) -> None:
    """Advance the spinner icon of every row that is still running."""
    for row in running:
        item = items.get(row.key)
        if item is not None:
            item.setIcon(0, icons.status_icon("running", frame))


FIT_ROWS = 200
"""Rows measured (besides those in view) when a checklist column is fitted to its text."""


class ChecklistTree(QTreeWidget):
    """A tree whose first column fits its titles but never takes more than `share` of the width,
    so the one-line result next to it stays readable at any window size or scale."""

    def __init__(self, share: float = 0.5, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.share = share
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.header().setStretchLastSection(True)
        # Fitting a column measures the rows in view plus at most FIT_ROWS others (Qt's
        # default is 1000): a 2,000-row run then fits in a few milliseconds, not tens.
        self.header().setResizeContentsPrecision(FIT_ROWS)
        # Measuring a column walks every row, so rows arriving in a burst (hundreds of
        # checks scheduled at once for a large enterprise) share one deferred fit.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(50)
        self._fit_timer.timeout.connect(self._deferred_layout)
        self._follow: QTreeWidgetItem | None = None

    def schedule_fit(self) -> None:
        """Fit the columns soon, once, however many rows were added meanwhile."""
        if not self._fit_timer.isActive():
            self._fit_timer.start()

    def follow(self, item: QTreeWidgetItem) -> None:
        """Bring a newly added row into view, together with the next deferred fit."""
        self._follow = item
        self.schedule_fit()

    def _deferred_layout(self) -> None:
        self.fit_columns()
        item, self._follow = self._follow, None
        if item is not None:
            self.scrollToItem(item)

    def fit_columns(self) -> None:
        width = self.viewport().width()
        if width <= 0:
            return
        last = self.columnCount() - 1
        budget = int(width * self.share)
        for column in range(last):
            # The heading's width too: with no rows (a filter that leaves none) it is all there is.
            wanted = max(self.sizeHintForColumn(column) + self.indentation() // 2,
                         self.header().sectionSizeHint(column))
            self.setColumnWidth(column, min(wanted, budget))
            budget = max(budget - self.columnWidth(column), int(width * 0.15))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit_columns()


class RunPage(BasePage):
    """The live checklist: a row per check, a spinner while it runs, its verdict when done."""

    def __init__(self, wizard: DoctorWizard) -> None:
        super().__init__(wizard, "Running the checks",
                         "Each check shows its result as soon as it finishes.")
        top = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat("%v of %m checks")
        set_accessible(self.progress, "Progress of the checks")
        self.elapsed = QLabel("0:00")
        set_accessible(self.elapsed, "Elapsed time")
        self.elapsed.setMinimumWidth(self.fontMetrics().horizontalAdvance("Elapsed 00:00 "))
        self.cancel_button = QPushButton("Cancel &run")
        set_accessible(self.cancel_button, "Cancel the run", "Stop the checks; finished results are kept")
        self.cancel_button.clicked.connect(self.doctor.cancel_run)
        top.addWidget(self.progress, 1)
        top.addWidget(self.elapsed)
        top.addWidget(self.cancel_button)
        self.body.addLayout(top)
        self.tree = ChecklistTree(0.6)
        self.tree.setObjectName("Checklist")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Check", "Target", "Result"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree.setIconSize(icon_size(self.tree))
        set_accessible(self.tree, "Checklist", "Every check and its result, updated live")
        self.body.addWidget(self.tree, 1)
        self.status = Notice("", "info", "info")
        self.status.setVisible(False)
        self.body.addWidget(self.status)
        self._items: dict[tuple[str, str], QTreeWidgetItem] = {}
        self._shown: dict[tuple[str, str], tuple[str, str, str]] = {}
        self._groups: dict[str, QTreeWidgetItem] = {}
        # Counting progress walks every row: rows arriving in a burst share one count.
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(100)
        self._progress_timer.timeout.connect(self._update_progress)
        self._frame = 0
        self._seconds = 0.0
        self.spinner = QTimer(self)
        self.spinner.setInterval(90)
        self.spinner.timeout.connect(self._tick)
        self.clock = QTimer(self)
        self.clock.setInterval(250)
        self.clock.timeout.connect(self._update_clock)
        self._started_at = 0.0

    def initializePage(self) -> None:
        self.doctor.start_run()

    def isComplete(self) -> bool:
        return not self.doctor.running and len(self.doctor.results) > 0

    # -- driven by the wizard --

    def run_started(self) -> None:
        import time

        self.tree.clear()
        self._items.clear()
        self._shown.clear()
        self._groups.clear()
        self.status.setVisible(False)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(True)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self._started_at = time.monotonic()
        self._update_clock()
        self.spinner.start()
        self.clock.start()
        self.completeChanged.emit()

    def _group(self, provider: str) -> QTreeWidgetItem:
        item = self._groups.get(provider)
        if item is None:
            item = QTreeWidgetItem([provider_title(provider)])
            item.setIcon(0, icons.provider_icon(provider))
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(item)
            item.setFirstColumnSpanned(True)  # only takes effect once the item is in the tree
            item.setExpanded(True)
            self._groups[provider] = item
        return item

    def row_changed(self, row: Row) -> None:
        item = self._items.get(row.key)
        if item is None:
            item = QTreeWidgetItem()
            self._group(row.provider).addChild(item)
            self._items[row.key] = item
            self.tree.follow(item)
        _fill_row_item(item, row, self._frame)
        self._shown[row.key] = _shown_as(row)
        if not self._progress_timer.isActive():
            self._progress_timer.start()

    def _update_progress(self) -> None:
        done, total = self.doctor.results.progress()
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def run_finished(self, cancelled: bool) -> None:
        self.spinner.stop()
        self.clock.stop()
        self._update_clock()
        self.cancel_button.setEnabled(False)
        # Only rows whose item no longer shows their state (still spinning, or never
        # finished) are filled again: a large run has thousands of rows already right.
        for row in self.doctor.results.rows():
            item = self._items.get(row.key)
            if item is not None and self._shown.get(row.key) != (shown := _shown_as(row)):
                _fill_row_item(item, row, 0)
                self._shown[row.key] = shown
        self._progress_timer.stop()
        self._update_progress()
        banner = self.doctor.results.banner()
        took = format_duration(self._elapsed_seconds())
        first_problem = next((self._items[r.key] for r in self.doctor.results.rows()
                              if r.is_problem and r.key in self._items), None)
        if first_problem is not None:
            self.tree.scrollToItem(first_problem, QAbstractItemView.ScrollHint.PositionAtCenter)
        else:
            self.tree.scrollToTop()
        if cancelled:
            self.status.set_text(
                f"<b>Cancelled after {took}.</b> Checks that had not finished are marked "
                "“Cancelled”. Press Next to see what was found so far.", "warn", "warn")
        elif banner.level == "ok":
            self.status.set_text(f"<b>{escape(banner.headline)}.</b> Finished in {took}. "
                                 "Press Next for the full checklist.", "ok", "pass")
        else:
            self.status.set_text(f"<b>{escape(banner.headline)}.</b> Finished in {took}. "
                                 "Press Next to see causes and fixes.",
                                 "error" if banner.level == "problems" else "warn",
                                 "fail" if banner.level == "problems" else "warn")
        self.status.setVisible(True)
        self.completeChanged.emit()
        next_button = self.doctor.button(self.doctor.WizardButton.NextButton)
        if self.doctor.currentPage() is self and next_button.isEnabled():
            next_button.setFocus()

    def _tick(self) -> None:
        self._frame += 1
        spin_running_rows(self._items, self.doctor.results.running(), self._frame)

    def _elapsed_seconds(self) -> float:
        import time

        return time.monotonic() - self._started_at if self._started_at else 0.0

    def _update_clock(self) -> None:
        if self._started_at:
            seconds = int(self._elapsed_seconds())
            self.elapsed.setText(f"Elapsed {seconds // 60}:{seconds % 60:02d}")


def format_duration(seconds: float) -> str:
    """'0.4 s', '12.3 s', '2:05'."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
