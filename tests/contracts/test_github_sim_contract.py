"""Every simulator answer on the report paths the product calls keeps GitHub's documented
contract (tests/contracts/github_openapi_excerpt.json), in every scenario that touches them;
the scenario that models API drift is the one that must break it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from aiusage_doctor.sim import Simulator

from .openapi import problems

PATHS = (
    ("/orgs/acme/copilot/metrics/reports/organization-28-day/latest", False),
    ("/orgs/acme/copilot/metrics/reports/organization-1-day", True),
    ("/enterprises/acme-corp/copilot/metrics/reports/enterprise-28-day/latest", False),
    ("/enterprises/acme-corp/copilot/metrics/reports/enterprise-1-day", True),
)
SCENARIOS = ("healthy", "report-not-ready", "policy-disabled", "missing-scope", "fine-grained-at-enterprise",
             "billing-manager-policy-disabled", "enterprise-role-or-policy", "oauth-app-token", "app-token",
             "app-token-no-permission", "report-endpoint-retiring", "shell-org")
DAYS_AGO = (1, 3, 10, 400)
"""Not yet published, recent, older, and beyond the one-year retention."""


def _answers(scenario: str) -> list[tuple[str, int, object]]:
    out: list[tuple[str, int, object]] = []
    with Simulator(scenario) as sim:
        base = sim.base_urls["github"]
        headers = {"Authorization": f"Bearer {sim.secrets['github']}", "X-GitHub-Api-Version": "2022-11-28"}
        with httpx.Client(headers=headers, timeout=10) as client:
            for path, daily in PATHS:
                today = datetime.now(UTC).date()
                days = [(today - timedelta(days=n)).isoformat() for n in DAYS_AGO] if daily else [None]
                for day in days:
                    resp = client.get(base + path, params={"day": day} if day else None)
                    body = resp.json() if resp.content else None
                    out.append((path, resp.status_code, body))
    return out


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_simulator_report_answers_keep_the_documented_contract(scenario):
    found = [p for path, status, body in _answers(scenario) for p in problems(path, status, body)]
    assert not found, found


def test_the_drift_scenario_breaks_the_contract():
    found = [p for path, status, body in _answers("report-shape-changed") for p in problems(path, status, body)]
    assert any("'download_links' is a required property" in p for p in found), found
