"""Product name, support address and documentation links, read from resources/branding.json.

Kept in a data file rather than in code so a support team can re-point the help
links (every report's "About this check" link is built from `DOCS_CHECKS_URL`)
without touching the engine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from aiusage_doctor.core.resources import resource_path

BRANDING_FILE = "branding.json"


@dataclass(frozen=True)
class Branding:
    """The branding keys the app relies on; unknown keys in the file are ignored."""

    app_name: str
    support_email: str
    docs_url: str
    homepage: str


@lru_cache(maxsize=1)
def load_branding() -> Branding:
    """Read branding.json once. Missing keys raise KeyError: a broken file is a build bug."""
    data = json.loads(resource_path(BRANDING_FILE).read_text(encoding="utf-8"))
    return Branding(
        app_name=data["app_name"],
        support_email=data["support_email"],
        docs_url=data["docs_url"],
        homepage=data["homepage"],
    )


BRANDING = load_branding()
APP_NAME = BRANDING.app_name
SUPPORT_EMAIL = BRANDING.support_email
HOMEPAGE = BRANDING.homepage
DOCS_CHECKS_URL = BRANDING.docs_url
"""The published docs/checks.md; each check's help link is this URL plus '#' + its anchor."""
DOCS_BASE = DOCS_CHECKS_URL.rsplit("/", 1)[0] + "/"
"""The published docs folder (checks.md, network.md, security.md sit side by side in it)."""
