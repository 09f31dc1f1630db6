"""The main window: a QWizard that owns the shared state and the controllers.

Pages read and write `inputs` (what the user entered) and draw `results` (the
view-model). Runs, re-runs and org discovery go through controllers that live on the
qasync loop, so the window stays responsive; completion arrives as signals.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard, QWizardPage

from aiusage_doctor import APP_NAME
from aiusage_doctor.gui import icons
from aiusage_doctor.gui.controller import (
    WARM_UP_DELAY_MS, DemoSession, DiscoverController, RunController, start_warm_up,
)
from aiusage_doctor.gui.keyring_worker import KeyringWorker
from aiusage_doctor.core.labels import DESCRIBED
from aiusage_doctor.gui.lazy_pages import LazyPages
from aiusage_doctor.gui.pages.base import PageId
from aiusage_doctor.gui.pages.welcome import WelcomePage
from aiusage_doctor.gui.provider_pages import PAGE_IDS, PROVIDER_AT, PROVIDER_PAGES, in_order
from aiusage_doctor.gui.settings import AppSettings
from aiusage_doctor.gui.state import ResultsModel, WizardInputs
from aiusage_doctor.gui.wizard_keyring import KeyringMixin
from aiusage_doctor.gui.wizard_runs import RunMixin
from aiusage_doctor.gui.wizard_window import WindowMixin
from aiusage_doctor.gui.widgets import set_accessible

if TYPE_CHECKING:
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.models import Report
    from aiusage_doctor.gui.dialogs import ErrorDialog
    from aiusage_doctor.gui.pages import CredentialPage

log = logging.getLogger(__name__)

KEYRING_CLOSE_GRACE = 3.0
"""Seconds closing the window waits for a secret still being saved to the keyring."""

PAGE_ORDER = (PageId.WELCOME, *(entry.page_id for entry in PROVIDER_PAGES), PageId.RUN, PageId.RESULTS,
              PageId.EXPORT)
LATER_PAGES = frozenset({"provider_pages", "described_pages", "run_page", "results_page", "export_page",
                         *(entry.attr for entry in PROVIDER_PAGES if entry.attr)})
"""The pages built after the first paint (see gui/lazy_pages.py)."""


class DoctorWizard(LazyPages, KeyringMixin, RunMixin, WindowMixin, QWizard):
    """AI Usage Doctor's window.

    Signals tests (and the screenshot script) wait on: `run_finished(cancelled)`,
    `report_opened(path)`, `demo_ready()`, `first_paint()`.
    """

    run_finished = Signal(bool)
    report_opened = Signal(str)
    demo_ready = Signal()
    first_paint = Signal()
    keyring_checked = Signal(bool)
    crash_reported = Signal(str, object)
    """(summary, crash report path or None); emitted from any thread, shown on the GUI thread."""

    def __init__(
        self,
        *,
        settings: QSettings | None = None,
        demo_scenario: str | None = None,
        providers: list[Any] | None = None,
        transport: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.demo_scenario = demo_scenario
        self.settings = AppSettings(settings, persist=demo_scenario is None)
        self.inputs = WizardInputs(demo_scenario=demo_scenario)
        if demo_scenario is None:
            self.settings.load_inputs(self.inputs)
        self.results = ResultsModel()
        self.opened_report: Report | None = None
        """The report shown read-only ('Open a report…'); None for the admin's own run."""
        self.last_config: RunConfig | None = None
        self._report_cache: Report | None = None
        self._store: Any = None
        self._store_status: Any = None
        self._keyring_probing = False
        self._saved: dict[str, str] = {}
        self.keyring = KeyringWorker(self)
        self._painted = False
        self._error_dialog: ErrorDialog | None = None

        self.controller = RunController(self, providers=providers, transport=transport)
        self.first_paint.connect(lambda: QTimer.singleShot(WARM_UP_DELAY_MS, start_warm_up))
        self.discovery = DiscoverController(self, transport=transport)
        self.demo: DemoSession | None = None
        self.controller.check_planned.connect(self._planned)
        self.controller.check_started.connect(self._started)
        self.controller.check_finished.connect(self._finished)
        self.controller.run_finished.connect(self._run_done)
        self.controller.run_failed.connect(self._run_failed)
        self._rerun = False
        self._select: set[tuple[str, str]] | None = None
        self.skipped: list[str] = []
        """Providers left out with "Skip this provider" (and not brought back since)."""
        self.skipped_in_run: list[str] = []
        """Those of them the last run left out: the results page names them."""

        self.setWindowIcon(icons.app_icon())
        self.setObjectName("DoctorWizard")
        self.update_title()
        if sys.platform != "darwin":
            self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
            side = self.fontMetrics().height() * 3
            self.setPixmap(QWizard.WizardPixmap.LogoPixmap,
                           icons.app_icon().pixmap(QSize(side, side), self.devicePixelRatioF()))
        self.setTitleFormat(Qt.TextFormat.RichText)
        self.setSubTitleFormat(Qt.TextFormat.PlainText)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages, False)

        self.welcome = WelcomePage(self)
        self.setPage(PageId.WELCOME, self.welcome)
        self.setStartId(PageId.WELCOME)
        # Only the welcome page is built before the first paint; the others follow one per
        # event-loop turn after it, or all at once when one is needed sooner (ensure_pages).
        self.start_lazy_pages(self._build_later_pages(), LATER_PAGES)
        self.first_paint.connect(self.build_pages_in_turns)
        for which, name in ((QWizard.WizardButton.NextButton, "Next"),
                            (QWizard.WizardButton.BackButton, "Back"),
                            (QWizard.WizardButton.CancelButton, "Close the window"),
                            (QWizard.WizardButton.FinishButton, "Finish")):
            set_accessible(self.button(which), name)
        self.setButtonText(QWizard.WizardButton.CancelButton, "Close")
        # "About" sits at the far left on every page; the version comes from aiusage_doctor/_version.py.
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1, "&About")
        set_accessible(self.button(QWizard.WizardButton.CustomButton1), f"About {APP_NAME}")
        self.setButtonLayout([
            QWizard.WizardButton.CustomButton1, QWizard.WizardButton.Stretch,
            QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
            QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton,
        ])
        self.customButtonClicked.connect(self._custom_button)
        self.about_box: QMessageBox | None = None
        self.close_box: QMessageBox | None = None
        self._close_confirmed = False
        self.exported = False
        """Whether this run's report has been saved (then closing needs no question)."""
        self.currentIdChanged.connect(self._page_changed)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Open), self, activated=self.welcome.choose_report)

        metrics = self.fontMetrics()
        room = self._screen_room()
        self.setMinimumSize(min(metrics.averageCharWidth() * 100, room.width()),
                            min(metrics.height() * 36, room.height()))
        geometry = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(min(metrics.averageCharWidth() * 200, room.width()),
                        min(metrics.height() * 48, room.height()))

    def _build_later_pages(self) -> Iterator[None]:
        """The pages after the welcome page, a step at a time (see LazyPages)."""
        from aiusage_doctor.gui.pages import ExportPage, ResultsPage, RunPage

        provider_pages: dict[str, CredentialPage] = {}
        for entry in PROVIDER_PAGES:
            page = provider_pages[entry.provider] = entry.make(self)
            if entry.attr:
                setattr(self, entry.attr, page)
            self.setPage(PAGE_IDS[entry.provider], page)
            yield
        self.provider_pages = provider_pages
        """Every provider's credential page, in the wizard's order (gui/provider_pages.py)."""
        self.described_pages = {p: page for p, page in self.provider_pages.items() if p in DESCRIBED}
        self.run_page = RunPage(self)
        self.setPage(PageId.RUN, self.run_page)
        yield
        self.results_page = ResultsPage(self)
        self.setPage(PageId.RESULTS, self.results_page)
        yield
        self.export_page = ExportPage(self)
        self.setPage(PageId.EXPORT, self.export_page)
        self.export_page.saved.connect(self._exported)

    def _screen_room(self) -> QSize:
        """The largest window that fits the screen with its title bar and a task bar: the
        default size must fit a 1366×768 laptop (and an 800×600 projector)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return QSize(10_000, 10_000)
        available = screen.availableGeometry()
        return QSize(max(available.width() - 32, 320), max(available.height() - 56, 240))

    def update_title(self) -> None:
        """The window title names what is shown; the app name appears once. (On X11 and
        Windows Qt appends the application display name unless the title already ends with it.)"""
        parts = []
        if self.demo_scenario:
            parts.append("Demo (simulated data)")
        source = self.results.source if self.opened_report is not None else None
        if source:
            parts.append("".join(c for c in source if c.isprintable())[:80])
        title = " — ".join([*parts, APP_NAME])
        self.setWindowTitle(title)
        set_accessible(self, title)

    # ------------------------------------------------------------------ navigation

    def nextId(self) -> int:
        current = self.currentId()
        if current == PageId.WELCOME and self.report_mode:
            return PageId.RESULTS
        if current == PageId.RESULTS and self.report_mode:
            return PageId.EXPORT
        if current == PageId.EXPORT or current < 0:
            return -1
        chosen = self.welcome.chosen() if current == PageId.WELCOME else self.inputs.providers
        index = PAGE_ORDER.index(current)
        for page_id in PAGE_ORDER[index + 1:]:
            provider = PROVIDER_AT.get(page_id)
            if provider is not None and provider not in chosen:
                continue
            return int(page_id)
        return -1

    def _page_changed(self, page_id: int) -> None:
        if page_id == PageId.WELCOME and self.report_mode:
            self.opened_report = None
            self.results.clear()
            self._report_cache = None
            self.update_title()
        provider = PROVIDER_AT.get(page_id)
        credentials = page_id == PageId.WELCOME or provider is not None
        if credentials and self.controller.running:
            self.cancel_run()
        if provider is not None:
            self.check_keyring()
            if provider not in self.inputs.providers and not self.report_mode:
                # Back to a page that was skipped: the admin wants it after all.
                self.inputs.providers = in_order([*self.inputs.providers, provider])
                self.skipped = [p for p in self.skipped if p != provider]
                self.welcome.checks[provider].setChecked(True)

    def skip_provider(self, provider: str) -> None:
        """'Skip this provider': leave it out of this run and go to the next page."""
        others = [p for p in self.inputs.providers if p != provider]
        if not others or self.currentId() != PAGE_IDS.get(provider):
            return
        self.inputs.providers = others
        self.skipped = in_order([*self.skipped, provider])
        self.welcome.checks[provider].setChecked(False)
        self.next()

    def set_network(self, attr: str, text: str, source: QWidget) -> None:
        """The proxy URL or extra CA file changed on one credential page: the same value
        applies to the whole run, so every page shows it."""
        setattr(self.inputs, attr, text.strip())
        for page in self.provider_pages.values():
            edit = page.proxy_edit if attr == "proxy_url" else page.ca_edit
            if page is not source and edit.text() != text:
                edit.blockSignals(True)
                edit.setText(text)
                edit.blockSignals(False)
        if isinstance(source, QWizardPage):
            source.completeChanged.emit()

    # ------------------------------------------------------------------- settings

    def save_settings(self) -> None:
        if self.demo_scenario is None:
            self.settings.save_inputs(self.inputs)

    # ------------------------------------------------------------------ painting, shutdown

    @property
    def painted(self) -> bool:
        """Whether the window has painted at least once (`first_paint` was emitted)."""
        return self._painted

    def event(self, event: QEvent) -> bool:
        result = super().event(event)
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.first_paint.emit()
        return result

    def shutdown(self) -> None:
        """Stop everything that runs in the background (idempotent)."""
        listener = getattr(self, "_crash_listener", None)
        if listener is not None:
            from aiusage_doctor.core import crash

            crash.remove_listener(listener)
            self._crash_listener = None
        if self.controller.running:
            self.controller.cancel()
        self.discovery.cancel()
        if self.demo is not None:
            self.demo.stop()
            self.demo = None
        self.settings.set_geometry(self.saveGeometry())
        self.settings.sync()
        if self.keyring.pending and not self.keyring.wait_idle(KEYRING_CLOSE_GRACE):
            log.warning("The system keyring did not answer within %.0f s; quitting without it.",
                        KEYRING_CLOSE_GRACE)
