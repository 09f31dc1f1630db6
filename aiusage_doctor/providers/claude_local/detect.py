"""What kind of login Claude Code uses here: the evidence read from this computer (see
`machine`) turned into a LocalLogin, best evidence first."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from aiusage_doctor.providers.claude_local import machine


PLAN_NAMES = {"pro": "Pro", "max": "Max", "team": "Team", "enterprise": "Enterprise"}
_ORG_TYPE_PLAN = {
    "claude_pro": "pro",
    "claude_max": "max",
    "claude_team": "team",
    "claude_enterprise": "enterprise",
}
THIRD_PARTY = {
    "CLAUDE_CODE_USE_BEDROCK": "Amazon Bedrock",
    "CLAUDE_CODE_USE_VERTEX": "Google Vertex AI",
    "CLAUDE_CODE_USE_FOUNDRY": "Microsoft Foundry",
}
_PROVIDER_NAMES = {
    "bedrock": "Amazon Bedrock",
    "vertex": "Google Vertex AI",
    "foundry": "Microsoft Foundry",
}
WATCHED_ENV = (
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "ANTHROPIC_BASE_URL",
    "CLAUDE_CODE_OAUTH_TOKEN",
    *THIRD_PARTY,
    "AWS_BEARER_TOKEN_BEDROCK",
)
"""Variables whose presence (never value) changes how Claude Code signs in."""


# Login kinds (LocalLogin.kind)
SUBSCRIPTION = "subscription"
CONSOLE = "console"
GATEWAY = "gateway"
THIRD_PARTY_KIND = "third_party"
NOT_LOGGED_IN = "not_logged_in"
NOT_INSTALLED = "not_installed"
UNKNOWN = "unknown"


# -------------------------------------------------------------------- the result


@dataclass
class LocalLogin:
    """What was found. Holds no secret, e-mail or organization name."""

    kind: str = UNKNOWN
    plan: str | None = None
    """pro | max | team | enterprise, for subscription logins."""
    label: str = "Unknown"
    source: str = ""
    """Where the verdict came from: `claude auth status`, environment, ~/.claude.json, ..."""
    installed: bool = False
    cli_found: bool = False
    auth_status: dict[str, Any] | None = None
    env_present: list[str] = field(default_factory=list)
    settings_env_present: list[str] = field(default_factory=list)
    api_key_helper: bool = False
    force_login_method: str | None = None
    force_login_source: str | None = None
    force_login_org: bool = False
    organization_type: str | None = None
    billing_type: str | None = None
    console_managed_key: bool = False
    credentials_file: bool = False
    managed_settings_file: str | None = None
    notes: list[str] = field(default_factory=list)

    def facts(self) -> dict[str, Any]:
        return asdict(self)


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


# ------------------------------------------------------------------ detection


def _plan_label(plan: str | None) -> str:
    return f"Claude.ai subscription ({PLAN_NAMES[plan]})" if plan in PLAN_NAMES else "Claude.ai subscription"


def _from_auth_status(status: dict[str, Any]) -> tuple[str, str | None, str]:
    """(kind, plan, label) from `claude auth status` fields."""
    method = str(status.get("authMethod") or "").lower()
    provider = str(status.get("apiProvider") or "").lower()
    source = status.get("apiKeySource")
    sub = str(status.get("subscriptionType") or "").lower() or None
    if status.get("loggedIn") is False or method == "none":
        return NOT_LOGGED_IN, None, "Not logged in"
    if method == "third_party" or provider in _PROVIDER_NAMES:
        name = _PROVIDER_NAMES.get(provider, provider or "a cloud platform")
        return THIRD_PARTY_KIND, None, f"{name} (third-party cloud)"
    if method == "api_key":
        return CONSOLE, None, f"Console API key ({source or 'API key'})"
    if sub in PLAN_NAMES:
        return SUBSCRIPTION, sub, _plan_label(sub)
    if isinstance(source, str) and "managed key" in source.lower():
        return CONSOLE, None, "Console account login (/login managed key)"
    if method in ("claude.ai", "oauth", "oauth_token"):
        return SUBSCRIPTION, None, "Claude.ai login (subscription type not reported)"
    return UNKNOWN, None, f"Unrecognised login method ({method or 'not reported'})"


async def detect() -> LocalLogin:
    """Inspect this computer. Never raises for missing or unreadable files."""
    env = machine.environ()
    found = LocalLogin()
    found.env_present = [name for name in WATCHED_ENV if env.get(name, "").strip()]

    cfg_dir = machine.config_dir()
    user_settings, problem = await machine._read_json(cfg_dir / "settings.json")
    if problem:
        found.notes.append(f"User settings: {problem}.")
    user_settings = user_settings if isinstance(user_settings, dict) else {}
    managed, managed_path, notes = await machine._managed_settings()
    found.notes += notes
    found.managed_settings_file = managed_path

    settings_env: dict[str, Any] = {}
    for layer in (user_settings, managed):
        if isinstance(layer.get("env"), dict):
            settings_env.update(layer["env"])
    found.settings_env_present = [
        name for name in WATCHED_ENV if str(settings_env.get(name, "")).strip()
    ]
    found.api_key_helper = bool(managed.get("apiKeyHelper") or user_settings.get("apiKeyHelper"))
    managed_origin = f"managed settings ({managed_path})" if managed_path else "managed settings"
    for origin, layer in ((managed_origin, managed), ("user settings", user_settings)):
        method = layer.get("forceLoginMethod")
        if isinstance(method, str) and method.strip():
            found.force_login_method = method.strip()
            found.force_login_source = origin
            found.force_login_org = bool(layer.get("forceLoginOrgUUID"))
            break

    global_path = machine.global_config_path()
    global_cfg, problem = await machine._read_json(global_path)
    if problem:
        found.notes.append(f"Claude Code config: {problem}.")
    account = global_cfg.get("oauthAccount") if isinstance(global_cfg, dict) else None
    if isinstance(account, dict):
        org_type = account.get("organizationType")
        found.organization_type = org_type if isinstance(org_type, str) else None
        billing = account.get("billingType")
        found.billing_type = billing if isinstance(billing, str) else None
    if isinstance(global_cfg, dict):
        found.console_managed_key = bool(global_cfg.get("primaryApiKey"))
    found.credentials_file = (cfg_dir / ".credentials.json").is_file()

    exe = await asyncio.to_thread(machine.find_claude)
    found.cli_found = exe is not None
    found.installed = exe is not None or global_path.is_file() or cfg_dir.is_dir()
    if exe is not None:
        status, reason = await machine.run_auth_status(exe)
        if status is not None:
            found.auth_status = status
        elif reason:
            found.notes.append(reason + "; the configuration files were inspected instead.")

    _classify(found, env, settings_env)
    return found


def _classify(found: LocalLogin, env: Mapping[str, str], settings_env: Mapping[str, Any]) -> None:
    merged_env = {**{k: str(v) for k, v in settings_env.items()}, **dict(env)}
    cloud = [name for var, name in THIRD_PARTY.items() if _truthy(merged_env.get(var, ""))]
    present = set(found.env_present) | set(found.settings_env_present)

    def set_(kind: str, plan: str | None, label: str, source: str) -> None:
        found.kind, found.plan, found.label, found.source = kind, plan, label, source

    if found.auth_status is not None:
        kind, plan, label = _from_auth_status(found.auth_status)
        set_(kind, plan, label, "claude auth status")
        if kind == SUBSCRIPTION and plan is None:
            org_plan = _ORG_TYPE_PLAN.get(found.organization_type or "")
            if org_plan:
                set_(kind, org_plan, _plan_label(org_plan), "claude auth status and ~/.claude.json")
        return
    if cloud:
        set_(THIRD_PARTY_KIND, None, f"{cloud[0]} (third-party cloud)", "environment / settings env")
        return
    if "ANTHROPIC_AUTH_TOKEN" in present:
        set_(GATEWAY, None, "LLM gateway or proxy (ANTHROPIC_AUTH_TOKEN)", "environment / settings env")
        return
    if "ANTHROPIC_API_KEY" in present:
        set_(CONSOLE, None, "Console API key (ANTHROPIC_API_KEY)", "environment / settings env")
        return
    if found.api_key_helper:
        set_(CONSOLE, None, "Console API key (apiKeyHelper script)", "settings")
        return
    if "CLAUDE_CODE_OAUTH_TOKEN" in present:
        set_(SUBSCRIPTION, None, "Claude.ai subscription (long-lived token, CLAUDE_CODE_OAUTH_TOKEN)",
             "environment / settings env")
        return
    org_plan = _ORG_TYPE_PLAN.get(found.organization_type or "")
    if org_plan:
        set_(SUBSCRIPTION, org_plan, _plan_label(org_plan), "~/.claude.json")
        return
    if found.console_managed_key or (found.billing_type or "").lower() == "api":
        set_(CONSOLE, None, "Console account login (/login managed key)", "~/.claude.json")
        return
    if found.organization_type:
        set_(UNKNOWN, None, f"Claude account of an unrecognised type ({found.organization_type})",
             "~/.claude.json")
        return
    if found.credentials_file:
        set_(SUBSCRIPTION, None, "Claude.ai login (stored login found; type not recorded)", "~/.claude")
        return
    if found.installed:
        set_(NOT_LOGGED_IN, None, "Not logged in", "~/.claude.json")
        return
    set_(NOT_INSTALLED, None, "Claude Code is not installed", "")
