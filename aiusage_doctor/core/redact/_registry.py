"""The secrets the user gave us, and how each one is looked for: its masked form, the
encodings it travels in and the pieces of it that are redacted on their own."""

from __future__ import annotations

import base64
import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from aiusage_doctor.core.tokens import MAX_PASTE, clean_secret, mask

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
