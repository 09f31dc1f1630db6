"""The wizard's runs: starting and cancelling checks, routing the controller's progress
signals to the run or results page, org discovery, the report (built or opened from a
file) and demo mode.

Mixed into DoctorWizard (gui/wizard.py), which owns the controllers and the state.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiusage_doctor.core.labels import DESCRIBED
from aiusage_doctor.gui.controller import DemoSession
from aiusage_doctor.gui.pages.base import PageId
from aiusage_doctor.gui.state import PROVIDERS, WizardInputs

if TYPE_CHECKING:
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.models import CheckResult, Report


class RunMixin:
    """Mixed into DoctorWizard, which provides `controller`, `discovery`, `demo`, `inputs`,
    `results`, `settings`, `welcome`, the later pages, the `run_finished`, `report_opened`
    and `demo_ready` signals, `ensure_pages()`, `update_title()` and `_show_error()`, and
    sets the run state (`opened_report`, `last_config`, `_report_cache`, `_rerun`,
    `_select`, `skipped`, `skipped_in_run`, `exported`) up in its constructor."""

    opened_report: Report | None
    last_config: RunConfig | None
    _report_cache: Report | None
    _rerun: bool
    _select: set[tuple[str, str]] | None
    skipped: list[str]
    skipped_in_run: list[str]
    exported: bool
    demo_scenario: str | None
    demo: DemoSession | None
    controller: Any
    discovery: Any
    inputs: Any
    results: Any
    settings: Any
    welcome: Any
    run_finished: Any
    report_opened: Any
    demo_ready: Any

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
        from aiusage_doctor.core.redact import redact

        self.results.load_report(report, redact(file.name))  # shown in the title and the banner
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
