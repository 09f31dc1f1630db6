"""Everything that reads this computer: the environment, home and config folders, the
managed-settings sources Claude Code applies here, its JSON files, and `claude auth status`.

Each lookup is a module-level name here, and the rest of the package calls it through this
module, so tests can point it at a fake home and a fake `claude` script.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Any


AUTH_STATUS_TIMEOUT = 5.0
"""Seconds `claude auth status` may take before it is stopped."""

MAX_JSON_BYTES = 32 * 1024 * 1024
"""~/.claude.json can hold project history; bigger than this it is not parsed."""


_AUTH_STATUS_FIELDS = ("loggedIn", "authMethod", "apiProvider", "apiKeySource", "subscriptionType")
"""The only fields of `claude auth status` that are kept (no e-mail, org name or ids)."""


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


# ------------------------------------------------------------------ file reading


def _read_json_sync(path: Path) -> tuple[Any, str | None]:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"{path} could not be read ({exc.strerror or type(exc).__name__})"
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a device (/dev/zero) would block or never end
        return None, f"{path} is not a regular file, so it was not read"
    if info.st_size > MAX_JSON_BYTES:
        return None, f"{path} is too large to inspect ({info.st_size // (1024 * 1024)} MB)"
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_JSON_BYTES + 1)  # the file may grow after stat()
        if len(data) > MAX_JSON_BYTES:
            return None, f"{path} is too large to inspect (over {MAX_JSON_BYTES // (1024 * 1024)} MB)"
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        return None, f"{path} could not be read ({reason})"
    try:
        return json.loads(text), None
    except (ValueError, RecursionError):  # RecursionError: nested deeper than Python can parse
        return None, f"{path} is not valid JSON, so it was not used"


async def _read_json(path: Path) -> tuple[Any, str | None]:
    """Read a JSON file in a worker thread (~/.claude.json can be megabytes)."""
    return await asyncio.to_thread(_read_json_sync, path)


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
