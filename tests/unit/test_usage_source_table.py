"""The Claude usage-source decision as a table: one case per row of SOURCE_ROWS.

Each case gives `_decide` the evidence a run would have (key kind, the Console report's
facts and result, Enterprise Analytics facts, this computer's login) and asserts the row
it picks, its status and the words a user reads. A row without a case fails the
coverage test, so a new row can't land untested.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from aiusage_doctor.core.models import Status
from aiusage_doctor.core.tokens import TokenKind
from aiusage_doctor.providers import anthropic, claude_local
from aiusage_doctor.providers.anthropic_refs import VERIFIED
from aiusage_doctor.providers.claude_source import SOURCE_ROWS, _decide

ADMIN, OAUTH, ENTERPRISE = TokenKind.ANTHROPIC_ADMIN, TokenKind.ANTHROPIC_OAUTH, TokenKind.ANTHROPIC_ENTERPRISE_ANALYTICS
PASSED, WARNED, FAILED = (SimpleNamespace(status=s, summary="") for s in (Status.PASS, Status.WARN, Status.FAIL))
USAGE = {"failed": False, "empty": False, "user_actors": 3, "api_actors": 1}


def empty(users: int = 1, keys: int = 0, cc_role: int = 0) -> dict:
    return {"failed": False, "empty": True,
            "org": {"users": users, "api_keys": keys, "roles": {"claude_code_user": cc_role} if cc_role else {}}}


def login(kind: str, plan: str | None = None, label: str = "a login", forced: str | None = None,
          origin: str = "managed settings (/etc/claude-code/managed-settings.json)") -> dict:
    return {"kind": kind, "plan": plan, "label": label, "force_login_method": forced,
            "force_login_source": origin if forced else None}


SUB_MAX = login(claude_local.SUBSCRIPTION, "max", "Claude.ai subscription (Max)")
CLOUD = login(claude_local.THIRD_PARTY_KIND, label="Amazon Bedrock (third-party cloud)")
CONSOLE = login(claude_local.CONSOLE, label="Console API key (ANTHROPIC_API_KEY)")
NOBODY = login(claude_local.NOT_LOGGED_IN, label="Not logged in")

# row key -> (kind, report facts, report result, enterprise facts, local login, words in the summary)
CASES: dict[str, tuple] = {
    "source.enterprise.claude_code": (ENTERPRISE, None, None, {"claude_code_users": 4, "date": "2026-03-14"}, None,
                                      "Enterprise Analytics API does (4 Claude Code users"),
    "source.enterprise.no_claude_code": (ENTERPRISE, None, None, None, None, "read it with the Enterprise Analytics API"),
    "source.console": (ADMIN, USAGE, PASSED, None, None, "flows through the Console"),
    "source.mixed.subscription": (ADMIN, USAGE, PASSED, None, SUB_MAX, "Mixed"),
    "source.mixed.third_party": (ADMIN, USAGE, PASSED, None, CLOUD, "which no Anthropic API sees"),
    "source.empty.local_subscription": (ADMIN, empty(), WARNED, None, SUB_MAX, "Claude.ai subscriptions (Max)"),
    "source.empty.forced_claudeai": (ADMIN, empty(), WARNED, None, login(claude_local.UNKNOWN, forced="claudeai"),
                                     "managed settings force Claude.ai login"),
    "source.empty.local_third_party": (ADMIN, empty(), WARNED, None, CLOUD, "Amazon Bedrock"),
    "source.empty.local_console": (ADMIN, empty(), WARNED, None, CONSOLE, "signs in to Claude Code through the Console"),
    "source.empty.org_in_use": (ADMIN, empty(users=4, keys=1), WARNED, None, None, "members and keys"),
    "source.empty.org_unused": (ADMIN, empty(), WARNED, None, None, "no other members or API keys"),
    "source.oauth_token": (OAUTH, None, None, None, None, "OAuth token the Admin API refused"),
    "source.local_subscription": (ADMIN, {"failed": True}, FAILED, None, SUB_MAX, "based on this computer only"),
    "source.local_third_party": (ADMIN, {"failed": True}, FAILED, None, CLOUD, "based on this computer only"),
    "source.local_console": (ADMIN, {"failed": True}, FAILED, None, CONSOLE, "should reach the Admin API"),
    "source.forced.console": (ADMIN, {"failed": True}, FAILED, None, login(claude_local.UNKNOWN, forced="console"),
                              "force Console login"),
    "source.forced.claudeai": (ADMIN, {"failed": True}, FAILED, None, login(claude_local.UNKNOWN, forced="claudeai"),
                               "force Claude.ai login"),
    "source.none": (ADMIN, {"failed": True}, FAILED, None, NOBODY, "No verdict"),
}


@pytest.mark.parametrize("row_key", list(CASES))
def test_each_row_of_the_usage_source_table(row_key):
    kind, report, report_result, enterprise, local, words = CASES[row_key]
    verdict = _decide(kind, report, report_result, enterprise, local)
    row = SOURCE_ROWS[row_key]
    assert verdict.row == row_key
    assert verdict.status is row.status
    assert words in verdict.summary
    # An inferred verdict says so, and names what else fits; an observed one doesn't pretend.
    if verdict.confidence in ("medium", "low"):
        assert row.because is not None, f"{row_key} is inferred but not labelled as an inference"
    for link in row.links:
        assert link.url.startswith("https://")
    assert row.sources and all(s.verified == VERIFIED for s in row.sources)


def test_every_row_has_a_case_and_every_case_a_row():
    assert set(CASES) == set(SOURCE_ROWS)
    assert [r.key for r in anthropic.CATALOG["claude.usage_source"].diagnoses] == list(SOURCE_ROWS)


def test_forced_login_is_read_from_a_found_managed_settings_file():
    """claude_local names the file it read ("managed settings (<path>)"): that still counts."""
    local = login(claude_local.UNKNOWN, forced="claudeai",
                  origin="managed settings (/Library/Application Support/ClaudeCode/managed-settings.json)")
    assert _decide(ADMIN, empty(), WARNED, None, local).row == "source.empty.forced_claudeai"
    user_level = login(claude_local.UNKNOWN, forced="claudeai", origin="user settings")
    assert _decide(ADMIN, empty(), WARNED, None, user_level).row == "source.empty.org_unused"
