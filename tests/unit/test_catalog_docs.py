"""docs/checks.md: every report help link must land on the right section, with its fixes."""

from __future__ import annotations

import json
import re
import sys

import pytest

from aiusage_doctor.core import resources
from aiusage_doctor.core.branding import DOCS_CHECKS_URL, load_branding
from aiusage_doctor.core.catalog_docs import (
    github_slug,
    help_url_for,
    is_linkable_url,
    render_checks_markdown,
)
from aiusage_doctor.core.checks import Catalog, CheckSpec
from aiusage_doctor.core.models import Link
from aiusage_doctor.core.resources import resource_path

SSO_FIX = Link(text="Authorize the token for SSO", url="https://docs.github.com/en/authentication/sso")
SEATS_FIX = Link(text="Enable the Copilot metrics API", url="https://github.com/organizations/acme/settings")
CURSOR_FIX = Link(text="Create an admin API key", url="https://cursor.com/dashboard?tab=settings")


def fake_catalogs() -> list[Catalog]:
    github = Catalog("github", [
        CheckSpec("github.token.valid", "Token is valid", "GET /user with the token.",
                  "The token was revoked or mistyped.", (), "token"),
        CheckSpec("github.org.sso", "Token authorized for SAML SSO", "GET /orgs/{org}.",
                  "The org enforces SAML SSO and the token was not authorized.", (SSO_FIX,), "org"),
        CheckSpec("github.org.metrics_enabled", "Copilot metrics API enabled", "GET /orgs/{org}/copilot/metrics.",
                  "The metrics policy is off.", (SEATS_FIX, SSO_FIX), "org"),
    ])
    cursor = Catalog("cursor", [
        CheckSpec("cursor.key.valid", "Admin API key works", "GET /teams/members.",
                  "The key is not an admin key.", (CURSOR_FIX,), "key"),
    ])
    return [cursor, github]  # deliberately out of app order


def heading_anchors(markdown: str) -> list[str]:
    """Anchors GitHub would give the headings, including its -1, -2 de-duplication."""
    anchors: list[str] = []
    counts: dict[str, int] = {}
    for match in re.finditer(r"^#{1,6} (.+)$", markdown, flags=re.M):
        slug = github_slug(match.group(1))
        n = counts.get(slug, 0)
        counts[slug] = n + 1
        anchors.append(slug if n == 0 else f"{slug}-{n}")
    return anchors


def section_of(markdown: str, anchor: str) -> str:
    start = markdown.index(f"\n### {anchor}\n")
    end = markdown.find("\n##", start + 1)
    return markdown[start:end if end != -1 else None]


def test_every_check_has_a_section_whose_anchor_matches_its_help_link() -> None:
    md = render_checks_markdown(fake_catalogs())
    anchors = heading_anchors(md)
    for catalog in fake_catalogs():
        for spec in catalog:
            assert spec.anchor in anchors, spec.id
            assert help_url_for(spec).endswith("#" + spec.anchor)
    assert len(anchors) == len(set(anchors)), "no heading should need GitHub's -1 suffix"


def test_contents_links_all_resolve() -> None:
    md = render_checks_markdown(fake_catalogs())
    anchors = set(heading_anchors(md))
    targets = re.findall(r"\]\(#([^)]+)\)", md)
    assert targets and all(t in anchors for t in targets)


def test_sections_are_grouped_by_provider_in_app_order() -> None:
    md = render_checks_markdown(fake_catalogs())
    assert md.index("## GitHub Copilot checks") < md.index("## Cursor checks")
    assert md.index("### github-org-sso") < md.index("## Cursor checks") < md.index("### cursor-key-valid")


def test_each_section_has_title_probe_explanation_and_its_remediation_links() -> None:
    md = render_checks_markdown(fake_catalogs())
    for catalog in fake_catalogs():
        for spec in catalog:
            section = section_of(md, spec.anchor)
            assert spec.probes in section and spec.explains in section
            assert f"`{spec.id}`" in section
            for link in spec.remediation:
                assert f"]({link.url})" in section, (spec.id, link.url)


def test_unsafe_remediation_url_is_not_made_clickable() -> None:
    bad = Catalog("github", [CheckSpec("github.x", "X", "p", "e", (Link(text="Run", url="javascript:alert(1)"),))])
    md = render_checks_markdown([bad])
    assert "](javascript:" not in md
    assert "`javascript:alert(1)`" in md


def test_colliding_anchors_are_rejected() -> None:
    clash = Catalog("github", [CheckSpec("github.org.sso", "A", "p", "e"), CheckSpec("github-org-sso", "B", "p", "e")])
    with pytest.raises(ValueError, match="github-org-sso"):
        render_checks_markdown([clash])


def test_help_url_points_at_the_branded_docs_page_or_the_shipped_copy() -> None:
    spec = fake_catalogs()[1]["github.org.sso"]
    branding = json.loads(resource_path("branding.json").read_text(encoding="utf-8"))
    assert DOCS_CHECKS_URL == (branding["docs_url"] or "docs/checks.md")
    assert load_branding().docs_url == (branding["docs_url"] or None)
    assert help_url_for(spec) == DOCS_CHECKS_URL + "#github-org-sso"


def test_no_placeholder_address_ships_in_branding() -> None:
    """No example domain reaches a user: the support address, homepage and docs host are
    either a vendor's real preset or empty (then the app asks, embeds help, or links nothing)."""
    text = resource_path("branding.json").read_text(encoding="utf-8")
    assert ".example" not in text
    branding = load_branding()
    for value in (branding.support_email, branding.docs_url, branding.homepage):
        assert value is None or ".example" not in value


@pytest.mark.parametrize(("url", "ok"), [
    ("https://docs.github.com/x", True),
    ("http://localhost:8080/", False),  # not a page the app opens either (core.links)
    ("https://github.com.evil.test/login", False),  # text can't disguise a link to another site
    ("mailto:support@example.com", True),
    ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    ("java\tscript:alert(1)", False),
    ("file:///etc/passwd", False),
    ("data:text/html,hi", False),
    ("https:/no-host", False),
    ("", False),
])
def test_only_http_https_and_mailto_are_linkable(url: str, ok: bool) -> None:
    assert is_linkable_url(url) is ok


def test_resource_path_finds_source_tree_resources() -> None:
    assert resource_path("branding.json").is_file()


def test_resource_path_finds_pyinstaller_bundle(tmp_path, monkeypatch) -> None:
    (tmp_path / "resources").mkdir()
    (tmp_path / "resources" / "only-in-bundle.txt").write_text("x")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("only-in-bundle.txt") == tmp_path / "resources" / "only-in-bundle.txt"


def test_missing_resource_names_the_searched_folders() -> None:
    with pytest.raises(FileNotFoundError) as info:
        resource_path("no-such-file.bin")
    assert str(resources.resource_roots()[0]) in str(info.value)


def test_published_checks_page_matches_the_provider_catalogs() -> None:
    """docs/checks.md is generated from the catalogs; a new or renamed check must update it."""
    from pathlib import Path

    from aiusage_doctor.providers.registry import all_catalogs

    page = (Path(__file__).resolve().parents[2] / "docs" / "checks.md").read_text(encoding="utf-8")
    assert page == render_checks_markdown(all_catalogs()), (
        "docs/checks.md is stale; run `python scripts/gen_docs.py` and commit it"
    )
    for catalog in all_catalogs():
        for spec in catalog:
            assert f"### {spec.anchor}\n" in page
