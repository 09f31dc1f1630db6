"""The one redaction step that every output path goes through: reports, logs, GUI, clipboard.

Users attach exported reports and logs to support tickets, so nothing we write may carry a
usable secret, a home path or a login name. Redaction therefore works from two sides:

* **what we know**: every secret the user gave us is registered in `REGISTRY` (and any
  caller can pass more). Each occurrence is replaced by its masked form (`ghp_…a1B2`, the
  public prefix and last 4 characters, enough for a support engineer to tell keys apart),
  and any 8-character piece of it — a token cut short or chopped up in an error message —
  by `[redacted]`, in the encodings a server may echo it in too: base64 (Basic auth,
  `Bearer …` or `key:` inside it, at any alignment), percent-encoding and JSON `\\u` escapes.
* **what it looks like**: anything shaped like a GitHub, Cursor or Anthropic token, the
  value of an `Authorization`/`x-api-key` header or of a field named like a described
  provider's secret (Windsurf's `service_key`), a `token=`/`api_key=` parameter, an old
  40-hex GitHub token right after the word "token" — even if nobody registered it.

Home directories and `/home/NAME`, `/Users/NAME`, `C:\\Users\\NAME` become `~`.
"""

from __future__ import annotations

import base64
import functools
import logging
import os
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from aiusage_doctor.core.labels import DESCRIBED
from aiusage_doctor.core.tokens import MAX_PASTE, clean_secret, find_tokens, mask

__all__ = [
    "MIN_SECRET_LEN",
    "PARTIAL_LEN",
    "REDACTED",
    "REGISTRY",
    "RedactingFilter",
    "SecretRegistry",
    "redact",
    "redact_obj",
]

REDACTED = "[redacted]"
MIN_SECRET_LEN = 8
"""Shorter 'secrets' are ignored: redacting every 'abc' would wreck a report and protect nothing."""
PARTIAL_LEN = 8
"""A piece of a known secret this long (after its public prefix) is redacted on its own,
in plain text and in each encoding of `_SecretPlan.encoded`."""


