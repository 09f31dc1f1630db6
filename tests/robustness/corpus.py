"""What people paste into credential fields: the bad-input corpus shared by the engine,
CLI and wizard tests (tests/robustness/test_bad_input.py, tests/gui/test_bad_input.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aiusage_doctor.core.tokens import KIND_LABEL, TokenKind, make_fake_secret, make_github_token

PROVIDERS = ("github", "cursor", "anthropic")
FORMAT_CHECK = {"github": "github.token.format", "cursor": "cursor.key.format", "anthropic": "anthropic.key.format"}
FIELD = {"github": "token", "cursor": "api_key", "anthropic": "admin_key"}
KIND = {"github": TokenKind.GITHUB_CLASSIC, "cursor": TokenKind.CURSOR_KEY, "anthropic": TokenKind.ANTHROPIC_ADMIN}
WRONG = {"github": TokenKind.ANTHROPIC_ADMIN, "cursor": TokenKind.GITHUB_CLASSIC, "anthropic": TokenKind.CURSOR_KEY}
"""Whose secret ends up in each field in the 'wrong field' case."""


def _secret(kind: TokenKind) -> str:
    return make_github_token() if kind is TokenKind.GITHUB_CLASSIC else make_fake_secret(kind)


def _swap_one(token: str) -> str:
    """One character of the secret part changed (a typo)."""
    i = len(token) - 10
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1:]


def _lookalike(token: str) -> str:
    """A Latin letter replaced by its Cyrillic twin, as some chat apps and fonts do."""
    i = len(token) - 8
    return token[:i] + "\u0430" + token[i + 1:]


JUNK = ("2026-11-25 10:00:01 INFO request finished in 12 ms status=200 path=/v1/things\n" * 13000)[:1_000_000]


@dataclass(frozen=True)
class Paste:
    name: str
    make: Callable[[str, str], str]
    """(well-formed secret, provider) -> what was pasted."""
    outcome: str
    """'cleaned' (warned about, sent without the debris), 'blocked' (fail, nothing sent) or 'skip'."""
    phrase: str | Callable[[str], str]
    """What the format check's summary must say (case-insensitive), or a function of the provider."""
    providers: tuple[str, ...] = PROVIDERS


CORPUS: tuple[Paste, ...] = (
    Paste("spaces around", lambda t, p: f"  {t}   ", "cleaned", "spaces around the token"),
    Paste("trailing newline", lambda t, p: f"{t}\n", "cleaned", "line breaks"),
    Paste("CRLF on both sides", lambda t, p: f"\r\n{t}\r\n", "cleaned", "line breaks"),
    Paste("double quotes", lambda t, p: f'"{t}"', "cleaned", "quotes"),
    Paste("smart quotes", lambda t, p: f"\u201c{t}\u201d", "cleaned", "quotes"),
    Paste("Bearer prefix", lambda t, p: f"Bearer {t}", "cleaned", "bearer"),
    Paste("whole Authorization header", lambda t, p: f"Authorization: Bearer {t}", "cleaned", "header name"),
    Paste("zero-width characters", lambda t, p: "\ufeff" + t[:9] + "\u200b" + t[9:], "cleaned", "zero-width"),
    Paste(".env line", lambda t, p: f"export AIUSAGE_SECRET={t}", "cleaned", "variable name"),
    Paste("space inside", lambda t, p: t[:len(t) // 2] + " " + t[len(t) // 2:], "blocked", "space in the middle"),
    Paste("non-ASCII look-alike", lambda t, p: _lookalike(t), "blocked", "non-ascii character"),
    Paste("masked form copied from a web page", lambda t, p: t[:4] + "\u2026" + t[-4:], "blocked", "ellipsis"),
    Paste("truncated", lambda t, p: t[:30], "blocked", "cut off"),
    Paste("one character changed", lambda t, p: _swap_one(t), "blocked", "checksum", providers=("github",)),
    Paste("1 MB paste", lambda t, p: JUNK, "blocked", "1,000,000 characters"),
    Paste("token inside a 1 MB paste", lambda t, p: t + "\n" + JUNK, "blocked", "far longer than any token"),
    Paste("token inside a sentence", lambda t, p: f"here is the key: {t} thanks!", "blocked", "among other text"),
    Paste("another product's secret", lambda t, p: _secret(WRONG[p]), "blocked",
          lambda p: KIND_LABEL[WRONG[p]].lower()),
    Paste("only whitespace", lambda t, p: " \n\t ", "skip", "not configured"),
)

CASES = [(paste, provider) for paste in CORPUS for provider in paste.providers]
