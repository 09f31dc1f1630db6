"""Find bundled data files (branding, icons, docs) however the app was installed.

The same `resources/` folder ends up in three places: next to the package in an
installed wheel (pyproject force-includes it as `aiusage_doctor/resources`), at the
repository root when running from a source checkout, and under `sys._MEIPASS` in a
PyInstaller bundle. Every module asks `resource_path()` instead of guessing, so a
packaging change is fixed in one place.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def resource_roots() -> list[Path]:
    """Candidate `resources/` folders, most specific first.

    The installed-package location wins so that an installed copy never picks up a
    stray source tree; the PyInstaller location is checked last because it only
    exists inside a frozen bundle.
    """
    roots = [_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots += [Path(bundle) / "aiusage_doctor" / "resources", Path(bundle) / "resources"]
    return roots


def resource_path(*parts: str) -> Path:
    """The path of a bundled resource, e.g. `resource_path("branding.json")`.

    Raises FileNotFoundError naming every searched folder, because a missing
    resource is a packaging bug that should fail loudly in a smoke test rather
    than show up later as a half-branded report.
    """
    for root in resource_roots():
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    searched = ", ".join(str(root) for root in resource_roots())
    raise FileNotFoundError(f"resource {'/'.join(parts)!r} not found in: {searched}")
