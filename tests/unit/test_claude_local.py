"""This computer's Claude Code login, with fake home directories and a fake `claude`.

Every test runs in the temporary HOME from conftest; the environment seen by the
check is a plain dict (so variables on the machine running the tests can't leak in),
managed settings point into the temporary folder, and `claude` is either absent or a
small script that prints what `claude auth status` prints.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path, PureWindowsPath

import pytest
from pydantic import SecretStr

from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.models import Status
from aiusage_doctor.core.runner import Runner
from aiusage_doctor.providers import anthropic, claude_local

SECRET_VALUE = "sk-ant-api03-" + "Q" * 93 + "AA"  # shape only; never a real key
EMAIL = "dev.person@example.com"

needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="fake `claude` is a shebang script")


@pytest.fixture
def home(isolated_home: Path) -> Path:
    assert Path.home() == isolated_home  # never the real home directory
    return isolated_home


@pytest.fixture
def env(monkeypatch) -> dict[str, str]:
    """The environment the check sees; starts empty."""
    values: dict[str, str] = {}
    monkeypatch.setattr(claude_local.machine, "environ", lambda: values)
    return values


@pytest.fixture
def managed(tmp_path, monkeypatch) -> Path:
    """Where managed settings live for this test (nothing there unless a test writes it)."""
    path = tmp_path / "etc" / "claude-code" / "managed-settings.json"
    monkeypatch.setattr(claude_local.machine, "managed_settings_paths", lambda platform=None: [path])
    return path


@pytest.fixture
def no_cli(monkeypatch):
    monkeypatch.setattr(claude_local.machine, "find_claude", lambda: None)


@pytest.fixture
def fake_cli(tmp_path, monkeypatch):
    """Install a fake `claude` that prints `stdout`, records its arguments, exits with `code`."""

    def install(stdout: str, code: int = 0, sleep: float = 0.0) -> Path:
        bindir = tmp_path / "bin"
        bindir.mkdir(exist_ok=True)
        script = bindir / "claude"
        argv_file = tmp_path / "argv.json"
        script.write_text(
            f"#!{sys.executable}\n"
            "import json, sys, time\n"
            f"open({str(argv_file)!r}, 'w').write(json.dumps(sys.argv[1:]))\n"
            f"time.sleep({sleep})\n"
            f"sys.stdout.write({stdout!r})\n"
            f"sys.exit({code})\n",
            encoding="utf-8",
        )
        script.chmod(0o755)
        monkeypatch.setattr(claude_local.machine, "find_claude", lambda: str(script))
        return argv_file

    return install


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def global_config(org_type: str | None = None, **extra) -> dict:
    account = None
    if org_type is not None:
        account = {
            "accountUuid": "6f1c0e5e-0000-4000-8000-000000000001",
            "emailAddress": EMAIL,
            "organizationUuid": "0b5e2c1a-0000-4000-8000-000000000002",
            "organizationName": "Example Org",
            "organizationRole": "admin",
            "organizationType": org_type,
            "organizationRateLimitTier": "default_claude_max_5x",
            "billingType": "stripe_subscription",
            "displayName": "Dev",
        }
    return {"userID": "abc", "oauthAccount": account, "hasAvailableSubscription": account is not None,
            "projects": {"/work/secret-project": {"history": ["do not read"]}}, **extra}


def run_local(cfg: RunConfig | None = None) -> dict:
    cfg = cfg or RunConfig(providers=["anthropic"], anthropic={"claude_local": True})
    results = asyncio.run(Runner(cfg, providers=[anthropic.PROVIDER]).run())
    return {r.id: r for r in results}


def local_result(**kw):
    return run_local(**kw)["claude.local.login"]


def dumped(result) -> str:
    return result.model_dump_json()


# --------------------------------------------------------------------------- planning


def test_local_check_is_planned_without_a_key_and_targets_the_machine():
    planned = anthropic.plan(RunConfig(anthropic={"claude_local": True}))
    assert [(p.spec.id, p.target) for p in planned] == [
        ("anthropic.key.format", "key"),
        ("claude.local.login", "machine"),
        ("claude.usage_source", "org"),
    ]
    assert claude_local.SPEC.per == "machine"


def test_local_check_is_not_planned_when_off():
    ids = [p.spec.id for p in anthropic.plan(RunConfig(anthropic={"admin_key": SecretStr("x" * 40)}))]
    assert "claude.local.login" not in ids
    assert "claude.usage_source" in ids


# --------------------------------------------------------------------------- nothing installed


def test_not_installed_is_a_skip_with_install_link(home, env, managed, no_cli):
    result = local_result()
    assert result.status is Status.SKIP
    assert "not installed" in result.summary
    assert result.remediation[0].url == "https://code.claude.com/docs/en/setup"


# --------------------------------------------------------------------------- claude auth status


@needs_posix
def test_auth_status_max_subscription_without_leaking_email_or_org(home, env, managed, fake_cli):
    argv = fake_cli(json.dumps({
        "loggedIn": True, "authMethod": "claude.ai", "apiProvider": "firstParty", "email": EMAIL,
        "orgId": "0b5e2c1a-0000-4000-8000-000000000002", "orgName": "dev.person@example.com's Organization",
        "subscriptionType": "max",
    }))
    result = local_result()
    assert json.loads(argv.read_text()) == ["auth", "status"]
    assert result.status is Status.WARN
    assert "Claude.ai subscription (Max)" in result.summary
    assert "not appear in the Console" in result.summary
    assert result.evidence["source"] == "claude auth status"
    assert EMAIL not in dumped(result) and "Organization" not in dumped(result)
    assert "https://code.claude.com/docs/en/settings" in [link.url for link in result.remediation]
    # Claude Code's own answer is observed, not inferred.
    assert result.diagnosis == "local.subscription" and result.inference is None
    assert [s.url for s in result.sources] == ["https://code.claude.com/docs/en/authentication"]


@needs_posix
def test_auth_status_api_key_is_a_console_login_and_passes(home, env, managed, fake_cli):
    fake_cli(json.dumps({"loggedIn": True, "authMethod": "api_key", "apiKeySource": "ANTHROPIC_API_KEY"}))
    result = local_result()
    assert result.status is Status.PASS
    assert "Console API key (ANTHROPIC_API_KEY)" in result.summary


@needs_posix
def test_auth_status_console_login_managed_key_passes(home, env, managed, fake_cli):
    fake_cli(json.dumps({"loggedIn": True, "authMethod": "claude.ai", "apiProvider": "firstParty",
                         "apiKeySource": "/login managed key", "subscriptionType": None}))
    result = local_result()
    assert result.status is Status.PASS
    assert "Console account login" in result.summary


@needs_posix
def test_auth_status_bedrock_is_invisible_to_anthropic(home, env, managed, fake_cli):
    fake_cli(json.dumps({"loggedIn": True, "authMethod": "third_party", "apiProvider": "bedrock"}))
    result = local_result()
    assert result.status is Status.WARN
    assert "Amazon Bedrock" in result.summary and "not visible to any Anthropic" in result.summary
    assert result.remediation[0].url == "https://code.claude.com/docs/en/monitoring-usage"


@needs_posix
def test_auth_status_not_logged_in_with_exit_code_1(home, env, managed, fake_cli):
    fake_cli(json.dumps({"loggedIn": False, "authMethod": "none", "apiProvider": "firstParty"}), code=1)
    result = local_result()
    assert result.status is Status.WARN
    assert "not logged in" in result.summary


@needs_posix
def test_hanging_cli_is_stopped_and_files_are_used_instead(home, env, managed, fake_cli, monkeypatch):
    monkeypatch.setattr(claude_local.machine, "AUTH_STATUS_TIMEOUT", 0.3)
    fake_cli("{}", sleep=30)
    write_json(home / ".claude.json", global_config("claude_team"))
    result = local_result()
    assert result.status is Status.WARN
    assert "Claude.ai subscription (Team)" in result.summary
    assert any("did not answer within 0.3 s" in d for d in result.details)


@needs_posix
def test_old_cli_without_json_falls_back_to_files(home, env, managed, fake_cli):
    fake_cli("Login method: Claude Pro Account\nEmail: dev.person@example.com\n")
    write_json(home / ".claude.json", global_config("claude_pro"))
    result = local_result()
    assert "Claude.ai subscription (Pro)" in result.summary
    assert any("gave no JSON" in d for d in result.details)
    assert EMAIL not in dumped(result)


# --------------------------------------------------------------------------- files only


@pytest.mark.parametrize(
    ("org_type", "label", "hint"),
    [
        ("claude_max", "Claude.ai subscription (Max)", "not appear in the Console"),
        ("claude_pro", "Claude.ai subscription (Pro)", "not appear in the Console"),
        ("claude_team", "Claude.ai subscription (Team)", "no analytics API"),
        ("claude_enterprise", "Claude.ai subscription (Enterprise)", "Enterprise Analytics API"),
    ],
)
def test_oauth_account_organization_type(home, env, managed, no_cli, org_type, label, hint):
    write_json(home / ".claude.json", global_config(org_type))
    result = local_result()
    assert result.status is Status.WARN
    assert label in result.summary and hint in result.summary
    assert result.evidence["source"] == "~/.claude.json"
    assert EMAIL not in dumped(result) and "Example Org" not in dumped(result)
    assert "secret-project" not in dumped(result)
    # ~/.claude.json isn't documented by Anthropic: the verdict says it is an inference.
    assert result.diagnosis == "local.subscription.files" and result.inference is not None
    assert "signs in with a Claude.ai subscription" in result.inference.likely
    assert any("claude auth status" in a.cause for a in result.inference.alternatives)
    assert "https://github.com/anthropics/claude-code/issues/58625" in [s.url for s in result.sources]


def test_console_managed_key_is_reported_by_presence_only(home, env, managed, no_cli):
    write_json(home / ".claude.json", global_config(None, primaryApiKey=SECRET_VALUE))
    result = local_result()
    assert result.status is Status.PASS
    assert "Console account login" in result.summary
    assert SECRET_VALUE not in dumped(result) and SECRET_VALUE[-20:] not in dumped(result)
    assert any("value not read" in d for d in result.details)


def test_anthropic_api_key_variable_wins_over_a_subscription_and_its_value_is_never_shown(home, env, managed, no_cli):
    env["ANTHROPIC_API_KEY"] = SECRET_VALUE
    write_json(home / ".claude.json", global_config("claude_max"))
    result = local_result()
    assert result.status is Status.PASS
    assert "Console API key (ANTHROPIC_API_KEY)" in result.summary
    assert any("ANTHROPIC_API_KEY" in d and "values not read" in d for d in result.details)
    assert SECRET_VALUE not in dumped(result) and "QQQQQQQQQQQQ" not in dumped(result)


def test_auth_token_means_a_gateway(home, env, managed, no_cli):
    env["ANTHROPIC_AUTH_TOKEN"] = "gateway-token-value-123456"
    env["ANTHROPIC_BASE_URL"] = "https://llm-gateway.example"
    result = local_result()
    assert result.status is Status.WARN
    assert "LLM gateway" in result.summary
    assert "gateway-token-value" not in dumped(result)


def test_bedrock_variable_wins_over_everything(home, env, managed, no_cli):
    env["CLAUDE_CODE_USE_BEDROCK"] = "1"
    env["ANTHROPIC_API_KEY"] = SECRET_VALUE
    result = local_result()
    assert result.status is Status.WARN
    assert "Amazon Bedrock" in result.summary


def test_vertex_switch_in_the_settings_env_block(home, env, managed, no_cli):
    write_json(home / ".claude" / "settings.json", {"env": {"CLAUDE_CODE_USE_VERTEX": "true"}})
    result = local_result()
    assert "Google Vertex AI" in result.summary
    assert any("settings file's env block" in d for d in result.details)


def test_api_key_helper_is_a_console_key(home, env, managed, no_cli):
    write_json(home / ".claude" / "settings.json", {"apiKeyHelper": "/usr/local/bin/get-key.sh"})
    result = local_result()
    assert result.status is Status.PASS
    assert "apiKeyHelper" in result.summary


def test_long_lived_oauth_token_variable_is_a_subscription(home, env, managed, no_cli):
    env["CLAUDE_CODE_OAUTH_TOKEN"] = "sk-ant-oat01-" + "z" * 95
    result = local_result()
    assert result.status is Status.WARN
    assert "CLAUDE_CODE_OAUTH_TOKEN" in result.summary
    assert "zzzzzzzzzzzz" not in dumped(result)


def test_claude_config_dir_is_respected(home, env, managed, no_cli, tmp_path):
    custom = tmp_path / "custom-claude"
    env["CLAUDE_CONFIG_DIR"] = str(custom)
    write_json(home / ".claude.json", global_config("claude_max"))
    write_json(custom / ".claude.json", global_config("claude_enterprise"))
    result = local_result()
    assert "Claude.ai subscription (Enterprise)" in result.summary


def test_installed_but_logged_out(home, env, managed, no_cli):
    write_json(home / ".claude.json", global_config(None))
    result = local_result()
    assert result.status is Status.WARN
    assert "not logged in" in result.summary


def test_credentials_file_is_only_checked_for_existence(home, env, managed, no_cli):
    write_json(home / ".claude" / ".credentials.json",
               {"claudeAiOauth": {"accessToken": "sk-ant-oat01-" + "s" * 95, "subscriptionType": "max"}})
    result = local_result()
    assert result.status is Status.WARN
    assert "stored login" in result.summary
    assert "sssssssssss" not in dumped(result) and "max" not in result.summary.lower()
    assert result.diagnosis == "local.subscription.files" and result.inference is not None


def test_broken_global_config_is_reported_not_fatal(home, env, managed, no_cli):
    (home / ".claude.json").write_text("{not json", encoding="utf-8")
    result = local_result()
    assert result.status is Status.WARN  # installed (the file exists) but nothing readable
    assert any("not valid JSON" in d for d in result.details)


# --------------------------------------------------------------------------- managed settings


def test_managed_force_login_console_conflicting_with_a_subscription(home, env, managed, no_cli):
    write_json(managed, {"forceLoginMethod": "console", "forceLoginOrgUUID": "0b5e2c1a"})
    write_json(home / ".claude.json", global_config("claude_max"))
    result = local_result()
    assert result.status is Status.WARN
    assert result.details[0].startswith("Managed settings force Console login")
    assert any(f'forceLoginMethod = "console" in managed settings ({managed}) (also pinned' in d
               for d in result.details)


def test_managed_dropin_overrides_the_main_file(home, env, managed, no_cli):
    write_json(managed, {"forceLoginMethod": "claudeai"})
    write_json(managed.parent / "managed-settings.d" / "10-login.json", {"forceLoginMethod": "console"})
    write_json(home / ".claude.json", global_config(None, primaryApiKey=SECRET_VALUE))
    result = local_result()
    assert result.status is Status.PASS
    assert any('forceLoginMethod = "console"' in d for d in result.details)


def test_policy_sources_in_claude_codes_order_per_os():
    mac = claude_local.policy_sources("darwin", user="ada")
    assert [(s.kind, s.location) for s in mac] == [
        ("plist", "/Library/Managed Preferences/ada/com.anthropic.claudecode.plist"),
        ("plist", "/Library/Managed Preferences/com.anthropic.claudecode.plist"),
        ("file", "/Library/Application Support/ClaudeCode/managed-settings.json"),
    ]
    windows = claude_local.policy_sources("win32")
    assert [s.kind for s in windows] == ["registry", "file", "file", "registry"]
    assert windows[0].label == r"the registry policy HKLM\SOFTWARE\Policies\ClaudeCode (Settings)"
    assert windows[-1].location == "HKCU"
    assert [s.kind for s in claude_local.policy_sources("linux")] == ["file"]


def test_an_mdm_profile_wins_over_the_file_and_the_file_is_named_as_ignored(
        home, env, managed, no_cli, tmp_path, monkeypatch):
    import plistlib

    profile = tmp_path / "Managed Preferences" / "com.anthropic.claudecode.plist"
    profile.parent.mkdir(parents=True)
    profile.write_bytes(plistlib.dumps({"forceLoginMethod": "console"}, fmt=plistlib.FMT_BINARY))
    write_json(managed, {"forceLoginMethod": "claudeai"})
    monkeypatch.setattr(claude_local.machine, "policy_sources", lambda platform=None, user=None: [
        claude_local.PolicySource("plist", str(profile)), claude_local.PolicySource("file", str(managed))])
    write_json(home / ".claude.json", global_config(None, primaryApiKey=SECRET_VALUE))
    result = local_result()
    assert result.status is Status.PASS
    assert any(f'forceLoginMethod = "console" in managed settings (the MDM profile {profile})' in d
               for d in result.details)
    assert any(f"Managed settings in {managed} are ignored" in d for d in result.details)


def test_a_registry_policy_is_read_and_a_broken_one_is_reported(home, env, managed, no_cli, monkeypatch):
    answers = {"HKLM": (None, r"HKLM\SOFTWARE\Policies\ClaudeCode\Settings is not a JSON object, so "
                        "Claude Code can't use it"),
               "HKCU": ({"forceLoginMethod": "claudeai"}, None)}
    monkeypatch.setattr(claude_local.machine, "read_registry_policy", lambda hive: answers[hive])
    monkeypatch.setattr(claude_local.machine, "policy_sources", lambda platform=None, user=None: [
        claude_local.PolicySource("registry", "HKLM"), claude_local.PolicySource("file", str(managed)),
        claude_local.PolicySource("registry", "HKCU")])
    write_json(home / ".claude.json", global_config("claude_max"))
    result = local_result()
    assert any('forceLoginMethod = "claudeai" in managed settings (the registry policy HKCU' in d
               for d in result.details)
    assert any("is not a JSON object" in d for d in result.details)


def test_settings_left_at_the_legacy_windows_path_are_reported_as_not_applied(
        home, env, managed, no_cli, tmp_path, monkeypatch):
    legacy = tmp_path / "ProgramData" / "ClaudeCode" / "managed-settings.json"
    write_json(legacy, {"forceLoginMethod": "console"})
    monkeypatch.setattr(claude_local.machine, "LEGACY_MANAGED_PATH", PureWindowsPath(str(legacy)))
    monkeypatch.setattr(claude_local.machine, "policy_sources", lambda platform=None, user=None: [
        claude_local.PolicySource("file", str(managed)), claude_local.PolicySource("file", str(legacy))])
    write_json(home / ".claude.json", global_config("claude_max"))
    result = local_result()
    assert not any("forceLoginMethod = " in d for d in result.details)  # not in effect
    assert any("legacy path" in d and "not applied" in d for d in result.details)


def test_an_unreadable_mdm_profile_is_a_note_not_a_crash(home, env, managed, no_cli, tmp_path, monkeypatch):
    profile = tmp_path / "broken.plist"
    profile.write_bytes(b"not a plist at all")
    monkeypatch.setattr(claude_local.machine, "policy_sources", lambda platform=None, user=None: [
        claude_local.PolicySource("plist", str(profile))])
    write_json(home / ".claude.json", global_config("claude_max"))
    result = local_result()
    assert result.status in (Status.PASS, Status.WARN, Status.FAIL)
    assert any(str(profile) in d and "could not be read" in d for d in result.details)
    assert any("No managed settings" in d for d in result.details)


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("linux", ["/etc/claude-code/managed-settings.json"]),
        ("darwin", ["/Library/Application Support/ClaudeCode/managed-settings.json"]),
        ("win32", [r"C:\Program Files\ClaudeCode\managed-settings.json",
                   r"C:\ProgramData\ClaudeCode\managed-settings.json"]),
    ],
)
def test_managed_settings_path_per_os(platform, expected):
    paths = claude_local.managed_settings_paths(platform)
    if platform == "win32":
        assert [str(PureWindowsPath(p)) for p in paths] == expected
    else:
        assert [p.as_posix() for p in paths] == expected


def test_config_paths_follow_home_and_claude_config_dir(home, env, tmp_path):
    assert claude_local.config_dir() == home / ".claude"
    assert claude_local.global_config_path() == home / ".claude.json"
    env["CLAUDE_CONFIG_DIR"] = str(tmp_path / "cfg")
    assert claude_local.config_dir() == tmp_path / "cfg"
    assert claude_local.global_config_path() == tmp_path / "cfg" / ".claude.json"


# --------------------------------------------------------------------------- verdict from this computer only


def test_local_only_run_gives_a_low_confidence_verdict(home, env, managed, no_cli):
    write_json(home / ".claude.json", global_config("claude_team"))
    results = run_local()
    assert results["anthropic.key.format"].status is Status.SKIP
    verdict = results["claude.usage_source"]
    assert verdict.status is Status.WARN
    assert "Claude.ai subscriptions (Team)" in verdict.summary
    assert "confidence: low" in verdict.summary
    assert verdict.evidence["plan"] == "team"
    assert "https://code.claude.com/docs/en/analytics" in [link.url for link in verdict.remediation]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a POSIX FIFO")
def test_a_fifo_in_place_of_a_config_file_is_not_read(tmp_path):
    # Reading a FIFO with no writer blocks its thread for good, and the run could never end.
    from aiusage_doctor.providers.claude_local import machine

    import threading

    fifo = tmp_path / ".claude.json"
    os.mkfifo(fifo)
    answer: list = []
    reader = threading.Thread(target=lambda: answer.append(machine._read_json_sync(fifo)), daemon=True)
    reader.start()
    reader.join(30)  # generous: a correct reader never opens the FIFO at all
    if reader.is_alive():  # unblock the stuck reader so the test run can end
        with open(fifo, "w"):
            pass
    assert answer, "reading the FIFO blocked"
    data, problem = answer[0]
    assert data is None and "not a regular file" in problem


def test_a_config_file_nested_too_deep_is_invalid_json_not_a_crash(tmp_path):
    from aiusage_doctor.providers.claude_local import machine

    deep = tmp_path / "settings.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    data, problem = machine._read_json_sync(deep)
    assert data is None and "not valid JSON" in problem
