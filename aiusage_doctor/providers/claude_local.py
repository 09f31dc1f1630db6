"""How Claude Code signs in on *this* computer, without reading or printing any secret.

The question behind it: does this developer's Claude Code usage reach the Console
(visible to the Admin API's Claude Code report) or a Claude.ai subscription (Pro,
Max, Team, Enterprise: not visible there), or a cloud platform (Bedrock, Vertex,
Foundry: not visible to any Anthropic API)?

Evidence, best first:

* `claude auth status` (JSON) when the CLI is installed: it applies Claude Code's own
  precedence. Only whitelisted fields are kept (never e-mail, org name or tokens).
* Environment variables and the `env` blocks of the user and managed settings:
  presence only, never values (except the on/off switches `CLAUDE_CODE_USE_*`).
* `~/.claude.json` (`$CLAUDE_CONFIG_DIR/.claude.json`): `oauthAccount.organizationType`
  (`claude_max`, `claude_team`, ...), `billingType`, and whether a Console-managed key
  (`primaryApiKey`) exists (presence only).
* Managed settings (`forceLoginMethod`) from the source Claude Code uses here: the macOS
  MDM profile, the Windows registry policy or managed-settings.json, which admins deploy to enforce
  a login method.

`.credentials.json` and the macOS Keychain hold the tokens themselves: only the
file's existence is checked, the Keychain is never touched.

Everything that depends on the machine (home, config dir, managed-settings paths,
the `claude` executable, the environment) is a module-level function so tests can
point it at a fake home and a fake `claude` script.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path, PureWindowsPath
from typing import Any

from aiusage_doctor.core.checks import Alternative, CheckContext, CheckSpec, Diagnosis, Outcome, Source
from aiusage_doctor.core.models import Link, Status

# ----------------------------------------------------------------------------- links
# Every vendor page this module links to.

LINKS: dict[str, Link] = {
    "authentication": Link(
        text="Claude Code authentication: login methods and their precedence",
        url="https://code.claude.com/docs/en/authentication",
    ),
    "settings": Link(
        text="Claude Code settings: managed settings and forceLoginMethod",
        url="https://code.claude.com/docs/en/settings",
    ),
    "analytics": Link(
        text="Claude Code analytics dashboards (Claude.ai Team/Enterprise and Console)",
        url="https://code.claude.com/docs/en/analytics",
    ),
    "monitoring": Link(
        text="Monitor Claude Code with OpenTelemetry (works with every login method)",
        url="https://code.claude.com/docs/en/monitoring-usage",
    ),
    "setup": Link(
        text="Install Claude Code",
        url="https://code.claude.com/docs/en/setup",
    ),
    "enterprise_analytics": Link(
        text="Claude Enterprise Analytics API: get started",
        url="https://support.claude.com/en/articles/13694757-get-started-with-the-claude-enterprise-analytics-api",
    ),
}

VERIFIED = date(2026, 12, 4)
"""The day the Claude Code pages below were last checked."""

SOURCES: dict[str, Source] = {
    "authentication": Source("Claude Code docs: authentication (login methods, credential precedence)",
                             LINKS["authentication"].url, VERIFIED),
    "settings": Source("Claude Code docs: settings (managed settings locations, forceLoginMethod)",
                       LINKS["settings"].url, VERIFIED),
    "monitoring": Source("Claude Code docs: OpenTelemetry monitoring", LINKS["monitoring"].url, VERIFIED),
    "config_fields": Source(
        "anthropics/claude-code#58625: ~/.claude.json oauthAccount.organizationType and billingType "
        "(observed fields; Anthropic doesn't document them)",
        "https://github.com/anthropics/claude-code/issues/58625", VERIFIED),
}

_PROBE = "Offline, this computer: `claude auth status`, environment, settings, ~/.claude.json"
_ALT_STALE = Alternative("The stored login is stale: `claude auth status` (Claude Code installed and on "
                         "PATH) would tell the login in effect.", (LINKS["authentication"],))
ROWS = {r.key: r for r in (
    Diagnosis("local.console", _PROBE, "`claude auth status` or ANTHROPIC_API_KEY / apiKeyHelper",
              "Claude Code here uses a Console login or API key: its usage reaches the Console report.",
              Status.PASS, sources=(SOURCES["authentication"],)),
    Diagnosis("local.console.files", _PROBE, "only ~/.claude.json: a Console-managed key or billingType api",
              "Claude Code here most likely signs in with a Console account.", Status.PASS,
              (LINKS["authentication"],), (SOURCES["config_fields"], SOURCES["authentication"]),
              because="~/.claude.json holds a Console-managed key; Anthropic doesn't document this file",
              alternatives=(_ALT_STALE,)),
    Diagnosis("local.subscription", _PROBE, "`claude auth status` subscription, or CLAUDE_CODE_OAUTH_TOKEN",
              "Claude Code here signs in with a Claude.ai subscription: not in the Console report.",
              Status.WARN, (LINKS["settings"], LINKS["authentication"]), (SOURCES["authentication"],)),
    Diagnosis("local.subscription.files", _PROBE, "only ~/.claude.json organizationType or a stored login file",
              "Claude Code here most likely signs in with a Claude.ai subscription.", Status.WARN,
              (LINKS["settings"], LINKS["authentication"]), (SOURCES["config_fields"], SOURCES["authentication"]),
              because="the stored account says so, but Anthropic doesn't document these files and the "
                      "`claude` command wasn't there to confirm",
              alternatives=(_ALT_STALE,)),
    Diagnosis("local.third_party", _PROBE, "CLAUDE_CODE_USE_BEDROCK / VERTEX / FOUNDRY, or auth status third_party",
              "Claude Code here runs through a cloud platform: invisible to Anthropic's analytics APIs.",
              Status.WARN, (LINKS["monitoring"], LINKS["authentication"]),
              (SOURCES["authentication"], SOURCES["monitoring"])),
    Diagnosis("local.gateway", _PROBE, "ANTHROPIC_AUTH_TOKEN",
              "Claude Code here goes through an LLM gateway: visibility depends on the gateway's key.",
              Status.WARN, (LINKS["authentication"], LINKS["monitoring"]), (SOURCES["authentication"],)),
    Diagnosis("local.not_logged_in", _PROBE, "installed, no login",
              "Claude Code is installed but not logged in.", Status.WARN, (LINKS["authentication"],),
              (SOURCES["authentication"],)),
    Diagnosis("local.not_installed", _PROBE, "no `claude` command and no ~/.claude.json",
              "Claude Code is not installed here.", Status.SKIP, (LINKS["setup"], LINKS["authentication"]),
              (SOURCES["authentication"],)),
    Diagnosis("local.unknown", _PROBE, "a login method or account type this tool doesn't know",
              "Could not tell how Claude Code signs in here.", Status.WARN, (LINKS["authentication"],),
              (SOURCES["authentication"],)),
)}
_FROM_FILES = ("~/.claude.json", "~/.claude")
"""Evidence sources that are undocumented files (the verdict is then an inference)."""

SPEC = CheckSpec(
    id="claude.local.login",
    title="Claude Code login on this computer",
    probes=(
        "Offline, on this computer: whether Claude Code is installed, `claude auth status` "
        "(JSON, 5 s limit), ~/.claude.json (oauthAccount organization type), which "
        "ANTHROPIC_*/CLAUDE_CODE_USE_* variables and apiKeyHelper are set (never their values), "
        "and forceLoginMethod in the managed settings Claude Code applies here (the MDM profile, "
        "the registry policy or managed-settings.json, whichever comes first)."
    ),
    explains=(
        "Claude Code usage only appears in the Console's Claude Code report when Claude Code "
        "signs in with a Console account or a Console API key. A Claude.ai subscription login "
        "(Pro, Max, Team, Enterprise) is reported elsewhere or not at all, and Bedrock/Vertex/"
        "Foundry usage is invisible to every Anthropic API."
    ),
    remediation=(LINKS["authentication"], LINKS["settings"], LINKS["monitoring"]),
    per="machine",
    sources=(SOURCES["authentication"], SOURCES["settings"]),
    diagnoses=tuple(ROWS.values()),
)

AUTH_STATUS_TIMEOUT = 5.0
"""Seconds `claude auth status` may take before it is stopped."""

MAX_JSON_BYTES = 32 * 1024 * 1024
"""~/.claude.json can hold project history; bigger than this it is not parsed."""

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

_AUTH_STATUS_FIELDS = ("loggedIn", "authMethod", "apiProvider", "apiKeySource", "subscriptionType")
"""The only fields of `claude auth status` that are kept (no e-mail, org name or ids)."""

# Login kinds (LocalLogin.kind)
SUBSCRIPTION = "subscription"
CONSOLE = "console"
GATEWAY = "gateway"
THIRD_PARTY_KIND = "third_party"
NOT_LOGGED_IN = "not_logged_in"
NOT_INSTALLED = "not_installed"
UNKNOWN = "unknown"


# --------------------------------------------------------------- machine lookups
# Module-level so tests can monkeypatch them.


def environ() -> Mapping[str, str]:
    return os.environ


def home_dir() -> Path:
    return Path.home()


def config_dir() -> Path:
    """Claude Code's config folder: $CLAUDE_CONFIG_DIR, else ~/.claude."""
    custom = environ().get("CLAUDE_CONFIG_DIR", "").strip()
    return Path(custom).expanduser() if custom else home_dir() / ".claude"


