"""What copy-and-paste adds around a secret, stripped and named in plain words."""

from __future__ import annotations

import base64
import binascii
import re

from aiusage_doctor.core.tokens._rules import _known_prefix

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u2060"))
_QUOTES = "\"'`\u201c\u201d\u2018\u2019"
_HEADER_RE = re.compile(r"(?i)^(authorization|x-api-key)\s*:\s*")
_SCHEME_RE = re.compile(r"(?i)^(bearer|token|basic)\s+(?=\S)")
_ASSIGN_RE = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*[=:]\s*")
_LINE_BREAK_RE = re.compile(r"[ \t]*[\r\n]+[ \t]*")


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
