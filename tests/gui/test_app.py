"""Entry point, demo mode, and the friendly handler for unexpected errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWizard

from aiusage_doctor.gui.app import parse_args
from aiusage_doctor.gui.pages import PageId
from aiusage_doctor.gui.dialogs import ErrorDialog
from aiusage_doctor.gui.wizard import PAGE_ORDER


def run_app(args: list[str], home, extra: str = "") -> subprocess.CompletedProcess:
    code = textwrap.dedent(f"""
        import json, sys
        from aiusage_doctor.gui.app import main
        rc = main({args!r})
        heavy = sorted(m for m in sys.modules if m.startswith(
            ("aiusage_doctor.providers", "aiusage_doctor.core.runner", "aiusage_doctor.sim", "httpx", "keyring")))
        print(json.dumps({{"rc": rc, "heavy": heavy}}))
        {extra}
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", AIUSAGE_EXIT_AFTER_FIRST_PAINT="1", HOME=str(home),
               XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local" / "share"),
               XDG_STATE_HOME=str(home / ".local" / "state"), XDG_CACHE_HOME=str(home / ".cache"))
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)


def test_main_paints_and_exits_without_importing_the_engine(isolated_home):
    proc = run_app([], isolated_home)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["rc"] == 0
    # Providers, the runner, httpx, keyring and the simulator load only when first needed.
    assert out["heavy"] == []


FIRST_PAINT_PROBE = """
import json, sys
from aiusage_doctor.gui import wizard

at_paint = []

class Probe(wizard.DoctorWizard):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.first_paint.connect(lambda: at_paint.append({
            "modules": sorted(sys.modules), "pages": sorted(int(i) for i in self.pageIds())}))

wizard.DoctorWizard = Probe
from aiusage_doctor.gui.app import main
rc = main([])
print(json.dumps({"rc": rc, **at_paint[0]}))
"""


def test_window_paints_before_the_async_loop_the_engine_and_the_later_pages_load(isolated_home):
    """The first paint needs only Qt, the welcome page and the wizard itself: asyncio and
    qasync, the engine (pydantic, httpx, the runner, providers) and the other pages load
    after it."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", AIUSAGE_EXIT_AFTER_FIRST_PAINT="1", HOME=str(isolated_home),
               XDG_CONFIG_HOME=str(isolated_home / ".config"), XDG_STATE_HOME=str(isolated_home / ".state"))
    proc = subprocess.run([sys.executable, "-c", FIRST_PAINT_PROBE], env=env, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["rc"] == 0
    assert out["pages"] == [PageId.WELCOME]
    later = ("asyncio", "qasync", "pydantic", "httpx", "keyring", "aiusage_doctor.core.runner",
             "aiusage_doctor.core.models", "aiusage_doctor.providers", "aiusage_doctor.sim",
             "aiusage_doctor.gui.pages.credentials", "aiusage_doctor.gui.pages.run",
             "aiusage_doctor.gui.pages.results", "aiusage_doctor.gui.pages.export")
    assert [m for m in out["modules"] if m.startswith(later)] == []


def test_later_pages_are_built_after_the_first_paint_without_being_asked(make_wizard, qtbot):
    wizard = make_wizard()
    qtbot.waitUntil(lambda: wizard.painted, timeout=10000)
    # Nothing touches a page: the event loop alone builds them, one per turn.
    qtbot.waitUntil(lambda: len(wizard.pageIds()) == len(PAGE_ORDER), timeout=10000)
    assert sorted(wizard.pageIds()) == sorted(int(p) for p in PAGE_ORDER)


def test_next_before_the_later_pages_exist_still_goes_to_the_next_page(qtbot, settings_path):
    from PySide6.QtCore import QSettings

    from aiusage_doctor.gui.wizard import DoctorWizard

    wizard = DoctorWizard(settings=QSettings(str(settings_path), QSettings.Format.IniFormat))
    qtbot.addWidget(wizard)
    wizard.show()  # no event has run yet: not painted, only the welcome page exists
    assert wizard.pageIds() == [PageId.WELCOME]
    wizard.welcome.checks["github"].setChecked(True)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.GITHUB
    assert sorted(wizard.pageIds()) == sorted(int(p) for p in PAGE_ORDER)
    wizard.shutdown()


RUN_IMPORTS_PROBE = """
import asyncio, json, sys, threading

