"""Redacting whole objects (a result, a report) and log records."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from typing import Any

from aiusage_doctor.core.redact._registry import REDACTED
from aiusage_doctor.core.redact._text import (
    _SCHEME,
    _SENSITIVE_KEYS,
    _already_redacted,
    _apply,
    _Rules,
    _rules,
    _spans,
    redact,
)
from aiusage_doctor.core.tokens import find_tokens


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