def global_config_path() -> Path:
    """The global config file: $CLAUDE_CONFIG_DIR/.claude.json, else ~/.claude.json."""
    custom = environ().get("CLAUDE_CONFIG_DIR", "").strip()
    return Path(custom).expanduser() / ".claude.json" if custom else home_dir() / ".claude.json"


def managed_settings_paths(platform: str | None = None) -> list[Path]:
    """Where admins deploy managed settings on this OS, current location first."""
    platform = platform or sys.platform
    if platform == "darwin":
        return [Path("/Library/Application Support/ClaudeCode/managed-settings.json")]
    if platform.startswith("win"):
        return [
            Path(PureWindowsPath(r"C:\Program Files\ClaudeCode\managed-settings.json")),
            # Legacy location, no longer read by Claude Code since v2.1.75.
            Path(PureWindowsPath(r"C:\ProgramData\ClaudeCode\managed-settings.json")),
        ]
    return [Path("/etc/claude-code/managed-settings.json")]


LEGACY_MANAGED_PATH = PureWindowsPath(r"C:\ProgramData\ClaudeCode\managed-settings.json")

MDM_DOMAIN = "com.anthropic.claudecode"
REGISTRY_KEY = r"SOFTWARE\Policies\ClaudeCode"
REGISTRY_VALUE = "Settings"


