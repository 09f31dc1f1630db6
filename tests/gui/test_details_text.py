"""The details pane reads as text: one bullet per line, words not Python values, and no
'How to fix' on a check that passed."""

from __future__ import annotations

import pytest

from aiusage_doctor.core.models import CheckResult, Link, Status
from aiusage_doctor.gui.state import check_details_text


def _result(status: Status) -> CheckResult:
    return CheckResult(
        id="claude.usage_visibility", provider="anthropic", target="run", title="Claude Code usage",
        status=status, summary="Usage is visible.",
        details=["Evidence:", "• Key: an Admin API key", "• • Console report: 12 rows", "What to do:",
                 "- Nothing"],
        remediation=[Link(text="About the Claude Code usage report", url="https://docs.anthropic.com/x")],
        evidence={"customer_types": {"api": 42}, "actors": ["alice", "bob"], "empty": False,
                  "pages": [{"status": 200, "rows": 12}, {"status": 200, "rows": 0}]},
    )


def _page_text(make_wizard, result: CheckResult) -> str:
    wizard = make_wizard()
    wizard.results.load_report(type("R", (), {"checks": [result]})(), "test.json")
    page = wizard.results_page
    page.refresh(select_first=True)
    return page.details.toPlainText()


def test_details_have_single_bullets_and_headings(make_wizard):
    text = _page_text(make_wizard, _result(Status.PASS))
    assert "•" not in text and "- Nothing" not in text
    assert "Key: an Admin API key" in text and "Console report: 12 rows" in text
    lines = [line.strip() for line in text.splitlines()]
    assert "Evidence" in lines and "What to do" in lines


def test_evidence_has_no_raw_python_values(make_wizard):
    text = _page_text(make_wizard, _result(Status.FAIL))
    for raw in ("{'api': 42}", "{", "[", "False", "'"):
        assert raw not in text, raw
    assert "customer types: api 42" in text
    assert "actors: alice, bob" in text
    assert "empty: no" in text


@pytest.mark.parametrize(("status", "heading"), [(Status.PASS, "Learn more"), (Status.FAIL, "How to fix")])
def test_how_to_fix_only_on_problems(make_wizard, status, heading):
    text = _page_text(make_wizard, _result(status))
    assert heading in text
    assert ("How to fix" in text) == (status is Status.FAIL)
    copied = check_details_text(_result(status))
    assert ("How to fix" in copied) == (status is Status.FAIL)
    assert "- •" not in copied


@pytest.mark.parametrize("scenario", ["healthy", "sso-not-authorized"])
def test_no_check_of_a_real_run_shows_raw_values_or_double_bullets(make_wizard, sim, run_to_results, scenario):
    wizard = make_wizard()
    page = run_to_results(wizard, sim(scenario).demo_config())
    for row in wizard.results.rows():
        page.tree.setCurrentItem(page._items[row.key])
        text = page.details.toPlainText()
        for raw in ("{'", "['", "• •", "None", "True", "False"):
            assert raw not in text, (row.key, raw)
        if row.status == "pass":
            assert "How to fix" not in text, row.key
