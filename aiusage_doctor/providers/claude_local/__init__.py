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

A package of small modules: `sources` (every vendor page and source), `rows` (the
diagnosis table and the check's catalog entry), `machine` (everything that reads this
computer: home, config dir, managed-settings sources, the `claude` executable, the
environment; each a module-level name there so tests can point it at a fake home and a
fake `claude` script), `detect` (the evidence turned into a login kind) and `check` (the
verdict). This module keeps the public names the Anthropic provider and the tests use.
"""

from aiusage_doctor.providers.claude_local.check import check_local_login, outcome_for
from aiusage_doctor.providers.claude_local.detect import (
    CONSOLE,
    GATEWAY,
    NOT_INSTALLED,
    NOT_LOGGED_IN,
    PLAN_NAMES,
    SUBSCRIPTION,
    THIRD_PARTY,
    THIRD_PARTY_KIND,
    UNKNOWN,
    WATCHED_ENV,
    LocalLogin,
    detect,
)
from aiusage_doctor.providers.claude_local.machine import (
    AUTH_STATUS_TIMEOUT,
    LEGACY_MANAGED_PATH,
    MAX_JSON_BYTES,
    MDM_DOMAIN,
    REGISTRY_KEY,
    REGISTRY_VALUE,
    PolicySource,
    config_dir,
    environ,
    find_claude,
    global_config_path,
    home_dir,
    managed_settings_paths,
    policy_sources,
    read_plist,
    read_registry_policy,
    run_auth_status,
)
from aiusage_doctor.providers.claude_local.rows import ROWS, SPEC
from aiusage_doctor.providers.claude_local.sources import LINKS, SOURCES, VERIFIED

__all__ = [
    "AUTH_STATUS_TIMEOUT",
    "CONSOLE",
    "GATEWAY",
    "LEGACY_MANAGED_PATH",
    "LINKS",
    "MAX_JSON_BYTES",
    "MDM_DOMAIN",
    "NOT_INSTALLED",
    "NOT_LOGGED_IN",
    "PLAN_NAMES",
    "REGISTRY_KEY",
    "REGISTRY_VALUE",
    "ROWS",
    "SOURCES",
    "SPEC",
    "SUBSCRIPTION",
    "THIRD_PARTY",
    "THIRD_PARTY_KIND",
    "UNKNOWN",
    "VERIFIED",
    "WATCHED_ENV",
    "LocalLogin",
    "PolicySource",
    "check_local_login",
    "config_dir",
    "detect",
    "environ",
    "find_claude",
    "global_config_path",
    "home_dir",
    "managed_settings_paths",
    "outcome_for",
    "policy_sources",
    "read_plist",
    "read_registry_policy",
    "run_auth_status",
]
