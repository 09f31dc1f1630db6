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
"""

from __future__ import annotations

import base64
import binascii
import random
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

__all__ = [
    "CHECKSUM_MISMATCH",
    "FieldVerdict",
    "KIND_LABEL",
    "KIND_PREFIX",
    "KIND_PROVIDER",
    "MAX_PASTE",
    "TokenInfo",
    "TokenKind",
    "classify",
    "clean_secret",
    "find_tokens",
    "github_checksum_ok",
    "make_fake_secret",
    "make_github_token",
    "mask",
    "verdict_for",
]


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

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u2060"))
_QUOTES = "\"'`\u201c\u201d\u2018\u2019"
_HEADER_RE = re.compile(r"(?i)^(authorization|x-api-key)\s*:\s*")
_SCHEME_RE = re.compile(r"(?i)^(bearer|token|basic)\s+(?=\S)")
_ASSIGN_RE = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*[=:]\s*")
_LINE_BREAK_RE = re.compile(r"[ \t]*[\r\n]+[ \t]*")


# --------------------------------------------------------------------------- cleaning


def _known_prefix(value: str) -> tuple[str, TokenKind] | None:
    for prefix, kind in _PREFIXES:
        if value.startswith(prefix):
            return prefix, kind
    return None


def _decode_basic(value: str) -> str | None:
    """The key inside a Basic-auth value (base64 of 'key:'), if it is a known token.

    Cursor's Admin API uses Basic auth with the key as user name, so people paste the
    header value from curl or a proxy log."""
    try:
        decoded = base64.b64decode(value, validate=True).decode("ascii")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    user, sep, _password = decoded.partition(":")
    if sep and user and _known_prefix(user):
        return user
    return None


def clean_secret(raw: str) -> tuple[str, list[str]]:
    """Strip what copy-and-paste adds around a secret and say, in plain words, what went.

    Handles surrounding whitespace and line breaks, quotes (repeatedly, also smart quotes),
    a leading `Authorization:`/`x-api-key:` header name, a `Bearer `/`token `/`Basic `
    scheme, zero-width characters, and `NAME=` in front of a recognisable token (a line
    copied from a `.env` file). Characters *inside* the token are never guessed at.
    """
    notes: list[str] = []

    def note(text: str) -> None:
        if text not in notes:
            notes.append(text)

    value = raw or ""
    without_zw = value.translate(_ZERO_WIDTH)
    if without_zw != value:
        note("Removed invisible zero-width characters")
        value = without_zw

    while True:
        before = value
        stripped = value.strip()
        if stripped != value:
            removed = value[: len(value) - len(value.lstrip())] + value[len(value.rstrip()) :]
            if any(c in "\r\n" for c in removed):
                note("Removed line breaks")
            if any(c not in "\r\n" for c in removed):
                note("Removed spaces around the token")
            value = stripped
        if value and (value[0] in _QUOTES or value[-1] in _QUOTES):
            value = value.strip(_QUOTES)
            note("Removed surrounding quotes")
        if m := _HEADER_RE.match(value):
            value = value[m.end() :]
            note(f"Removed the '{m.group(1)}:' header name")
        if m := _SCHEME_RE.match(value):
            scheme = m.group(1)
            value = value[m.end() :]
            note(f"Removed a leading '{scheme} ' prefix")
            if scheme.lower() == "basic" and (inner := _decode_basic(value.strip())):
                value = inner
                note("Decoded the Basic-auth value to the key inside it")
        if (m := _ASSIGN_RE.match(value)) and _known_prefix(value[m.end() :].strip(_QUOTES)):
            value = value[m.end() :]
            note(f"Removed the variable name '{m.group(1)}' in front of the token")
        if value == before:
            break

    if any(c in "\r\n" for c in value):
        value = _LINE_BREAK_RE.sub("", value)
        note("Removed line breaks")
    return value, notes


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


def _rng(rng: random.Random | None) -> random.Random:
    return rng if rng is not None else random.Random()


def _rand(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def make_github_token(prefix: str = "ghp_", rng: random.Random | None = None) -> str:
    """A checksum-valid 40-character GitHub token, made at run time.

    Tests and the simulator's demo credentials use this so that no literal token that
    passes GitHub's checksum (and so trips secret scanning) is ever committed."""
    body = _rand(_rng(rng), _ALNUM, 30)
    return prefix + body + _b62_6(zlib.crc32(body.encode("ascii")))


def make_fake_secret(kind: TokenKind, rng: random.Random | None = None) -> str:
    """A random, well-formed secret of `kind` (checksum-valid where the kind has one)."""
    r = _rng(rng)
    kind = TokenKind(kind)
    if kind is _K.EMPTY:
        return ""
    if kind is _K.UNKNOWN:
        return _rand(r, _ALNUM, 32)
    if kind in (_K.GITHUB_CLASSIC, _K.GITHUB_OAUTH, _K.GITHUB_APP_USER, _K.GITHUB_APP_REFRESH):
        return make_github_token(KIND_PREFIX[kind], r)
    if kind is _K.GITHUB_FINE_GRAINED:
        return "github_pat_" + _rand(r, _ALNUM, 22) + "_" + _rand(r, _ALNUM, 59)
    if kind is _K.GITHUB_APP_INSTALLATION:
        if r.random() < 0.5:
            return "ghs_" + _rand(r, _ALNUM, 36)
        # Stateless 2026 form: ghs_<app id>_<JWT>; base64url segments joined by dots.
        segments = [_rand(r, _URLSAFE, n) for n in (36, r.randint(200, 400), 342)]
        return f"ghs_{r.randint(100000, 9999999)}_" + ".".join(segments)
    if kind is _K.GITHUB_LEGACY_HEX:
        return _rand(r, _HEX, 40)
    if kind is _K.CURSOR_KEY:
        return "key_" + _rand(r, _HEX, 64)
    if kind is _K.CURSOR_CRSR:
        return "crsr_" + _rand(r, _ALNUM, 64)
    # Anthropic keys: prefix + 93 url-safe characters + "AA" (observed shape).
    return KIND_PREFIX[kind] + _rand(r, _URLSAFE, 93) + "AA"


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


def format_findings(verdict: FieldVerdict) -> tuple[list[str], dict[str, Any]]:
    """The details and evidence every provider's key-format check starts from: what the
    value was recognised as (masked), what was cleaned off it, and what is wrong with it.
    One wording for the three providers, and nothing in it but the masked value."""
    info = verdict.info
    details = [f"Recognised as: {info.label} ({info.masked or 'empty'})."]
    if info.cleaned:
        details.append("Cleaned from the pasted value: " + "; ".join(info.cleaned) + ".")
    details += [p for p in info.problems if p not in details and p != verdict.message]
    evidence = {"kind": info.kind.value, "masked": info.masked, "length": len(info.value),
                "cleaned": list(info.cleaned)}
    return details, evidence


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
        return FieldVerdict("error", f"This looks like {with_article(info.label)}, not {with_article(noun)}.", info)
    if not info.well_formed or info.checksum_ok is False:
        # Checksum mismatch, truncation, a stray character: the first problem says which.
        return FieldVerdict("error", info.problems[0] if info.problems else info.label, info)
    level, message = _KIND_VERDICT[info.kind]
    if level == "ok" and info.problems:
        problem = info.problems[0]
        return FieldVerdict("warn", f"{info.label} — {problem[:1].lower()}{problem[1:]}", info)
    return FieldVerdict(level, message, info)