recording = [False]
seen = []

class Recorder:  # asked for every module not imported yet
    def find_spec(self, name, path=None, target=None):
        if recording[0] and threading.current_thread() is threading.main_thread():
            seen.append(name)
        return None

sys.meta_path.insert(0, Recorder())
import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from aiusage_doctor.gui.app import install_asyncgen_hooks
from aiusage_doctor.gui.controller import warm_up_run_imports
from aiusage_doctor.gui.wizard import DoctorWizard

app = QApplication(["probe"])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
install_asyncgen_hooks(loop)
wizard = DoctorWizard(settings=QSettings(sys.argv[1], QSettings.Format.IniFormat), demo_scenario="healthy")
wizard.show()
done = loop.create_future()

def ready():
    warm_up_run_imports()  # what the background warm-up does while the user reads the first page
    recording[0] = True
    wizard.start_run()

def finished(*_):
    recording[0] = False
    done.set_result(None)

wizard.demo_ready.connect(ready)
wizard.controller.run_finished.connect(finished)
wizard.start_demo()
with loop:
    loop.run_until_complete(asyncio.wait_for(done, 120))
    wizard.shutdown()
print(json.dumps(seen))
"""


def test_a_run_after_the_warm_up_imports_nothing_on_the_gui_thread(isolated_home):
    """Importing a module holds the window still: after the warm-up that follows the first
    paint, a whole run (all five providers, from planning to its verdict) imports nothing
    on the GUI thread."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(isolated_home),
               XDG_CONFIG_HOME=str(isolated_home / ".config"), XDG_STATE_HOME=str(isolated_home / ".state"))
    proc = subprocess.run([sys.executable, "-c", RUN_IMPORTS_PROBE, str(isolated_home / "settings.ini")],
                          env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []


def test_main_accepts_demo_and_open_report_arguments(isolated_home):
    titles = "from PySide6.QtWidgets import QApplication; print(json.dumps([w.windowTitle() for w in QApplication.topLevelWidgets()]))"
    proc = run_app(["--demo", "healthy", "--open-report", str(isolated_home / "x.json")], isolated_home, extra=titles)
    assert proc.returncode == 0, proc.stderr
    # The wizard opened in demo mode: its title says the data is simulated.
    assert any("Demo (simulated data)" in t for t in json.loads(proc.stdout.strip().splitlines()[-1]))
    args = parse_args(["--demo", "--open-report", "x.json", "-platform", "offscreen"])
    assert (args.demo, args.open_report) == ("healthy", "x.json")  # Qt's own options pass through


def test_demo_mode_walks_the_whole_wizard_with_a_visible_marker(make_wizard, qtbot, settings_path):
    wizard = make_wizard(demo_scenario="healthy")
    assert "Demo (simulated data)" in wizard.windowTitle()
    with qtbot.waitSignal(wizard.demo_ready, timeout=60000):
        wizard.start_demo()
    badges = [w for w in wizard.findChildren(QLabel) if w.objectName() == "DemoBadge"]
    assert len(badges) == 9 and badges[0].text() == "Demo — simulated data"  # 7 pages + Codex + Windsurf
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.GITHUB
    assert wizard.github.secret.level == "ok"  # made-up but well-formed demo token, prefilled
    assert wizard.github.demo_badge.isVisible()
    assert not wizard.github.remember.isEnabled()
    assert "Demo mode" in wizard.github.remember.toolTip()
    assert not wizard.claude.local.isEnabled()  # this computer is not part of the simulation
    visited = []
    with qtbot.waitSignal(wizard.run_finished, timeout=120000):
        while wizard.currentId() != PageId.RUN:
            qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
            visited.append(wizard.currentId())
            page = wizard.currentPage()
            if page in wizard.described_pages.values():  # healthy demo includes Codex and Windsurf
                assert page.isComplete() and all(f.level == "ok" for f in page.fields.values())
    assert [p for p in visited if p >= 10] == [10, 11]
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.results_page.headline.text() == "No problems found in 5 providers"
    assert wizard.current_report().environment.simulated
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert "Simulated run" in wizard.export_page.preview.toPlainText()
    simulator = wizard.demo.simulator
    wizard.close()
    assert not simulator.running  # the simulator thread stops with the window
    # Demo values never overwrite the user's real settings.
    assert not settings_path.exists() or "127.0.0.1" not in settings_path.read_text()


def test_unknown_demo_scenario_is_explained(make_wizard, qtbot):
    wizard = make_wizard(demo_scenario="no-such-scenario")
    wizard.start_demo()
    qtbot.waitUntil(lambda: wizard.findChild(ErrorDialog) is not None, timeout=30000)
    dialog = wizard.findChild(ErrorDialog)
    assert "demo simulator could not start" in dialog.message.text()
    assert "no-such-scenario" in dialog.message.text()


def test_unexpected_exception_shows_a_friendly_dialog_with_redacted_details(make_wizard, monkeypatch, qtbot):
    import threading

    from aiusage_doctor.core import crash
    from aiusage_doctor.core.tokens import make_github_token
    from aiusage_doctor.gui.app import install_error_handlers

    for name in ("excepthook", "unraisablehook"):
        monkeypatch.setattr(sys, name, getattr(sys, name))
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(crash, "_installed", False)
    wizard = make_wizard()
    install_error_handlers(wizard)
    token = make_github_token()
    try:
        raise KeyError(f"lookup failed for {token}")
    except KeyError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    qtbot.waitUntil(lambda: wizard.findChild(ErrorDialog) is not None, timeout=2000)
    dialog = wizard.findChild(ErrorDialog)
    assert dialog.isVisible()
    assert "Something unexpected went wrong" in dialog.message.text()
    assert "crash report was saved" in dialog.message.text()
    assert "KeyError" in dialog.details_text and token not in dialog.details_text
    assert dialog.copy_button.isEnabled()
    dialog.close()
    wizard.shutdown()
    assert wizard._crash_listener is None


def test_application_name_is_the_app_id_used_by_the_desktop_file(isolated_home):
    """X11 WM_CLASS comes from the application name; it must equal StartupWMClass."""
    extra = ("from PySide6.QtGui import QGuiApplication; print(json.dumps({'name': "
             "QGuiApplication.applicationName(), 'desktop': QGuiApplication.desktopFileName()}))")
    proc = run_app([], isolated_home, extra=extra)
    assert proc.returncode == 0, proc.stderr
    names = json.loads(proc.stdout.strip().splitlines()[-1])
    from aiusage_doctor import APP_ID

    assert names == {"name": APP_ID, "desktop": APP_ID}


def test_about_box_shows_the_package_version_without_blocking(make_wizard, qtbot):
    from aiusage_doctor import __version__

    wizard = make_wizard()
    about = wizard.button(QWizard.WizardButton.CustomButton1)
    assert about.isVisible() and about.text() == "&About"
    qtbot.mouseClick(about, Qt.MouseButton.LeftButton)
    box = wizard.about_box
    assert box is not None and box.isVisible()
    assert f"AI Usage Doctor {__version__}" in box.text()
    # Opened with open(), not exec(): the event loop (and a running check) keeps going.
    ticks = []
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: ticks == [1], timeout=1000)
    box.close()


