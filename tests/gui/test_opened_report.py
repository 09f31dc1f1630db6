"""An opened report says where and when it was made, and doesn't offer links that have
expired since (GitHub's one-hour SSO authorization link)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from aiusage_doctor.gui.pages import PageId


@pytest.fixture
def sso_report(make_wizard, sim, run_to_results, qtbot, tmp_path):
    """A JSON report of a run where an org's SSO blocks the token; returns a writer that
    saves it with a chosen age."""
    wizard = make_wizard()
    run_to_results(wizard, sim("sso-not-authorized").demo_config())
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    wizard.export_page.format_buttons["json"].setChecked(True)
    data = json.loads(wizard.export_page.text())
    wizard.exported = True  # nothing to ask when this wizard closes

    def write(age: timedelta) -> str:
        data["generated_at"] = (datetime.now(UTC) - age).isoformat()
        path = tmp_path / f"customer-{int(age.total_seconds())}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return str(path)

    return write


def _sso_row_details(wizard) -> tuple[str, str]:
    page = wizard.results_page
    row = next(r for r in wizard.results.rows() if r.result and any(
        "authorization_request" in link.url for link in r.result.remediation))
    page.tree.setCurrentItem(page._items[row.key])
    return page.details.toPlainText(), page.details.toHtml()


def test_an_old_report_marks_the_sso_link_expired(make_wizard, sso_report):
    path = sso_report(timedelta(days=3))
    wizard = make_wizard()
    assert wizard.open_report(path)
    assert wizard.currentId() == PageId.RESULTS
    text, html = _sso_row_details(wizard)
    assert "expired" in text and "ask the customer to run the check again" in text
    assert not re.search(r'href="[^"]*authorization_request', html)  # the dead link is not offered


def test_a_fresh_report_keeps_the_sso_link(make_wizard, sso_report):
    path = sso_report(timedelta(minutes=5))
    wizard = make_wizard()
    assert wizard.open_report(path)
    text, html = _sso_row_details(wizard)
    assert "expired" not in text
    assert re.search(r'href="[^"]*authorization_request', html)


def test_the_results_page_shows_the_reports_environment(make_wizard, sso_report):
    path = sso_report(timedelta(days=3))
    wizard = make_wizard()
    assert wizard.open_report(path)
    report = wizard.opened_report
    shown = wizard.results_page.source
    assert shown.isVisible()
    text = shown.text()
    assert "3 days ago" in text
    assert f"version {report.tool.version}" in text
    assert report.environment.os in text
    assert "proxy" in text
    for url in report.config.base_urls.values():  # the simulator's addresses are not the standard ones
        assert url in text
    for name in (*report.config.orgs, *report.config.enterprises):
        assert name in text
    assert "organizations" in text


def test_standard_api_addresses_are_named_as_such(make_wizard, tmp_path):
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.models import CheckResult, Status
    from aiusage_doctor.core.report import build_report

    result = CheckResult(id="github.token.format", provider="github", target="token", title="Token format",
                         status=Status.PASS, summary="Fine.")
    report = build_report(RunConfig(proxy_url="http://proxy.corp.com:3128"), [result])
    path = tmp_path / "r.json"
    path.write_text(report.model_dump_json(), encoding="utf-8")
    wizard = make_wizard()
    assert wizard.open_report(str(path))
    text = wizard.results_page.source.text()
    assert "standard API addresses" in text and "a proxy was in use" in text
    assert "every enterprise and organization the token could see" in text


@pytest.mark.parametrize("kind", ["cancelled", "unfinished", "failing"])
def test_an_opened_reports_verdict_comes_from_its_checks_not_its_own_headline(make_wizard, tmp_path, qtbot, kind):
    """A report file's summary is text from outside: a cancelled run (or one with a failing
    check) whose file says "No problems found" must not be re-exported, previewed or copied
    as a clean bill of health, when the results banner above already says otherwise."""
    from PySide6.QtWidgets import QApplication

    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.models import CheckResult, RunState, Status
    from aiusage_doctor.core.report import build_report

    results = [CheckResult(id="github.token.format", provider="github", target="token", title="Token format",
                           status=Status.PASS, summary="Fine.")]
    run = RunState()
    if kind == "cancelled":
        run = RunState(completed=False, cancelled=True, checks_planned=12, checks_finished=1)
    elif kind == "unfinished":  # ended before every check reached a verdict, without a cancel
        run = RunState(completed=False, cancelled=False, checks_planned=12, checks_finished=1)
    else:
        results.append(CheckResult(id="github.token.auth", provider="github", target="token",
                                   title="Token sign-in", status=Status.FAIL, summary="GitHub refused the token."))
    data = json.loads(build_report(RunConfig(), results, run=run).model_dump_json())
    data["summary"].update(verdict="ok", headline="No problems found in 1 provider.", providers_with_problems=[],
                           root_causes=0)
    data["root_causes"] = []
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    wizard = make_wizard()
    assert wizard.open_report(str(path))
    banner = wizard.results_page.headline.text()
    assert "No problems" not in banner
    report = wizard.current_report()
    assert report.summary.verdict != "ok" and "No problems" not in report.summary.headline
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    page = wizard.export_page
    for fmt in ("html", "markdown", "json"):
        page.format_buttons[fmt].setChecked(True)
        assert "No problems found" not in page.text(), fmt
    page.copy_summary()
    copied = QApplication.clipboard().text()
    assert copied and "No problems" not in copied
    expected = {"cancelled": "Run cancelled", "unfinished": "Run did not finish: 1 of 12 checks finished",
                "failing": "GitHub refused the token"}[kind]
    assert expected in copied and expected in banner


def test_a_report_that_checked_many_organizations_keeps_the_banner_readable(make_wizard, tmp_path, qtbot):
    """A report of an enterprise admin's run over 60 organizations (or a file with one absurdly
    long name) named every one in the results banner: at 800×600 the banner cut its own text
    off mid-line and left the checklist three rows. The banner names a few and counts the rest."""
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.models import CheckResult, Status
    from aiusage_doctor.core.report import build_report

    result = CheckResult(id="github.token.format", provider="github", target="token", title="Token format",
                         status=Status.PASS, summary="Fine.")
    data = json.loads(build_report(RunConfig(), [result]).model_dump_json())
    data["config"]["providers"] = ["github"]
    data["config"]["orgs"] = [f"acme-platform-team-{i:02d}" for i in range(60)]
    data["config"]["enterprises"] = ["e" * 3000]
    path = tmp_path / "many-orgs.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    wizard = make_wizard()
    wizard.resize(800, 600)
    assert wizard.open_report(str(path))
    qtbot.wait(50)
    label = wizard.results_page.source
    assert label.height() >= label.heightForWidth(label.width())  # nothing cut off
    text = label.text()
    assert "acme-platform-team-00" in text and "and 55 more" in text
    assert "acme-platform-team-59" not in text and "e" * 200 not in text


def test_a_banner_with_nothing_checked_shows_the_info_mark_not_the_waiting_one(make_wizard, tmp_path):
    """'Nothing was checked' carried the dotted 'waiting to run' circle, as if checks were
    still to come: the banner's info mark was looked up among the check statuses."""
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.models import CheckResult, Status
    from aiusage_doctor.core.report import build_report
    from aiusage_doctor.gui import icons

    result = CheckResult(id="anthropic.key.format", provider="anthropic", target="key", title="Anthropic key type",
                         status=Status.SKIP, summary="Not configured: no Anthropic Admin API key was given.")
    path = tmp_path / "nothing.json"
    path.write_text(build_report(RunConfig(), [result]).model_dump_json(), encoding="utf-8")
    wizard = make_wizard()
    assert wizard.open_report(str(path))
    page = wizard.results_page
    assert page.banner.property("level") in ("empty", "readonly")
    assert page.banner_icon._icon.cacheKey() == icons.icon("info").cacheKey()
    assert page.banner_icon._icon.cacheKey() != icons.status_icon("pending").cacheKey()
