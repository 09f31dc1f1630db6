"""Reports a support engineer can trust: a cancelled run says so in every format, one cause is
counted once with what it explains, and nothing points at a placeholder address."""

from __future__ import annotations

import asyncio
import html
import json
from datetime import UTC, datetime

import pytest

from aiusage_doctor.core.checks import Catalog, CheckSpec, Outcome, PlannedCheck, ProviderDef
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.http import FailureKind, HttpFailure, network_help
from aiusage_doctor.core.models import CheckRef, CheckResult, Link, Report, RunState, Status
from aiusage_doctor.core.render import FORMATS, render
from aiusage_doctor.core.report import build_report
from aiusage_doctor.core.rootcause import root_causes
from aiusage_doctor.core.runner import Runner

WHEN = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def result(check_id: str, status: Status, *, provider: str = "github", target: str = "run",
           summary: str = "", **kw) -> CheckResult:
    return CheckResult(id=check_id, provider=provider, target=target, title=f"Title of {check_id}",
                       status=status, summary=summary or f"{check_id} {status.value}", **kw)


def every_format(report: Report) -> dict[str, str]:
    return {fmt: html.unescape(render(report, fmt)) for fmt in FORMATS}


# --- cancelled runs -------------------------------------------------------------------------


def cancelled_report() -> Report:
    results = [
        result("github.token.format", Status.PASS, target="token"),
        result("cursor.key", Status.PASS, provider="cursor", target="key"),
        result("github.token.auth", Status.SKIP, target="token", summary="Cancelled before it finished.",
               cancelled=True),
    ]
    run = RunState(completed=False, cancelled=True, checks_planned=40, checks_finished=2)
    return build_report(RunConfig(), results, generated_at=WHEN, run=run)


def test_a_cancelled_run_never_reads_as_healthy() -> None:
    report = cancelled_report()
    assert report.summary.headline == ("Run cancelled: 2 of 40 checks finished — this is not a clean "
                                       "bill of health.")
    assert report.summary.verdict != "ok"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_says_the_run_was_cancelled(fmt: str) -> None:
    out = every_format(cancelled_report())[fmt]
    assert "Run cancelled: 2 of 40 checks finished — this is not a clean bill of health." in out
    assert "No problems" not in out


def test_a_cancelled_run_without_problems_does_not_say_there_are_none() -> None:
    out = render(cancelled_report(), "markdown")
    problems = out.split("## Problems", 1)[1].split("##", 1)[0]
    assert "None found before the run was cancelled." in problems
    assert "\nNone.\n" not in problems


def unfinished_report() -> Report:
    """A run that ended before every planned check reached a verdict, without a cancel."""
    results = [result("github.token.format", Status.PASS, target="token"),
               result("cursor.key", Status.PASS, provider="cursor", target="key")]
    run = RunState(completed=False, cancelled=False, checks_planned=5, checks_finished=2)
    return build_report(RunConfig(), results, generated_at=WHEN, run=run)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_run_that_did_not_finish_never_reads_as_healthy_in_any_format(fmt: str) -> None:
    report = unfinished_report()
    assert report.summary.verdict != "ok"
    out = every_format(report)[fmt]
    assert "Run did not finish: 2 of 5 checks finished — this is not a clean bill of health." in out
    assert "No problems" not in out
    if fmt == "markdown":
        assert "None found before the run stopped." in out.split("## Problems", 1)[1].split("##", 1)[0]


def test_an_opened_report_of_an_unfinished_run_keeps_saying_so() -> None:
    from aiusage_doctor.core.report_file import parse_report

    data = json.loads(render(unfinished_report(), "json"))
    data["summary"].update(verdict="ok", headline="No problems found in 2 providers.")
    opened = parse_report(json.dumps(data).encode())
    assert opened.summary.verdict != "ok"
    assert opened.summary.headline.startswith("Run did not finish: 2 of 5 checks finished")


