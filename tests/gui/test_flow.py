"""Walk the wizard end to end against the built-in simulator: run, results, cancel, re-run."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from aiusage_doctor.core.checks import Catalog, CheckSpec, Outcome, PlannedCheck, ProviderDef
from aiusage_doctor.core.models import Link
from aiusage_doctor.gui.pages import PageId
from aiusage_doctor.gui.pages.base import TREE_KEY_ROLE


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_healthy_run_fills_checklist_and_results(make_wizard, sim, run_to_results, qtbot):
    simulator = sim("healthy")
    wizard = make_wizard()
    page = run_to_results(wizard, simulator.demo_config())
    rows = wizard.results.rows()
    assert rows and all(r.result is not None for r in rows)
    # The live checklist had one line per check, each with its final verdict.
    assert len(wizard.run_page._items) == len(rows)
    assert {item.text(2) for item in wizard.run_page._items.values()} == {r.summary for r in rows}
    assert wizard.run_page.progress.value() == wizard.run_page.progress.maximum() == len(rows)
    assert page.headline.text() == "No problems found in 3 providers"
    assert page.banner.property("level") == "ok"


def test_checklist_fills_in_live_while_the_window_stays_responsive(make_wizard, sim, fill, qtbot):
    simulator = sim("slow")
    wizard = make_wizard()
    seen_running = []
    wizard.controller.check_started.connect(lambda key, *_: seen_running.append(tuple(key)))
    with qtbot.waitSignal(wizard.run_finished, timeout=180000):
        fill(wizard, simulator.demo_config())
        # While checks run, rows appear with a spinner and the Next button waits.
        qtbot.waitUntil(lambda: bool(wizard.results.running()), timeout=30000)
        row = wizard.results.running()[0]
        assert wizard.run_page._items[row.key].text(2) == "Running…"
        assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        assert wizard.run_page.elapsed.text().startswith("Elapsed 0:0")
    assert seen_running
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "Finished in" in wizard.run_page.status.label.text()


def test_problems_are_listed_first_with_links_that_open_in_the_browser(
    make_wizard, sim, run_to_results, qtbot, monkeypatch
):
    opened = []
    monkeypatch.setattr("aiusage_doctor.gui.widgets.open_url", lambda url: opened.append(url) or True)
    simulator = sim("sso-not-authorized")
    wizard = make_wizard()
    page = run_to_results(wizard, simulator.demo_config())
    # The banner names the one root cause and counts what it explains, not each symptom.
    assert page.headline.text() == wizard.current_report().summary.headline.rstrip(".")
    assert page.headline.text().startswith("GitHub Copilot: Organization acme-labs uses SAML single sign-on")
    assert page.headline.text().endswith("(5 checks affected)")
    assert page.banner.property("level") == "problems"
    # The first problem is selected and explained.
    key = page.selected_key()
    row = wizard.results.row(key)
    assert row.status == "fail" and row.check_id == "github.org.sso"
    html = page.details.toHtml()
    assert "How to fix" in html and row.result.summary.split(".")[0] in page.details.toPlainText()
    # What the check probes and what its failure means are readable without going online.
    text = " ".join(page.details.toPlainText().split())
    assert "What it probes: " in text and "X-GitHub-SSO" in text
    # The root cause comes first, the failing check under it, then what was skipped because of it.
    top = page.tree.topLevelItem(0)
    assert top.text(0).startswith("GitHub Copilot: Organization acme-labs uses SAML") and "5 checks affected" in top.text(0)
    assert top.childCount() == 5
    assert tuple(top.child(0).data(0, TREE_KEY_ROLE)) == ("github.org.sso", "org:acme-labs")
    assert {wizard.results.row(tuple(top.child(i).data(0, TREE_KEY_ROLE))).status
            for i in range(1, 5)} == {"skip"}
    # The provider group no longer repeats them.
    github = next(page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount())
                  if page.tree.topLevelItem(i).text(0).startswith("GitHub Copilot") and
                  "affected" not in page.tree.topLevelItem(i).text(0))
    assert github.text(0) == "GitHub Copilot"
    # Links in the details pane open through the browser hook.
    link = row.result.remediation[0].url
    page.details.anchorClicked.emit(__import__("PySide6.QtCore").QtCore.QUrl(link))
    assert opened == [link]


def test_filter_problems_only(make_wizard, sim, run_to_results, qtbot):
    wizard = make_wizard()
    page = run_to_results(wizard, sim("sso-not-authorized").demo_config())
    all_rows = len(page._items)
    page.filter.setCurrentIndex(1)
    assert len(page._items) == 1
    assert page.tree.topLevelItemCount() == 1
    page.filter.setCurrentIndex(0)
    assert len(page._items) == all_rows


def test_problems_only_with_no_problems_says_so_and_keeps_its_headings(make_wizard, sim, run_to_results, qtbot):
    """'Problems only' after a clean run showed an empty list, a 'Che' heading squeezed to
    three letters and 'Select a check…' with nothing to select."""
    wizard = make_wizard()
    page = run_to_results(wizard, sim("healthy").demo_config())
    page.filter.setCurrentIndex(1)
    assert page.tree.topLevelItemCount() == 0
    text = page.details.toPlainText()
    assert "Select a check" not in text
    assert "No finished check has a warning, a failure or an error" in text and "All checks" in text
    header = page.tree.header()
    assert page.tree.columnWidth(0) >= header.sectionSizeHint(0)  # "Check" is readable
    page.filter.setCurrentIndex(0)
    assert "Select a check" in page.details.toPlainText() or page.selected_key() is not None


def test_unchosen_providers_are_skipped(make_wizard, sim, fill, qtbot):
    simulator = sim("healthy")
    wizard = make_wizard()
    with qtbot.waitSignal(wizard.run_finished, timeout=120000):
        fill(wizard, simulator.demo_config(), providers=("github", "anthropic"))
    assert wizard.visitedIds() == [PageId.WELCOME, PageId.GITHUB, PageId.CLAUDE, PageId.RUN]
    assert {r.provider for r in wizard.results.rows()} == {"github", "anthropic"}
    assert wizard.last_config.cursor.api_key is None


def test_cancel_stops_the_run_and_keeps_what_finished(make_wizard, sim, fill, qtbot):
    simulator = sim("slow")
    wizard = make_wizard()
    fill(wizard, simulator.demo_config())
    qtbot.waitUntil(lambda: bool(wizard.results.running()), timeout=30000)
    with qtbot.waitSignal(wizard.run_finished, timeout=60000) as blocker:
        click(qtbot, wizard.run_page.cancel_button)
    assert blocker.args == [True]
    summaries = [r.summary for r in wizard.results.rows()]
    assert any("Cancelled" in s for s in summaries)
    assert "Cancelled after" in wizard.run_page.status.label.text()
    assert not wizard.run_page.cancel_button.isEnabled()
    # Next still leads to the results of what did finish.
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_closing_the_window_mid_run_cancels_cleanly(make_wizard, sim, fill, qtbot):
    simulator = sim("slow")
    wizard = make_wizard()
    fill(wizard, simulator.demo_config())
    qtbot.waitUntil(lambda: bool(wizard.results.running()), timeout=30000)
    task = wizard.controller.task
    with qtbot.waitSignal(wizard.run_finished, timeout=60000) as blocker:
        wizard.close()
    assert blocker.args == [True]
    qtbot.waitUntil(task.done, timeout=30000)
    assert not task.cancelled() and task.exception() is None


def test_going_back_during_a_run_cancels_it(make_wizard, sim, fill, qtbot):
    simulator = sim("slow")
    wizard = make_wizard()
    fill(wizard, simulator.demo_config())
    qtbot.waitUntil(lambda: bool(wizard.results.running()), timeout=30000)
    with qtbot.waitSignal(wizard.run_finished, timeout=60000):
        click(qtbot, wizard.button(QWizard.WizardButton.BackButton))
    assert wizard.currentId() == PageId.CLAUDE


# --------------------------------------------------------------------------- re-run


class FlakyWorld:
    """A provider whose 'policy' check fails until the admin 'fixes' it."""

    def __init__(self):
        self.fixed = False
        self.calls: list[str] = []

    def provider(self):
        token = CheckSpec("fake.token", "Token works", "offline", "—", per="token")
        policy = CheckSpec("fake.policy", "Metrics policy", "GET /policy", "—", per="org",
                           remediation=(Link(text="Turn the policy on", url="https://example.com/policy"),))
        other = CheckSpec("fake.seats", "Seats", "GET /seats", "—", per="org")

        async def check_token(ctx):
            self.calls.append("token")
            return Outcome.passed("The token works.")

        async def check_policy(ctx):
            self.calls.append("policy")
            if self.fixed:
                return Outcome.passed("The metrics policy is on.")
            return Outcome.fail("The metrics policy is off for acme.")

        async def check_seats(ctx):
            self.calls.append("seats")
            return Outcome.passed("acme has 3 seats.")

        def plan(config):
            need = (("fake.token", "token"),)
            return [
                PlannedCheck(token, check_token, target="token"),
                PlannedCheck(policy, check_policy, target="org:acme", needs=need),
                PlannedCheck(other, check_seats, target="org:acme", needs=need),
            ]

        return ProviderDef("github", "Fake GitHub", Catalog("github", [token, policy, other]), plan,
                           lambda config: True)


def run_fake(make_wizard, fill, qtbot, world):
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.tokens import make_github_token

    wizard = make_wizard(providers=[world.provider()])
    from pydantic import SecretStr

    config = RunConfig()
    config.github.token = SecretStr(make_github_token())
    config.github.orgs = ["acme"]
    with qtbot.waitSignal(wizard.run_finished, timeout=60000):
        fill(wizard, config, providers=("github",))
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentId() == PageId.RESULTS
    return wizard


def test_rerun_one_check_after_a_fix_merges_the_new_result(make_wizard, fill, qtbot):
    world = FlakyWorld()
    wizard = run_fake(make_wizard, fill, qtbot, world)
    page = wizard.results_page
    assert page.banner.property("level") == "problems"
    assert page.headline.text() == wizard.current_report().summary.headline.rstrip(".")
    assert page.selected_key() == ("fake.policy", "org:acme")
    world.fixed = True
    world.calls.clear()
    with qtbot.waitSignal(wizard.run_finished, timeout=60000):
        click(qtbot, page.rerun_one)
        assert not page.rerun_all.isEnabled()  # one run at a time
    # Only the selected check and its prerequisite ran again; seats kept its old result.
    assert sorted(world.calls) == ["policy", "token"]
    assert wizard.results.row(("fake.policy", "org:acme")).status == "pass"
    assert len(wizard.results) == 3
    assert page.headline.text() == "No problems found in 1 provider"
    assert page.selected_key() == ("fake.policy", "org:acme")
    assert "The metrics policy is on." in page.details.toPlainText()


def test_rerun_all(make_wizard, fill, qtbot):
    world = FlakyWorld()
    wizard = run_fake(make_wizard, fill, qtbot, world)
    world.fixed = True
    world.calls.clear()
    with qtbot.waitSignal(wizard.run_finished, timeout=60000):
        click(qtbot, wizard.results_page.rerun_all)
    assert sorted(world.calls) == ["policy", "seats", "token"]
    assert wizard.results_page.banner.property("level") == "ok"
    assert wizard.currentId() == PageId.RESULTS


def test_an_unexpected_crash_in_the_run_shows_a_friendly_message(make_wizard, fill, qtbot):
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.tokens import make_github_token
    from aiusage_doctor.gui.dialogs import ErrorDialog
    from pydantic import SecretStr

    token = make_github_token()

    def broken_plan(config):
        raise RuntimeError(f"planner exploded near {token}")

    spec = CheckSpec("fake.token", "Token works", "offline", "—")
    provider = ProviderDef("github", "Fake", Catalog("github", [spec]), broken_plan, lambda c: True)
    wizard = make_wizard(providers=[provider])
    config = RunConfig()
    config.github.token = SecretStr(token)
    with qtbot.waitSignal(wizard.run_finished, timeout=60000):
        fill(wizard, config, providers=("github",))
    dialog = wizard.findChild(ErrorDialog)
    assert dialog is not None and dialog.isVisible()
    assert "unexpected problem" in dialog.message.text()
    assert "planner exploded" in dialog.details_text
    assert token not in dialog.details_text  # redacted before anyone can copy it
    dialog.copy_details()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == dialog.details_text
    dialog.close()


def test_a_check_error_is_shown_as_a_result_with_copyable_details(make_wizard, fill, qtbot):
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.tokens import make_github_token
    from PySide6.QtGui import QGuiApplication
    from pydantic import SecretStr

    token = make_github_token()
    spec = CheckSpec("fake.boom", "Boom", "offline", "—", per="token")

    async def boom(ctx):
        raise ValueError(f"bad value {token}")

    provider = ProviderDef("github", "Fake", Catalog("github", [spec]),
                           lambda c: [PlannedCheck(spec, boom, target="token")], lambda c: True)
    wizard = make_wizard(providers=[provider])
    config = RunConfig()
    config.github.token = SecretStr(token)
    with qtbot.waitSignal(wizard.run_finished, timeout=60000):
        fill(wizard, config, providers=("github",))
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    page = wizard.results_page
    row = wizard.results.row(("fake.boom", "token"))
    assert row.status == "error" and "unexpected problem" in row.summary
    assert page.selected_key() == row.key
    click(qtbot, page.copy_button)
    copied = QGuiApplication.clipboard().text()
    assert "Boom" in copied and token not in copied


def test_run_page_status_names_the_problems(make_wizard, sim, fill, qtbot):
    wizard = make_wizard()
    with qtbot.waitSignal(wizard.run_finished, timeout=120000):
        fill(wizard, sim("missing-scope").demo_config(), providers=("github",))
    text = wizard.run_page.status.label.text()
    # One cause (the token lacks scopes) behind every failure: the status names it.
    assert "The token lacks scopes" in text and "Press Next to see causes and fixes" in text
    _ = asyncio


def test_help_links_open_the_bundled_help_page_in_the_app(make_wizard, sim, run_to_results, qtbot, monkeypatch):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from aiusage_doctor.gui.help_dialog import HelpDialog

    browsed = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: browsed.append(url.toString()) or True)
    wizard = make_wizard()
    page = run_to_results(wizard, sim("captive-portal-html").demo_config())
    row = wizard.results.row(page.selected_key())
    assert row.status == "error"
    # The cause's "how to fix" link: docs/network.md, the section for a web page answering.
    network_link = next(link.url for link in row.result.remediation if "network.md#" in link.url)
    page.details.anchorClicked.emit(QUrl(network_link))
    dialog = wizard.findChild(HelpDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Help — A web page answered instead of the API"
    assert "proxy" in dialog.browser.toPlainText().lower()
    # A web page answered instead of the API: the check's help is the network help...
    assert row.result.help_url == network_link
    # ...and the check's own help page (About this check) replaces it in the same window.
    page.details.anchorClicked.emit(QUrl("docs/checks.md#github-token-auth"))
    assert wizard.findChildren(HelpDialog) == [dialog]
    assert row.result.title in dialog.windowTitle()
    assert "What it probes" in dialog.browser.toPlainText()
    assert browsed == []  # nothing went to the browser
    # "Open in browser" goes to the published copy, when one is configured...
    from dataclasses import replace

    published = replace(dialog.section, url="https://docs.vendor.com/checks.md#github-token-auth")
    dialog.show_section(published)
    assert dialog.online_button.isVisible()
    qtbot.mouseClick(dialog.online_button, Qt.MouseButton.LeftButton)
    assert browsed == [published.url]
    # ...and is not offered for a placeholder address or none at all.
    for url in ("https://aiusage-doctor.example/docs/checks.md#github-token-auth", ""):
        dialog.show_section(replace(published, url=url))
        assert not dialog.online_button.isVisible()
    dialog.close()


def test_the_details_pane_offers_the_help_links_as_links(make_wizard, sim, run_to_results, qtbot, monkeypatch):
    """The network fix and the 'Network help' / 'Help page' links point into the help shipped
    with the app (docs/…): the details pane must show them as links that open it, not as
    plain text the admin can't click."""
    import re
    from html import unescape

    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from aiusage_doctor.gui.help_dialog import HelpDialog

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    wizard = make_wizard()
    page = run_to_results(wizard, sim("captive-portal-html").demo_config())
    row = wizard.results.row(page.selected_key())
    network_link = next(link.url for link in row.result.remediation if "network.md#" in link.url)
    hrefs = [unescape(h) for h in re.findall(r'href="([^"]*)"', page.details.toHtml())]
    assert network_link in hrefs  # "How to fix" and the footer's "Network help"
    # A passing check's own "Help page" link is a link too.
    passing = next(r for r in wizard.results.rows() if r.result is not None and r.status == "pass")
    page.tree.setCurrentItem(page._items[passing.key])
    hrefs = [unescape(h) for h in re.findall(r'href="([^"]*)"', page.details.toHtml())]
    assert passing.result.help_url in hrefs
    page.details.anchorClicked.emit(QUrl(passing.result.help_url))
    dialog = wizard.findChild(HelpDialog)
    assert dialog is not None and dialog.isVisible() and passing.result.title in dialog.windowTitle()
    dialog.close()
