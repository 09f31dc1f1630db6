"""The main window: a QWizard that owns the shared state and the controllers.

Pages read and write `inputs` (what the user entered) and draw `results` (the
view-model). Runs, re-runs and org discovery go through controllers that live on the
qasync loop, so the window stays responsive; completion arrives as signals.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QKeySequence, QShortcut
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
from aiusage_doctor.gui.state import PROVIDERS, ResultsModel, WizardInputs
from aiusage_doctor.gui.wizard_keyring import KeyringMixin
from aiusage_doctor.gui.widgets import ErrorDialog, is_placeholder, link_html, set_accessible, show_error

if TYPE_CHECKING:
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.models import CheckResult, Report
    from aiusage_doctor.gui.pages import CredentialPage

log = logging.getLogger(__name__)

KEYRING_CLOSE_GRACE = 3.0
"""Seconds closing the window waits for a secret still being saved to the keyring."""

PAGE_ORDER = (PageId.WELCOME, *(entry.page_id for entry in PROVIDER_PAGES), PageId.RUN, PageId.RESULTS,
              PageId.EXPORT)
LATER_PAGES = frozenset({"provider_pages", "described_pages", "run_page", "results_page", "export_page",
                         *(entry.attr for entry in PROVIDER_PAGES if entry.attr)})
"""The pages built after the first paint (see gui/lazy_pages.py)."""


class DoctorWizard(LazyPages, KeyringMixin, QWizard):
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
        self.about_box.setText(
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Finds out why GitHub Copilot, Cursor and Claude Code usage data can't be "
            "read, and how to fix it.</p>"
            + (f"<p>{'<br>'.join(contact)}</p>" if contact else "")
        )
        self.about_box.open()
        return self.about_box

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

    # ------------------------------------------------------------------------ runs

    @property
    def report_mode(self) -> bool:
        """Showing an opened report read-only rather than this run's results."""
        return self.opened_report is not None

    @property
    def running(self) -> bool:
        return self.controller.running

    def start_run(self, select: set[tuple[str, str]] | None = None, rerun: bool = False) -> None:
        """Start the checks (all, or a selection plus prerequisites) on the qasync loop."""
        if self.report_mode:
            return
        config = self.inputs.to_config() if not rerun or self.last_config is None else self.last_config
        if not rerun:
            self._store_secrets()
            self.results.clear()
            self.skipped_in_run = [p for p in self.skipped if p not in config.providers]
            config = config.model_copy(update={"skipped_on_request": list(self.skipped_in_run)})
        self.last_config = config
        self._report_cache = None
        self._rerun = rerun
        self._select = select
        self.exported = False
        self.controller.start(config, select)
        self._run_started()  # buttons and spinners change at once, not a tick later

    def cancel_run(self) -> None:
        self.controller.cancel()

    def _run_started(self) -> None:
        if self._rerun:
            self.results_page.run_started()
        else:
            self.run_page.run_started()

    def _row_changed(self, row: Any) -> None:
        if self._rerun:
            self.results_page.row_changed(row)
        else:
            self.run_page.row_changed(row)

    def _planned(self, key: Any, title: str, provider: str) -> None:
        self._row_changed(self.results.planned(tuple(key), title, provider or None))

    def _started(self, key: Any, title: str, provider: str) -> None:
        self._row_changed(self.results.started(tuple(key), title, provider or None))

    def _finished(self, result: CheckResult) -> None:
        self._row_changed(self.results.finished(result))

    def _run_done(self, results: list[CheckResult], cancelled: bool) -> None:
        self.results.merge(results)
        if self._rerun and self._select is None and not cancelled:
            self.results.retain({r.key for r in results})
        # Before unfinished rows go: they count as not run.
        self.results.end_run(cancelled, partial=self._rerun and self._select is not None)
        if not self._rerun:
            self.results.drop_unfinished()
        self._report_cache = None
        if self._rerun:
            self.results_page.run_finished()
        else:
            self.run_page.run_finished(cancelled)
        self.run_finished.emit(cancelled)

    def _run_failed(self, message: str, details: str) -> None:
        self._show_error("The checks could not run", message, details)

    # ---------------------------------------------------------------------- discovery

    def discover_orgs(self) -> None:
        self.discovery.start(self.inputs.to_config())

    # ------------------------------------------------------------------------ report

    @property
    def built_report(self) -> Report | None:
        """The report as it stands, if it has been built (never builds it)."""
        if self.opened_report is not None:
            return self.opened_report
        return self._report_cache

    def current_report(self) -> Report:
        if self.opened_report is not None:
            return self.opened_report
        if self._report_cache is None:
            from aiusage_doctor.core.report import build_report

            config = self.last_config or self.inputs.to_config()
            self._report_cache = build_report(config, self.results.results(), run=self.results.run_state())
        return self._report_cache

    def open_report(self, path: str) -> bool:
        """Load an exported JSON report and show it read-only on the results page."""
        from aiusage_doctor.core.report import redact_report
        from aiusage_doctor.core.report_file import ReportFileError, load_report_file

        file = Path(path)
        try:  # bounded: size cap, nesting, field lengths, control characters (core.report_file)
            report = redact_report(load_report_file(file))  # and the file may carry a secret
        except ReportFileError as exc:
            self._show_error(exc.title, exc.message, exc.detail)
            return False
        if self.controller.running:
            self.controller.cancel()
        self.settings.last_dir = str(file.parent)
        self.opened_report = report
        self.results.load_report(report, file.name)
        self._report_cache = None
        self.update_title()
        if self.currentId() != PageId.WELCOME:
            self.restart()
        self.welcome.completeChanged.emit()
        self.next()
        self.report_opened.emit(str(file))
        return True

    # ------------------------------------------------------------------- demo mode

    def start_demo(self) -> None:
        if not self.demo_scenario or self.demo is not None:
            return
        self.demo = DemoSession(self.demo_scenario, self)
        self.demo.ready.connect(self._demo_ready)
        self.demo.failed.connect(lambda msg, details: self._show_error("Demo unavailable", msg, details))
        self.demo.start()

    def _demo_ready(self, config: RunConfig) -> None:
        self.ensure_pages()  # every page shows the demo's values
        providers = list(self.inputs.providers)
        self.inputs = WizardInputs.from_config(config)
        self.inputs.providers = [p for p in PROVIDERS if p in providers or not providers]
        self.inputs.providers += [p for p in DESCRIBED if p in config.providers]  # the scenario's own
        self.welcome.load()
        for page in self.provider_pages.values():
            page.prefill()
        self.demo_ready.emit()

    # --------------------------------------------------------------- errors, closing

    def _show_error(self, title: str, message: str, details: str = "") -> None:
        self._error_dialog = show_error(self, title, message, details)

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
