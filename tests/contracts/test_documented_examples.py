"""Contract: the simulator answers in the shapes of the vendors' documented examples.

Cursor publishes no machine-readable schema, and the pinned `anthropic` SDK has no type
for the Claude Code usage report, so these answers are compared with the example bodies
from the vendors' pages (documented_examples.json: body, source page, day checked).
Shape means: the same keys at every level, and the same JSON type for every value
(a documented null accepts anything). A simulator that invents, drops or retypes a
field fails here.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from aiusage_doctor.sim import Simulator

EXAMPLES: dict[str, Any] = json.loads((Path(__file__).parent / "documented_examples.json").read_text("utf-8"))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if value is None:
        return "null"
    return {str: "string", list: "array", dict: "object"}[type(value)]


def shape_differences(documented: Any, actual: Any, path: str = "$") -> list[str]:
    """Where `actual` departs from the shape of `documented` (empty when it matches)."""
    if documented is None:
        return []
    if _kind(documented) != _kind(actual):
        return [f"{path}: documented {_kind(documented)}, got {_kind(actual)}"]
    if isinstance(documented, dict):
        problems = [f"{path}.{k}: documented, missing" for k in documented if k not in actual]
        problems += [f"{path}.{k}: not documented" for k in actual if k not in documented]
        for key in documented.keys() & actual.keys():
            problems += shape_differences(documented[key], actual[key], f"{path}.{key}")
        return problems
    if isinstance(documented, list) and documented:
        return [p for i, item in enumerate(actual) for p in shape_differences(documented[0], item, f"{path}[{i}]")]
    return []


def test_every_example_names_its_source_and_day():
    for name, example in EXAMPLES.items():
        if name.startswith("_"):
            continue
        assert example["source"].startswith(("https://cursor.com/docs/", "https://platform.claude.com/docs/")), name
        assert date.fromisoformat(example["verified"]) <= date.today(), name


@pytest.mark.parametrize(("documented", "actual"), [
    ({"a": 1, "b": "x"}, {"a": 1}),                        # a documented field missing
    ({"a": 1}, {"a": 1, "extra": True}),                   # a field the docs don't have
    ({"a": {"b": 1}}, {"a": {"b": "1"}}),                  # a number turned into a string
    ({"data": [{"a": True}]}, {"data": [{"a": True}, {"a": 0}]}),  # a later list item differs
])
def test_the_shape_comparison_notices_drift(documented, actual):
    """This contract can fail: each kind of drift is reported."""
    assert shape_differences(documented, actual)


def _basic(key: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


@pytest.fixture(scope="module")
def healthy() -> Iterator[Simulator]:
    with Simulator("healthy") as sim:
        yield sim


@pytest.fixture(scope="module")
def team_plan() -> Iterator[Simulator]:
    with Simulator("cursor-no-analytics-plan") as sim:
        yield sim


def _cursor(sim: Simulator, method: str, path: str, key: str | None = None, **kw: Any) -> httpx.Response:
    return httpx.request(method, sim.base_urls["cursor"] + path, headers=_basic(key or sim.secrets["cursor"]),
                         timeout=10, **kw)


def _assert_matches(name: str, resp: httpx.Response, status: int = 200) -> None:
    assert resp.status_code == status, resp.text
    problems = shape_differences(EXAMPLES[name]["body"], resp.json())
    assert not problems, f"{name} ({EXAMPLES[name]['source']}): " + "; ".join(problems[:10])


def test_cursor_members(healthy):
    _assert_matches("cursor.members", _cursor(healthy, "GET", "/teams/members"))


def test_cursor_daily_usage(healthy):
    now = int(time.time() * 1000)
    resp = _cursor(healthy, "POST", "/teams/daily-usage-data", json={"startDate": now - 7 * 86_400_000, "endDate": now})
    _assert_matches("cursor.daily_usage", resp)


def test_cursor_analytics_dau(healthy):
    _assert_matches("cursor.analytics_dau", _cursor(healthy, "GET", "/analytics/team/dau",
                                                    params={"startDate": "7d", "endDate": "today"}))


def test_cursor_ai_code_commits(healthy):
    _assert_matches("cursor.ai_code_commits", _cursor(healthy, "GET", "/analytics/ai-code/commits",
                                                      params={"startDate": "7d", "endDate": "now"}))


def test_cursor_invalid_key_error(healthy):
    _assert_matches("cursor.error_401", _cursor(healthy, "GET", "/teams/members", key="key_" + "0" * 64), 401)


def test_cursor_enterprise_required_error(team_plan):
    _assert_matches("cursor.error_403", _cursor(team_plan, "GET", "/analytics/team/dau"), 403)


def test_anthropic_claude_code_report(healthy):
    from datetime import UTC, datetime, timedelta

    day = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    resp = httpx.get(healthy.base_urls["anthropic"] + "/v1/organizations/usage_report/claude_code",
                     params={"starting_at": day, "limit": 1000}, timeout=10,
                     headers={"x-api-key": healthy.secrets["anthropic"], "anthropic-version": "2023-06-01"})
    assert resp.json()["data"], "the healthy organization has usage yesterday"
    _assert_matches("anthropic.claude_code_report", resp)
