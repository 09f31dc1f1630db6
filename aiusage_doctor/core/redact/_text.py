"""Redacting one string: the patterns of what a secret or a home path looks like, and the
span engine that collects every rule's matches on the untouched text and merges them."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from aiusage_doctor.core.labels import DESCRIBED
from aiusage_doctor.core.redact._registry import PARTIAL_LEN, REDACTED, REGISTRY, _forms, _plan
from aiusage_doctor.core.tokens import find_tokens, mask


# --------------------------------------------------------------------------- patterns

_SCHEME = r"(?:bearer|basic|token)"
_FIELDS = "|".join(sorted({re.escape(f) for d in DESCRIBED.values() for f in d.secrets}))
"""Secret field names of the descriptor-built providers (a key sent in a JSON body, such as
Windsurf's `service_key`). The first three providers of core.labels.PROVIDER_LIST are left
out on purpose: their keys travel in headers (Authorization, x-api-key, Basic), which are
redacted above, their shapes are recognised by core/tokens, and their field names ('token')
are ordinary words: "token: classic" is prose, not a credential."""
_HEADER_RE = re.compile(
    rf"""(?ix)
    (?:\b(?:authorization|x-api-key|{_FIELDS})["']?\s*[:=]\s*["']?   # "Name: v", "name": "v"
      |(?<=["'])(?:authorization|x-api-key|{_FIELDS})["']\s*,\s*b?["'])  # (b'name', b'v'), not 'authorization", "status"'
    (?:{_SCHEME}\s+)?
    (?!{_SCHEME}\b)
    (?!https?://)                                      # a link after "… authorization:" is not a credential
    (?P<value>[^\s"',;&]+)
    """
)
_PARAM_RE = re.compile(
    rf"""(?ix)
    (?<![\w-])
    (?:[\w-]*(?:api[_-]?key|apikey|token|secret|password|passwd|{_FIELDS})|key)
    =(?P<value>[^&\s#"'<>]+)
    """
)
_LEGACY_HEX_RE = re.compile(
    rf"(?i)(?:token|authorization)[^0-9a-z\n]{{0,20}}?(?:{_SCHEME}\s+)?"
    r"(?<![0-9a-f])(?P<value>[0-9a-f]{40})(?![0-9a-z])"
)
_NAME_CHARS = r"[^\\/\s\"'<>:|*?,;()\[\]{}]+"
# A path may start at the first or second slash of a run, never deeper inside it: each
# of those starts scans the run to its end, so allowing every position took time growing
# with the square of the run's length (40 KB of slashes: minutes).
_NOT_DEEP_IN_SLASHES = r"(?<![\\/][\\/])"
_USER_PATH_RE = re.compile(
    r"(?i)(?<![\w.-])" + _NOT_DEEP_IN_SLASHES + r"(?:[a-z]:)?[\\/]+(?:home|users)[\\/]+"
    r"(?!(?:shared|public|default)(?![\w.-]))" + _NAME_CHARS
)
_SENSITIVE_KEYS = re.compile(
    rf"(?i)^(?:authorization|proxy-authorization|x-api-key|api[_-]?key|{_FIELDS}|cookie|set-cookie|"
    r"[\w-]*(?:token|secret|password|passwd))$"
)


@functools.lru_cache(maxsize=16)
def _home_regexes(homes: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """One pattern per home directory that matches it with either slash style (and the
    doubled backslashes of JSON), as a whole path component."""
    out = []
    for home in homes:
        parts = re.split(r"[\\/]+", home.rstrip("\\/"))
        if sum(len(p) for p in parts) < 2:
            continue
        body = r"[\\/]+".join(re.escape(p) for p in parts)
        out.append(re.compile(rf"(?i)(?<![\w.-]){_NOT_DEEP_IN_SLASHES}{body}(?![\w.-])"))
    return tuple(out)


def _homes() -> tuple[str, ...]:
    found = {os.path.expanduser("~"), os.environ.get("HOME", ""), os.environ.get("USERPROFILE", "")}
    return tuple(sorted((h for h in found if h and h not in ("/", "\\")), key=len, reverse=True))


# --------------------------------------------------------------------------- span engine

# A span is (start, end, replacement, is_token). Spans from all rules are collected on
# the untouched text and merged, so one rule's replacement can never hide another's match.
_Span = tuple[int, int, str, bool]


def _occurrences(text: str, needle: str) -> Iterator[int]:
    i = text.find(needle)
    while i != -1:
        yield i
        i = text.find(needle, i + 1)


def _already_redacted(value: str) -> bool:
    return "…" in value or value.startswith(REDACTED)


def _value_replacement(value: str) -> tuple[str, bool]:
    if find_tokens(value):
        return mask(value), True
    return REDACTED, False


@dataclass(frozen=True)
class _Rules:
    """What one redact()/redact_obj() call looks for, worked out once per call rather than
    once per string: the secrets, their pieces, and the patterns of this user's home directories."""

    secrets: tuple[str, ...]
    homes: tuple[re.Pattern[str], ...]
    pieces: frozenset[str]


@functools.lru_cache(maxsize=64)
def _all_pieces(secrets: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(_plan(s).pieces for s in secrets))


def _rules(extra_secrets: Iterable[str | None]) -> _Rules:
    secrets = set(REGISTRY)
    for s in extra_secrets:
        if s:
            secrets |= _forms(s)
    ordered = tuple(sorted(secrets, key=len, reverse=True))
    return _Rules(ordered, _home_regexes(_homes()), _all_pieces(ordered))


@functools.lru_cache(maxsize=64)
def _piece_runs(pieces: frozenset[str]) -> re.Pattern[str]:
    """Runs of the characters pieces are made of, at least PARTIAL_LEN long: only windows
    inside them can be a piece, so ordinary words and spaces are skipped at C speed."""
    chars = "".join(sorted({c for piece in pieces for c in piece}))
    return re.compile(f"[{re.escape(chars)}]{{{PARTIAL_LEN},}}")


def _piece_spans(text: str, pieces: frozenset[str]) -> list[_Span]:
    """A span for every PARTIAL_LEN-character piece of a secret (or of its base64) in
    `text`, in linear time: each window of a run that could hold one is looked up in a set."""
    n = PARTIAL_LEN
    return [
        (i, i + n, REDACTED, False)
        for m in _piece_runs(pieces).finditer(text)
        for i in range(m.start(), m.end() - n + 1)
        if text[i : i + n] in pieces
    ]


# A run of characters that may carry a secret in an escaped form: JSON \uXXXX and \/
# escapes, %XX percent-escapes, and the characters of tokens and base64 in between.
_ESCAPED_RUN_RE = re.compile(r"(?:\\u[0-9A-Fa-f]{4}|\\/|%[0-9A-Fa-f]{2}|[A-Za-z0-9+/=_.~-])+")
_ESCAPE_RE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\(/)|%([0-9A-Fa-f]{2})")


def _unescape(match: re.Match[str]) -> str:
    hex4, slash, hex2 = match.groups()
    if slash:
        return "/"
    return chr(int(hex4 or hex2, 16))


def _escaped_spans(text: str, pieces: frozenset[str]) -> list[_Span]:
    """Runs of JSON- or percent-escaped text that, once unescaped, hold a piece of a
    secret: the whole run is redacted (a server echoing `\\u0067\\u0068…` or `%2B`)."""
    if "\\" not in text and "%" not in text:
        return []
    spans: list[_Span] = []
    for m in _ESCAPED_RUN_RE.finditer(text):
        run = m.group()
        if "\\" not in run and "%" not in run:
            continue
        plain = _ESCAPE_RE.sub(_unescape, run)
        if any(plain[i : i + PARTIAL_LEN] in pieces for i in range(len(plain) - PARTIAL_LEN + 1)):
            spans.append((m.start(), m.end(), REDACTED, False))
    return spans


def _spans(text: str, rules: _Rules) -> list[_Span]:
    spans: list[_Span] = []
    for secret in rules.secrets:
        plan = _plan(secret)
        for i in _occurrences(text, secret):
            spans.append((i, i + len(secret), plan.masked, True))
        for form in plan.derived:
            for i in _occurrences(text, form):
                spans.append((i, i + len(form), REDACTED, False))
    if rules.pieces:
        spans += _piece_spans(text, rules.pieces)
        spans += _escaped_spans(text, rules.pieces)
    for start, end, _kind in find_tokens(text):
        spans.append((start, end, mask(text[start:end]), True))
    for m in _LEGACY_HEX_RE.finditer(text):
        spans.append((m.start("value"), m.end("value"), mask(m.group("value")), True))
    for rx in (_HEADER_RE, _PARAM_RE):
        for m in rx.finditer(text):
            value = m.group("value")
            if not _already_redacted(value):
                replacement, is_token = _value_replacement(value)
                spans.append((m.start("value"), m.end("value"), replacement, is_token))
    for rx in (*rules.homes, _USER_PATH_RE):
        for m in rx.finditer(text):
            spans.append((m.start(), m.end(), "~", False))
    return spans


def _apply(text: str, spans: list[_Span]) -> str:
    if not spans:
        return text
    spans.sort(key=lambda s: (s[0], -s[1]))
    out: list[str] = []
    pos = 0
    group: list[_Span] = []
    group_end = -1

    def flush() -> None:
        start = group[0][0]
        # A member covering the whole group speaks for it (a token's mask wins over a
        # generic [redacted]); otherwise the union is masked if any token is in it.
        covering = [s for s in group if s[0] == start and s[1] == group_end]
        if covering:
            best = max(covering, key=lambda s: s[3])
            out.append(best[2])
        elif any(s[3] for s in group):
            out.append(mask(text[start:group_end]))
        else:
            out.append(REDACTED)

    for span in spans:
        if group and span[0] < group_end:
            group.append(span)
            group_end = max(group_end, span[1])
            continue
        if group:
            flush()
            pos = group_end
        out.append(text[pos : span[0]])
        group = [span]
        group_end = span[1]
    flush()
    out.append(text[group_end:])
    return "".join(out)


def redact(text: str, extra_secrets: Iterable[str | None] = ()) -> str:
    """`text` with every known or recognisable secret masked and home paths shortened to ~."""
    if not isinstance(text, str):
        text = str(text)
    if not text:
        return text
    return _apply(text, _spans(text, _rules(extra_secrets)))
