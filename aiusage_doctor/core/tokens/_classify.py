"""Classification: what a cleaned secret is, and what is wrong with it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from aiusage_doctor.core.tokens._clean import clean_secret
from aiusage_doctor.core.tokens._rules import (
    _ALNUM,
    _GITHUB_MAX,
    _HEX,
    _URLSAFE,
    CHECKSUM_MISMATCH,
    KIND_LABEL,
    KIND_PREFIX,
    KIND_PROVIDER,
    MAX_PASTE,
    TokenKind,
    _K,
    _known_prefix,
    github_checksum_ok,
)
from aiusage_doctor.core.tokens._scan import find_tokens, mask

# --------------------------------------------------------------------------- classification


@dataclass(frozen=True)
class TokenInfo:
    """What a pasted secret is, what was cleaned off it, and what is wrong with it."""

    kind: TokenKind
    value: str = field(repr=False)
    """The cleaned secret. Never shown by repr."""
    cleaned: tuple[str, ...] = ()
    well_formed: bool = False
    """Charset, length and structure are right for the kind."""
    checksum_ok: bool | None = None
    """None when the kind has no checksum, or when the value is too malformed to check."""
    problems: tuple[str, ...] = ()

    @property
    def provider(self) -> str | None:
        return KIND_PROVIDER.get(self.kind)

    @property
    def label(self) -> str:
        return KIND_LABEL[self.kind]

    @property
    def masked(self) -> str:
        return mask(self.value)


_CHAR_KINDS = (
    ("QUOTATION MARK", "a smart quote"),
    ("APOSTROPHE", "a smart quote"),
    ("CYRILLIC", "a Cyrillic letter that looks like a Latin one"),
    ("GREEK", "a Greek letter that looks like a Latin one"),
    ("DASH", "a typographic dash"),
    ("HYPHEN", "a typographic hyphen"),
    ("SPACE", "a special space character"),
    ("ELLIPSIS", "an ellipsis, as in a shortened token shown on a web page"),
)


def _describe_char(c: str) -> str:
    name = unicodedata.name(c, "")
    for needle, plain in _CHAR_KINDS:
        if needle in name:
            return f"{plain} ({name.title()}, U+{ord(c):04X})"
    return f"{name.title() or 'an unnamed character'} (U+{ord(c):04X})"


def _non_ascii_problems(value: str) -> list[str]:
    seen: dict[str, int] = {}
    for i, c in enumerate(value):
        if not c.isascii() and c not in seen:
            seen[c] = i
    problems = []
    for c, i in list(seen.items())[:3]:
        problems.append(
            f"It contains a non-ASCII character at position {i + 1}: {_describe_char(c)}. "
            "Tokens are plain ASCII — copy the token again from its source "
            "or retype that character."
        )
    return problems


def _bad_ascii(body: str, allowed: str) -> list[str]:
    """ASCII characters in `body` that `allowed` doesn't contain (non-ASCII reported elsewhere)."""
    bad: list[str] = []
    for c in body:
        if c.isascii() and c not in allowed and c not in bad:
            bad.append(c)
    return bad


_SPACE_INSIDE = (
    "It contains a space in the middle — maybe two values were pasted together, "
    "or the token was split while copying."
)


def _charset_problem(body: str, allowed: str, what: str) -> str | None:
    bad = _bad_ascii(body, allowed)
    if not bad:
        return None
    if any(c.isspace() for c in bad):
        return _SPACE_INSIDE
    shown = ", ".join(repr(c) for c in bad[:3])
    return f"It contains {shown}, which {what} never contains."


def _length_problem(n: int, expected: int, label: str, soft: bool = False) -> str:
    hedge = "usually " if soft else ""
    if n < expected:
        return (
            f"It's {n} characters long, but {with_article(label)} is {hedge}{expected} — "
            "part of it may be missing (was the paste cut off?)."
        )
    return (
        f"It's {n} characters long, but {with_article(label)} is {hedge}{expected} — "
        "something extra may have been pasted with it."
    )


def _has_non_ascii(value: str) -> bool:
    return not value.isascii()


