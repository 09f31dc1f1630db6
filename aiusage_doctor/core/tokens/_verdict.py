"""Field verdicts: one plain sentence about what was pasted into a provider's credential
field, and the findings every key-format check starts from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from aiusage_doctor.core.tokens._classify import TokenInfo, classify, with_article
from aiusage_doctor.core.tokens._rules import TokenKind, _K

def format_findings(verdict: FieldVerdict) -> tuple[list[str], dict[str, Any]]:
    """The details and evidence every provider's key-format check starts from: what the
    value was recognised as (masked), what was cleaned off it, and what is wrong with it.
    One wording for the three providers, and nothing in it but the masked value."""
    info = verdict.info
    details = [f"Recognised as: {info.label} ({info.masked or 'empty'})."]
    if verdict.field and info.provider in _FIELD_NOUN and info.provider != verdict.field:
        # Two values swapped while pasting: say where this one goes (the app's field, or the
        # command line's variable), not only that it is wrong here.
        from aiusage_doctor.core.labels import PROVIDER_LIST, described_env

        entry = PROVIDER_LIST[info.provider]
        details.append(f"It belongs in the {entry.title} settings: enter it there in the app, or set "
                       f"{described_env(info.provider, entry.secrets[0])} for the command line.")
    if info.cleaned:
        details.append("Cleaned from the pasted value: " + "; ".join(info.cleaned) + ".")
    details += [p for p in info.problems if p not in details and p != verdict.message]
    evidence = {"kind": info.kind.value, "masked": info.masked, "length": len(info.value),
                "cleaned": list(info.cleaned)}
    return details, evidence


# --------------------------------------------------------------------------- field verdicts

Provider = Literal["github", "cursor", "anthropic"]
Level = Literal["empty", "ok", "warn", "error"]

_FIELD_NOUN: dict[str, str] = {
    "github": "GitHub token",
    "cursor": "Cursor API key",
    "anthropic": "Anthropic Admin API key",
}

_EXPECTED: dict[str, str] = {
    "github": "classic tokens start with ghp_, fine-grained ones with github_pat_",
    "cursor": "Cursor API keys start with crsr_ or key_",
    "anthropic": "Admin API keys start with sk-ant-admin01-",
}

_USE_A_PAT = "use a classic PAT or fine-grained PAT from github.com/settings/tokens instead."

# Kind-specific verdicts for a secret in its own provider's field (well-formed, checksum fine).
_KIND_VERDICT: dict[TokenKind, tuple[Level, str]] = {
    _K.GITHUB_CLASSIC: ("ok", "GitHub personal access token (classic) — checksum OK"),
    _K.GITHUB_FINE_GRAINED: (
        "warn",
        "GitHub fine-grained personal access token — fine for organization reports, but "
        "fine-grained tokens can't read enterprise-level reports (use a classic token for those).",
    ),
    # The Copilot report endpoints accept OAuth app and GitHub App tokens (OpenAPI:
    # enabledForGitHubApps; "OAuth app tokens and personal access tokens (classic) need …"):
    # they are diagnosed online, by scopes (gho_) or the App's permissions (ghu_, ghs_).
    _K.GITHUB_OAUTH: (
        "ok",
        "GitHub OAuth app token (gho_…) — checksum OK; its scopes are read from GitHub (X-OAuth-Scopes), "
        "like a classic token's.",
    ),
    _K.GITHUB_APP_USER: (
        "ok",
        "GitHub App user access token (ghu_…) — format OK; it acts for you within the App's permissions "
        "('Copilot metrics' read is needed), which are checked online.",
    ),
    _K.GITHUB_APP_INSTALLATION: (
        "ok",
        "GitHub App installation token (ghs_…) — format OK; it acts as the App, which needs the "
        "'Copilot metrics' permission (read), checked online. It expires within an hour.",
    ),
    _K.GITHUB_APP_REFRESH: (
        "error",
        "This is a GitHub App refresh token (ghr_…), which can only be exchanged for a new "
        "token, not used to call the API — " + _USE_A_PAT,
    ),
    _K.GITHUB_LEGACY_HEX: (
        "warn",
        "This looks like a GitHub token in the old (pre-2021) format: it may still work, but "
        "it can't be checked offline — consider creating a new classic token.",
    ),
    _K.CURSOR_KEY: ("ok", "Cursor admin API key (key_…) — format OK"),
    _K.CURSOR_CRSR: (
        "ok",
        "Cursor API key (crsr_…) — format OK; whether it is a team admin key is checked online",
    ),
    _K.ANTHROPIC_ADMIN: ("ok", "Anthropic Admin API key — format OK"),
    _K.ANTHROPIC_API: (
        "error",
        "This is an ordinary API key, not an Admin key (sk-ant-admin01-…). Create an Admin "
        "key at platform.claude.com/settings/admin-keys.",
    ),
    _K.ANTHROPIC_ENTERPRISE_ANALYTICS: (
        "warn",
        "This is a Claude Enterprise Analytics API key (sk-ant-api01-…): the Claude Enterprise "
        "Analytics checks will be used instead of the Admin API checks.",
    ),
    _K.ANTHROPIC_OAUTH: (
        "warn",
        "Anthropic OAuth token (sk-ant-oat01-…): a Claude Code subscription login token can't "
        "read organization usage, but an OAuth token with the org:admin scope can, so it is "
        "sent and Anthropic's answer decides.",
    ),
    _K.ANTHROPIC_OTHER: (
        "warn",
        "Anthropic key of a type whose prefix isn't documented (sk-ant-…): the Admin API also "
        "accepts personal and service-account keys that aren't scoped to a workspace, so it is "
        "sent and Anthropic's answer decides.",
    ),
}


@dataclass(frozen=True)
class FieldVerdict:
    """One plain sentence about a credential field, for the GUI field and the CLI."""

    level: Level
    message: str
    info: TokenInfo
    field: str = ""
    """The provider whose field was judged ('' when unknown)."""

    @property
    def ok(self) -> bool:
        """Usable for a run (warnings included)."""
        return self.level in ("ok", "warn")


def verdict_for(raw: str, provider: Provider) -> FieldVerdict:
    """Judge what was pasted into `provider`'s credential field."""
    if provider not in _FIELD_NOUN:
        raise ValueError(f"unknown provider {provider!r}")
    info = classify(raw)
    noun = _FIELD_NOUN[provider]
    if info.kind is _K.EMPTY:
        return FieldVerdict("empty", f"No {noun} entered.", info)
    if info.kind is _K.UNKNOWN:
        lead = next((p for p in info.problems if not p.startswith("It doesn't match")), "")
        message = f"This doesn't look like {with_article(noun)} ({_EXPECTED[provider]})."
        return FieldVerdict("error", f"{message} {lead}".strip(), info)
    if info.provider != provider:
        return FieldVerdict("error", f"This looks like {with_article(info.label)}, not {with_article(noun)}.", info,
                            field=provider)
    if not info.well_formed or info.checksum_ok is False:
        # Checksum mismatch, truncation, a stray character: the first problem says which.
        return FieldVerdict("error", info.problems[0] if info.problems else info.label, info)
    level, message = _KIND_VERDICT[info.kind]
    if level == "ok" and info.problems:
        problem = info.problems[0]
        return FieldVerdict("warn", f"{info.label} — {problem[:1].lower()}{problem[1:]}", info)
    return FieldVerdict(level, message, info)
