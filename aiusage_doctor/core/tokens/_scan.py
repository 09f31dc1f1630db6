"""Tokens found inside longer text (for redaction), and the masked form shown to people."""

from __future__ import annotations

import re

from aiusage_doctor.core.tokens._rules import TokenKind, _K, _known_prefix

# --------------------------------------------------------------------------- finding tokens in text

# Scanner rules: a prefix and the characters that may follow it, with a minimum run long
# enough that ordinary words ("key_value", "ghs_x") don't trigger. Minimums are lower than
# the real lengths so that truncated tokens in error messages are still caught.
_SCAN_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("github_pat_", re.compile(r"[A-Za-z0-9_]{22,}")),
    ("ghp_", re.compile(r"[A-Za-z0-9]{20,}")),
    ("gho_", re.compile(r"[A-Za-z0-9]{20,}")),
    ("ghr_", re.compile(r"[A-Za-z0-9]{20,}")),
    ("ghu_", re.compile(r"[A-Za-z0-9._-]{20,}")),
    ("ghs_", re.compile(r"[A-Za-z0-9._-]{20,}")),
    ("key_", re.compile(r"[0-9a-fA-F]{32,}")),
    ("crsr_", re.compile(r"[A-Za-z0-9_-]{16,}")),
    ("sk-ant-", re.compile(r"[A-Za-z0-9_-]{20,}")),
)


def find_tokens(text: str) -> list[tuple[int, int, TokenKind]]:
    """Every span of `text` that looks like a known token, as (start, end, kind), by start.

    Each prefix occurrence is tried on its own (no left word boundary, no consumed
    matches), so a token glued to other text or overlapping another match is still
    found; spans may overlap. A `sk-ant-` token of an unknown type is reported as
    UNKNOWN. Old 40-hex GitHub tokens are not found: they are only recognisable from
    context (see `redact`)."""
    spans: list[tuple[int, int, TokenKind]] = []
    for prefix, body_re in _SCAN_RULES:
        shortest = int(body_re.pattern.rpartition("{")[2].partition(",")[0])
        run_end = stripped_end = -1
        i = text.find(prefix)
        while i != -1:
            start = i + len(prefix)
            if start < run_end:
                # Inside the run the previous occurrence matched ("sk-ant-sk-ant-…"): the
                # match from here ends where that one did. Reusing its end keeps the scan
                # linear instead of reading the rest of the run once per occurrence.
                end = max(stripped_end, start) if run_end - start >= shortest else -1
            else:
                m = body_re.match(text, start)
                run_end = m.end() if m else -1
                end = stripped_end = run_end
                while m and prefix in ("ghu_", "ghs_") and end > start and text[end - 1] == ".":
                    end -= 1  # a sentence's full stop is not part of the token
                stripped_end = end
            if end != -1:
                known = _known_prefix(text[i : min(end, i + 64)])  # prefixes are short
                spans.append((i, end, known[1] if known else _K.UNKNOWN))
            i = text.find(prefix, i + 1)
    spans.sort()
    return spans


# --------------------------------------------------------------------------- masking


def mask(secret: str) -> str:
    """A safe way to show a secret: its public prefix, an ellipsis and its last 4 characters.

    "ghp_…a1B2", "sk-ant-admin01-…x9Yz"; with no known prefix just "…a1B2". When the
    part after the prefix is shorter than 12 characters only "…" is kept, because the
    last 4 would then be a large share of it."""
    if not secret:
        return ""
    known = _known_prefix(secret)
    prefix = known[0] if known else ""
    body = secret[len(prefix) :]
    if len(body) < 12:
        return prefix + "…"
    return prefix + "…" + body[-4:]
