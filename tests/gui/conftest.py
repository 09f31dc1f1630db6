"""Fixtures for the wizard tests: one qasync loop for the session, temporary QSettings,
ready-made wizards, and started simulators.

The loop is created once with `already_running=True`, so coroutines started by the
wizard make progress whenever `qtbot.wait*` spins Qt's event loop. It is never stopped
(stopping it would call QApplication.exit() and break every later wait).
"""

from __future__ import annotations

import asyncio
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import qasync
from PySide6.QtCore import QCoreApplication, QSettings

from aiusage_doctor.sim import Simulator


@pytest.fixture(scope="session")
def qapp_args():
    return ["aiusage-doctor-tests"]


@pytest.fixture(scope="session")
def qasync_loop(qapp, tmp_path_factory):
    QCoreApplication.setOrganizationName("aiusage-doctor-tests")
    QCoreApplication.setApplicationName("aiusage-doctor-tests")
    settings_root = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(settings_root))
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.events._set_running_loop(None)  # marked running only while a GUI test runs
    yield loop
    # Never loop.stop() or close(): stop() calls QApplication.exit() and breaks every later wait.


@pytest.fixture(autouse=True)
def running_loop(qasync_loop):
    """The session's qasync loop, current and 'running' for this test only, so coroutines the
    wizard starts advance whenever qtbot.wait* spins Qt, and tests outside tests/gui can
    still use asyncio.run()."""
    loop = qasync_loop
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)
    # run_forever() would install these; an already-running loop must do it itself, or async
    # generators left open by httpx streams are finalized outside the loop.
    old_hooks = sys.get_asyncgen_hooks()
    sys.set_asyncgen_hooks(firstiter=loop._asyncgen_firstiter_hook,
                           finalizer=loop._asyncgen_finalizer_hook)
    yield loop
    sys.set_asyncgen_hooks(*old_hooks)
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


@pytest.fixture
def settings_path(tmp_path):
    return tmp_path / "settings.ini"


@pytest.fixture
def make_wizard(qtbot, running_loop, settings_path):
    """Build a shown DoctorWizard with its own settings file; everything is shut down after."""
    from aiusage_doctor.gui.wizard import DoctorWizard

    made = []

    def make(**kw):
        settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        wizard = DoctorWizard(settings=settings, **kw)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        made.append(wizard)
        return wizard

    yield make
    for wizard in made:
        task = wizard.controller.task
        wizard.shutdown()
        if task is not None and not task.done():
            qtbot.waitUntil(task.done, timeout=30000)


_sims: dict[str, Simulator] = {}


@pytest.fixture(scope="session")
def simulators():
    yield _sims
    for sim in _sims.values():
        sim.stop()


@pytest.fixture
def sim(simulators):
    """A started simulator per scenario name (shared across the session)."""

    def get(scenario: str = "healthy") -> Simulator:
        if scenario not in simulators:
            simulators[scenario] = Simulator(scenario).start()
        return simulators[scenario]

    return get


@pytest.fixture
def fill(qtbot):
    """Type a RunConfig into the wizard the way a user would, page by page, ending on the
    Run page (which starts the checks)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWizard

    from aiusage_doctor.gui.pages import PageId

    def fill_in(wizard, config, providers=("github", "cursor", "anthropic"), *, start=True):
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        assert wizard.currentId() == PageId.WELCOME
        for name, box in wizard.welcome.checks.items():
            box.setChecked(name in providers)
        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
        if "github" in providers:
            page = wizard.github
            assert wizard.currentId() == PageId.GITHUB
            page.secret.edit.clear()
            qtbot.keyClicks(page.secret.edit, config.github.token.get_secret_value())
            page.enterprise_edit.setText(", ".join(config.github.enterprises))
            page.org_edit.setText(", ".join(config.github.orgs))
            page.url_edit.setText(config.github.api_url)
            qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
        if "cursor" in providers:
            page = wizard.cursor
            assert wizard.currentId() == PageId.CURSOR
            page.secret.set_text(config.cursor.api_key.get_secret_value())
            page.url_edit.setText(config.cursor.api_url)
            qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
        if "anthropic" in providers:
            page = wizard.claude
            assert wizard.currentId() == PageId.CLAUDE
            page.secret.set_text(config.anthropic.admin_key.get_secret_value())
            page.url_edit.setText(config.anthropic.api_url)
            if start:
                qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
        elif start:
            qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)

    return fill_in


@pytest.fixture
def run_to_results(qtbot, fill):
    """Fill the wizard, run the checks, wait for them, and go to the Results page."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWizard

    from aiusage_doctor.gui.pages import PageId

    def run(wizard, config, providers=("github", "cursor", "anthropic")):
        with qtbot.waitSignal(wizard.run_finished, timeout=120000) as blocker:
            fill(wizard, config, providers)
            assert wizard.currentId() == PageId.RUN
        assert blocker.args == [False]
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
        assert wizard.currentId() == PageId.RESULTS
        return wizard.results_page

    return run