def _check_github_crc(value: str, kind: TokenKind) -> tuple[bool, bool | None, list[str]]:
    label = KIND_LABEL[kind]
    body = value[4:]
    problems: list[str] = []
    if p := _charset_problem(body, _ALNUM, "a GitHub token"):
        problems.append(p)
    if len(value) != 40:
        problems.append(_length_problem(len(value), 40, label))
    if problems or _has_non_ascii(value):
        return False, None, problems
    ok = github_checksum_ok(value)
    if not ok:
        problems.append(CHECKSUM_MISMATCH)
    return True, ok, problems


def _check_github_app_user(value: str) -> tuple[bool, bool | None, list[str]]:
    body = value[4:]
    if len(body) == 36 and body.isascii() and body.isalnum():
        return _check_github_crc(value, _K.GITHUB_APP_USER)
    # GitHub has said user tokens may move to a longer format, like installation tokens.
    return _check_variable(value, 4, _ALNUM + "._-", 36, _K.GITHUB_APP_USER, "a GitHub token")


def _check_variable(
    value: str, plen: int, allowed: str, min_body: int, kind: TokenKind, what: str
) -> tuple[bool, bool | None, list[str]]:
    """A kind whose length varies: only charset and a plausible minimum length."""
    body = value[plen:]
    problems: list[str] = []
    if p := _charset_problem(body, allowed, what):
        problems.append(p)
    if len(body) < min_body:
        problems.append(
            f"It's only {len(value)} characters long, far too short for {with_article(KIND_LABEL[kind])} — "
            "part of it is missing (was the paste cut off?)."
        )
    return not problems and not _has_non_ascii(value), None, problems


_FINE_GRAINED_RE = re.compile(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}")


def _check_fine_grained(value: str) -> tuple[bool, bool | None, list[str]]:
    if _FINE_GRAINED_RE.fullmatch(value):
        return True, None, []
    problems: list[str] = []
    if p := _charset_problem(value[11:], _ALNUM + "_", "a GitHub token"):
        problems.append(p)
    if len(value) != 93:
        problems.append(_length_problem(len(value), 93, KIND_LABEL[_K.GITHUB_FINE_GRAINED]))
    if not problems and not _has_non_ascii(value):
        problems.append(
            "It doesn't have the shape of a fine-grained token "
            "(github_pat_, 22 letters or digits, an underscore, 59 letters or digits)."
        )
    return False, None, problems


def _check_cursor_key(value: str) -> tuple[bool, bool | None, list[str]]:
    problems: list[str] = []
    if _bad_ascii(value[4:], _HEX):  # only spaces get this far, see _looks_like_cursor_key
        problems.append(_SPACE_INSIDE)
    if len(value) != 68:
        problems.append(_length_problem(len(value), 68, KIND_LABEL[_K.CURSOR_KEY]))
    return not problems and not _has_non_ascii(value), None, problems


def _check_soft_length(
    value: str, kind: TokenKind, min_body: int, expected: int | None, what: str
) -> tuple[bool, bool | None, list[str]]:
    """Charset and minimum length decide well-formedness; an observed-but-undocumented
    exact length only adds a hint, so a vendor format change can't lock users out."""
    plen = len(_known_prefix(value)[0])  # type: ignore[index]
    wf, _, problems = _check_variable(value, plen, _URLSAFE, min_body, kind, what)
    if wf and expected is not None and len(value) != expected:
        problems.append(_length_problem(len(value), expected, KIND_LABEL[kind], soft=True))
    return wf, None, problems


