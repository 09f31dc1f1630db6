"""The token rules table: every kind, the product that issues it, its plain name, its
documented prefix, and GitHub's checksum."""

from __future__ import annotations

import zlib
from enum import StrEnum

class TokenKind(StrEnum):
    EMPTY = "empty"
    UNKNOWN = "unknown"
    GITHUB_CLASSIC = "github_classic"
    GITHUB_FINE_GRAINED = "github_fine_grained"
    GITHUB_OAUTH = "github_oauth"
    GITHUB_APP_USER = "github_app_user"
    GITHUB_APP_INSTALLATION = "github_app_installation"
    GITHUB_APP_REFRESH = "github_app_refresh"
    GITHUB_LEGACY_HEX = "github_legacy_hex"
    CURSOR_KEY = "cursor_key"
    CURSOR_CRSR = "cursor_crsr"
    ANTHROPIC_ADMIN = "anthropic_admin"
    ANTHROPIC_API = "anthropic_api"
    ANTHROPIC_ENTERPRISE_ANALYTICS = "anthropic_enterprise_analytics"
    ANTHROPIC_OAUTH = "anthropic_oauth"
    ANTHROPIC_OTHER = "anthropic_other"
    """An `sk-ant-` secret whose prefix Anthropic doesn't document (e.g. a personal or
    service-account key, which the Admin API accepts): sent, and the answer decides."""


_K = TokenKind

KIND_PROVIDER: dict[TokenKind, str] = {
    _K.GITHUB_CLASSIC: "github",
    _K.GITHUB_FINE_GRAINED: "github",
    _K.GITHUB_OAUTH: "github",
    _K.GITHUB_APP_USER: "github",
    _K.GITHUB_APP_INSTALLATION: "github",
    _K.GITHUB_APP_REFRESH: "github",
    _K.GITHUB_LEGACY_HEX: "github",
    _K.CURSOR_KEY: "cursor",
    _K.CURSOR_CRSR: "cursor",
    _K.ANTHROPIC_ADMIN: "anthropic",
    _K.ANTHROPIC_API: "anthropic",
    _K.ANTHROPIC_ENTERPRISE_ANALYTICS: "anthropic",
    _K.ANTHROPIC_OAUTH: "anthropic",
    _K.ANTHROPIC_OTHER: "anthropic",
}
"""Which product issued each kind. EMPTY and UNKNOWN have no provider."""

KIND_LABEL: dict[TokenKind, str] = {
    _K.EMPTY: "Nothing entered",
    _K.UNKNOWN: "Unrecognised secret",
    _K.GITHUB_CLASSIC: "GitHub personal access token (classic)",
    _K.GITHUB_FINE_GRAINED: "GitHub fine-grained personal access token",
    _K.GITHUB_OAUTH: "GitHub OAuth app token",
    _K.GITHUB_APP_USER: "GitHub App user access token",
    _K.GITHUB_APP_INSTALLATION: "GitHub App installation token",
    _K.GITHUB_APP_REFRESH: "GitHub App refresh token",
    _K.GITHUB_LEGACY_HEX: "GitHub token in the old (pre-2021) format",
    _K.CURSOR_KEY: "Cursor admin API key",
    _K.CURSOR_CRSR: "Cursor API key",
    _K.ANTHROPIC_ADMIN: "Anthropic Admin API key",
    _K.ANTHROPIC_API: "Anthropic API key",
    _K.ANTHROPIC_ENTERPRISE_ANALYTICS: "Claude Enterprise Analytics API key",
    _K.ANTHROPIC_OAUTH: "Claude Code subscription login token (Claude.ai)",
    _K.ANTHROPIC_OTHER: "Anthropic key of an undocumented type",
}
"""Plain names for people, used in field messages and reports."""

KIND_PREFIX: dict[TokenKind, str] = {
    _K.EMPTY: "",
    _K.UNKNOWN: "",
    _K.GITHUB_CLASSIC: "ghp_",
    _K.GITHUB_FINE_GRAINED: "github_pat_",
    _K.GITHUB_OAUTH: "gho_",
    _K.GITHUB_APP_USER: "ghu_",
    _K.GITHUB_APP_INSTALLATION: "ghs_",
    _K.GITHUB_APP_REFRESH: "ghr_",
    _K.GITHUB_LEGACY_HEX: "",
    _K.CURSOR_KEY: "key_",
    _K.CURSOR_CRSR: "crsr_",
    _K.ANTHROPIC_ADMIN: "sk-ant-admin01-",
    _K.ANTHROPIC_API: "sk-ant-api03-",
    _K.ANTHROPIC_ENTERPRISE_ANALYTICS: "sk-ant-api01-",
    _K.ANTHROPIC_OAUTH: "sk-ant-oat01-",
    _K.ANTHROPIC_OTHER: "sk-ant-",
}
"""The public, documented prefix of each kind. It is safe to show; everything after it is secret."""

# Every prefix that decides a kind, longest first so `github_pat_` wins over nothing and
# the refresh form of the Claude Code login token (`sk-ant-ort01-`) maps to the same kind.
_PREFIXES: tuple[tuple[str, TokenKind], ...] = tuple(
    sorted(
        [(p, k) for k, p in KIND_PREFIX.items() if p] + [("sk-ant-ort01-", _K.ANTHROPIC_OAUTH)],
        key=lambda pk: -len(pk[0]),
    )
)

MAX_PASTE = 4096
"""Pastes longer than this are not scanned: no token is anywhere near this long."""

_GITHUB_MAX = 255
CHECKSUM_MISMATCH = (
    "The last 6 characters don't match the token's checksum: "
    "a character was mistyped or the paste was cut off."
)

_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ALNUM = _B62
_HEX = "0123456789abcdef"
_URLSAFE = _ALNUM + "_-"


def _known_prefix(value: str) -> tuple[str, TokenKind] | None:
    for prefix, kind in _PREFIXES:
        if value.startswith(prefix):
            return prefix, kind
    return None


# --------------------------------------------------------------------------- checksum


def _b62_6(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = _B62[r] + out
    return out.rjust(6, "0")


def github_checksum_ok(token: str) -> bool:
    """True if a 40-char `ghp_`/`gho_`/`ghu_`/`ghr_` token's last 6 characters are the
    base62 CRC32 of its 30 random characters (prefix excluded, alphabet 0-9A-Za-z).

    A pass says the string is intact, not that the token is valid or unrevoked; a fail
    on a well-shaped token means a typo, a truncated paste, or a made-up example."""
    if len(token) != 40 or not token.startswith(("ghp_", "gho_", "ghu_", "ghr_")):
        return False
    body = token[4:]
    if not (body.isascii() and body.isalnum()):
        return False
    return _b62_6(zlib.crc32(body[:-6].encode("ascii"))) == body[-6:]