@dataclass(frozen=True)
class PolicySource:
    """One place Claude Code reads managed (policy) settings from on this computer."""

    kind: str
    """'file' (managed-settings.json and its drop-ins), 'plist' (macOS MDM profile) or
    'registry' (Windows policy key, hive in `location`)."""
    location: str

    @property
    def label(self) -> str:
        if self.kind == "plist":
            return f"the MDM profile {self.location}"
        if self.kind == "registry":
            return f"the registry policy {self.location}\\{REGISTRY_KEY} ({REGISTRY_VALUE})"
        return self.location


def policy_sources(platform: str | None = None, user: str | None = None) -> list[PolicySource]:
    """Claude Code's policy sources on this OS, highest priority first.

    Claude Code uses only the first one that exists ("first source wins"; server-managed
    settings from claude.ai come before all of them but can't be seen from here): on macOS
    the MDM profile (per-user, then device) before the file; on Windows the HKLM policy
    key, then the file, then the user-writable HKCU key.
    """
    platform = platform or sys.platform
    files = [PolicySource("file", str(path)) for path in managed_settings_paths(platform)]
    if platform == "darwin":
        user = user or environ().get("USER") or ""
        managed = "/Library/Managed Preferences"
        plists = [f"{managed}/{user}/{MDM_DOMAIN}.plist"] if user else []
        plists.append(f"{managed}/{MDM_DOMAIN}.plist")
        return [*(PolicySource("plist", p) for p in plists), *files]
    if platform.startswith("win"):
        return [PolicySource("registry", "HKLM"), *files, PolicySource("registry", "HKCU")]
    return files


