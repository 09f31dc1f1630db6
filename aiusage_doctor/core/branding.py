"""Product name, support address and documentation links, read from resources/branding.json.

Kept in a data file rather than in code so a vendor's own build can preset its support
address, its homepage and where its help pages are published, without touching the
engine. Nothing here has a made-up default: an empty value means "not known", and then
the app asks (support address), embeds the help it ships (reports) or shows no link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from aiusage_doctor.core.resources import resource_path

BRANDING_FILE = "branding.json"

LOCAL_DOCS_BASE = "docs/"
"""How help links refer to the help pages when they are not published anywhere: a path
into the copy shipped with the app (opened in the app, embedded in reports), never a
web address that could be a placeholder."""


@dataclass(frozen=True)
class Branding:
    """The branding keys the app relies on; unknown keys in the file are ignored."""

    app_name: str
    support_email: str | None = None
    docs_url: str | None = None
    homepage: str | None = None


def _optional(data: dict, key: str) -> str | None:
    value = data.get(key)
    return value.strip() or None if isinstance(value, str) else None


@lru_cache(maxsize=1)
def load_branding() -> Branding:
    """Read branding.json once. A missing app name raises KeyError: a broken file is a build bug."""
    data = json.loads(resource_path(BRANDING_FILE).read_text(encoding="utf-8"))
    return Branding(
        app_name=data["app_name"],
        support_email=_optional(data, "support_email"),
        docs_url=_optional(data, "docs_url"),
        homepage=_optional(data, "homepage"),
    )


BRANDING = load_branding()
APP_NAME = BRANDING.app_name
SUPPORT_EMAIL: str | None = BRANDING.support_email
"""The support address a vendor build presets, else None (the app asks the user once)."""
HOMEPAGE: str | None = BRANDING.homepage
DOCS_PUBLISHED = BRANDING.docs_url is not None
"""Whether the help pages have a public address that reports may link to."""
DOCS_CHECKS_URL = BRANDING.docs_url or LOCAL_DOCS_BASE + "checks.md"
"""docs/checks.md, published or shipped; each check's help link is this plus '#' + its anchor."""
DOCS_BASE = DOCS_CHECKS_URL.rsplit("/", 1)[0] + "/"
"""The docs folder (checks.md, network.md, security.md sit side by side in it)."""
