"""The app's own help pages (docs/checks.md, network.md, security.md), read from the copy
that ships with the app.

Every "Help page" link in a result and every network-failure link points at the
published docs (`branding.json`'s `docs_url`). The wizard opens those links from the
bundled copy instead: it matches the running version exactly, works on a machine
whose only way out is the vendor APIs, and doesn't depend on the docs host being
reachable. Exported reports keep the published URLs (they are read elsewhere).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote

from aiusage_doctor.core.branding import DOCS_BASE
from aiusage_doctor.core.resources import resource_path

DOC_FILES = ("checks.md", "network.md", "security.md")

_SOURCE_DOCS = Path(__file__).resolve().parents[2] / "docs"
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LEAD = re.compile(r"^\*\*(.+?)\*\*")
_ANCHOR_TAG = re.compile(r'^\s*<a\s+id="([^"]+)"\s*>\s*</a>\s*$')


@dataclass(frozen=True)
class HelpSection:
    """One section of a help page, ready to show."""

    doc: str
    anchor: str
    title: str
    markdown: str
    url: str
    """The published address of the same section."""


def github_slug(heading: str) -> str:
    """The anchor GitHub derives from a heading's text (before de-duplication).

    Used to prove that each check's `## ...` heading lands on `CheckSpec.anchor`.
    """
    text = unicodedata.normalize("NFKC", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def local_help_target(url: str) -> tuple[str, str] | None:
    """(doc file, anchor) when `url` points into the app's published help pages."""
    if not url.startswith(DOCS_BASE):
        return None
    name, _, anchor = url[len(DOCS_BASE):].partition("#")
    if name not in DOC_FILES:
        return None
    return name, unquote(anchor)


@cache
def doc_text(name: str) -> str | None:
    """A help page's Markdown: the copy installed with the app (wheel or bundle), else the
    source checkout's docs/ folder; None if neither has it."""
    if name not in DOC_FILES:
        return None
    try:
        return resource_path("docs", name).read_text(encoding="utf-8")
    except FileNotFoundError:
        pass
    source = _SOURCE_DOCS / name
    return source.read_text(encoding="utf-8") if source.is_file() else None


def help_section(url: str) -> HelpSection | None:
    """The section a help link points to, from the bundled copy; the whole page when the
    link has no anchor. None when the link isn't one of ours or the copy lacks it."""
    target = local_help_target(url)
    if target is None:
        return None
    name, anchor = target
    text = doc_text(name)
    if text is None:
        return None
    lines = text.splitlines()
    if not anchor:
        title = next((m[2] for line in lines if (m := _HEADING.match(line))), name)
        return HelpSection(name, "", title, _without_anchor_tags(lines), url)
    start = _find_heading(lines, anchor)
    if start is None:
        return None
    match = _HEADING.match(lines[start])
    assert match is not None
    level = len(match[1])
    end = len(lines)
    for i in range(start + 1, len(lines)):
        m = _HEADING.match(lines[i])
        if m and len(m[1]) <= level:
            end = i
            break
    body = lines[start:end]
    title = match[2]
    lead = next((line for line in body[1:] if line.strip()), "")
    if title == anchor and (bold := _BOLD_LEAD.match(lead)):
        title = bold[1]  # checks.md headings are the anchor itself; its first line names the check
    body[0] = "## " + title  # one size of title, whatever the section's depth
    return HelpSection(name, anchor, title, _without_anchor_tags(body), url)


def _find_heading(lines: list[str], anchor: str) -> int | None:
    """The heading an anchor names: an explicit `<a id>` tag just above it, or the id a
    Markdown renderer derives from the heading's text."""
    for i, line in enumerate(lines):
        tag = _ANCHOR_TAG.match(line)
        if tag and tag[1] == anchor:
            for j in range(i + 1, min(i + 3, len(lines))):
                if _HEADING.match(lines[j]):
                    return j
        heading = _HEADING.match(line)
        if heading and github_slug(heading[2]) == anchor:
            return i
    return None


def _without_anchor_tags(lines: list[str]) -> str:
    return "\n".join(line for line in lines if not _ANCHOR_TAG.match(line)).strip() + "\n"