def read_plist(path: str) -> tuple[dict[str, Any] | None, str | None]:
    """A macOS managed-preferences plist as a dict: (None, None) when there is none."""
    import plistlib

    try:
        with open(path, "rb") as handle:
            data = plistlib.load(handle)
    except FileNotFoundError:
        return None, None
    except (OSError, plistlib.InvalidFileException, ValueError) as exc:
        return None, f"{path} could not be read ({getattr(exc, 'strerror', None) or type(exc).__name__})"
    if not isinstance(data, dict):
        return None, f"{path} does not hold settings"
    return data, None


def read_registry_policy(hive: str) -> tuple[dict[str, Any] | None, str | None]:
    """The JSON in HKLM/HKCU\\SOFTWARE\\Policies\\ClaudeCode\\Settings: (None, None) when there is
    none (and on every OS but Windows)."""
    if not sys.platform.startswith("win"):
        return None, None
    import winreg  # type: ignore[import-not-found]

    root = winreg.HKEY_LOCAL_MACHINE if hive == "HKLM" else winreg.HKEY_CURRENT_USER
    where = f"{hive}\\{REGISTRY_KEY}\\{REGISTRY_VALUE}"
    try:
        with winreg.OpenKey(root, REGISTRY_KEY) as key:
            value, _kind = winreg.QueryValueEx(key, REGISTRY_VALUE)
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"{where} could not be read ({exc.strerror or type(exc).__name__})"
    try:
        data = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return None, f"{where} is not a JSON object, so Claude Code can't use it"
    return data, None


def find_claude() -> str | None:
    """The `claude` executable: on PATH, or where the native/local installers put it."""
    found = shutil.which("claude")
    if found:
        return found
    home = home_dir()
    for candidate in (
        home / ".local" / "bin" / "claude",
        home / ".claude" / "local" / "claude",
        home / ".local" / "bin" / "claude.exe",
    ):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


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


# ------------------------------------------------------------------ file reading


def _read_json_sync(path: Path) -> tuple[Any, str | None]:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"{path} could not be read ({exc.strerror or type(exc).__name__})"
    if size > MAX_JSON_BYTES:
        return None, f"{path} is too large to inspect ({size // (1024 * 1024)} MB)"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        return None, f"{path} could not be read ({reason})"
    try:
        return json.loads(text), None
    except ValueError:
        return None, f"{path} is not valid JSON, so it was not used"


async def _read_json(path: Path) -> tuple[Any, str | None]:
    """Read a JSON file in a worker thread (~/.claude.json can be megabytes)."""
    return await asyncio.to_thread(_read_json_sync, path)


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _managed_dropins(path: Path) -> list[Path]:
    folder = path.parent / "managed-settings.d"
    try:
        return sorted(p for p in folder.glob("*.json") if p.is_file())
    except OSError:
        return []


