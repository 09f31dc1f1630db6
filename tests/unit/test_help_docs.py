"""The help links in results open the bundled help pages, section by section."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aiusage_doctor.core import http
from aiusage_doctor.core.catalog_docs import help_url_for
from aiusage_doctor.core.help_docs import DOCS_BASE, help_section, local_help_target
from aiusage_doctor.providers.registry import all_catalogs

SPECS = [spec for catalog in all_catalogs() for spec in catalog]
HTTP_SOURCES = "".join(p.read_text() for p in sorted(Path(http.__file__).parent.glob("*.py")))
NETWORK_ANCHORS = sorted(set(re.findall(r'network_help\(\s*"([^"]+)"', HTTP_SOURCES)))


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
def test_every_checks_help_link_opens_its_own_section(spec):
    section = help_section(help_url_for(spec))
    assert section is not None, f"no section for {spec.id}"
    assert section.title == spec.title
    assert section.markdown.startswith(f"## {spec.title}\n")
    assert f"`{spec.id}`" in section.markdown and spec.probes in section.markdown
    # Only this check's section, not the next one.
    others = [s.id for s in SPECS if s.id != spec.id and f"`{s.id}`" in section.markdown]
    assert others == []


def test_the_network_help_links_all_land_on_a_section():
    assert len(NETWORK_ANCHORS) >= 10
    for anchor in NETWORK_ANCHORS:
        section = help_section(http.network_help(anchor, "x").url)
        assert section is not None, anchor
        assert "<a id" not in section.markdown
        assert section.markdown.count("\n## ") == 0, f"{anchor}: runs into the next section"


def test_a_page_link_without_anchor_shows_the_whole_page():
    section = help_section(DOCS_BASE + "security.md")
    assert section is not None and section.anchor == ""
    assert section.markdown.count("\n## ") >= 3


@pytest.mark.parametrize("url", [
    "https://docs.github.com/en/rest#anything",
    DOCS_BASE + "checks.md#no-such-check",
    DOCS_BASE + "../etc/passwd",
    DOCS_BASE + "README.md",
])
def test_other_links_are_left_to_the_browser(url):
    assert help_section(url) is None


def test_only_our_pages_are_recognised():
    assert local_help_target(DOCS_BASE + "network.md#tls") == ("network.md", "tls")
    assert local_help_target("https://example.org/docs/network.md#tls") is None