class SecretRegistry:
    """The process-wide set of secret values the user has given us. Thread-safe.

    The GUI and CLI add every credential as soon as they read it (and the secret store
    adds what it loads), so a secret echoed back by a server or an exception is still
    caught after it has been cut, quoted or wrapped."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._secrets: set[str] = set()

    def add(self, *secrets: str | None) -> None:
        """Register secrets (None and empty values are ignored), plus their cleaned forms."""
        forms = {form for s in secrets if s for form in _forms(s)}
        with self._lock:
            self._secrets |= forms

    def clear(self) -> None:
        with self._lock:
            self._secrets.clear()

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            return iter(sorted(self._secrets, key=len, reverse=True))

    def __len__(self) -> int:
        with self._lock:
            return len(self._secrets)

    def __contains__(self, secret: object) -> bool:
        with self._lock:
            return secret in self._secrets


REGISTRY = SecretRegistry()


@functools.lru_cache(maxsize=256)
def _forms(secret: str) -> frozenset[str]:
    """The form of a secret to redact: the cleaned value, as sent to the vendor.

    The raw paste is not registered: it contains the cleaned value (so it is still caught),
    and its debris (a quote, 'Bearer ') would make pieces that also match public text —
    a documented prefix in a help message, the quote that opens a JSON string. A value
    longer than any credential (a pasted file) is not a secret to look for at all."""
    cleaned, _ = clean_secret(secret)
    if len(cleaned) > MAX_PASTE or len(cleaned) < MIN_SECRET_LEN:
        return frozenset()
    return frozenset({cleaned})


@dataclass(frozen=True)
class _SecretPlan:
    masked: str
    derived: tuple[str, ...]
    """Encodings the secret travels in: base64 for Basic auth, percent-encoding."""
    pieces: frozenset[str]
    """Every PARTIAL_LEN-character piece of the secret after its public prefix, and of its
    base64 cores (`_base64_cores`)."""


def _base64_cores(secret: str) -> set[str]:
    """The base64 text that any base64 of a string containing `secret` must contain,
    whatever comes before it ('Bearer ', 'x-access-token:', nothing) and after it (':').

    Base64 encodes 3 bytes at a time, so the encoding of the secret's own bytes depends
    only on where the secret starts modulo 3: one core per alignment (and per alphabet,
    standard and URL-safe), without the edge characters that mix in bytes around it."""
    raw = secret.encode()
    cores = set()
    for shift in range(3):
        part = raw[shift : shift + (len(raw) - shift) // 3 * 3]
        core = base64.b64encode(part).decode()
        cores |= {core, core.replace("+", "-").replace("/", "_")}
    return {c for c in cores if len(c) >= PARTIAL_LEN}


@functools.lru_cache(maxsize=256)
def _plan(secret: str) -> _SecretPlan:
    shown = mask(secret)
    prefix = shown.partition("…")[0]
    body = secret[len(prefix) :]
    pieces = {body[i : i + PARTIAL_LEN] for i in range(len(body) - PARTIAL_LEN + 1)}
    for core in _base64_cores(secret):
        pieces |= {core[i : i + PARTIAL_LEN] for i in range(len(core) - PARTIAL_LEN + 1)}
    derived = {
        base64.b64encode(f"{secret}:".encode()).decode(),
        base64.b64encode(secret.encode()).decode(),
        base64.b64encode(f"Bearer {secret}".encode()).decode(),
        quote(secret, safe=""),
    }
    derived.discard(secret)
    return _SecretPlan(shown, tuple(sorted(derived)), frozenset(pieces))


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


def _redact_sensitive_value(value: str, rules: _Rules) -> str:
    """The value of a header or field whose *name* says it is secret (Authorization,
    x-api-key, *token, password…): keep a scheme word, mask a recognisable token, and
    replace anything else entirely."""
    scheme, sep, rest = value.partition(" ")
    if sep and re.fullmatch(_SCHEME, scheme, re.IGNORECASE):
        return f"{scheme} {_redact_sensitive_value(rest.strip(), rules)}"
    if not value or _already_redacted(value):
        return value
    redacted = _apply(value, _spans(value, rules))
    if redacted != value and find_tokens(value):
        return redacted
    return REDACTED if value.strip() else value


@functools.lru_cache(maxsize=4096)
def _sensitive_key(key: str) -> bool:
    """Whether a field name says its value is secret (a report repeats a few dozen names)."""
    return bool(_SENSITIVE_KEYS.match(key))


_CLEAN_MEMO_MAX = 200_000
_clean_memo: tuple[_Rules | None, set[str]] = (None, set())
"""Strings redact_obj found nothing to redact in, under the rules they were checked with.
The runner redacts each result as it finishes and the report redacts them all again at
export: the second pass then only looks them up. Pure memoization (the output depends
only on the rules and the string), and it never holds a string that needed redacting."""


def _clean_strings(rules: _Rules) -> set[str]:
    global _clean_memo
    memo_rules, clean = _clean_memo
    if memo_rules != rules or len(clean) > _CLEAN_MEMO_MAX:
        clean = set()
        _clean_memo = (rules, clean)
    return clean


def redact_obj(obj: Any, extra_secrets: Iterable[str | None] = ()) -> Any:
    """A redacted deep copy of dicts, lists and tuples (keys included); strings are
    redacted, other leaves are returned as they are. Values under secret-sounding keys
    (Authorization, x-api-key, access_token, …) are replaced even when unrecognisable."""
    rules = _rules(extra_secrets)
    done: dict[str, str] = {}  # a report repeats its keys and many values: redact each once
    clean = _clean_strings(rules)

    def walk(o: Any, sensitive: bool = False) -> Any:
        if isinstance(o, str):
            if sensitive:
                return _redact_sensitive_value(o, rules)
            if not o or o in clean:
                return o
            out = done.get(o)
            if out is None:
                out = done[o] = _apply(o, _spans(o, rules))
                if out == o:
                    clean.add(o)
            return out
        if isinstance(o, dict):
            return {
                walk(k): walk(v, isinstance(k, str) and _sensitive_key(k))
                for k, v in o.items()
            }
        if isinstance(o, list):
            return [walk(x, sensitive) for x in o]
        if isinstance(o, tuple):
            items = [walk(x, sensitive) for x in o]
            return type(o)(*items) if hasattr(o, "_fields") else tuple(items)
        return o

    return walk(obj)


class RedactingFilter(logging.Filter):
    """Formats each record's message first, then redacts it, so every handler's output
    is clean whatever its formatter. Tracebacks and stack info are redacted too.

    Attach it to *handlers* (a filter on a logger does not see records propagated from
    its children)."""

    def __init__(self, extra_secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._extra = tuple(extra_secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not leak its raw arguments either
            message = f"{record.msg} {record.args!r}"
        record.msg = redact(message, self._extra)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._extra)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self._extra)
        return True


_EMAIL_RE = re.compile(r"(?<![\w.%+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def mask_emails(obj: Any) -> Any:
    """Shorten e-mail addresses to their first letter and domain (`j…@acme.com`).

    Used on the HTTP evidence in reports: an API answer quoted as evidence (a member
    list, say) can name people, and a report goes to a third party. The domain stays,
    since it tells support which organization answered."""
    if isinstance(obj, str):
        return _EMAIL_RE.sub(r"\1…@\2", obj)
    if isinstance(obj, dict):
        return {k: mask_emails(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(mask_emails(v) for v in obj)
    return obj