async def _file_settings(path: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """managed-settings.json merged with its drop-ins (which override it); None if neither exists."""
    notes: list[str] = []
    files = [path] if path.is_file() else []
    files += _managed_dropins(path)
    if not files:
        return None, notes
    merged: dict[str, Any] = {}
    for f in files:
        data, problem = await _read_json(f)
        if problem:
            notes.append(f"Managed settings: {problem}.")
        if isinstance(data, dict):
            for key, value in data.items():
                if key == "env" and isinstance(value, dict) and isinstance(merged.get("env"), dict):
                    merged["env"] = {**merged["env"], **value}
                else:
                    merged[key] = value
    if PureWindowsPath(str(path)) == LEGACY_MANAGED_PATH:
        if merged:
            notes.append(
                r"Managed settings at the legacy path C:\ProgramData\ClaudeCode are not applied: "
                r"Claude Code no longer reads them (since v2.1.75); move them to "
                r"C:\Program Files\ClaudeCode\managed-settings.json."
            )
        return None, notes  # found, but not in effect
    return merged, notes


async def _read_policy(source: PolicySource) -> tuple[dict[str, Any] | None, list[str]]:
    if source.kind == "file":
        return await _file_settings(Path(source.location))
    reader = read_plist if source.kind == "plist" else read_registry_policy
    data, problem = await asyncio.to_thread(reader, source.location)
    return data, [f"Managed settings: {problem}."] if problem else []


async def _managed_settings() -> tuple[dict[str, Any], str | None, list[str]]:
    """The managed settings Claude Code applies here, where they come from, and notes.

    Only the highest-priority source that exists counts (see `policy_sources`); any
    other source found is named as ignored, since an admin who deployed both usually
    expects both to apply.
    """
    notes: list[str] = []
    used: tuple[dict[str, Any], str] | None = None
    for source in policy_sources():
        data, source_notes = await _read_policy(source)
        notes += source_notes
        if data is None:
            continue
        if used is None:
            used = (data, source.label)
        else:
            notes.append(f"Managed settings in {source.label} are ignored: Claude Code uses only "
                         f"{used[1]}, which comes first.")
    if used is None:
        return {}, None, notes
    return used[0], used[1], notes


# -------------------------------------------------------------------- the CLI


async def run_auth_status(exe: str, timeout: float | None = None) -> tuple[dict[str, Any] | None, str | None]:
    """Run `claude auth status` (no shell) and keep only whitelisted fields.

    Returns (fields, None) or (None, a plain reason). Output is never echoed: it
    could carry an e-mail address or, in some future version, a token.
    """
    timeout = AUTH_STATUS_TIMEOUT if timeout is None else timeout
    env = dict(environ())
    env["NO_COLOR"] = "1"
    try:
        proc = await asyncio.create_subprocess_exec(
            exe, "auth", "status",
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
    except (OSError, ValueError) as exc:
        return None, f"`claude auth status` could not be started ({type(exc).__name__})"
    try:
        out, _err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        try:
            proc.kill()
        except ProcessLookupError:
            pass
        await proc.wait()
        return None, f"`claude auth status` did not answer within {timeout:g} s"
    data = _parse_json_object(out.decode("utf-8", errors="replace"))
    if data is None:
        return None, (
            f"`claude auth status` gave no JSON (exit code {proc.returncode}); this Claude Code "
            "version may be too old for it"
        )
    kept = {k: data[k] for k in _AUTH_STATUS_FIELDS if k in data}
    return kept, None


def _parse_json_object(text: str) -> dict[str, Any] | None:
    text = text.strip()
    candidates = [text] + [line.strip() for line in text.splitlines() if line.strip().startswith("{")]
    start = text.find("{")
    if start > 0:
        candidates.append(text[start:])
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


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
    env = environ()
    found = LocalLogin()
    found.env_present = [name for name in WATCHED_ENV if env.get(name, "").strip()]

    cfg_dir = config_dir()
    user_settings, problem = await _read_json(cfg_dir / "settings.json")
    if problem:
        found.notes.append(f"User settings: {problem}.")
    user_settings = user_settings if isinstance(user_settings, dict) else {}
    managed, managed_path, notes = await _managed_settings()
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

    global_path = global_config_path()
    global_cfg, problem = await _read_json(global_path)
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

    exe = await asyncio.to_thread(find_claude)
    found.cli_found = exe is not None
    found.installed = exe is not None or global_path.is_file() or cfg_dir.is_dir()
    if exe is not None:
        status, reason = await run_auth_status(exe)
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


# ------------------------------------------------------------------ the check


def _evidence_lines(found: LocalLogin) -> list[str]:
    lines = [f"Login: {found.label} (from {found.source or 'no evidence'})."]
    if found.cli_found:
        if found.auth_status is not None:
            shown = ", ".join(f"{k}={v}" for k, v in found.auth_status.items())
            lines.append(f"`claude auth status`: {shown}.")
    else:
        lines.append("The `claude` command was not found on PATH.")
    if found.organization_type or found.billing_type:
        lines.append(
            "~/.claude.json account: organization type "
            f"{found.organization_type or 'not set'}, billing {found.billing_type or 'not set'}."
        )
    if found.console_managed_key:
        lines.append("A Console-managed API key from a Console login is stored (value not read).")
    if found.credentials_file:
        lines.append("A stored login file (.credentials.json) exists (not read).")
    if found.env_present:
        lines.append("Set in this environment (values not read): " + ", ".join(found.env_present) + ".")
    if found.settings_env_present:
        lines.append("Set in a settings file's env block: " + ", ".join(found.settings_env_present) + ".")
    if found.api_key_helper:
        lines.append("An apiKeyHelper script is configured.")
    if found.force_login_method:
        lines.append(
            f"forceLoginMethod = \"{found.force_login_method}\" in {found.force_login_source}"
            + (" (also pinned to an organization)" if found.force_login_org else "") + "."
        )
    elif found.managed_settings_file:
        lines.append(f"Managed settings ({found.managed_settings_file}) don't set forceLoginMethod.")
    else:
        lines.append("No managed settings on this computer (no managed-settings.json, MDM profile or "
                     "registry policy).")
    if found.env_present and found.auth_status is None:
        lines.append(
            "Environment variables seen here are this tool's; a developer's shell may set others."
        )
    return lines + found.notes


def _conflict_note(found: LocalLogin) -> str | None:
    forced = (found.force_login_method or "").lower()
    if forced == "console" and found.kind == SUBSCRIPTION:
        return ("Managed settings force Console login, yet this computer is signed in with a "
                "Claude.ai subscription: run `claude /logout` then log in again.")
    if forced == "claudeai" and found.kind == CONSOLE:
        return "Managed settings force Claude.ai login, yet this computer uses a Console key."
    return None


def outcome_for(found: LocalLogin) -> Outcome:
    details = _evidence_lines(found)
    if note := _conflict_note(found):
        details.insert(0, note)
    evidence = {"login": found.kind, "plan": found.plan, "source": found.source}
    kind = found.kind
    from_files = found.source in _FROM_FILES
    if kind == NOT_INSTALLED:
        return ROWS["local.not_installed"].outcome(
            "Claude Code is not installed on this computer (no `claude` command and no "
            "~/.claude.json), so there is no login to inspect.",
            details=details + ["Run this check on a developer's computer where Claude Code is used."],
            evidence=evidence,
        )
    if kind == CONSOLE:
        return (ROWS["local.console.files" if from_files else "local.console"]).outcome(
            f"Claude Code on this computer uses a {found.label}: its usage is billed to the "
            "Console and appears in the Console's Claude Code report.",
            details=details,
            evidence=evidence,
        )
    if kind == SUBSCRIPTION:
        plan = found.plan
        where = {
            "enterprise": "its usage is reported by the Claude Enterprise Analytics API, not the Console's Admin API",
            "team": "Claude Team has no analytics API: only the Claude.ai dashboard or OpenTelemetry show it",
        }.get(plan or "", "its usage does not appear in the Console's Claude Code report")
        remediation = [LINKS["settings"], LINKS["authentication"]]
        if plan == "enterprise":
            remediation.insert(0, LINKS["enterprise_analytics"])
        elif plan == "team":
            remediation[1:1] = [LINKS["analytics"], LINKS["monitoring"]]
        else:
            remediation.append(LINKS["monitoring"])
        return (ROWS["local.subscription.files" if from_files else "local.subscription"]).outcome(
            f"Claude Code on this computer signs in with a {found.label}: {where}.",
            details=details + [
                "To make this usage visible to the Console: log in with \"Anthropic Console "
                "account\" (/login) or a Console API key, and enforce it for everyone with "
                "forceLoginMethod: \"console\" in managed settings.",
            ],
            remediation=remediation,
            evidence=evidence,
        )
    if kind == THIRD_PARTY_KIND:
        return ROWS["local.third_party"].outcome(
            f"Claude Code on this computer runs through {found.label}: that usage is billed by "
            "the cloud provider and is not visible to any Anthropic analytics API.",
            details=details + ["Use OpenTelemetry export (works for every login method) to "
                               "collect this usage."],
            evidence=evidence,
        )
    if kind == GATEWAY:
        return ROWS["local.gateway"].outcome(
            "Claude Code on this computer sends requests through an LLM gateway "
            "(ANTHROPIC_AUTH_TOKEN): whether its usage reaches your Console depends on which "
            "key the gateway uses.",
            details=details,
            evidence=evidence,
        )
    if kind == NOT_LOGGED_IN:
        return ROWS["local.not_logged_in"].outcome(
            "Claude Code is installed on this computer but not logged in, so its login method "
            "can't be told.",
            details=details + ["Run `claude` and use /login, then run this check again."],
            evidence=evidence,
        )
    return ROWS["local.unknown"].outcome(
        f"Could not tell how Claude Code signs in on this computer ({found.label}).",
        details=details,
        evidence=evidence,
    )


async def check_local_login(ctx: CheckContext) -> Outcome:
    found = await detect()
    ctx.facts["claude.local.login"] = found.facts()
    return outcome_for(found)