def test_a_cancelled_report_round_trips_and_old_reports_read_as_finished() -> None:
    report = cancelled_report()
    again = Report.model_validate_json(render(report, "json"))
    assert again.run.cancelled and again.run.checks_not_run == 38
    old = json.loads(render(report, "json"))
    del old["run"]
    assert Report.model_validate(old).run.completed


def test_a_group_with_unfinished_checks_does_not_carry_a_pass_mark() -> None:
    text = render(cancelled_report(), "text")
    assert "[✓] GitHub Copilot" not in text and "[–] GitHub Copilot" in text
    assert "[✓] Cursor" in text  # everything in it finished and passed


async def _cancel_after_first(runner: Runner) -> list[CheckResult]:
    task = asyncio.ensure_future(runner.run())
    while not runner.results():
        await asyncio.sleep(0.01)
    runner.cancel()
    return await task


def test_the_runner_reports_how_far_a_cancelled_run_got() -> None:
    fast = CheckSpec("fake.fast", "Fast", "offline", "—")
    slow = CheckSpec("fake.slow", "Slow", "offline", "—")

    async def quick(ctx):
        return Outcome.passed("done")

    async def hang(ctx):
        await asyncio.Event().wait()

    provider = ProviderDef("github", "Fake", Catalog("github", [fast, slow]),
                           lambda c: [PlannedCheck(fast, quick), PlannedCheck(slow, hang)], lambda c: True)
    runner = Runner(RunConfig(providers=["github"]), providers=[provider])
    results = asyncio.run(_cancel_after_first(runner))
    state = runner.state()
    assert state.cancelled and not state.completed
    assert (state.checks_planned, state.checks_finished) == (2, 1)
    assert [r.cancelled for r in results] == [False, True]


# --- root causes ----------------------------------------------------------------------------


def dns_error(check_id: str, host: str = "api.github.com", **kw) -> CheckResult:
    link = network_help("dns", "Fix DNS lookups")
    return result(check_id, Status.ERROR, summary=f"This computer could not look up the address of {host}.",
                  evidence={"failure": "dns", "host": host}, remediation=[link], help_url=link.url, **kw)


def offline_results() -> list[CheckResult]:
    blocked = CheckRef(id="github.token.auth", target="token")
    return [
        result("github.token.format", Status.PASS, target="token"),
        dns_error("github.token.auth", target="token"),
        dns_error("github.orgs", target="token"),
        *(result(f"github.org.check{i}", Status.SKIP, target="org:acme", blocked_by=blocked) for i in range(5)),
        result("github.grand", Status.SKIP, target="org:acme", blocked_by=CheckRef(id="github.org.check0",
                                                                                    target="org:acme")),
        dns_error("cursor.key", host="api.cursor.com", provider="cursor", target="key"),
    ]


def test_a_network_failure_and_what_it_blocked_are_one_root_cause() -> None:
    causes = root_causes(offline_results())
    assert [c.title for c in causes] == ["This computer can't reach api.github.com (DNS)",
                                        "This computer can't reach api.cursor.com (DNS)"]
    github = causes[0]
    assert [r.id for r in github.checks] == ["github.token.auth", "github.orgs"]
    # Skipped because of a skipped check: still this cause's consequence.
    assert len(github.consequences) == 6 and github.consequences[-1].id == "github.grand"
    assert github.help is not None and github.help.url.endswith("network.md#dns")


def test_the_headline_counts_causes_not_symptoms() -> None:
    report = build_report(RunConfig(), offline_results(), generated_at=WHEN)
    assert report.summary.root_causes == 2
    assert report.summary.headline == "Found 2 problems in 2 of 2 providers."
    only_github = [r for r in offline_results() if r.provider == "github"]
    headline = build_report(RunConfig(), only_github, generated_at=WHEN).summary.headline
    assert headline == "This computer can't reach api.github.com (DNS) (8 checks affected)."


