"""Recognise a pasted secret offline: which product made it, is it intact, is it the right kind.

Most "the analytics product can't read our data" tickets start with the wrong credential:
an ordinary Anthropic API key where an Admin key is needed, a GitHub App token instead of
a personal token, a paste that lost its last characters or gained a smart quote. All of
that is visible in the string itself, so it is checked here before any network call and
explained in one plain sentence (`verdict_for`).

Formats come from the vendors' documentation and from widely used secret scanners (see
the project's reference notes): GitHub's documented prefixes and the CRC32/base62
checksum of 40-character `ghp_`/`gho_`/`ghu_`/`ghr_` tokens; Cursor's `key_` (64 hex) and
`crsr_` keys; Anthropic's `sk-ant-…` prefixes. Where a length is only *observed* (not
documented) a mismatch is a soft hint, never a hard failure, so a vendor changing its
format does not lock users out.

Nothing here ever echoes a secret: `TokenInfo.value` is hidden from `repr`, and messages
name at most a single offending character.

Everything is imported from here; the modules behind it are private: `_rules` (the table of
kinds, prefixes and GitHub's checksum), `_clean` (what a paste adds), `_scan` (tokens inside
text, masking), `_classify` (what a secret is and what is wrong with it), `_verdict` (one
sentence per credential field) and `_fakes` (made-up secrets for tests and the demo).
"""

from __future__ import annotations

from aiusage_doctor.core.tokens._classify import TokenInfo, classify, with_article
from aiusage_doctor.core.tokens._clean import clean_secret
from aiusage_doctor.core.tokens._fakes import make_fake_secret, make_github_token
from aiusage_doctor.core.tokens._rules import (
    CHECKSUM_MISMATCH,
    KIND_LABEL,
    KIND_PREFIX,
    KIND_PROVIDER,
    MAX_PASTE,
    TokenKind,
    github_checksum_ok,
)
from aiusage_doctor.core.tokens._scan import find_tokens, mask
from aiusage_doctor.core.tokens._verdict import FieldVerdict, Level, Provider, format_findings, verdict_for

__all__ = [
    "CHECKSUM_MISMATCH",
    "FieldVerdict",
    "KIND_LABEL",
    "KIND_PREFIX",
    "KIND_PROVIDER",
    "Level",
    "MAX_PASTE",
    "Provider",
    "TokenInfo",
    "TokenKind",
    "classify",
    "clean_secret",
    "find_tokens",
    "format_findings",
    "github_checksum_ok",
    "make_fake_secret",
    "make_github_token",
    "mask",
    "verdict_for",
    "with_article",
]
