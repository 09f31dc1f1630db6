"""docs/checks.md and the help links that point into it.

Every check result carries a link to its section of docs/checks.md, so the page is
generated from the same `CheckSpec`s the providers run: a check cannot exist
without a help section, and a section's anchor cannot drift from the link in a
report. The small Markdown helpers here are shared with the report renderer so a
ticket and the help page escape text and filter links the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from aiusage_doctor.core.branding import APP_NAME, DOCS_CHECKS_URL
from aiusage_doctor.core.checks import Catalog, CheckSpec
from aiusage_doctor.core.help_docs import github_slug
from aiusage_doctor.core.labels import provider_rank, provider_title

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_UNSAFE_URL_CHARS = re.compile(r"[\s\x00-\x1f\x7f<>\"'`]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")

PER_LABELS = {
    "run": "once per run",
    "token": "once per token",
    "key": "once per API key",
    "enterprise": "once per enterprise",
    "org": "once per organization",
    "machine": "once on this computer",
}


def help_url_for(spec: CheckSpec) -> str:
    """The public help link of a check, stored in each `CheckResult.help_url`."""
    return f"{DOCS_CHECKS_URL}#{spec.anchor}"


# --- Markdown helpers (shared with core.render) -------------------------------------


def is_linkable_url(url: str) -> bool:
    """True for URLs that may become a clickable link.

    Remediation links come from provider code and, indirectly, from API answers and
    from report files someone sent (which the app can export again); only http(s) with
    a host and mailto are allowed so a report can never carry a `javascript:` or
    `file:` link that runs or opens something when clicked, and of those only the ones
    the app itself would open (core.links: a vendor's or this project's site), so a
    link's text can't disguise where it leads. Other addresses are shown, not linked.
    """
    from aiusage_doctor.core.links import openable_url

    if not url or _UNSAFE_URL_CHARS.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        return False
    return (scheme == "mailto" or bool(parts.netloc)) and openable_url(url) is not None


def md_escape(text: str) -> str:
    """Inline Markdown text that renders literally (org names and API messages are data, not markup)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def md_code(text: str) -> str:
    """An inline code span that survives backticks inside the text."""
    flat = " ".join(str(text).split())
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def md_fence(body: str, lang: str = "") -> str:
    """A fenced code block whose fence is longer than any backtick run in the body."""
    longest = max((len(run) for run in re.findall(r"`{3,}", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{body}\n{fence}"


def md_link(text: str, url: str) -> str:
    """A Markdown link, or plain text plus the URL as code when the URL is not safe to click."""
    if not is_linkable_url(url):
        return f"{md_escape(text)}: {md_code(url)}"
    target = f"<{url}>" if "(" in url or ")" in url else url
    return f"[{md_escape(text)}]({target})"


# --- docs/checks.md -----------------------------------------------------------------


def _ordered_catalogs(catalogs: Iterable[Catalog]) -> list[Catalog]:
    """Providers in app order so the page reads like the report."""
    return sorted(catalogs, key=lambda c: provider_rank(c.provider))


def _provider_heading(catalog: Catalog) -> str:
    """Provider heading text; the ' checks' suffix keeps its anchor clear of any check anchor."""
    return f"{provider_title(catalog.provider)} checks"


def _check_heading(spec: CheckSpec) -> str:
    """A heading whose GitHub anchor is exactly `spec.anchor` (the anchor is already a slug)."""
    return spec.anchor


def _assert_unique_anchors(catalogs: list[Catalog]) -> None:
    """Two check ids that collapse to one anchor would make help links point at the wrong check."""
    seen: dict[str, str] = {github_slug(_provider_heading(c)): c.provider for c in catalogs}
    for catalog in catalogs:
        for spec in catalog:
            if spec.anchor in seen:
                raise ValueError(f"anchor {spec.anchor!r} of {spec.id} collides with {seen[spec.anchor]}")
            seen[spec.anchor] = spec.id


def _toc(catalogs: list[Catalog]) -> list[str]:
    lines = ["## Contents", ""]
    for catalog in catalogs:
        heading = _provider_heading(catalog)
        lines.append(f"- [{md_escape(heading)}](#{github_slug(heading)})")
        for spec in catalog:
            lines.append(f"  - [{md_escape(spec.title)}](#{spec.anchor}) {md_code(spec.id)}")
    lines.append("")
    return lines


def _spec_section(spec: CheckSpec) -> list[str]:
    per = PER_LABELS.get(spec.per, f"once per {spec.per}")
    lines = [
        f"### {_check_heading(spec)}",
        "",
        f"**{md_escape(spec.title)}** · check id {md_code(spec.id)} · runs {md_escape(per)}",
        "",
        f"**What it probes:** {spec.probes}",
        "",
        f"**When it fails:** {spec.explains}",
        "",
    ]
    if spec.remediation:
        lines += ["**How to fix:**", ""]
        lines += [f"- {md_link(link.text, link.url)}" for link in spec.remediation]
        lines.append("")
    lines += _diagnosis_table(spec)
    sources = spec.all_sources()
    if sources:
        lines += ["**Sources:**", ""]
        lines += [f"- {md_link(s.title, s.url)} — verified {s.verified.isoformat()}" for s in sources]
        lines.append("")
    return lines


def _cell(text: str) -> str:
    return md_escape(text).replace("|", "\\|").replace("\n", " ")


def _diagnosis_table(spec: CheckSpec) -> list[str]:
    """The check's diagnosis rows as a table: what was asked, what came back, the verdict,
    whether it is observed or inferred, and the source it rests on with its date."""
    if not spec.diagnoses:
        return []
    lines = ["**Diagnoses:**", "", "| Probe | Answer | Verdict | Basis | Source (verified) |",
             "|---|---|---|---|---|"]
    for row in spec.diagnoses:
        basis = f"inference: {_cell(row.because)}" if row.because else "observed"
        if row.alternatives:
            basis += "; otherwise " + "; ".join(_cell(a.cause) for a in row.alternatives)
        sources = "; ".join(f"{md_link(s.title, s.url)} ({s.verified.isoformat()})" for s in row.sources) or "—"
        lines.append(f"| {_cell(row.probe)} | {_cell(row.answer)} | {_cell(row.verdict)} "
                     f"({row.status.value}) | {basis} | {sources} |")
    return lines + [""]


def render_checks_markdown(catalogs: Iterable[Catalog]) -> str:
    """The whole docs/checks.md page: contents, then one section per check, grouped by provider.

    Check headings are level 3 under a level-2 heading per provider; their text is
    the check's anchor so GitHub (and most Markdown renderers) give them exactly the
    id that `help_url_for` links to.
    """
    ordered = _ordered_catalogs(catalogs)
    _assert_unique_anchors(ordered)
    lines = [
        f"# {APP_NAME} checks",
        "",
        "<!-- Generated by scripts/gen_docs.py from the provider catalogs; do not edit by hand. -->",
        "",
        "Each check in a report links to its section here: what it asks, what a failure "
        "usually means, and where to fix it.",
        "",
    ]
    lines += _toc(ordered)
    dated = [(c, c.verified) for c in ordered if c.verified is not None]
    if dated:
        lines += ["Vendor knowledge verified as of: " + ", ".join(
            f"{md_escape(provider_title(c.provider))} {d.isoformat()}" for c, d in dated) + ".", ""]
    for catalog in ordered:
        lines += [f"## {_provider_heading(catalog)}", ""]
        for spec in catalog:
            lines += _spec_section(spec)
    return "\n".join(lines).rstrip("\n") + "\n"