def test_about_box_names_every_product_the_app_checks(make_wizard):
    """The About box said "GitHub Copilot, Cursor and Claude Code" after OpenAI Codex and
    Windsurf became checkable: it names every product of the one provider list."""
    from aiusage_doctor.core.labels import PROVIDER_LIST, provider_title

    wizard = make_wizard()
    box = wizard.show_about()
    for provider in PROVIDER_LIST:
        assert provider_title(provider) in box.text(), provider
    box.close()


def test_a_help_link_on_a_page_loads_no_engine_module():
    """Pages are built on the GUI thread right after the first paint, before the background
    warm-up: a help link among their fields must not import the engine (pydantic alone is a
    stall of tens of milliseconds there)."""
    probe = ("import json, sys\n"
             "from aiusage_doctor.core.branding import DOCS_CHECKS_URL\n"
             "from aiusage_doctor.gui.widgets import link_html\n"
             "html = link_html('About this check', DOCS_CHECKS_URL + '#github-org-sso')\n"
             "print(json.dumps({'link': html.startswith('<a '), 'engine': sorted(m for m in sys.modules\n"
             "      if m.startswith(('pydantic', 'aiusage_doctor.core.models', 'aiusage_doctor.core.checks')))}))\n")
    proc = subprocess.run([sys.executable, "-c", probe], env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out == {"link": True, "engine": []}
