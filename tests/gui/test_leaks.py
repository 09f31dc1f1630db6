"""End-to-end leak test through the wizard: every demo scenario is typed in, run and
exported the way a user would, and no artifact — the three export formats, the
clipboard (summary and a check's details), the log file, the window title — holds any
8-character piece of any secret."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard

from aiusage_doctor.core.tokens import KIND_PREFIX, classify
from aiusage_doctor.gui.pages import PageId
from aiusage_doctor.sim import Simulator, scenario_names

SMALL = {"enterprise-large": {"orgs": 3, "teams": 2, "latency": 0.0}}
# The Claude page refuses an ordinary sk-ant-api03- key before any run (tests/gui/test_pages.py),
# so that scenario runs the other two providers (every secret is still searched for).
REFUSED_BY_THE_FORM = {"anthropic-non-admin-key": ("github", "cursor")}


def secret_pieces(secret: str) -> set[str]:
    """Every 8-character piece of the secret part (the documented prefix is public)."""
    body = secret[len(KIND_PREFIX.get(classify(secret).kind, "")):]
    return {body[i : i + 8] for i in range(len(body) - 7)}


@pytest.mark.parametrize("scenario", scenario_names())
def test_no_artifact_of_a_gui_run_holds_a_secret(scenario, make_wizard, run_to_results, qtbot, tmp_path, isolated_home):
    from aiusage_doctor.core.logs import setup_logging

    log_file = setup_logging(verbose=True, console=False)
    with Simulator(scenario, **SMALL.get(scenario, {})) as sim:
        config = sim.demo_config()
        wizard = make_wizard()
        results = run_to_results(wizard, config, REFUSED_BY_THE_FORM.get(scenario, ("github", "cursor", "anthropic")))
        artifacts: dict[str, str] = {"window title": wizard.windowTitle()}

        # A check's details, copied from the results page (a problem if there is one).
        results.copy_button.click()
        artifacts["clipboard: details"] = QGuiApplication.clipboard().text()

        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
        assert wizard.currentId() == PageId.EXPORT
        page = wizard.export_page
        for fmt in ("html", "markdown", "json"):
            qtbot.mouseClick(page.format_buttons[fmt], Qt.MouseButton.LeftButton)
            path = tmp_path / f"report.{fmt}"
            with qtbot.waitSignal(page.saved):
                assert page.save_to(str(path))
            artifacts[f"export {fmt}"] = path.read_text(encoding="utf-8")
        page.copy_button.click()
        artifacts["clipboard: summary"] = QGuiApplication.clipboard().text()

    assert log_file is not None and log_file.exists()
    artifacts["log"] = log_file.read_text(encoding="utf-8")
    report = json.loads(artifacts["export json"])  # a real report, not an empty page
    assert len(report["checks"]) >= 3

    pieces = {piece for secret in config.secrets() for piece in secret_pieces(secret)}
    leaks = {name: sorted(p for p in pieces if p in text)[:3] for name, text in artifacts.items()}
    assert {name: found for name, found in leaks.items() if found} == {}
