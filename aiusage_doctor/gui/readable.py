"""Check details and evidence as plain readable text for the details pane (no Qt here).

Providers write details as lines, some of them already bulleted ("• …") under a heading
line ("Evidence:"); evidence is a JSON-like dict. The pane shows both as people read
them: one bullet per line, headings as headings, values as words, never Python reprs.
"""

from __future__ import annotations

import re
from typing import Any

_BULLET = re.compile(r"^\s*(?:[•·▪◦‣∙*-]\s+)+")


def strip_bullet(line: str) -> str:
    """'• • Key: x' -> 'Key: x' (the pane draws its own bullets)."""
    return _BULLET.sub("", line).strip()


def detail_groups(details: list[str]) -> list[tuple[str | None, list[str]]]:
    """Split detail lines into (heading, items) groups. A line ending in ':' that is not a
    bullet itself and is followed by bulleted lines is a heading ('Evidence:')."""
    groups: list[tuple[str | None, list[str]]] = [(None, [])]
    for index, raw in enumerate(details):
        line = str(raw)
        following = details[index + 1] if index + 1 < len(details) else ""
        if (line.rstrip().endswith(":") and not _BULLET.match(line)
                and _BULLET.match(str(following)) is not None):
            groups.append((line.rstrip().rstrip(":").strip(), []))
            continue
        text = strip_bullet(line)
        if text:
            groups[-1][1].append(text)
    return [(heading, items) for heading, items in groups if items or heading]


def _label(key: Any) -> str:
    return str(key).replace("_", " ")


def _scalar(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def readable_lines(value: Any, indent: int = 0, limit: int = 400) -> list[str]:
    """Evidence as indented 'key: value' lines; lists of plain values on one line."""
    pad = "  " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list, tuple)) and item and not _flat(item):
                lines.append(f"{pad}{_label(key)}:")
                lines += readable_lines(item, indent + 1, limit)
            else:
                lines.append(f"{pad}{_label(key)}: {_inline(item)}")
            if len(lines) >= limit:
                break
    elif isinstance(value, (list, tuple)):
        if _flat(value):
            lines.append(pad + _inline(value))
        else:
            for item in value:
                sub = readable_lines(item, indent + 1, limit)
                if sub:
                    sub[0] = pad + "– " + sub[0].lstrip()
                lines += sub
                if len(lines) >= limit:
                    break
    else:
        lines.append(pad + _scalar(value))
    return lines[:limit]


def _flat(value: Any) -> bool:
    if isinstance(value, dict):
        return all(not isinstance(v, (dict, list, tuple)) for v in value.values()) and len(value) <= 4
    return all(not isinstance(v, (dict, list, tuple)) for v in value)


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{_label(k)} {_scalar(v)}" for k, v in value.items()) if value else "none"
    if isinstance(value, (list, tuple)):
        return ", ".join(_scalar(v) for v in value) if value else "none"
    return _scalar(value)