def test_one_shared_cause_behind_several_failures_is_counted_once() -> None:
    policy = "The 'Copilot usage metrics' policy is off"
    results = [
        result("github.enterprise.usage_metrics", Status.FAIL, target="enterprise:acme-corp", cause=policy),
        result("github.org.usage_metrics", Status.FAIL, target="org:acme", cause=policy),
        result("github.org.usage_metrics", Status.FAIL, target="org:acme-labs", cause=policy),
    ]
    report = build_report(RunConfig(), results, generated_at=WHEN)
    assert report.summary.root_causes == 1
    assert report.summary.headline == (
        "GitHub Copilot: The 'Copilot usage metrics' policy is off (Enterprise acme-corp, Organization acme, "
        "Organization acme-labs) (3 checks affected).")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_format_names_the_cause_and_marks_its_consequences(fmt: str) -> None:
    out = every_format(build_report(RunConfig(), offline_results(), generated_at=WHEN))[fmt]
    assert "Root causes" in out
    assert out.index("This computer can't reach api.github.com (DNS)") < out.index("Title of github.org.check0")
    assert "because of the root cause" in out.lower()


def test_network_failures_get_network_help_not_the_checks_own_help() -> None:
    auth = CheckSpec("fake.auth", "Token sign-in", "GET /user", "A 401 means the token was revoked.", per="token")

    async def offline(ctx):
        raise HttpFailure(FailureKind.DNS, "no DNS", host="api.github.com",
                          remediation=[network_help("dns", "Fix DNS lookups")])

    provider = ProviderDef("github", "Fake", Catalog("github", [auth]),
                           lambda c: [PlannedCheck(auth, offline, target="token")], lambda c: True)
    [res] = asyncio.run(Runner(RunConfig(providers=["github"]), providers=[provider]).run())
    assert res.status is Status.ERROR
    assert res.help_url is not None and res.help_url.endswith("network.md#dns")
    report = build_report(RunConfig(), [res], generated_at=WHEN)
    topics = {t.ref: t for t in report.help}
    assert "DNS" in topics[res.help_url].title
    assert "401" not in topics[res.help_url].markdown


# --- no placeholders ----------------------------------------------------------------------------


def test_reports_embed_the_help_they_refer_to_and_link_no_placeholder_host() -> None:
    results = offline_results() + [result("github.extra", Status.FAIL, help_url="docs/checks.md#github-token-auth")]
    report = build_report(RunConfig(), results, generated_at=WHEN)
    refs = {t.ref for t in report.help}
    assert "docs/network.md#dns" in refs and "docs/checks.md#github-token-auth" in refs
    outputs = every_format(report)
    for fmt, out in outputs.items():
        assert ".example" not in out, fmt
    # HTML: the help is collapsed on the page and linked in-page, not to an external host.
    assert '<details class="group help-topic" id="help-' in outputs["html"]
    assert 'href="#help-' in outputs["html"] and 'href="docs/' not in outputs["html"]
    # Markdown: a collapsed appendix; JSON: the help text itself.
    assert "## Help" in outputs["markdown"] and "<details>" in outputs["markdown"]
    assert json.loads(outputs["json"])["help"][0]["markdown"]


def test_support_link_only_when_a_build_presets_the_address(monkeypatch) -> None:
    import aiusage_doctor.core.render.html as html_format

    report = build_report(RunConfig(), offline_results(), generated_at=WHEN)
    monkeypatch.setattr(html_format, "SUPPORT_EMAIL", None)
    assert "mailto:" not in render(report, "html")
    monkeypatch.setattr(html_format, "SUPPORT_EMAIL", "help@vendor.test")
    assert 'href="mailto:help@vendor.test"' in render(report, "html")


def test_a_shared_cause_keeps_each_targets_own_fix_in_the_text_report() -> None:
    policy = "The 'Copilot usage metrics' policy is off"
    fix = Link(text="acme-labs policies", url="https://github.com/organizations/acme-labs/settings/copilot/policies")
    results = [
        result("github.enterprise.usage_metrics", Status.FAIL, target="enterprise:acme-corp", cause=policy),
        result("github.org.usage_metrics", Status.FAIL, target="org:acme-labs", cause=policy, remediation=[fix]),
    ]
    text = render(build_report(RunConfig(), results, generated_at=WHEN), "text")
    assert "because of the root cause" in text and fix.url in text
