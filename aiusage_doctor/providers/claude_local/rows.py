"""The login check's diagnosis table (what was found on this computer → verdict → links →
sources) and its catalog entry. Rows with `because` are inferences from undocumented files."""

from __future__ import annotations

from aiusage_doctor.core.checks import Alternative, CheckSpec, Diagnosis
from aiusage_doctor.core.models import Status
from aiusage_doctor.providers.claude_local.sources import LINKS, SOURCES


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
