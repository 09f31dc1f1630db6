"""The results a support engineer reads at a glance: a cancelled run never looks healthy, one
root cause is shown once with what it explains, and 'not applicable' doesn't grey out a group."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from aiusage_doctor.core.checks import Catalog, CheckSpec, Outcome, PlannedCheck, ProviderDef
from aiusage_doctor.core.http import FailureKind, HttpFailure, network_help
from aiusage_doctor.core.render import render
from aiusage_doctor.gui.pages import PageId
from aiusage_doctor.gui.pages.base import TREE_KEY_ROLE


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_a_cancelled_run_says_so_in_the_banner_and_the_report(make_wizard, sim, fill, qtbot):
    wizard = make_wizard()
    fill(wizard, sim("slow").demo_config())
    qtbot.waitUntil(lambda: any(r.result is not None for r in wizard.results.rows()), timeout=60000)
    with qtbot.waitSignal(wizard.run_finished, timeout=60000):
        click(qtbot, wizard.run_page.cancel_button)
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentId() == PageId.RESULTS
    page = wizard.results_page
    headline = page.headline.text()
    assert headline.startswith("Run cancelled: ") and "not a clean bill of health" in headline
    assert "No problems" not in headline
    assert page.banner.property("level") != "ok"
    report = wizard.current_report()
    assert report.run.cancelled and not report.run.completed
    assert report.run.checks_finished < report.run.checks_planned
    for fmt in ("text", "markdown", "html", "json"):
        out = render(report, fmt)
        assert "Run cancelled: " in out and "No problems found" not in out, fmt


class OfflineWorld:
    """Every check that talks to the API fails the same DNS lookup; the rest need it."""

    HOST = "api.github.com"

    def provider(self):
        auth = CheckSpec("fake.auth", "Token sign-in", "GET /user",
                         "A 401 means the token was revoked or mistyped.", per="token")
        discover = CheckSpec("fake.orgs", "Organizations", "GET /user/orgs", "—", per="token")
        seats = CheckSpec("fake.seats", "Seats", "GET /seats", "—", per="org")
        policy = CheckSpec("fake.policy", "Metrics policy", "GET /policy", "—", per="org")

        async def offline(ctx):
            raise HttpFailure(
                FailureKind.DNS,
                f"This computer could not look up the address of {self.HOST} (DNS failure).",
                host=self.HOST, remediation=[network_help("dns", "Fix DNS lookups")],
            )

        async def never(ctx):  # pragma: no cover - skipped because its prerequisite errors
            return Outcome.passed("ran")

        def plan(config):
            need = (("fake.auth", "token"),)
            return [
                PlannedCheck(auth, offline, target="token"),
                PlannedCheck(discover, offline, target="token"),
                PlannedCheck(seats, never, target="org:acme", needs=need),
                PlannedCheck(policy, never, target="org:acme", needs=need),
            ]

        return ProviderDef("github", "Fake GitHub", Catalog("github", [auth, discover, seats, policy]), plan,
                           lambda config: True)


def test_one_network_cause_is_named_once_with_its_consequences_under_it(make_wizard, fill, qtbot):
    from pydantic import SecretStr

    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.tokens import make_github_token

    wizard = make_wizard(providers=[OfflineWorld().provider()])
    config = RunConfig()
    config.github.token = SecretStr(make_github_token())
    config.github.orgs = ["acme"]
    with qtbot.waitSignal(wizard.run_finished, timeout=60000):
        fill(wizard, config, providers=("github",))
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    page = wizard.results_page
    assert page.headline.text() == "This computer can't reach api.github.com (DNS) (4 checks affected)"
    assert page.banner.property("level") == "problems"
    top = page.tree.topLevelItem(0)
    assert top.text(0).startswith("This computer can't reach api.github.com (DNS)")
    keys = [tuple(top.child(i).data(0, TREE_KEY_ROLE)) for i in range(top.childCount())]
    assert keys[:2] == [("fake.auth", "token"), ("fake.orgs", "token")]
    assert sorted(keys[2:]) == [("fake.policy", "org:acme"), ("fake.seats", "org:acme")]
    # Beside a network failure, the help is about the network, not about the check's 401s.
    page.tree.setCurrentItem(top.child(0))
    text = " ".join(page.details.toPlainText().split())
    assert "Network help" in text and "401" not in text
    assert "Fix DNS lookups" in text  # the network fix link, from the shipped help
    row = wizard.results.row(("fake.auth", "token"))
    assert row.result.help_url.endswith("network.md#dns")
    # The report counts the cause once, in every format.
    report = wizard.current_report()
    assert report.summary.root_causes == 1 and len(report.root_causes) == 1
    assert len(report.root_causes[0].consequences) == 2
    for fmt in ("text", "markdown", "html"):
        assert "This computer can't reach api.github.com (DNS)" in html.unescape(render(report, fmt))


def test_not_applicable_never_greys_out_a_healthy_group(make_wizard, sim, run_to_results):
    wizard = make_wizard()
    page = run_to_results(wizard, sim("healthy").demo_config())
    claude = next(page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount())
                  if page.tree.topLevelItem(i).text(0).startswith("Claude Code"))
    groups = {claude.child(i).text(0): claude.child(i) for i in range(claude.childCount())}
    org = groups["Organization"]
    statuses = {wizard.results.row(tuple(org.child(i).data(0, TREE_KEY_ROLE))).status
                for i in range(org.childCount())}
    assert statuses == {"pass", "skip"}  # the Enterprise Analytics check is not applicable here
    assert org.data(0, Qt.ItemDataRole.AccessibleTextRole) == "Pass: Organization"