def _check(value: str, kind: TokenKind) -> tuple[bool, bool | None, list[str]]:
    if kind in (_K.GITHUB_CLASSIC, _K.GITHUB_OAUTH, _K.GITHUB_APP_REFRESH):
        return _check_github_crc(value, kind)
    if kind is _K.GITHUB_APP_USER:
        return _check_github_app_user(value)
    if kind is _K.GITHUB_APP_INSTALLATION:
        # Old 40-character form or the 2026 stateless `ghs_<app id>_<JWT>`: never
        # length- or checksum-checked (GitHub warns integrators against exactly that).
        return _check_variable(value, 4, _ALNUM + "._-", 36, kind, "a GitHub token")
    if kind is _K.GITHUB_FINE_GRAINED:
        return _check_fine_grained(value)
    if kind is _K.CURSOR_KEY:
        return _check_cursor_key(value)
    if kind is _K.CURSOR_CRSR:
        # Documented as crsr_ + 64 characters; the charset is not documented.
        return _check_soft_length(value, kind, 32, 69, "a Cursor key")
    if kind in (_K.ANTHROPIC_ADMIN, _K.ANTHROPIC_API):
        expected = len(KIND_PREFIX[kind]) + 95
        wf, ck, problems = _check_soft_length(value, kind, 40, expected, "an Anthropic key")
        if wf and len(value) == expected and not value.endswith("AA"):
            problems.append(
                f"A {KIND_LABEL[kind]} usually ends in AA; this one doesn't, "
                "so its end may have been changed or cut off."
            )
        return wf, ck, problems
    # OAuth tokens and keys of undocumented types: charset and a minimum length only.
    return _check_soft_length(value, kind, 20 if kind is _K.ANTHROPIC_OTHER else 40, None, "an Anthropic key")


def _embedded_hint(text: str) -> str | None:
    """If a token sits inside a longer paste, say what it seems to be (never where or what)."""
    spans = find_tokens(text)
    if not spans:
        return None
    label = KIND_LABEL[spans[0][2]]
    return f"It seems to contain {with_article(label)} among other text — copy only the token itself."


def with_article(label: str) -> str:
    """'a GitHub token', 'an Anthropic Admin API key'."""
    return ("an " if label[:1].lower() in "aeiou" else "a ") + label


_HEX40_RE = re.compile(r"[0-9a-f]{40}")


def _looks_like_cursor_key(value: str) -> bool:
    """Hex after `key_` (non-ASCII look-alikes and stray spaces tolerated, so they can be
    reported as such), and enough of it to be more than a variable name."""
    body = value[4:]
    return len(body) >= 16 and not _bad_ascii(body, _HEX + " \t")


def classify(raw: str) -> TokenInfo:
    """Clean a pasted secret and say what it is, offline. Never raises, never echoes it."""
    raw = raw or ""
    if len(raw) > MAX_PASTE:
        stripped = raw.strip()
        if len(stripped) > MAX_PASTE:
            problems = [
                f"That's {len(stripped):,} characters — far longer than any token "
                f"(GitHub allows up to {_GITHUB_MAX})."
            ]
            if hint := _embedded_hint(stripped[:MAX_PASTE]):
                problems.append(hint)
            return TokenInfo(_K.UNKNOWN, stripped, (), False, None, tuple(problems))

    value, notes = clean_secret(raw)
    cleaned = tuple(notes)
    if not value:
        return TokenInfo(_K.EMPTY, "", cleaned, False, None, ())

    non_ascii = _non_ascii_problems(value)
    known = _known_prefix(value)
    if known is not None and known[1] is _K.CURSOR_KEY and not _looks_like_cursor_key(value):
        known = None  # "key_" is a common word prefix: only hex after it makes a Cursor key
    if known is not None:
        kind = known[1]
        wf, checksum, problems = _check(value, kind)
        return TokenInfo(kind, value, cleaned, wf, checksum, tuple(non_ascii + problems))
    if _HEX40_RE.fullmatch(value):
        return TokenInfo(_K.GITHUB_LEGACY_HEX, value, cleaned, True, None, ())

    problems = list(non_ascii)
    if value.startswith("key_") and len(value) >= 20:
        problems.append(
            "It starts with key_ like a Cursor admin API key, but those are followed by "
            "64 hexadecimal characters (0–9 and a–f)."
        )
    elif hint := _embedded_hint(value):
        problems.append(hint)
    elif len(value) > _GITHUB_MAX:
        problems.append(
            f"That's {len(value):,} characters — longer than any token "
            f"(GitHub allows up to {_GITHUB_MAX})."
        )
    problems.append("It doesn't match any token format this tool knows.")
    return TokenInfo(_K.UNKNOWN, value, cleaned, False, None, tuple(problems))
