"""Bounds for everything that comes from outside: server answers and report files.

A string a server chose (an error message, a login, an organization name, a header)
or a report file a customer sent may carry terminal escapes (an OSC 52 clipboard
write, clear-screen, a carriage return that overprints a line), bidi overrides that
reorder what a reader sees, or a megabyte with no space in it. Each such string is
cleaned and cut *once*, where it enters the product (the HTTP adapter's answers and
the report loader), so every later step — redaction, layout, the terminal, .md and
.html files — works on short, printable text in bounded time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

MAX_FIELD_CHARS = 4096
"""Longest server-chosen string kept (longer ones are cut, with an ellipsis). GitHub
caps logins and organization names at 39 characters; signed download links, the longest
legitimate strings in an answer, stay well under 2 KiB."""

MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays/objects accepted in a JSON answer or report file. Real
answers nest fewer than 10 levels; deeper ones exhaust Python's recursion limit."""

ELLIPSIS = "…"

# C0 controls (incl. ESC, CR, LF, TAB, BEL), DEL, C1 controls (incl. the 8-bit CSI and
# OSC), and the invisible format characters that reorder or hide text: bidi embeddings,
# overrides and isolates, marks, zero-width characters, the BOM, interlinear annotations.
_UNSAFE = (
    "\x00-\x1f\x7f-\x9f"
    "\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb"
)
_UNSAFE_RE = re.compile(f"[{_UNSAFE}]+")
_UNSAFE_KEEP_NL_RE = re.compile(f"[\x00-\x09\x0b-\x1f{_UNSAFE[3:]}]+")
_SPACES = re.compile(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]")


def clean_text(value: str, limit: int = MAX_FIELD_CHARS, *, newlines: bool = False) -> str:
    """`value` without control, bidi or zero-width characters, cut to `limit` characters.

    Line breaks and tabs become a space (so a server can't start a fake line in the
    terminal), unless `newlines` keeps `\\n` — for multi-line text the app itself wrote.
    Linear time; a clean string costs one scan."""
    if len(value) > limit:
        value = value[: max(0, limit - 1)] + ELLIPSIS
    if _UNSAFE_RE.search(value) is None:
        return value
    if not newlines:
        value = _SPACES.sub(" ", value)
        return _UNSAFE_RE.sub("", value)
    return _UNSAFE_KEEP_NL_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def has_unsafe(value: str) -> bool:
    """Whether `value` still contains a control, bidi or zero-width character."""
    return _UNSAFE_RE.search(value) is not None


class TooDeep(ValueError):
    """Parsed JSON nests deeper than MAX_JSON_DEPTH."""


_SCALARS = (int, float, bool, type(None))


def clean_tree(
    obj: Any,
    limit: int = MAX_FIELD_CHARS,
    *,
    newlines: bool = False,
    max_depth: int = MAX_JSON_DEPTH,
    max_items: int | None = None,
    items_from_depth: int = 0,
    finish: Callable[[str], str] | None = None,
) -> Any:
    """A copy of parsed JSON (dicts, lists, strings) with every string — keys included —
    passed through `clean_text` (and then `finish`, if given). Raises `TooDeep` past
    `max_depth` levels, so nothing downstream (redaction, rendering, validation) recurses
    deeper than that. `max_items` cuts lists and maps from `items_from_depth` down."""

    seen: dict[str, str] = {}  # keys and short values repeat: clean each once

    def text(value: str) -> str:
        done = seen.get(value)
        if done is None:
            done = clean_text(value, limit, newlines=newlines)
            done = finish(done) if finish is not None else done
            if len(value) <= 64:
                seen[value] = done
        return done

    def walk(o: Any, depth: int) -> Any:
        if isinstance(o, str):
            return text(o)
        if not isinstance(o, (dict, list)):
            return o
        if depth >= max_depth:
            raise TooDeep(f"nested more than {max_depth} levels deep")
        cut = max_items if max_items is not None and depth >= items_from_depth else None
        if isinstance(o, dict):
            pairs = o.items() if cut is None or len(o) <= cut else list(o.items())[:cut]
            return {
                (text(k) if isinstance(k, str) else k): (v if isinstance(v, _SCALARS) else walk(v, depth + 1))
                for k, v in pairs
            }
        items = o if cut is None else o[:cut]
        return [v if isinstance(v, _SCALARS) else walk(v, depth + 1) for v in items]

    return walk(obj, 0)


# An escape that could decode to something clean_text removes (a control character, a
# line break, a bidi mark…) or hide a quote; \\uXXXX counts whatever it encodes.
_RISKY_ESCAPE_RE = re.compile(r'\\[bfnrtu"]')
# Raw tab, line feed and carriage return can only be whitespace between JSON tokens (the
# parser refuses them inside strings), so a pretty-printed answer is still clean.
_UNSAFE_RAW_RE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_UNSAFE[3:]}]")
_BRACKET_DELTA = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_NOT_BRACKETS = "".join(chr(c) for c in range(128) if chr(c) not in "[]{}")


def _already_clean(text: str, limit: int, max_depth: int) -> bool:
    """Whether parsed `text` would come out of clean_tree unchanged, decided at C speed:
    no unsafe character, no escape that could make one, no string longer than `limit`
    (checked as: no stretch between two quotes that long), and nesting within `max_depth`
    (brackets outside strings, which are the even stretches between quotes)."""
    if _UNSAFE_RAW_RE.search(text) is not None or _RISKY_ESCAPE_RE.search(text) is not None:
        return False
    stretches = text.split('"')
    if max(map(len, stretches[1::2]), default=0) > limit:
        return False
    outside = "".join(stretches[0::2])
    if outside.count("[") + outside.count("{") < max_depth:
        return True
    skeleton = outside.translate({ord(c): None for c in _NOT_BRACKETS}).encode("ascii", "ignore")
    depth = 0
    for byte in skeleton:
        depth += _BRACKET_DELTA.get(byte, 0)
        if depth >= max_depth:
            return False
    return True


def parse_json(data: bytes | str, limit: int = MAX_FIELD_CHARS, **options: Any) -> Any:
    """Parse JSON from outside and clean it (`clean_tree`, which takes the same options).
    Raises ValueError (with a plain message) for broken JSON and for nesting too deep to
    handle — the C parser's RecursionError included. An answer that is already clean (the
    usual case) is not walked string by string."""
    try:
        parsed = json.loads(data)
    except RecursionError:
        raise TooDeep(f"nested more than {MAX_JSON_DEPTH} levels deep") from None
    if not options or set(options) == {"max_depth"}:
        text = data if isinstance(data, str) else data.decode("utf-8", errors="replace")
        if _already_clean(text, limit, options.get("max_depth", MAX_JSON_DEPTH)):
            return parsed
    return clean_tree(parsed, limit, **options)
