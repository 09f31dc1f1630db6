"""The wizard shows what a verdict rests on: inference and its alternatives, sources with
their dates, drift, and a warning when the vendor rules are old."""

from __future__ import annotations

from datetime import date

from aiusage_doctor.core.models import (
    AlternativeCause,
    CheckResult,
    InferenceInfo,
    Link,
    SourceRef,
    Status,
)

POLICY = Link(text="Enterprise AI controls", url="https://github.com/enterprises/acme/settings/copilot")
ROLE = Link(text="Enterprise roles", url="https://docs.github.com/en/enterprise-cloud@latest/admin")


def _report(verified: date, *, unexpected: bool = False):
    result = CheckResult(
        id="github.enterprise.usage_metrics", provider="github", target="enterprise:acme",
        title="Enterprise usage reports", status=Status.ERROR if unexpected else Status.FAIL,
        summary="GitHub refused the enterprise reports.",
        inference=None if unexpected else InferenceInfo(
            likely="the Copilot usage metrics policy is disabled",
            because="the token's scopes and role are right",
            alternatives=[AlternativeCause(cause="The token's owner is not a billing manager", links=[ROLE])]),
        sources=[SourceRef(title="GitHub REST: Copilot usage metrics",
                           url="https://docs.github.com/en/enterprise-cloud@latest/rest/copilot/copilot-usage-metrics",
                           verified=verified)],
        unexpected=unexpected,
        remediation=[POLICY],
    )
    return type("R", (), {"checks": [result]})()


def _open(make_wizard, report):
    wizard = make_wizard()
    wizard.results.load_report(report, "customer.json")
    page = wizard.results_page
    page.refresh(select_first=True)
    return page


def test_an_inferred_verdict_is_labelled_with_its_alternatives_and_sources(make_wizard):
    page = _open(make_wizard, _report(date(2026, 12, 4)))
    text = page.details.toPlainText()
    assert "This is an inference" in text and "most likely the copilot usage metrics policy" in text.lower()
    assert "Other possible causes" in text and "not a billing manager" in text
    assert "GitHub REST: Copilot usage metrics (docs.github.com/en/enterprise-cloud@latest/rest/copilot/copilot-usage-metrics) — verified 2026-12-04" in text
    assert ROLE.url in page.details.toHtml()


def test_an_unexpected_answer_says_the_api_may_have_changed(make_wizard):
    page = _open(make_wizard, _report(date(2026, 12, 4), unexpected=True))
    assert "its API may have changed" in page.details.toPlainText()
    assert "This is an inference" not in page.details.toPlainText()


def test_the_banner_warns_when_the_vendor_rules_are_older_than_90_days(make_wizard):
    old = _open(make_wizard, _report(date(2020, 1, 1)))
    assert "Vendor rules verified as of 2020-01-01" in old.counts.text()
    fresh = _open(make_wizard, _report(date.today()))
    assert "Vendor rules verified" not in fresh.counts.text()
